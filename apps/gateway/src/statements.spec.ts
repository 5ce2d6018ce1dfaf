// How many messages the gateway sends to Postgres for each hot read. The benchmark's speed depends on
// this number (each message is a round trip), so a regression to one query per row (N+1) or a lost
// join must fail here. Not a timing test: it counts, through node-postgres, what really went out.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { withTenant } from '@arrears/tenancy';
import { insertAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

const APP_NAME = 'arrears-test-gateway';
let t: TestGateway;
const tokens: Record<string, string> = {};
let sent: string[] | null = null;
/** The values sent with each recorded statement, in the same order. */
let sentValues: unknown[][] = [];
let accountId = '';

// Records every query the gateway's pool clients send while `sent` is set (one request at a time).
type Query = (this: pg.Client, ...args: unknown[]) => unknown;
const proto = pg.Client.prototype as unknown as { query: Query };
const original = proto.query;
proto.query = function (this: pg.Client & { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
  if (sent && this.connectionParameters?.application_name === APP_NAME) {
    const q = args[0];
    sent.push(typeof q === 'string' ? q : String((q as { text?: string })?.text ?? q));
    sentValues.push(((typeof q === 'string' ? args[1] : (q as { values?: unknown[] })?.values) as unknown[] | undefined) ?? []);
  }
  return original.apply(this, args);
};

/** The statements one request sent, whitespace squeezed; by default at a working-day morning, since the queue depends on contact hours. */
async function statementsOf(query: string, variables: Record<string, unknown>, token: string, now = '2026-12-01T03:00:00Z'): Promise<string[]> {
  sent = [];
  sentValues = [];
  try {
    const res = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': now },
      body: JSON.stringify({ query, variables }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    return sent.map((s) => s.replace(/\s+/g, ' ').trim());
  } finally {
    sent = null;
  }
}

const LIST = `query($first: Int) { accounts(first: $first) {
  edges { node { id bankRef totalDue { amount currency } daysPastDue bucket debtor { name } client { name } } }
  pageInfo { hasNextPage endCursor } } }`;

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  const a = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 40, prefix: 'A' });
  await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 30, prefix: 'B' });
  accountId = a.accountIds[0];
  await t.owner.query(`update account set assigned_collector_id = $1, assigned_at = now() where client_id = $2`, [t.tenants.users.collector, t.tenants.bankAId]);
  Object.assign(tokens, await t.loginEach({ supervisor: 'supervisor@demo-agency.test', collector: 'collector@demo-agency.test', bankA: 'bank-a@demo-bank-a.test' }));
});

afterAll(async () => {
  proto.query = original;
  await t?.close();
});

const isBegin = (s: string) => /^start transaction; select \* from app\.begin_request\(/i.test(s);
const isCommit = (s: string) => /^commit$/i.test(s);

describe('statements per request on the hot reads', () => {
  it('account list, 20 and 50 rows with debtor and bank names: begin with tenant context, one query, commit', async () => {
    for (const first of [20, 50]) {
      const s = await statementsOf(LIST, { first }, tokens.supervisor);
      expect(s).toHaveLength(3);
      expect(isBegin(s[0])).toBe(true);
      expect(s[1]).toMatch(/from account a left join debtor d .* left join client c /);
      expect(isCommit(s[2])).toBe(true);
    }
  });

  it('the joined debtor reads only the columns its fields need, and answers every field as the debtor read by id does', async () => {
    const [s] = (await statementsOf(LIST, { first: 20 }, tokens.supervisor)).slice(1);
    expect(s).toMatch(/, d\.id as "debtor\.id", d\.client_id as "debtor\.client_id", d\.full_name as "debtor\.full_name", c\.id /);
    const fields = 'id name nationalIdMasked phones addresses employer timeZone idDocumentType identityMatch';
    const res = await t.gql<{ accounts: { edges: { node: { debtor: { id: string } } }[] } }>(`{ accounts(first: 3) { edges { node { debtor { ${fields} } } } } }`, {}, tokens.supervisor);
    expect(res.errors).toBeUndefined();
    const joined = res.data!.accounts.edges.map((e) => e.node.debtor);
    expect(joined).toHaveLength(3);
    for (const debtor of joined) {
      const byId = await t.gql<{ node: unknown }>(`query($id: ID!) { node(id: $id) { ... on Debtor { ${fields} } } }`, { id: debtor.id }, tokens.supervisor);
      expect(byId.errors).toBeUndefined();
      expect(debtor).toEqual(byId.data!.node);
    }
  });

  it('the joined bank reads only the columns its fields need, and answers every field as the bank read by id does', async () => {
    const [s] = (await statementsOf(LIST, { first: 20 }, tokens.supervisor)).slice(1);
    expect(s).toMatch(/, c\.id as "client\.id", c\.name as "client\.name" from account a /);
    const fields = 'id name code currency timeZone createdAt';
    const res = await t.gql<{ accounts: { edges: { node: { client: { id: string } } }[] } }>(`{ accounts(first: 40) { edges { node { client { ${fields} } } } } }`, {}, tokens.supervisor);
    expect(res.errors).toBeUndefined();
    const banks = new Map(res.data!.accounts.edges.map((e) => [e.node.client.id, e.node.client]));
    expect(banks.size).toBe(2);
    for (const bank of banks.values()) {
      const byId = await t.gql<{ node: unknown }>(`query($id: ID!) { node(id: $id) { ... on Client { ${fields} } } }`, { id: bank.id }, tokens.supervisor);
      expect(byId.errors).toBeUndefined();
      expect(bank).toEqual(byId.data!.node);
    }
    // priority alone joins the bank for its time zone, and reads no bank again for it.
    const withPriority = await statementsOf(`{ accounts(first: 20) { edges { node { id priority { score } } } } }`, {}, tokens.supervisor);
    expect(withPriority[1]).toMatch(/, c\.id as "client\.id", c\.time_zone as "client\.time_zone" from account a /);
    expect(withPriority.filter((x) => /from client\b/.test(x))).toHaveLength(0);
  });

  it('a bank joined with some of its columns is not handed to other readers of the bank', async () => {
    // The placement's bank goes through the request's client loader; the list's join read the name alone.
    const res = await t.gql<{ accounts: { edges: { node: { client: { name: string }; placement: { client: { id: string; code: string; createdAt: string } } } }[] } }>(
      `{ accounts(first: 5) { edges { node { client { name } placement { client { id code createdAt } } } } } }`,
      {},
      tokens.supervisor,
    );
    expect(res.errors).toBeUndefined();
    for (const { node } of res.data!.accounts.edges) {
      const byId = await t.gql<{ node: { code: string; createdAt: string } }>(`query($id: ID!) { node(id: $id) { ... on Client { code createdAt } } }`, { id: node.placement.client.id }, tokens.supervisor);
      expect(node.placement.client).toEqual({ id: node.placement.client.id, ...byId.data!.node });
    }
  });

  it('the list without names asked for joins nothing', async () => {
    const s = await statementsOf(`{ accounts(first: 20) { edges { node { id bankRef } } } }`, {}, tokens.supervisor);
    expect(s).toHaveLength(3);
    expect(s[1]).not.toMatch(/join/);
    // Only the columns the fields need (look-ahead), plus id, bank and the cursor's sort key.
    expect(s[1]).toMatch(/^select a\.id, a\.client_id, a\.total_due, a\.bank_ref from account a /);
  });

  it('one account by id with debtor and bank names, also through fragments', async () => {
    const s = await statementsOf(
      `query($id: ID!) { account(id: $id) { id bankRef ...Names } } fragment Names on Account { debtor { name } client { name } }`,
      { id: toGlobalId('Account', accountId) },
      tokens.bankA,
    );
    expect(s).toHaveLength(3);
    // One id: `=`, which keeps a generic plan of the prepared statement (`= any` is planned every time).
    expect(s[1]).toMatch(/left join debtor d .* left join client c .* where a\.id = \$1::uuid$/);
  });

  it('myQueue with priority and debtor: a constant number of queries per page, never one per account', async () => {
    const q = (first: number, includeBlocked: boolean) =>
      `{ myQueue(first: ${first}, includeBlocked: ${includeBlocked}) { edges { node { id bankRef priority { score } totalDue { amount } debtor { name } } } pageInfo { endCursor } } }`;
    // Without the contactability gate: the page with its debtors and banks joined, then the banks' queue weights.
    const all = await statementsOf(q(50, true), {}, tokens.collector);
    expect(all).toHaveLength(4);
    expect(all[2]).toMatch(/from client_policy .* kind = any/s);
    // The page is chosen from the queue index, then its rows are read with their debtors, in the same statement.
    expect(all[1]).toMatch(/where a\.assigned_collector_id = \$1.* qp join account a .* left join debtor d /s);
    // With the gate: the banks' contact policies and queue weights in one statement, then one page statement
    // that applies every contact rule in SQL; as many statements for a page of 50 as for a page of 2.
    const small = await statementsOf(q(2, false), {}, tokens.collector);
    const large = await statementsOf(q(50, false), {}, tokens.collector);
    expect(large).toHaveLength(4);
    expect(large[1]).toMatch(/from client_policy .* kind = any/s);
    expect(large[2]).toMatch(/jsonb_to_recordset.*app\.person_outbound_calls/s);
    expect(large.length).toBe(small.length);
  });

  it("myQueue when every zone of the queue is outside its contact hours: the page and its count never read the queue", async () => {
    const q = `{ myQueue(first: 50) { totalCount edges { node { id } } } }`;
    /** How many times the page and count statements of one request read `account`, under the collector's context. */
    const accountReads = async (now: string) => {
      const s = await statementsOf(q, {}, tokens.collector, now);
      const values = sentValues;
      const queue = s.map((text, i) => [text, values[i]] as const).filter(([text]) => /where a\.assigned_collector_id = \$1 /.test(text));
      expect(queue).toHaveLength(2);
      let loops = 0;
      const walk = (node: { 'Relation Name'?: string; 'Actual Loops': number; Plans?: unknown[] }) => {
        if (node['Relation Name'] === 'account') loops += node['Actual Loops'];
        for (const child of node.Plans ?? []) walk(child as typeof node);
      };
      await withTenant(t.dataSource, { userId: t.tenants.users.collector, agencyId: t.tenants.demoAgencyId }, async (m) => {
        for (const [text, params] of queue) walk((await m.query(`explain (analyze, format json) ${text}`, params))[0]['QUERY PLAN'][0].Plan);
      });
      return loops;
    };
    // 11:00 in Shanghai, where the demo's accounts are: the queue is read.
    expect(await accountReads('2026-12-01T03:00:00Z')).toBeGreaterThan(0);
    // 03:00 in Shanghai (and 01:00 in Urumqi): every zone is closed, so neither statement reads an account.
    expect(await accountReads('2026-11-30T19:00:00Z')).toBe(0);
  });

  it('portfolioSummary: the snapshot in one statement (the bank read only when asked for), no query per line', async () => {
    const q = `query($c: ID!) { portfolioSummary(clientId: $c) { totals { accounts placed { amount } } byBucket { key accounts } byPlacementMonth { key accounts liquidationRate } } }`;
    const vars = { c: toGlobalId('Client', t.tenants.bankAId) };
    await statementsOf(q, vars, tokens.bankA); // the first look builds the snapshot
    const s = await statementsOf(q, vars, tokens.bankA);
    expect(s).toHaveLength(3);
    expect(isBegin(s[0]) && isCommit(s[2])).toBe(true);
    expect(s[1]).toMatch(/from portfolio_snapshot/);
    const withBank = await statementsOf(`query($c: ID!) { portfolioSummary(clientId: $c) { client { name } totals { accounts } } }`, vars, tokens.bankA);
    expect(withBank).toHaveLength(4);
  });
});
