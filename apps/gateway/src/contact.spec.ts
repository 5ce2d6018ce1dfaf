import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { CN_PRESET } from '@arrears/contact';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { assertNoLeak, startTestGateway, type GqlResponse, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<string, string>;
const acc = (id: string) => toGlobalId('Account', id);
const client = (id: string) => toGlobalId('Client', id);

// 21:30 and 10:00 in Shanghai on Tuesday 2026-12-01.
const AT_2130 = '2026-12-01T13:30:00Z';
const AT_1000 = '2026-12-01T02:00:00Z';

/** A GraphQL request at a fixed test clock (the header only a NODE_ENV=test gateway honours). */
async function gqlAt<T = Record<string, any>>(now: string, query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse<T>> {
  const res = await t.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': now }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GqlResponse['errors'] };
  assertNoLeak(body.errors);
  return { status: res.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code, headers: res.headers };
}

const ELIGIBILITY = `query($a: ID!, $c: ContactChannel!, $p: ContactParty!) { contactEligibility(accountId: $a, channel: $c, party: $p) { allowed blocks { rule message } nextAllowedAt policyVersion timeZone } }`;
const RECORD = `mutation($input: RecordContactAttemptInput!) { recordContactAttempt(input: $input) {
  __typename
  ... on ContactAttempt { id outcome connected policyVersion }
  ... on ContactBlocked { code message nextAllowedAt policyVersion rules { rule message } refusal { id } }
  ... on NotEligible { code message } } }`;
const PHONES = `query($id: ID!) { account(id: $id) { id lastContactAt nextActionAt contactPhones { id number status doNotCall lastOutcome } } }`;
const DIAL = `mutation($a: ID!, $p: ID!) { dial(accountId: $a, phoneId: $p) { __typename
  ... on DialStarted { revealedNumber telLink revealsLeftToday attempt { id status } }
  ... on ContactBlocked { code rules { rule } nextAllowedAt } ... on LimitExceeded { code } } }`;
const COMPLETE = `mutation($input: CompleteContactAttemptInput!) { completeContactAttempt(input: $input) { __typename ... on ContactAttempt { id status outcome rightPartyVerified } ... on NotEligible { code message } } }`;
const HISTORY = `query($id: ID!) { account(id: $id) { id contactAttempts { id party outcome note status } contactRefusals { id rules { rule } } } }`;
const SET_POLICY = `mutation($input: SetClientPolicyInput!) { setClientPolicy(input: $input) {
  __typename ... on ClientPolicy { version } ... on PolicyRejected { code violations { rule message } } } }`;

const attempt = (accountId: string, over: Record<string, unknown> = {}) => ({ input: { accountId: acc(accountId), channel: 'CALL', party: 'DEBTOR', outcome: 'right_party_contact', rightPartyVerified: true, ...over } });

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 6, prefix: 'A' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 3, prefix: 'B' });
  // The same human at both banks: debtor B-1 is A-1 (same keyed identity hash).
  await t.ownerQuery(`update debtor set identity_hash = 'A-1' where client_id = $1 and identity_hash = 'B-1'`, [t.tenants.bankBId]);
  // Debtor A-3 lives in Urumqi (UTC+6): 21:30 in Shanghai is 19:30 there.
  await t.ownerQuery(`update debtor set time_zone = 'Asia/Urumqi' where client_id = $1 and identity_hash = 'A-3'`, [t.tenants.bankAId]);
  await t.ownerQuery(`update account set assigned_collector_id = $1`, [t.tenants.users.collector]);
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    collector2: 'collector2@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    admin: 'admin@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    rival: 'admin@rival-recovery.test',
  });
  // Demo Bank A's contract is stricter than the national standard: 08:00–21:00.
  const set = await t.gql(SET_POLICY, { input: { clientId: client(t.tenants.bankAId), kind: 'contact', preset: 'cn_gbt45251', body: { ...CN_PRESET, window: { start: '08:00', end: '21:00' } }, note: 'bank contract' } }, tokens.admin);
  expect(set.data!.setClientPolicy).toEqual({ __typename: 'ClientPolicy', version: 1 });
});

afterAll(async () => {
  await t?.close();
});

describe('contact policy store', () => {
  it('refuses a bank policy that loosens its preset, naming every rule, and stores nothing', async () => {
    const body = { ...CN_PRESET, window: { start: '07:00', end: '22:30' }, limits: { ...CN_PRESET.limits, call: { ...CN_PRESET.limits.call, connectedPerDay: 5 } } };
    const r = await t.gql(SET_POLICY, { input: { clientId: client(t.tenants.bankBId), kind: 'contact', preset: 'cn_gbt45251', body } }, tokens.admin);
    expect(r.data!.setClientPolicy.__typename).toBe('PolicyRejected');
    expect(r.data!.setClientPolicy.violations.map((v: { rule: string }) => v.rule).sort()).toEqual(['limits.call.connectedPerDay', 'window.end', 'window.start']);
    expect(await t.ownerQuery(`select 1 from client_policy where client_id = $1 and kind = 'contact'`, [t.tenants.bankBId])).toEqual([]);
  });
});

describe('eligibility and refusals', () => {
  it('blocks a call at 21:30 debtor time under the bank contract, with the rule, the next allowed time and the version', async () => {
    const r = await gqlAt(AT_2130, ELIGIBILITY, { a: acc(bankA.accountIds[1]), c: 'CALL', p: 'DEBTOR' }, tokens.collector);
    expect(r.data!.contactEligibility).toMatchObject({ allowed: false, blocks: [{ rule: 'window' }], nextAllowedAt: '2026-12-02T00:00:00.000Z', policyVersion: 1, timeZone: 'Asia/Shanghai' });
    // The same instant is 19:30 for a debtor in Urumqi: allowed.
    const urumqi = await gqlAt(AT_2130, ELIGIBILITY, { a: acc(bankA.accountIds[2]), c: 'CALL', p: 'DEBTOR' }, tokens.collector);
    expect(urumqi.data!.contactEligibility).toMatchObject({ allowed: true, blocks: [], timeZone: 'Asia/Urumqi' });
  });

  it('refuses to record a forbidden contact as a ContactBlocked result and keeps the refusal as evidence', async () => {
    const r = await gqlAt(AT_2130, RECORD, attempt(bankA.accountIds[1]), tokens.collector);
    const blocked = r.data!.recordContactAttempt;
    expect(blocked).toMatchObject({ __typename: 'ContactBlocked', code: 'COMPLIANCE_BLOCKED', nextAllowedAt: '2026-12-02T00:00:00.000Z', policyVersion: 1, rules: [{ rule: 'window' }] });
    const [row] = await t.ownerQuery(`select rules, policy_version, attempted_by from contact_refusal where account_id = $1`, [bankA.accountIds[1]]);
    expect(row).toMatchObject({ policy_version: 1, attempted_by: t.tenants.users.collector });
    expect(await t.ownerQuery(`select 1 from contact_attempt where account_id = $1`, [bankA.accountIds[1]])).toEqual([]);
    const events = await t.ownerQuery(`select type from event_outbox where subject_id = $1`, [bankA.accountIds[1]]);
    expect(events.map((e) => e.type)).toEqual(['contact.refused']);
    const audit = await t.ownerQuery(`select outcome, error_code from audit_log where operation = 'recordContactAttempt' order by occurred_at desc limit 1`);
    expect(audit[0]).toEqual({ outcome: 'rejected', error_code: 'COMPLIANCE_BLOCKED' });
  });
});

describe('dialing and outcomes', () => {
  it('dials with an audited reveal, refuses a promise to pay without verification, then records it verified', async () => {
    const id = bankA.accountIds[3];
    const phones = await gqlAt(AT_1000, PHONES, { id: acc(id) }, tokens.collector);
    const phone = phones.data!.account.contactPhones[0];
    expect(phone).toMatchObject({ number: '138****0004', status: 'valid', doNotCall: false, lastOutcome: null });

    const dial = await gqlAt(AT_1000, DIAL, { a: acc(id), p: phone.id }, tokens.collector);
    expect(dial.data!.dial).toMatchObject({ __typename: 'DialStarted', revealedNumber: '13800000004', telLink: 'tel:13800000004', attempt: { status: 'started' } });
    const reveal = await t.ownerQuery(`select actor_user_id, target_ids from audit_log where kind = 'reveal' and operation = 'dial'`);
    expect(reveal).toHaveLength(1);
    expect(reveal[0].actor_user_id).toBe(t.tenants.users.collector);
    expect(reveal[0].target_ids).toContain(id);

    const attemptId = dial.data!.dial.attempt.id;
    const unverified = await gqlAt(AT_1000, COMPLETE, { input: { attemptId, outcome: 'promise_to_pay', rightPartyVerified: false } }, tokens.collector);
    expect(unverified.data!.completeContactAttempt).toMatchObject({ __typename: 'NotEligible', code: 'RIGHT_PARTY_VERIFICATION' });
    // Another collector cannot complete my call: it looks missing.
    const other = await gqlAt(AT_1000, COMPLETE, { input: { attemptId, outcome: 'no_answer', rightPartyVerified: false } }, tokens.collector2);
    expect(other.code).toBe('NOT_FOUND');

    const done = await gqlAt(AT_1000, COMPLETE, { input: { attemptId, outcome: 'promise_to_pay', rightPartyVerified: true, note: '12月5日还1000', nextActionAt: '2026-12-05T02:00:00Z' } }, tokens.collector);
    expect(done.data!.completeContactAttempt).toMatchObject({ __typename: 'ContactAttempt', status: 'completed', outcome: 'promise_to_pay', rightPartyVerified: true });
    const again = await gqlAt(AT_1000, COMPLETE, { input: { attemptId, outcome: 'no_answer', rightPartyVerified: false } }, tokens.collector);
    expect(again.code).toBe('NOT_FOUND');

    const after = await gqlAt(AT_1000, PHONES, { id: acc(id) }, tokens.collector);
    expect(after.data!.account).toMatchObject({ lastContactAt: '2026-12-01T02:00:00.000Z', nextActionAt: '2026-12-05T02:00:00.000Z' });
    expect(after.data!.account.contactPhones[0].lastOutcome).toBe('promise_to_pay');
    // The full number appears in no query, only in the dial result.
    expect(JSON.stringify(after.data)).not.toContain('13800000004');
    const events = await t.ownerQuery(`select type from event_outbox where subject_id = $1 order by occurred_at`, [id]);
    expect(events.map((e) => e.type)).toEqual(['contact.dialed', 'contact.attempted']);
  });

  it('supervisors see reveals per user per day; collectors and banks do not', async () => {
    const Q = `{ contactRevealCounts { displayName day reveals limit } }`;
    const sup = await t.gql(Q, {}, tokens.supervisor);
    expect(sup.data!.contactRevealCounts).toEqual([{ displayName: '张催收', day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), reveals: 1, limit: 200 }]);
    expect((await t.gql(Q, {}, tokens.collector)).code).toBe('FORBIDDEN');
    expect((await t.gql(Q, {}, tokens.bankA)).code).toBe('FORBIDDEN');
    expect((await t.gql(Q, {}, tokens.rival)).data!.contactRevealCounts).toEqual([]);
  });

  it('keeps completed attempts append-only: a correction is a new attempt referencing the original', async () => {
    const id = bankA.accountIds[3];
    const [orig] = await t.ownerQuery(`select id from contact_attempt where account_id = $1`, [id]);
    const fix = await gqlAt(AT_1000, RECORD, attempt(id, { outcome: 'call_back', correctsId: toGlobalId('ContactAttempt', orig.id), note: 'wrong code picked' }), tokens.collector);
    expect(fix.data!.recordContactAttempt.__typename).toBe('ContactAttempt');
    const rows = await t.ownerQuery(`select outcome_code, corrects_id from contact_attempt where account_id = $1 order by corrects_id nulls first`, [id]);
    expect(rows).toEqual([{ outcome_code: 'promise_to_pay', corrects_id: null }, { outcome_code: 'call_back', corrects_id: orig.id }]);
  });

  it('refuses a debt-disclosing outcome recorded with a third party', async () => {
    const r = await gqlAt(AT_1000, RECORD, attempt(bankA.accountIds[4], { party: 'GUARANTOR', outcome: 'promise_to_pay', rightPartyVerified: false }), tokens.collector);
    expect(r.data!.recordContactAttempt).toMatchObject({ __typename: 'NotEligible', code: 'RIGHT_PARTY_VERIFICATION' });
    const third = await gqlAt(AT_1000, RECORD, attempt(bankA.accountIds[4], { party: 'THIRD_PARTY', outcome: 'promise_to_pay' }), tokens.collector);
    // The debtor has a valid phone: a listed contact may not be called at all.
    expect(third.data!.recordContactAttempt).toMatchObject({ __typename: 'ContactBlocked', rules: [{ rule: 'third_party_unreachable' }] });
  });
});

describe('one person across banks', () => {
  it('two collectors racing for the same person at two banks: exactly the daily connected limit succeeds', async () => {
    const a1 = bankA.accountIds[0];
    const b1 = bankB.accountIds[0];
    const now = '2026-12-01T03:00:00Z';
    // Collectors see only their own book: the second collector works the Bank B card.
    await t.ownerQuery(`update account set assigned_collector_id = $1 where id = $2`, [t.tenants.users.collector2, b1]);
    const calls = Array.from({ length: 8 }, (_, i) => gqlAt(now, RECORD, attempt(i % 2 ? a1 : b1), i % 2 ? tokens.collector : tokens.collector2));
    const results = (await Promise.all(calls)).map((r) => r.data!.recordContactAttempt.__typename);
    expect(results.filter((x) => x === 'ContactAttempt')).toHaveLength(3);
    expect(results.filter((x) => x === 'ContactBlocked')).toHaveLength(5);
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from contact_attempt where account_id = any($1::uuid[])`, [[a1, b1]]);
    expect(n).toBe(3);
    const [{ r }] = await t.ownerQuery(`select count(*)::int as r from contact_refusal where account_id = any($1::uuid[])`, [[a1, b1]]);
    expect(r).toBe(5);
    await t.ownerQuery(`update account set assigned_collector_id = $1 where id = $2`, [t.tenants.users.collector, b1]);
  });

  it('counts across banks without telling one bank about the other', async () => {
    const b1 = bankB.accountIds[0];
    const r = await gqlAt('2026-12-01T05:00:00Z', ELIGIBILITY, { a: acc(b1), c: 'CALL', p: 'DEBTOR' }, tokens.collector);
    expect(r.data!.contactEligibility.blocks).toEqual([{ rule: 'connected_per_day', message: expect.any(String) }]);
    // The count resets at the debtor's midnight, but the window opens at 08:00 Shanghai.
    expect(r.data!.contactEligibility.nextAllowedAt).toBe('2026-12-02T00:00:00.000Z');
    expect(JSON.stringify(r.data)).not.toMatch(/bank a|A-1|Demo Bank/i);
    // Inbound calls are recorded and never counted.
    const inbound = await gqlAt('2026-12-01T05:00:00Z', RECORD, attempt(b1, { direction: 'INBOUND' }), tokens.collector);
    expect(inbound.data!.recordContactAttempt.__typename).toBe('ContactAttempt');
    const afterInbound = await gqlAt('2026-12-01T05:00:00Z', ELIGIBILITY, { a: acc(b1), c: 'CALL', p: 'DEBTOR' }, tokens.collector);
    expect(afterInbound.data!.contactEligibility.blocks[0].message).toMatch(/^3 of 3 /);
    // Without a tenant context (or for a debtor the caller cannot see) the function counts nothing.
    const [row] = await t.ownerQuery(`select connected_day from app.contact_person_load($1, (select debtor_id from account where id = $2), 'call', '2026-11-30T16:00:00Z', '2026-12-01T05:00:00Z', null, null)`, [t.tenants.bankBId, b1]);
    expect(row.connected_day).toBe(0);
    // Another day starts from zero in the debtor's time zone.
    expect((await gqlAt('2026-12-02T01:00:00Z', ELIGIBILITY, { a: acc(b1), c: 'CALL', p: 'DEBTOR' }, tokens.collector)).data!.contactEligibility.allowed).toBe(true);
  });

  it('a person-level hold at one bank stops contact at the other, which learns only that a hold exists', async () => {
    const a2 = bankA.accountIds[1];
    // Make B-2 the same person as A-2.
    await t.ownerQuery(`update debtor set identity_hash = 'A-2' where client_id = $1 and identity_hash = 'B-2'`, [t.tenants.bankBId]);
    const b2 = bankB.accountIds[1];
    const hold = await t.gql(`mutation($input: PlaceHoldInput!) { placeHold(input: $input) { id } }`, { input: { accountId: acc(a2), reason: 'DECEASED' } }, tokens.supervisor);
    expect(hold.errors).toBeUndefined();
    const r = await gqlAt(AT_1000, ELIGIBILITY, { a: acc(b2), c: 'CALL', p: 'DEBTOR' }, tokens.collector);
    expect(r.data!.contactEligibility).toMatchObject({ allowed: false, blocks: [{ rule: 'person_hold' }], nextAllowedAt: null });
    expect(r.data!.contactEligibility.blocks[0].message).not.toMatch(/deceased/i);
    // A hardship hold is the bank's own business: it does not cross.
    await t.gql(`mutation($input: PlaceHoldInput!) { placeHold(input: $input) { id } }`, { input: { accountId: acc(bankA.accountIds[5]), reason: 'HARDSHIP' } }, tokens.supervisor);
    await t.ownerQuery(`update debtor set identity_hash = 'A-6' where client_id = $1 and identity_hash = 'B-3'`, [t.tenants.bankBId]);
    expect((await gqlAt(AT_1000, ELIGIBILITY, { a: acc(bankB.accountIds[2]), c: 'CALL', p: 'DEBTOR' }, tokens.collector)).data!.contactEligibility.allowed).toBe(true);
  });
});

describe('queue by contactability', () => {
  const Q = `query($all: Boolean) { myQueue(first: 50, includeBlocked: $all) { edges { node { id queueStanding { open reason opensAt } } } } myQueueNextOpening }`;
  it('at 21:30 in Shanghai lists only accounts contactable now; the toggle shows the blocked ones with why and when', async () => {
    const open = await gqlAt(AT_2130, Q, { all: false }, tokens.collector);
    const ids = open.data!.myQueue.edges.map((e: any) => e.node.id);
    expect(ids).toContain(acc(bankA.accountIds[2])); // Urumqi, 19:30
    expect(ids).not.toContain(acc(bankA.accountIds[0])); // Shanghai, 21:30 under Bank A's contract
    expect(open.data!.myQueue.edges.every((e: any) => e.node.queueStanding.open)).toBe(true);
    const all = await gqlAt(AT_2130, Q, { all: true }, tokens.collector);
    const late = all.data!.myQueue.edges.find((e: any) => e.node.id === acc(bankA.accountIds[0])).node.queueStanding;
    expect(late).toEqual({ open: false, reason: 'window', opensAt: '2026-12-02T00:00:00.000Z' });
    const held = all.data!.myQueue.edges.find((e: any) => e.node.id === acc(bankA.accountIds[1])).node.queueStanding;
    expect(held).toMatchObject({ open: false, reason: 'hold:deceased', opensAt: null });
    // Bank B (China preset, 08:00–22:00) opens again at 22:00's next morning; Bank A's first one at 08:00 Shanghai.
    expect(all.data!.myQueueNextOpening).toBe('2026-12-02T00:00:00.000Z');
  });
});

describe('isolation', () => {
  it('a bank user sees the contact history of its own accounts, third parties masked, and none of another bank', async () => {
    const mine = await t.gql(HISTORY, { id: acc(bankA.accountIds[3]) }, tokens.bankA);
    expect(mine.data!.account.contactAttempts.length).toBeGreaterThan(0);
    const theirs = await t.gql(HISTORY, { id: acc(bankA.accountIds[3]) }, tokens.bankB);
    expect(theirs.data!.account).toBeNull();
    const rival = await t.gql(HISTORY, { id: acc(bankA.accountIds[3]) }, tokens.rival);
    expect(rival.data!.account).toBeNull();
    // Proof the rows exist.
    expect((await t.ownerQuery(`select 1 from contact_attempt where account_id = $1`, [bankA.accountIds[3]])).length).toBeGreaterThan(0);
  });

  it('an attempt by its id: null for another bank and another agency', async () => {
    const [row] = await t.ownerQuery(`select id from contact_attempt where account_id = $1 limit 1`, [bankA.accountIds[3]]);
    const q = `query($id: ID!) { node(id: $id) { id ... on ContactAttempt { outcome } } }`;
    const id = toGlobalId('ContactAttempt', row.id);
    expect((await t.gql(q, { id }, tokens.bankA)).data!.node).toMatchObject({ id });
    expect((await t.gql(q, { id }, tokens.bankB)).data!.node).toBeNull();
    expect((await t.gql(q, { id }, tokens.rival)).data!.node).toBeNull();
  });

  it('foreign ids in contact queries and mutations behave like missing ones', async () => {
    const foreign = acc(bankA.accountIds[3]);
    expect((await t.gql(ELIGIBILITY, { a: foreign, c: 'CALL', p: 'DEBTOR' }, tokens.rival)).code).toBe('NOT_FOUND');
    expect((await t.gql(RECORD, attempt(bankA.accountIds[3]), tokens.rival)).code).toBe('NOT_FOUND');
    const phones = await gqlAt(AT_1000, PHONES, { id: foreign }, tokens.collector);
    const phoneOfA = phones.data!.account.contactPhones[0].id;
    // A phone of another account is not a phone of this one.
    expect((await gqlAt(AT_1000, DIAL, { a: acc(bankA.accountIds[4]), p: phoneOfA }, tokens.collector)).code).toBe('NOT_FOUND');
    expect((await t.gql(DIAL, { a: foreign, p: phoneOfA }, tokens.rival)).code).toBe('NOT_FOUND');
    // Bank users never dial or record.
    expect((await t.gql(DIAL, { a: foreign, p: phoneOfA }, tokens.bankA)).code).toBe('FORBIDDEN');
  });

  it('refusals: a supervisor sees those of the agency, a rival agency none, and a bank only its own on its accounts', async () => {
    const Q = `{ contactRefusals(first: 50) { edges { node { id account { id } } } } }`;
    const mine = await t.gql(Q, {}, tokens.supervisor);
    expect(mine.data!.contactRefusals.edges.length).toBeGreaterThan(0);
    const rival = await t.gql(Q, {}, tokens.rival);
    expect(rival.data!.contactRefusals.edges).toEqual([]);
    const bankBView = await t.gql(HISTORY, { id: acc(bankB.accountIds[0]) }, tokens.bankB);
    const bankAView = await t.gql(HISTORY, { id: acc(bankA.accountIds[0]) }, tokens.bankB);
    expect(bankBView.data!.account.contactRefusals.length).toBeGreaterThan(0);
    expect(bankAView.data!.account).toBeNull();
  });

  it('the test clock is ignored outside NODE_ENV=test', async () => {
    const prod = await startTestGateway(inject('pgAdminUrl'), { env: { NODE_ENV: 'production' } });
    try {
      const a = await insertAccounts(prod.owner, { agencyId: prod.tenants.demoAgencyId, clientId: prod.tenants.bankAId, n: 1, prefix: 'P' });
      await prod.ownerQuery(`update account set assigned_collector_id = $1 where id = $2`, [prod.tenants.users.collector, a.accountIds[0]]);
      const token = await prod.login('collector@demo-agency.test');
      const res = await prod.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': '2000-01-01T00:00:00Z' }, body: JSON.stringify({ query: `query($a: ID!) { contactEligibility(accountId: $a, channel: CALL, party: DEBTOR) { evaluatedAt } }`, variables: { a: acc(a.accountIds[0]) } }) });
      const body = (await res.json()) as { data: { contactEligibility: { evaluatedAt: string } } };
      expect(new Date(body.data.contactEligibility.evaluatedAt).getFullYear()).toBeGreaterThan(2020);
    } finally {
      await prod.close();
    }
  });
});

describe('assignment keeps a debtor together', () => {
  it("round robin gives all of one debtor's cards at one bank to one collector", async () => {
    // A second card of debtor A-5 at Bank A.
    const [{ id: second }] = await t.ownerQuery(
      `insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on)
       select client_id, agency_id, placement_id, debtor_id, 'A-5-card2', '7788', 'CNY', 900, 100, delinquent_since, dpd, bucket, aged_on, placed_on from account where id = $1 returning id`,
      [bankA.accountIds[4]],
    );
    const ids = [...bankA.accountIds.slice(2), second].map(acc);
    const rule = { kind: 'ROUND_ROBIN', collectorIds: [toGlobalId('User', t.tenants.users.collector), toGlobalId('User', t.tenants.users.collector2)] };
    const r = await t.gql(`mutation($input: AssignAccountsInput!) { assignAccounts(input: $input) { __typename ... on AssignmentSummary { assigned } } }`, { input: { accountIds: ids, rule } }, tokens.supervisor);
    expect(r.data!.assignAccounts).toEqual({ __typename: 'AssignmentSummary', assigned: 5 });
    const rows = await t.ownerQuery(`select assigned_collector_id from account where id = any($1::uuid[])`, [[bankA.accountIds[4], second]]);
    expect(new Set(rows.map((x) => x.assigned_collector_id)).size).toBe(1);
    const all = await t.ownerQuery(`select distinct assigned_collector_id from account where id = any($1::uuid[])`, [[...bankA.accountIds.slice(2), second]]);
    expect(all.length).toBe(2);
  });
});
