import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { VISIT_PHOTO_MAX_BYTES } from '@arrears/contact';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { assertNoLeak, startTestGateway, type GqlResponse, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let tokens: Record<'collector' | 'collector2' | 'supervisor' | 'admin' | 'bankA' | 'bankB' | 'rival', string>;
const acc = (id: string) => toGlobalId('Account', id);
const user = (id: string) => toGlobalId('User', id);

// Tuesday 2026-12-01 in Shanghai: 10:00, 14:00, 14:10 and 22:30.
const AT_1000 = '2026-12-01T02:00:00Z';
const AT_1400 = '2026-12-01T06:00:00Z';
const AT_1410 = '2026-12-01T06:10:00Z';
const AT_2230 = '2026-12-01T14:30:00Z';

async function gqlAt<T = Record<string, any>>(now: string, query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse<T>> {
  const res = await t.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': now }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GqlResponse['errors'] };
  assertNoLeak(body.errors);
  return { status: res.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code, headers: res.headers };
}

const VISIT = `id status address plannedAt met checkedInAt latitude longitude policyVersion collectors { id } attempt { channel outcome party status } photos { id fileName sizeBytes sha256 downloadPath }`;
const SCHEDULE = `mutation($input: ScheduleVisitInput!) { scheduleVisit(input: $input) { __typename
  ... on FieldVisit { ${VISIT} } ... on VisitNotAllowed { code rules { rule } nextAllowedAt policyVersion } ... on NotEligible { code message } } }`;
const RECORD = `mutation($input: RecordVisitResultInput!) { recordVisitResult(input: $input) { __typename
  ... on FieldVisit { ${VISIT} } ... on ContactBlocked { code rules { rule } refusal { id } } ... on NotEligible { code message } } }`;
const ONE = `query($id: ID!) { fieldVisit(id: $id) { ${VISIT} } }`;
const LIST = `query($mine: Boolean) { fieldVisits(mine: $mine) { id status } }`;

const plan = (accountId: string, plannedAt: string, collectors: string[]) => ({ input: { accountId: acc(accountId), address: '北京市朝阳区建国路 1 号', collectorIds: collectors.map(user), plannedAt } });

async function scheduled(accountId: string, plannedAt = AT_1400): Promise<string> {
  const r = await gqlAt(AT_1000, SCHEDULE, plan(accountId, plannedAt, [t.tenants.users.collector]), tokens.supervisor);
  expect(r.data!.scheduleVisit.__typename).toBe('FieldVisit');
  return r.data!.scheduleVisit.id;
}

const upload = (visitId: string, token: string | null, bytes: Buffer, type = 'image/png', name = '门牌.png') => {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return t.fetch(`/api/visits/${encodeURIComponent(visitId)}/photos`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
};

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 6, prefix: 'VA' });
  // A collector works (and visits) the accounts assigned to them.
  await t.ownerQuery(`update account set assigned_collector_id = $1 where client_id = $2`, [t.tenants.users.collector, t.tenants.bankAId]);
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    collector2: 'collector2@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    admin: 'admin@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    rival: 'admin@rival-recovery.test',
  });
});

afterAll(async () => {
  await t?.close();
});

describe('scheduling a visit', () => {
  it('refuses a visit planned outside the debtor’s hours, with the rule and the next allowed time, and stores nothing', async () => {
    const r = await gqlAt(AT_1000, SCHEDULE, plan(bankA.accountIds[0], AT_2230, [t.tenants.users.collector]), tokens.supervisor);
    expect(r.data!.scheduleVisit).toMatchObject({ __typename: 'VisitNotAllowed', code: 'COMPLIANCE_BLOCKED', rules: [{ rule: 'window' }], nextAllowedAt: '2026-12-02T00:00:00.000Z', policyVersion: 0 });
    expect(await t.ownerQuery(`select 1 from field_visit where account_id = $1`, [bankA.accountIds[0]])).toEqual([]);
  });

  it('refuses a visit on a held account, in the past, or for somebody who is not a collector of the agency', async () => {
    await t.ownerQuery(
      `insert into account_hold (client_id, agency_id, account_id, reason, placed_by) values ($1, $2, $3, 'hardship', $4)`,
      [t.tenants.bankAId, t.tenants.demoAgencyId, bankA.accountIds[5], t.tenants.users.supervisor],
    );
    const held = await gqlAt(AT_1000, SCHEDULE, plan(bankA.accountIds[5], AT_1400, [t.tenants.users.collector]), tokens.supervisor);
    expect(held.data!.scheduleVisit).toMatchObject({ __typename: 'VisitNotAllowed', rules: [{ rule: 'hold:hardship' }], nextAllowedAt: null });
    const past = await gqlAt(AT_1400, SCHEDULE, plan(bankA.accountIds[0], AT_1000, [t.tenants.users.collector]), tokens.supervisor);
    expect(past.data!.scheduleVisit).toMatchObject({ __typename: 'NotEligible', code: 'PLANNED_IN_PAST' });
    const notCollector = await gqlAt(AT_1000, SCHEDULE, plan(bankA.accountIds[0], AT_1400, [t.tenants.users.bankA]), tokens.supervisor);
    expect(notCollector.data!.scheduleVisit).toMatchObject({ __typename: 'NotEligible', code: 'COLLECTOR_UNKNOWN' });
    // Collectors do not plan visits.
    expect((await gqlAt(AT_1000, SCHEDULE, plan(bankA.accountIds[0], AT_1400, [t.tenants.users.collector]), tokens.collector)).code).toBe('FORBIDDEN');
  });

  it('plans a visit in hours for a collector, who sees it among their visits', async () => {
    const r = await gqlAt(AT_1000, SCHEDULE, plan(bankA.accountIds[0], AT_1400, [t.tenants.users.collector]), tokens.supervisor);
    expect(r.data!.scheduleVisit).toMatchObject({ __typename: 'FieldVisit', status: 'scheduled', plannedAt: AT_1400.replace('Z', '.000Z'), policyVersion: 0, collectors: [{ id: user(t.tenants.users.collector) }], attempt: null });
    const mine = await t.gql(LIST, { mine: true }, tokens.collector);
    expect(mine.data!.fieldVisits.map((v: { id: string }) => v.id)).toContain(r.data!.scheduleVisit.id);
    const notMine = await t.gql(LIST, { mine: true }, tokens.collector2);
    expect(notMine.data!.fieldVisits.map((v: { id: string }) => v.id)).not.toContain(r.data!.scheduleVisit.id);
  });
});

describe('recording the result', () => {
  it('records the visit once as a contact attempt of channel visit, with the check-in time and place', async () => {
    const id = await scheduled(bankA.accountIds[1]);
    // Only a collector sent on the visit (or a planner) records it.
    const other = await gqlAt(AT_1410, RECORD, { input: { visitId: id, met: 'DEBTOR', outcome: 'promise_to_pay', rightPartyVerified: true } }, tokens.collector2);
    expect(['NOT_ON_VISIT', 'NOT_FOUND']).toContain(other.data?.recordVisitResult?.code ?? other.code);
    const unverified = await gqlAt(AT_1410, RECORD, { input: { visitId: id, met: 'DEBTOR', outcome: 'promise_to_pay', rightPartyVerified: false } }, tokens.collector);
    expect(unverified.data!.recordVisitResult).toMatchObject({ __typename: 'NotEligible', code: 'RIGHT_PARTY_VERIFICATION' });
    const nobody = await gqlAt(AT_1410, RECORD, { input: { visitId: id, met: 'NOBODY', outcome: 'promise_to_pay', rightPartyVerified: true } }, tokens.collector);
    expect(nobody.data!.recordVisitResult).toMatchObject({ __typename: 'NotEligible', code: 'NOBODY_MET' });

    const r = await gqlAt(AT_1410, RECORD, { input: { visitId: id, met: 'DEBTOR', outcome: 'promise_to_pay', rightPartyVerified: true, note: '本人承诺月底还款', latitude: 39.908722, longitude: 116.397499 } }, tokens.collector);
    expect(r.data!.recordVisitResult).toMatchObject({
      __typename: 'FieldVisit', status: 'completed', met: 'DEBTOR', checkedInAt: '2026-12-01T06:10:00.000Z', latitude: '39.908722', longitude: '116.397499',
      attempt: { channel: 'VISIT', outcome: 'promise_to_pay', party: 'DEBTOR', status: 'completed' },
    });
    const [row] = await t.ownerQuery(`select a.channel, a.made_by, a.started_at from field_visit v join contact_attempt a on a.client_id = v.client_id and a.id = v.attempt_id where v.account_id = $1`, [bankA.accountIds[1]]);
    expect(row).toMatchObject({ channel: 'visit', made_by: t.tenants.users.collector });
    const again = await gqlAt(AT_1410, RECORD, { input: { visitId: id, met: 'DEBTOR', outcome: 'refused', rightPartyVerified: true } }, tokens.collector);
    expect(again.data!.recordVisitResult).toMatchObject({ __typename: 'NotEligible', code: 'VISIT_NOT_OPEN' });
  });

  it('refuses a check-in outside the debtor’s hours as ContactBlocked and keeps the refusal; the visit stays open', async () => {
    const id = await scheduled(bankA.accountIds[2]);
    const r = await gqlAt(AT_2230, RECORD, { input: { visitId: id, met: 'NOBODY', outcome: 'no_answer', rightPartyVerified: false } }, tokens.collector);
    expect(r.data!.recordVisitResult).toMatchObject({ __typename: 'ContactBlocked', code: 'COMPLIANCE_BLOCKED', rules: [{ rule: 'window' }] });
    expect(await t.ownerQuery(`select channel from contact_refusal where account_id = $1`, [bankA.accountIds[2]])).toEqual([{ channel: 'visit' }]);
    expect((await t.gql(ONE, { id }, tokens.collector)).data!.fieldVisit).toMatchObject({ status: 'scheduled', attempt: null });
  });
});

describe('photo evidence', () => {
  it('stores a photo, lists it and audits its download; refuses oversize and non-images; another tenant gets not found', async () => {
    const id = await scheduled(bankA.accountIds[3]);
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('fake png 门牌')]);
    const res = await upload(id, tokens.collector, bytes);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { photoId: string; sha256: string; size: number };
    expect(body).toMatchObject({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });

    const v = (await t.gql(ONE, { id }, tokens.supervisor)).data!.fieldVisit;
    expect(v.photos).toEqual([expect.objectContaining({ id: body.photoId, fileName: '门牌.png', sizeBytes: bytes.length })]);
    const got = await t.fetch(v.photos[0].downloadPath, { headers: { authorization: `Bearer ${tokens.supervisor}` } });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(bytes);
    expect(await t.ownerQuery(`select actor_user_id from audit_log where kind = 'download' and operation = 'visitPhoto'`)).toEqual([{ actor_user_id: t.tenants.users.supervisor }]);

    expect((await upload(id, tokens.collector, Buffer.alloc(VISIT_PHOTO_MAX_BYTES + 1, 1))).status).toBe(413);
    expect((await upload(id, tokens.collector, Buffer.from('%PDF-1.4'), 'application/pdf', 'x.pdf')).status).toBe(415);
    expect((await upload(id, tokens.collector2, bytes)).status).toBe(403);
    expect((await upload(id, null, bytes)).status).toBe(401);
    // Another agency: exactly like a visit that does not exist.
    expect((await upload(id, tokens.rival, bytes)).status).toBe(404);
    expect((await t.fetch(v.photos[0].downloadPath, { headers: { authorization: `Bearer ${tokens.rival}` } })).status).toBe(404);
    const missing = toGlobalId('FieldVisit', '00000000-0000-4000-8000-000000000000');
    expect((await upload(missing, tokens.supervisor, bytes)).status).toBe(404);
    // Banks do not see visit photos at all.
    expect((await t.fetch(v.photos[0].downloadPath, { headers: { authorization: `Bearer ${tokens.bankA}` } })).status).toBe(403);
    expect(await t.ownerQuery(`select count(*)::int as n from field_visit_photo`)).toEqual([{ n: 1 }]);
  });
});

describe('isolation', () => {
  it('another agency sees no visit, cannot plan one on our account or record ours', async () => {
    const id = await scheduled(bankA.accountIds[4]);
    expect((await t.gql(ONE, { id }, tokens.rival)).data!.fieldVisit).toBeNull();
    expect((await t.gql(LIST, { mine: false }, tokens.rival)).data!.fieldVisits).toEqual([]);
    expect((await gqlAt(AT_1000, SCHEDULE, plan(bankA.accountIds[4], AT_1400, [t.tenants.users.rivalAdmin]), tokens.rival)).code).toBe('NOT_FOUND');
    expect((await gqlAt(AT_1410, RECORD, { input: { visitId: id, met: 'DEBTOR', outcome: 'refused', rightPartyVerified: true } }, tokens.rival)).code).toBe('NOT_FOUND');
    // Bank users are not field staff.
    expect((await t.gql(ONE, { id }, tokens.bankA)).code).toBe('FORBIDDEN');
  });
});
