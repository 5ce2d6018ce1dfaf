import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bucketFor, daysPastDue, localDate } from '@arrears/accounts';
import { toGlobalId } from '@arrears/graphql';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
const tokens: Record<string, string> = {};
const acc = (id: string) => toGlobalId('Account', id);
const user = (id: string) => toGlobalId('User', id);
const client = (id: string) => toGlobalId('Client', id);

const ACCOUNTS = `query($first: Int, $after: String, $filter: AccountFilter, $orderBy: AccountOrder) {
  accounts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { id bankRef bucket daysPastDue totalDue { amount currency } client { name } } }
    pageInfo { hasNextPage endCursor } totalCount } }`;

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 8, prefix: 'A' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 5, prefix: 'B' });
  Object.assign(tokens, await t.loginEach({
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    supervisor: 'supervisor@demo-agency.test',
    collector: 'collector@demo-agency.test',
    admin: 'admin@demo-agency.test',
    rival: 'admin@rival-recovery.test',
    lawyer: 'lawyer@demo-lawfirm.test',
  }));
});

afterAll(async () => {
  await t?.close();
});

describe('accounts query', () => {
  it('names each account its own bank on a page of two banks (the bank joined once per bank and page)', async () => {
    const q = `{ accounts(first: 50) { edges { node { id client { id name } } } } }`;
    const r = await t.gql(q, {}, tokens.supervisor);
    const banks = new Map([...bankA.accountIds.map((id) => [acc(id), ['Demo Bank A', client(t.tenants.bankAId)]]), ...bankB.accountIds.map((id) => [acc(id), ['Demo Bank B', client(t.tenants.bankBId)]])]);
    const seen = r.data!.accounts.edges.filter((e: any) => banks.has(e.node.id));
    expect(seen).toHaveLength(bankA.accountIds.length + bankB.accountIds.length);
    for (const e of seen) expect([e.node.client.name, e.node.client.id]).toEqual(banks.get(e.node.id));
    expect(new Set(seen.map((e: any) => e.node.client.name))).toEqual(new Set(['Demo Bank A', 'Demo Bank B']));
  });

  it("shows a bank user only its own bank's accounts, and another bank's id like a missing one", async () => {
    const mine = await t.gql(ACCOUNTS, { first: 50 }, tokens.bankA);
    expect(mine.data!.accounts.totalCount).toBe(8);
    expect(new Set(mine.data!.accounts.edges.map((e: any) => e.node.client.name))).toEqual(new Set(['Demo Bank A']));

    const foreignId = acc(bankB.accountIds[0]);
    const missingId = acc('00000000-0000-4000-8000-000000000000');
    for (const id of [foreignId, missingId]) {
      const r = await t.gql(`query($id: ID!) { account(id: $id) { id } node(id: $id) { id } }`, { id }, tokens.bankA);
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ account: null, node: null });
    }
    const byFilter = await t.gql(ACCOUNTS, { filter: { clientId: client(t.tenants.bankBId) } }, tokens.bankA);
    expect(byFilter.data!.accounts.edges).toEqual([]);
    // The rows exist: the owner sees them.
    expect((await t.ownerQuery('select count(*)::int as n from account where client_id = $1', [t.tenants.bankBId]))[0].n).toBe(5);
  });

  it('gives the rival agency and a lawyer nothing of this agency', async () => {
    const rival = await t.gql(ACCOUNTS, {}, tokens.rival);
    expect(rival.data!.accounts.edges).toEqual([]);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: acc(bankA.accountIds[0]) }, tokens.rival);
    expect(node.data!.node).toBeNull();
    const lawyer = await t.gql(ACCOUNTS, {}, tokens.lawyer);
    expect(lawyer.code).toBe('FORBIDDEN');
  });

  it('filters by bucket and balance and pages by keyset without gaps or repeats', async () => {
    const m1 = await t.gql(ACCOUNTS, { filter: { buckets: ['M1'] } }, tokens.supervisor);
    expect(m1.data!.accounts.edges.map((e: any) => e.node.bankRef).sort()).toEqual(['A-1', 'B-1']);
    const rich = await t.gql(ACCOUNTS, { filter: { balanceMin: '1500.00', clientId: client(t.tenants.bankAId) } }, tokens.supervisor);
    expect(rich.data!.accounts.edges.map((e: any) => e.node.totalDue.amount)).toEqual(['1700.00', '1600.00', '1500.00']);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await t.gql(ACCOUNTS, { first: 3, after, orderBy: { field: 'BALANCE', direction: 'ASC' } }, tokens.supervisor);
      seen.push(...page.data.accounts.edges.map((e: any) => e.node.bankRef));
      after = page.data.accounts.pageInfo.hasNextPage ? page.data.accounts.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
  });

  it('finds an account by exact bank reference, debtor name or phone', async () => {
    for (const search of ['A-3', '客户3', '+86 138 0000 0003']) {
      const r = await t.gql(ACCOUNTS, { filter: { search, clientId: client(t.tenants.bankAId) } }, tokens.supervisor);
      expect(r.data!.accounts.edges.map((e: any) => e.node.bankRef)).toEqual(['A-3']);
    }
  });

  it('masks the debtor and hides third-party contacts from the bank', async () => {
    const q = `query($id: ID!) { account(id: $id) { cardLast4 debtor { name nationalIdMasked phones contacts { relation name phone } } } }`;
    const staff = await t.gql(q, { id: acc(bankA.accountIds[0]) }, tokens.supervisor);
    expect(staff.data!.account.debtor.phones).toEqual(['138****0001']);
    expect(staff.data!.account.debtor.contacts).toEqual([{ relation: 'emergency', name: '联系人', phone: '139****0000' }]);
    const bank = await t.gql(q, { id: acc(bankA.accountIds[0]) }, tokens.bankA);
    expect(bank.data!.account.debtor.contacts).toEqual([]);
  });
});

describe('assignment and the work queue', () => {
  const ASSIGN = `mutation($input: AssignAccountsInput!) { assignAccounts(input: $input) {
    __typename ... on AssignmentSummary { matched assigned skippedOutOfScope perCollector { collector { email } count } }
    ... on ErrorResult { code message } } }`;
  // includeBlocked: the order under test, whatever the hour (the default hides accounts outside contact hours).
  const QUEUE = `{ myQueue(first: 50, includeBlocked: true) { totalCount edges { node { bankRef priority { score factors { factor points } } assignmentHistory { rule collector { email } assignedBy { email } } } } } }`;

  it("assigns by filter to a collector, who sees them in priority order", async () => {
    const r = await t.gql(ASSIGN, { input: { filter: { clientId: client(t.tenants.bankAId) }, collectorId: user(t.tenants.users.collector) } }, tokens.supervisor);
    expect(r.data!.assignAccounts).toMatchObject({ __typename: 'AssignmentSummary', matched: 8, assigned: 8, skippedOutOfScope: 0 });
    const q = await t.gql(QUEUE, {}, tokens.collector);
    const edges = q.data!.myQueue.edges;
    expect(edges).toHaveLength(8);
    const scores = edges.map((e: any) => e.node.priority.score);
    expect([...scores].sort((a: number, b: number) => b - a)).toEqual(scores);
    const first = edges[0].node;
    expect(first.priority.factors.reduce((s: number, f: any) => s + f.points, 0)).toBeCloseTo(first.priority.score, 1);
    expect(first.assignmentHistory[0]).toEqual({ rule: 'filter', collector: { email: 'collector@demo-agency.test' }, assignedBy: { email: 'supervisor@demo-agency.test' } });
    expect((await t.ownerQuery('select count(*)::int as n from assignment_history where client_id = $1', [t.tenants.bankAId]))[0].n).toBe(8);
  });

  it('deals round robin evenly and refuses a target that is not a collector', async () => {
    const rr = await t.gql(
      ASSIGN,
      { input: { filter: { clientId: client(t.tenants.bankBId) }, rule: { kind: 'ROUND_ROBIN', collectorIds: [user(t.tenants.users.collector), user(t.tenants.users.collector2)] } } },
      tokens.supervisor,
    );
    expect(rr.data!.assignAccounts.assigned).toBe(5);
    expect(rr.data!.assignAccounts.perCollector.map((c: any) => c.count).sort()).toEqual([2, 3]);
    const bad = await t.gql(ASSIGN, { input: { accountIds: [acc(bankA.accountIds[0])], collectorId: user(t.tenants.users.bankA) } }, tokens.supervisor);
    expect(bad.data!.assignAccounts).toMatchObject({ __typename: 'NotEligible', code: 'NOT_A_COLLECTOR' });
  });

  it('deals accounts given to a team to its members and remembers the team', async () => {
    const team = await t.gql(`mutation($m: [ID!]!) { createTeam(name: "早班", memberIds: $m) { id name members { email } } }`, { m: [user(t.tenants.users.collector), user(t.tenants.users.collector2)] }, tokens.supervisor);
    expect(team.data!.createTeam.members.map((m: any) => m.email).sort()).toEqual(['collector2@demo-agency.test', 'collector@demo-agency.test']);
    const r = await t.gql(ASSIGN, { input: { accountIds: bankB.accountIds.slice(0, 4).map(acc), teamId: team.data!.createTeam.id } }, tokens.supervisor);
    expect(r.data!.assignAccounts.perCollector.map((c: any) => c.count)).toEqual([2, 2]);
    const rows = await t.ownerQuery('select count(distinct assigned_collector_id)::int as n, count(*) filter (where assigned_team_id is not null)::int as teamed from account where id = any($1::uuid[])', [bankB.accountIds.slice(0, 4)]);
    expect(rows[0]).toEqual({ n: 2, teamed: 4 });
  });

  it('skips accounts of banks outside the collector scope', async () => {
    await t.ownerQuery('delete from user_client_scope where user_id = $1 and client_id = $2', [t.tenants.users.collector2, t.tenants.bankAId]);
    const r = await t.gql(ASSIGN, { input: { accountIds: bankA.accountIds.slice(0, 2).map(acc), collectorId: user(t.tenants.users.collector2) } }, tokens.supervisor);
    expect(r.data!.assignAccounts).toMatchObject({ matched: 2, assigned: 0, skippedOutOfScope: 2 });
  });

  it('does not let a collector assign or a bank user see the queue', async () => {
    expect((await t.gql(ASSIGN, { input: { accountIds: [acc(bankA.accountIds[0])], collectorId: user(t.tenants.users.collector) } }, tokens.collector)).code).toBe('FORBIDDEN');
    expect((await t.gql(QUEUE, {}, tokens.bankA)).code).toBe('FORBIDDEN');
  });
});

describe('recall, aging and the bank view', () => {
  it('lets a bank recall its own accounts only; recalled accounts leave the queue and stay in history', async () => {
    const RECALL = `mutation($input: RecallInput!) { recallAccounts(input: $input) { recalled } }`;
    const foreign = await t.gql(RECALL, { input: { accountIds: [acc(bankA.accountIds[7])], reason: 'not yours' } }, tokens.bankB);
    expect(foreign.data!.recallAccounts.recalled).toBe(0);
    const own = await t.gql(RECALL, { input: { accountIds: [acc(bankA.accountIds[7])], reason: 'customer paid the bank' } }, tokens.bankA);
    expect(own.data!.recallAccounts.recalled).toBe(1);
    const queue = await t.gql(`{ myQueue(includeBlocked: true) { edges { node { bankRef } } } }`, {}, tokens.collector);
    expect(queue.data!.myQueue.edges.map((e: any) => e.node.bankRef)).not.toContain('A-8');
    const recalled = await t.gql(ACCOUNTS, { filter: { statuses: ['RECALLED'] } }, tokens.bankA);
    expect(recalled.data!.accounts.edges.map((e: any) => e.node.bankRef)).toEqual(['A-8']);
  });

  it("re-ages as of the bank's today (no other date) and keeps the changes", async () => {
    const today = localDate('Asia/Shanghai');
    const before = await t.ownerQuery<{ bucket: string; since: string }>(`select bucket, delinquent_since::text as since from account where status = 'active'`);
    const expectedChanges = before.filter((b) => bucketFor(daysPastDue(b.since, today)) !== b.bucket).length;
    expect(expectedChanges).toBeGreaterThan(0);
    const r = await t.gql(`mutation { recomputeAging { accountsAged bucketChanges } }`, {}, tokens.supervisor);
    expect(r.data!.recomputeAging).toEqual({ accountsAged: 12, bucketChanges: expectedChanges });
    const one = await t.gql(`query($id: ID!) { account(id: $id) { daysPastDue bucket agedOn bucketHistory { fromBucket toBucket changedOn cause } } }`, { id: acc(bankA.accountIds[0]) }, tokens.collector);
    const dpd = daysPastDue('2026-10-22', today);
    expect(one.data!.account).toMatchObject({ daysPastDue: dpd, bucket: bucketFor(dpd).replace('+', '_PLUS'), agedOn: today });
    if (bucketFor(dpd) !== 'M1') expect(one.data!.account.bucketHistory[0]).toEqual({ fromBucket: 'M1', toBucket: bucketFor(dpd), changedOn: today, cause: 'aging' });
  });

  it("sums a bank's portfolio exactly and refuses another bank's", async () => {
    const q = `query($c: ID!) { portfolioSummary(clientId: $c) { asOf totals { accounts activeAccounts placed { amount currency } collected { amount } liquidationRate } byBucket { key accounts } byPlacementMonth { key accounts } } }`;
    const mine = await t.gql(q, { c: client(t.tenants.bankAId) }, tokens.bankA);
    const [expected] = await t.ownerQuery(`select count(*)::int as n, sum(placed_amount)::text as placed from account where client_id = $1`, [t.tenants.bankAId]);
    expect(mine.data!.portfolioSummary.totals).toEqual([{ accounts: 8, activeAccounts: 7, placed: { amount: Number(expected.placed).toFixed(2), currency: 'CNY' }, collected: { amount: '0.00' }, liquidationRate: '0.0000' }]);
    expect(mine.data!.portfolioSummary.byPlacementMonth).toEqual([{ key: '2026-10-01', accounts: 8 }]);
    expect(mine.data!.portfolioSummary.byBucket.reduce((s: number, b: any) => s + b.accounts, 0)).toBe(expected.n);
    const theirs = await t.gql(q, { c: client(t.tenants.bankBId) }, tokens.bankA);
    expect(theirs.code).toBe('NOT_FOUND');
    const rival = await t.gql(q, { c: client(t.tenants.bankAId) }, tokens.rival);
    expect(rival.code).toBe('NOT_FOUND');
  });
});

describe('users list', () => {
  it("gives each user its own client scope when many are loaded in one batch", async () => {
    const r = await t.gql(`{ users(first: 50) { edges { node { email clients { name } } } } }`, {}, tokens.admin);
    const scope = Object.fromEntries(r.data!.users.edges.map((e: any) => [e.node.email, e.node.clients.map((c: any) => c.name).sort()]));
    expect(scope['bank-a@demo-bank-a.test']).toEqual(['Demo Bank A']);
    expect(scope['bank-b@demo-bank-b.test']).toEqual(['Demo Bank B']);
    expect(scope['lawyer@demo-lawfirm.test']).toEqual([]);
    expect(scope['admin@demo-agency.test']).toEqual(['Demo Bank A', 'Demo Bank B']);
  });
});
