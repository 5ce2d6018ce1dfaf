import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { assertNoLeak, startTestGateway, type GqlResponse, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let tokens: Record<'collector' | 'supervisor' | 'admin' | 'bankA' | 'bankB' | 'rival', string>;
const acc = (id: string) => toGlobalId('Account', id);
const client = (id: string) => toGlobalId('Client', id);
const AT_1000 = '2026-12-01T02:00:00Z';

async function gqlAt<T = Record<string, any>>(now: string, query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse<T>> {
  const res = await t.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': now }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GqlResponse['errors'] };
  assertNoLeak(body.errors);
  return { status: res.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code, headers: res.headers };
}

const LIST = `query($all: Boolean) { contactOutcomes(includeInactive: $all) { code labelZh labelEn connected disclosesDebt kind acknowledgesDebt builtIn active sort } }`;
const SET = `mutation($input: SetContactOutcomeInput!) { setContactOutcome(input: $input) { __typename
  ... on ContactOutcome { code labelZh labelEn kind active builtIn acknowledgesDebt } ... on NotEligible { code message } } }`;
const RECORD = `mutation($input: RecordContactAttemptInput!) { recordContactAttempt(input: $input) { __typename ... on ContactAttempt { outcome connected } ... on NotEligible { code } } }`;
const PHONES = `query($id: ID!) { account(id: $id) { contactPhones { number doNotCall } } }`;

const custom = { code: 'visited_left_card', labelZh: '上门留卡', labelEn: 'Visited, left a card', connected: false, disclosesDebt: false, kind: 'NO_CONTACT', sort: 15 };

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 4, prefix: 'OA' });
  await t.ownerQuery(`update account set assigned_collector_id = $1 where client_id = $2`, [t.tenants.users.collector, t.tenants.bankAId]);
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
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

describe('the agency outcome list', () => {
  it('starts as today’s defaults, with the acknowledgement of debt identifiable', async () => {
    const list = (await t.gql(LIST, {}, tokens.collector)).data!.contactOutcomes;
    expect(list).toHaveLength(12);
    expect(list.filter((o: { acknowledgesDebt: boolean }) => o.acknowledgesDebt)).toEqual([expect.objectContaining({ code: 'debt_acknowledged', kind: 'ACKNOWLEDGEMENT', labelZh: '承认债务', builtIn: true })]);
    expect(list.find((o: { code: string }) => o.code === 'promise_to_pay')).toMatchObject({ labelEn: 'Promise to pay', kind: 'PROMISE', connected: true, disclosesDebt: true });
  });

  it('lets the agency admin add an outcome, relabel or retire a built-in, never change its meaning or claim an acknowledgement', async () => {
    expect((await t.gql(SET, { input: custom }, tokens.supervisor)).code).toBe('FORBIDDEN');
    const added = await t.gql(SET, { input: custom }, tokens.admin);
    expect(added.data!.setContactOutcome).toEqual({ __typename: 'ContactOutcome', code: 'visited_left_card', labelZh: '上门留卡', labelEn: 'Visited, left a card', kind: 'NO_CONTACT', active: true, builtIn: false, acknowledgesDebt: false });

    const relabel = await t.gql(SET, { input: { code: 'busy', labelZh: '忙线', labelEn: 'Line busy', connected: false, disclosesDebt: false, kind: 'NO_CONTACT', sort: 50 } }, tokens.admin);
    expect(relabel.data!.setContactOutcome).toMatchObject({ code: 'busy', labelZh: '忙线', builtIn: true });
    const meaning = await t.gql(SET, { input: { code: 'no_answer', labelZh: '无人接听', labelEn: 'No answer', connected: true, disclosesDebt: false, kind: 'NO_CONTACT' } }, tokens.admin);
    expect(meaning.data!.setContactOutcome).toMatchObject({ __typename: 'NotEligible', code: 'BUILT_IN_MEANING' });
    const ack = await t.gql(SET, { input: { ...custom, code: 'acknowledged_in_writing', connected: true, disclosesDebt: true, kind: 'ACKNOWLEDGEMENT' } }, tokens.admin);
    expect(ack.data!.setContactOutcome).toMatchObject({ __typename: 'NotEligible', code: 'ACKNOWLEDGEMENT_RESERVED' });
    const retire = await t.gql(SET, { input: { code: 'hardship', labelZh: '经济困难', labelEn: 'Hardship', connected: true, disclosesDebt: true, kind: 'HARDSHIP', active: false } }, tokens.admin);
    expect(retire.data!.setContactOutcome).toMatchObject({ code: 'hardship', active: false });

    const list = (await t.gql(LIST, {}, tokens.collector)).data!.contactOutcomes.map((o: { code: string }) => o.code);
    expect(list).toContain('visited_left_card');
    expect(list).not.toContain('hardship');
    expect((await t.gql(LIST, { all: true }, tokens.admin)).data!.contactOutcomes).toHaveLength(13);
    expect((await t.gql(`{ contactOutcomeCodes { code } }`, {}, tokens.collector)).data!.contactOutcomeCodes.map((o: { code: string }) => o.code)).toContain('visited_left_card');
  });

  it('records attempts with the agency’s codes: a new one works, a retired one is refused', async () => {
    const input = { accountId: acc(bankA.accountIds[0]), channel: 'VISIT', party: 'DEBTOR', rightPartyVerified: false };
    const r = await gqlAt(AT_1000, RECORD, { input: { ...input, outcome: 'visited_left_card' } }, tokens.collector);
    expect(r.data!.recordContactAttempt).toEqual({ __typename: 'ContactAttempt', outcome: 'visited_left_card', connected: false });
    const retired = await gqlAt(AT_1000, RECORD, { input: { ...input, outcome: 'hardship', rightPartyVerified: true } }, tokens.collector);
    expect(retired.data!.recordContactAttempt).toMatchObject({ __typename: 'NotEligible', code: 'OUTCOME' });
  });

  it('keeps each agency’s list to itself', async () => {
    const rival = (await t.gql(LIST, { all: true }, tokens.rival)).data!.contactOutcomes;
    expect(rival.map((o: { code: string }) => o.code)).not.toContain('visited_left_card');
    expect(rival.find((o: { code: string }) => o.code === 'busy')).toMatchObject({ labelZh: '占线' });
    expect(await t.ownerQuery(`select distinct agency_id from contact_outcome`)).toEqual([{ agency_id: t.tenants.demoAgencyId }]);
  });
});

describe('events', () => {
  it('emits hold.placed and hold.lifted to the outbox with the reason and no note', async () => {
    const placed = await t.gql(`mutation($input: PlaceHoldInput!) { placeHold(input: $input) { id } }`, { input: { accountId: acc(bankA.accountIds[1]), reason: 'HARDSHIP', note: '失业，私人信息' } }, tokens.collector);
    await t.gql(`mutation($id: ID!) { liftHold(holdId: $id) { liftedAt } }`, { id: placed.data!.placeHold.id }, tokens.supervisor);
    const events = await t.ownerQuery(`select type, client_id, agency_id, payload, actor_user_id from event_outbox where subject_id = $1 order by occurred_at`, [bankA.accountIds[1]]);
    expect(events.map((e) => e.type)).toEqual(['hold.placed', 'hold.lifted']);
    expect(events[0]).toMatchObject({ client_id: t.tenants.bankAId, agency_id: t.tenants.demoAgencyId, payload: { reason: 'hardship' }, actor_user_id: t.tenants.users.collector });
    expect(events[1].actor_user_id).toBe(t.tenants.users.supervisor);
    expect(JSON.stringify(events)).not.toContain('失业');
  });

  it('puts a complainant’s number on the do-not-call list in the complaint’s own transaction, whoever raises it', async () => {
    const raise = `mutation($input: RaiseComplaintInput!) { raiseComplaint(input: $input) { __typename ... on Complaint { reference } ... on NotEligible { code } } }`;
    // The number of debtor OA-3 (13800000003), complained about by a bank user (not agency staff).
    const r = await t.gql(raise, {
      input: { clientId: client(t.tenants.bankAId), accountId: acc(bankA.accountIds[2]), source: 'BANK', category: 'harassment', severity: 'HIGH', words: '请不要再打这个电话。', complainantPhone: '138-0000-0003', doNotCallRequested: true },
    }, tokens.bankA);
    expect(r.data!.raiseComplaint.__typename).toBe('Complaint');
    const [dnc] = await t.ownerQuery(`select reason, added_by, number_hash from do_not_call where agency_id = $1 and reason like 'complaint %'`, [t.tenants.demoAgencyId]);
    expect(dnc).toMatchObject({ reason: `complaint ${r.data!.raiseComplaint.reference}`, added_by: t.tenants.users.bankA });
    expect(dnc.number_hash).not.toContain('13800000003');
    const phones = await gqlAt(AT_1000, PHONES, { id: acc(bankA.accountIds[2]) }, tokens.collector);
    expect(phones.data!.account.contactPhones).toEqual([{ number: '138****0003', doNotCall: true }]);
    // Only the listed number: the neighbour's phone is still callable.
    expect((await gqlAt(AT_1000, PHONES, { id: acc(bankA.accountIds[3]) }, tokens.collector)).data!.account.contactPhones).toEqual([{ number: '138****0004', doNotCall: false }]);
    // Another agency's list is untouched.
    expect(await t.ownerQuery(`select 1 from do_not_call where agency_id <> $1`, [t.tenants.demoAgencyId])).toEqual([]);
  });

  it('does not list anything for a complaint without the request, and the narrow function refuses a complaint the caller cannot see', async () => {
    const before = await t.ownerQuery(`select count(*)::int as n from do_not_call`);
    const raise = `mutation($input: RaiseComplaintInput!) { raiseComplaint(input: $input) { __typename } }`;
    await t.gql(raise, { input: { clientId: client(t.tenants.bankAId), accountId: acc(bankA.accountIds[3]), source: 'BANK', category: 'harassment', severity: 'LOW', words: '态度不好', complainantPhone: '13800000004' } }, tokens.bankA);
    expect(await t.ownerQuery(`select count(*)::int as n from do_not_call`)).toEqual(before);
    const [{ id }] = await t.ownerQuery(`select id from complaint where do_not_call_requested order by received_at desc limit 1`);
    // As Bank B's user (another bank of the same agency) the complaint does not exist.
    const qr = t.dataSource.createQueryRunner();
    try {
      await qr.startTransaction();
      await qr.query('select * from app.begin_request($1, $2)', [t.tenants.users.bankB, t.tenants.demoAgencyId]);
      const [{ listed }] = await qr.query(`select app.do_not_call_from_complaint($1, 'forged-hash') as listed`, [id]);
      expect(listed).toBe(false);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
    expect(await t.ownerQuery(`select 1 from do_not_call where number_hash = 'forged-hash'`)).toEqual([]);
  });
});
