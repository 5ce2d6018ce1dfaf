import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { DEMO_PASSWORD } from '@arrears/seed';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
const tokens: Record<string, string> = {};
const acc = (id: string) => toGlobalId('Account', id);
const user = (id: string) => toGlobalId('User', id);

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 6, prefix: 'A' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 4, prefix: 'B' });
  Object.assign(
    tokens,
    await t.loginEach({
      supervisor: 'supervisor@demo-agency.test',
      collector: 'collector@demo-agency.test',
      collector2: 'collector2@demo-agency.test',
      admin: 'admin@demo-agency.test',
      rival: 'admin@rival-recovery.test',
      platform: 'platform@arrears.test',
      bankA: 'bank-a@demo-bank-a.test',
    }),
  );
});

afterAll(async () => {
  await t?.close();
});

describe('team membership', () => {
  const ASSIGN = `mutation($input: AssignAccountsInput!) { assignAccounts(input: $input) { __typename ... on AssignmentSummary { assigned } } }`;
  const SEE = `query($a: ID!, $b: ID!) { a: account(id: $a) { bankRef } b: account(id: $b) { bankRef } }`;
  const ADD = `mutation($t: ID!, $m: [ID!]!) { addTeamMembers(teamId: $t, memberIds: $m) { id members { email } } }`;
  const REMOVE = `mutation($t: ID!, $m: [ID!]!) { removeTeamMembers(teamId: $t, memberIds: $m) { id members { email } } }`;

  it('adds and removes members; a removed collector loses sight of the team’s accounts; audited', async () => {
    const created = await t.gql(`mutation($m: [ID!]!) { createTeam(name: "早班", memberIds: $m) { id } }`, { m: [user(t.tenants.users.collector2)] }, tokens.supervisor);
    const teamId = created.data!.createTeam.id;
    const added = await t.gql(ADD, { t: teamId, m: [user(t.tenants.users.collector), user(t.tenants.users.collector2)] }, tokens.supervisor);
    expect(added.data!.addTeamMembers.members.map((m: { email: string }) => m.email).sort()).toEqual(['collector2@demo-agency.test', 'collector@demo-agency.test']);
    // Dealt round robin: one account to each member, both kept on the team.
    expect((await t.gql(ASSIGN, { input: { accountIds: [acc(bankB.accountIds[0]), acc(bankB.accountIds[1])], teamId } }, tokens.supervisor)).data!.assignAccounts.assigned).toBe(2);
    const ids = { a: acc(bankB.accountIds[0]), b: acc(bankB.accountIds[1]) };
    expect((await t.gql(SEE, ids, tokens.collector)).data).toEqual({ a: { bankRef: 'B-1' }, b: { bankRef: 'B-2' } });

    const removed = await t.gql(REMOVE, { t: teamId, m: [user(t.tenants.users.collector)] }, tokens.supervisor);
    expect(removed.data!.removeTeamMembers.members).toEqual([{ email: 'collector2@demo-agency.test' }]);
    // The next request reads the new team ids: the team's accounts are gone from the removed collector's sight,
    // their own share went back to the team's pool, and the remaining member still sees both.
    expect((await t.gql(SEE, ids, tokens.collector)).data).toEqual({ a: null, b: null });
    expect((await t.gql(SEE, ids, tokens.collector2)).data).toEqual({ a: { bankRef: 'B-1' }, b: { bankRef: 'B-2' } });
    const rows = await t.ownerQuery(`select assigned_collector_id from account where id = any($1::uuid[]) and assigned_team_id is not null order by bank_ref`, [bankB.accountIds.slice(0, 2)]);
    expect(rows.map((r: { assigned_collector_id: string | null }) => r.assigned_collector_id)).not.toContain(t.tenants.users.collector);
    const history = await t.ownerQuery(`select count(*)::int as n from assignment_history where rule = 'team_member_removed' and account_id = any($1::uuid[])`, [bankB.accountIds.slice(0, 2)]);
    expect(history[0].n).toBe(1);
    const audit = await t.ownerQuery(`select operation, outcome from audit_log where operation in ('addTeamMembers', 'removeTeamMembers') order by id`);
    expect(audit).toEqual([
      { operation: 'addTeamMembers', outcome: 'ok' },
      { operation: 'removeTeamMembers', outcome: 'ok' },
    ]);

    // Another agency's team is NOT_FOUND, like a missing one; so is another agency's user; a collector may not edit teams.
    expect((await t.gql(ADD, { t: teamId, m: [user(t.tenants.users.rivalAdmin)] }, tokens.rival)).code).toBe('NOT_FOUND');
    expect((await t.gql(ADD, { t: teamId, m: [user(t.tenants.users.rivalAdmin)] }, tokens.supervisor)).code).toBe('NOT_FOUND');
    expect((await t.gql(REMOVE, { t: teamId, m: [user(t.tenants.users.collector2)] }, tokens.collector2)).code).toBe('FORBIDDEN');
  });
});

describe('the platform admin’s agencies', () => {
  const LIST = `{ agencies(first: 20) { edges { node { name status suspendedAt overview { users activeUsers clients accounts activeAccounts } } } } }`;
  const byName = (r: { data?: any }) => Object.fromEntries(r.data!.agencies.edges.map((e: any) => [e.node.name, e.node]));

  it('lists each agency with its users, banks, accounts and status', async () => {
    const agencies = byName(await t.gql(LIST, {}, tokens.platform));
    const [demoUsers] = await t.ownerQuery(`select count(*)::int as n from app_user where agency_id = $1`, [t.tenants.demoAgencyId]);
    expect(agencies['Demo Collections']).toMatchObject({ status: 'ACTIVE', suspendedAt: null, overview: { users: demoUsers.n, clients: 2, accounts: 10, activeAccounts: 10 } });
    const [rivalUsers] = await t.ownerQuery(`select count(*)::int as n from app_user where agency_id = $1`, [t.tenants.rivalAgencyId]);
    expect(rivalUsers.n).toBeGreaterThan(0);
    expect(agencies['Rival Recovery']).toMatchObject({ status: 'ACTIVE', overview: { users: rivalUsers.n, activeUsers: rivalUsers.n, clients: 1, accounts: 0 } });
    // Only the platform admin: an agency admin gets nothing of it.
    expect((await t.gql(LIST, {}, tokens.admin)).code).toBe('FORBIDDEN');
  });

  it('suspends an agency: its users are signed out and cannot sign in; reactivating lets them back', async () => {
    const rivalId = toGlobalId('Agency', t.tenants.rivalAgencyId);
    const SUSPEND = `mutation($id: ID!) { suspendAgency(agencyId: $id, reason: "contract ended") { status suspendedAt } }`;
    expect((await t.gql(SUSPEND, { id: rivalId }, tokens.admin)).code).toBe('FORBIDDEN');
    const suspended = await t.gql(SUSPEND, { id: rivalId }, tokens.platform);
    expect(suspended.data!.suspendAgency.status).toBe('SUSPENDED');
    // The token it held stops working at once; signing in again is refused with a stable reason.
    expect((await t.gql(`{ me { user { email } } }`, {}, tokens.rival)).code).toBe('UNAUTHENTICATED');
    const login = await t.gql(`mutation { login(email: "admin@rival-recovery.test", password: "${DEMO_PASSWORD}") { token } }`, {});
    expect(login.code).toBe('UNAUTHENTICATED');
    expect(login.errors![0].extensions!.reason).toBe('AGENCY_SUSPENDED');
    // Another agency is untouched.
    expect((await t.gql(`{ me { user { email } } }`, {}, tokens.admin)).data!.me.user.email).toBe('admin@demo-agency.test');
    expect(byName(await t.gql(LIST, {}, tokens.platform))['Rival Recovery'].status).toBe('SUSPENDED');

    expect((await t.gql(`mutation($id: ID!) { reactivateAgency(agencyId: $id) { status } }`, { id: rivalId }, tokens.platform)).data!.reactivateAgency.status).toBe('ACTIVE');
    tokens.rival = await t.login('admin@rival-recovery.test');
    expect((await t.gql(`{ me { user { email } } }`, {}, tokens.rival)).data!.me.user.email).toBe('admin@rival-recovery.test');
    // An unknown agency is NOT_FOUND.
    expect((await t.gql(SUSPEND, { id: toGlobalId('Agency', '00000000-0000-4000-8000-000000000000') }, tokens.platform)).code).toBe('NOT_FOUND');
  });
});

describe('an account’s parties', () => {
  const PARTIES = `query($id: ID!) { account(id: $id) { parties { role contactKind name relationCode relationText phone } } }`;

  it('shows the debtor, guarantors and emergency contacts with relation codes, masked, emergency contacts to staff only', async () => {
    await t.ownerQuery(
      `insert into account_party (client_id, agency_id, account_id, role, relation_code, relation_text, name, phone) values ($1, $2, $3, 'guarantor', 'parent', '父亲', '担保人甲', '13612345678')`,
      [t.tenants.bankAId, t.tenants.demoAgencyId, bankA.accountIds[0]],
    );
    const staff = await t.gql(PARTIES, { id: acc(bankA.accountIds[0]) }, tokens.supervisor);
    expect(staff.data!.account.parties).toEqual([
      { role: 'debtor', contactKind: 'debtor', name: '客户1', relationCode: null, relationText: null, phone: '138****0001' },
      { role: 'guarantor', contactKind: 'guarantor', name: '担保人甲', relationCode: 'parent', relationText: '父亲', phone: '136****5678' },
      { role: 'third_party', contactKind: 'third_party', name: '联系人', relationCode: 'other', relationText: 'emergency', phone: '139****0000' },
    ]);
    const bank = await t.gql(PARTIES, { id: acc(bankA.accountIds[0]) }, tokens.bankA);
    expect(bank.data!.account.parties.map((p: { role: string }) => p.role)).toEqual(['debtor', 'guarantor']);
    // Another bank's account resolves to null, parties and all.
    expect((await t.gql(PARTIES, { id: acc(bankB.accountIds[2]) }, tokens.bankA)).data!.account).toBeNull();
  });
});

describe('queue search and filter', () => {
  const QUEUE = `query($filter: QueueFilter) { myQueue(first: 50, filter: $filter) { totalCount edges { node { bankRef } } } }`;
  // The contact gate depends on the hour: a fixed weekday morning in Shanghai.
  const queue = async (filter: Record<string, unknown> | null) => {
    const res = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.collector}`, 'x-arrears-test-now': '2026-12-01T03:00:00Z' },
      body: JSON.stringify({ query: QUEUE, variables: { filter } }),
    });
    const body = (await res.json()) as { data?: { myQueue: { totalCount: number; edges: { node: { bankRef: string } }[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const refs = body.data!.myQueue.edges.map((e) => e.node.bankRef).sort();
    expect(body.data!.myQueue.totalCount).toBe(refs.length);
    return refs;
  };

  it('finds by name or reference prefix and phone tail, by bucket, promise due today and hold status', async () => {
    const assign = `mutation($input: AssignAccountsInput!) { assignAccounts(input: $input) { __typename ... on AssignmentSummary { assigned } } }`;
    expect((await t.gql(assign, { input: { accountIds: bankA.accountIds.slice(0, 4).map(acc), collectorId: user(t.tenants.users.collector) } }, tokens.supervisor)).data!.assignAccounts.assigned).toBe(4);
    expect(await queue(null)).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    expect(await queue({ search: '客户1' })).toEqual(['A-1']);
    expect(await queue({ search: 'A-2' })).toEqual(['A-2']);
    expect(await queue({ search: '0003' })).toEqual(['A-3']);
    expect(await queue({ search: '客户9' })).toEqual([]);
    expect(await queue({ buckets: ['M1', 'M4'] })).toEqual(['A-1', 'A-4']);

    await t.ownerQuery(`update account set next_promise_due = (now() at time zone 'Asia/Shanghai')::date where id = $1`, [bankA.accountIds[1]]);
    await t.ownerQuery(`update account set next_promise_due = (now() at time zone 'Asia/Shanghai')::date + 1 where id = $1`, [bankA.accountIds[3]]);
    expect(await queue({ promiseDueToday: true })).toEqual(['A-2']);

    const hold = await t.gql(`mutation($input: PlaceHoldInput!) { placeHold(input: $input) { id } }`, { input: { accountId: acc(bankA.accountIds[2]), reason: 'HARDSHIP' } }, tokens.supervisor);
    expect(hold.errors).toBeUndefined();
    expect(await queue(null)).toEqual(['A-1', 'A-2', 'A-4']);
    expect(await queue({ held: true })).toEqual(['A-3']);
    expect(await queue({ held: false, buckets: ['M3', 'M4'] })).toEqual(['A-4']);
    // The filter never widens the queue: another collector's account stays out whatever the search.
    expect(await queue({ search: 'A-5' })).toEqual([]);
  });
});
