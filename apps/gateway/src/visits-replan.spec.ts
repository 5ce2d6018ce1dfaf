import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fromGlobalId, toGlobalId } from '@arrears/graphql';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { assertNoLeak, startTestGateway, type GqlResponse, type TestGateway } from './test-gateway.js';

// A supervisor re-plans (checked by the contact gate at the new time, like scheduling) or cancels a
// planned visit; a cancelled visit is never recorded; another agency's visit id is a missing one.

let t: TestGateway;
let bankA: FixtureAccounts;
let tokens: Record<'collector' | 'supervisor' | 'bankA' | 'rival', string>;
const acc = (id: string) => toGlobalId('Account', id);
const user = (id: string) => toGlobalId('User', id);

// Tuesday 2026-12-01 in Shanghai: 10:00, 14:00, 14:10, 22:30; Wednesday 11:00.
const AT_1000 = '2026-12-01T02:00:00Z';
const AT_1400 = '2026-12-01T06:00:00Z';
const AT_1410 = '2026-12-01T06:10:00Z';
const AT_2230 = '2026-12-01T14:30:00Z';
const WED_1100 = '2026-12-02T03:00:00Z';

async function gqlAt<T = Record<string, any>>(now: string, query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse<T>> {
  const res = await t.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': now }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GqlResponse['errors'] };
  assertNoLeak(body.errors);
  return { status: res.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code, headers: res.headers };
}

const SCHEDULE = `mutation($input: ScheduleVisitInput!) { scheduleVisit(input: $input) { __typename ... on FieldVisit { id } ... on NotEligible { code } } }`;
const REPLAN = `mutation($input: ReplanVisitInput!) { replanVisit(input: $input) { __typename
  ... on FieldVisit { id status plannedAt policyVersion } ... on VisitNotAllowed { code rules { rule } nextAllowedAt } ... on NotEligible { code message } } }`;
const CANCEL = `mutation($id: ID!, $reason: String! = "债务人已搬离该地址") { cancelVisit(visitId: $id, reason: $reason) { __typename
  ... on FieldVisit { id status cancelReason } ... on NotEligible { code message } } }`;
const RECORD = `mutation($input: RecordVisitResultInput!) { recordVisitResult(input: $input) { __typename ... on FieldVisit { status } ... on NotEligible { code message } } }`;

async function scheduled(accountId: string): Promise<string> {
  const r = await gqlAt(AT_1000, SCHEDULE, { input: { accountId: acc(accountId), address: '上海市浦东新区世纪大道 8 号', collectorIds: [user(t.tenants.users.collector)], plannedAt: AT_1400 } }, tokens.supervisor);
  expect(r.data!.scheduleVisit.__typename).toBe('FieldVisit');
  return r.data!.scheduleVisit.id;
}
const plannedAt = async (id: string) => ((await t.ownerQuery(`select planned_at from field_visit where id = $1`, [id]))[0].planned_at as Date).toISOString();
const status = async (id: string) => (await t.ownerQuery(`select status from field_visit where id = $1`, [id]))[0].status as string;
const dbId = (globalId: string) => fromGlobalId(globalId)!.id;

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 5, prefix: 'VR' });
  await t.ownerQuery(`update account set assigned_collector_id = $1 where client_id = $2`, [t.tenants.users.collector, t.tenants.bankAId]);
  tokens = await t.loginEach({ collector: 'collector@demo-agency.test', supervisor: 'supervisor@demo-agency.test', bankA: 'bank-a@demo-bank-a.test', rival: 'admin@rival-recovery.test' });
});

afterAll(async () => {
  await t?.close();
});

describe('re-planning a visit', () => {
  it('moves the visit when the gate allows the new time, and refuses a time outside the debtor’s hours or in the past without changing it', async () => {
    const id = await scheduled(bankA.accountIds[0]);
    const moved = await gqlAt(AT_1000, REPLAN, { input: { visitId: id, plannedAt: WED_1100 } }, tokens.supervisor);
    expect(moved.data!.replanVisit).toMatchObject({ __typename: 'FieldVisit', status: 'scheduled', plannedAt: '2026-12-02T03:00:00.000Z', policyVersion: 0 });
    expect(await plannedAt(dbId(id))).toBe('2026-12-02T03:00:00.000Z');

    const night = await gqlAt(AT_1000, REPLAN, { input: { visitId: id, plannedAt: AT_2230 } }, tokens.supervisor);
    expect(night.data!.replanVisit).toMatchObject({ __typename: 'VisitNotAllowed', code: 'COMPLIANCE_BLOCKED', rules: [{ rule: 'window' }], nextAllowedAt: '2026-12-02T00:00:00.000Z' });
    const past = await gqlAt(AT_1400, REPLAN, { input: { visitId: id, plannedAt: AT_1000 } }, tokens.supervisor);
    expect(past.data!.replanVisit).toMatchObject({ __typename: 'NotEligible', code: 'PLANNED_IN_PAST' });
    expect(await plannedAt(dbId(id))).toBe('2026-12-02T03:00:00.000Z');
    // Collectors and bank users do not plan visits.
    expect((await gqlAt(AT_1000, REPLAN, { input: { visitId: id, plannedAt: AT_1400 } }, tokens.collector)).code).toBe('FORBIDDEN');
    expect((await gqlAt(AT_1000, REPLAN, { input: { visitId: id, plannedAt: AT_1400 } }, tokens.bankA)).code).toBe('FORBIDDEN');
  });

  it('refuses to move a visit onto a held account', async () => {
    const id = await scheduled(bankA.accountIds[1]);
    await t.ownerQuery(`insert into account_hold (client_id, agency_id, account_id, reason, placed_by) values ($1, $2, $3, 'hardship', $4)`, [
      t.tenants.bankAId,
      t.tenants.demoAgencyId,
      bankA.accountIds[1],
      t.tenants.users.supervisor,
    ]);
    const held = await gqlAt(AT_1000, REPLAN, { input: { visitId: id, plannedAt: WED_1100 } }, tokens.supervisor);
    expect(held.data!.replanVisit).toMatchObject({ __typename: 'VisitNotAllowed', rules: [{ rule: 'hold:hardship' }] });
    expect(await plannedAt(dbId(id))).toBe('2026-12-01T06:00:00.000Z');
  });
});

describe('cancelling a visit', () => {
  it('cancels once, audited; a cancelled visit is neither recorded nor re-planned', async () => {
    const id = await scheduled(bankA.accountIds[2]);
    expect((await gqlAt(AT_1000, CANCEL, { id }, tokens.collector)).code).toBe('FORBIDDEN');
    const r = await gqlAt(AT_1000, CANCEL, { id }, tokens.supervisor);
    expect(r.data!.cancelVisit).toEqual({ __typename: 'FieldVisit', id, status: 'cancelled', cancelReason: '债务人已搬离该地址' });
    const [kept] = await t.ownerQuery(`select cancel_reason, cancelled_by, cancelled_at is not null as dated from field_visit where id = $1`, [dbId(id)]);
    expect(kept).toEqual({ cancel_reason: '债务人已搬离该地址', cancelled_by: t.tenants.users.supervisor, dated: true });
    // Both the collector's refused try and the supervisor's cancellation are in the audit log.
    const audit = await t.ownerQuery(`select actor_user_id, outcome from audit_log where operation = 'cancelVisit' and $1 = any (target_ids) order by id`, [id]);
    expect(audit).toEqual([
      { actor_user_id: t.tenants.users.collector, outcome: 'rejected' },
      { actor_user_id: t.tenants.users.supervisor, outcome: 'ok' },
    ]);

    const record = await gqlAt(AT_1410, RECORD, { input: { visitId: id, met: 'DEBTOR', outcome: 'promise_to_pay', rightPartyVerified: true } }, tokens.collector);
    expect(record.data!.recordVisitResult).toMatchObject({ __typename: 'NotEligible', code: 'VISIT_CANCELLED' });
    expect(await t.ownerQuery(`select 1 from contact_attempt where account_id = $1 and channel = 'visit'`, [bankA.accountIds[2]])).toEqual([]);
    const replan = await gqlAt(AT_1000, REPLAN, { input: { visitId: id, plannedAt: WED_1100 } }, tokens.supervisor);
    expect(replan.data!.replanVisit).toMatchObject({ __typename: 'NotEligible', code: 'VISIT_CANCELLED' });
    const again = await gqlAt(AT_1000, CANCEL, { id }, tokens.supervisor);
    expect(again.data!.cancelVisit).toMatchObject({ __typename: 'NotEligible', code: 'VISIT_CANCELLED' });
  });

  it('needs a reason: a blank or overlong one is refused and the visit stays planned', async () => {
    const id = await scheduled(bankA.accountIds[4]);
    for (const reason of ['   ', '长'.repeat(501)]) {
      const r = await gqlAt(AT_1000, CANCEL, { id, reason }, tokens.supervisor);
      expect(r.data!.cancelVisit).toMatchObject({ __typename: 'NotEligible', code: 'CANCEL_REASON_INVALID' });
    }
    expect(await status(dbId(id))).toBe('scheduled');
  });

  it('does not cancel a visit whose result is recorded', async () => {
    const id = await scheduled(bankA.accountIds[3]);
    const done = await gqlAt(AT_1410, RECORD, { input: { visitId: id, met: 'NOBODY', outcome: 'no_answer', rightPartyVerified: false } }, tokens.collector);
    expect(done.data!.recordVisitResult).toMatchObject({ __typename: 'FieldVisit', status: 'completed' });
    const r = await gqlAt(AT_1410, CANCEL, { id }, tokens.supervisor);
    expect(r.data!.cancelVisit).toMatchObject({ __typename: 'NotEligible', code: 'VISIT_NOT_OPEN' });
    expect(await status(dbId(id))).toBe('completed');
  });

  it('treats another agency’s visit id as missing, for both actions', async () => {
    const id = await scheduled(bankA.accountIds[0]);
    const missing = toGlobalId('FieldVisit', '00000000-0000-4000-8000-000000000000');
    const cancelRival = await gqlAt(AT_1000, CANCEL, { id }, tokens.rival);
    const cancelMissing = await gqlAt(AT_1000, CANCEL, { id: missing }, tokens.rival);
    expect(cancelRival.code).toBe('NOT_FOUND');
    expect(cancelRival.errors![0].message).toBe(cancelMissing.errors![0].message);
    const replanRival = await gqlAt(AT_1000, REPLAN, { input: { visitId: id, plannedAt: WED_1100 } }, tokens.rival);
    expect(replanRival.code).toBe('NOT_FOUND');
    expect(await status(dbId(id))).toBe('scheduled');
    expect(await plannedAt(dbId(id))).toBe('2026-12-01T06:00:00.000Z');
  });
});
