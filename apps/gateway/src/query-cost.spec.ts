import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// One request cannot run thousands of statements: nested per-row lists load through DataLoaders (a
// fixed number of statements whatever the page size), and the cost limit counts list sizes.

let gw: TestGateway;
let admin: string;
let bankUser: string;
let fixture: FixtureAccounts;

beforeAll(async () => {
  gw = await startTestGateway(inject('pgAdminUrl'));
  ({ admin, bankUser } = await gw.loginEach({ admin: 'admin@demo-agency.test', bankUser: 'bank-a@demo-bank-a.test' }));
  const t = gw.tenants;
  fixture = await insertAccounts(gw.owner, { agencyId: t.demoAgencyId, clientId: t.bankAId, n: 200, prefix: 'COST' });
  // Two bucket changes and two assignments per account, so every nested list has rows.
  await gw.ownerQuery(
    `insert into bucket_history (client_id, agency_id, account_id, from_bucket, to_bucket, dpd, changed_on)
     select client_id, agency_id, id, b.f, b.t, dpd, date '2026-10-01' + b.n from account, (values (null, 'M1', 0), ('M1', 'M2', 1)) b(f, t, n) where placement_id = $1`,
    [fixture.placementId],
  );
  await gw.ownerQuery(
    `insert into assignment_history (client_id, agency_id, account_id, collector_id, assigned_by, rule)
     select client_id, agency_id, id, $2, $3, r from account, unnest(array['manual', 'round_robin']) r where placement_id = $1`,
    [fixture.placementId, t.users.collector, t.users.admin],
  );
});
afterAll(async () => {
  await gw?.close();
});

const PAGE = `query($first: Int!, $placement: ID!) {
  accounts(first: $first, filter: { placementId: $placement }) {
    edges { node { id bucketHistory { toBucket } assignmentHistory { rule } debtor { name employer contacts { name } } } }
  }
}`;

/** Runs one request and counts the SQL statements the gateway sent for it (BEGIN and COMMIT included). */
async function countStatements(run: () => Promise<unknown>): Promise<number> {
  const logger = gw.dataSource.logger;
  const original = logger.logQuery.bind(logger);
  let n = 0;
  logger.logQuery = (...args: Parameters<typeof original>) => {
    n++;
    return original(...args);
  };
  try {
    await run();
  } finally {
    logger.logQuery = original;
  }
  return n;
}

describe('nested lists through DataLoaders', () => {
  const placement = () => Buffer.from(`Placement:${fixture.placementId}`).toString('base64url');

  it('a 200-node page asking three nested lists stays within a fixed number of statements', async () => {
    let page: { accounts: { edges: { node: { bucketHistory: unknown[]; assignmentHistory: unknown[]; debtor: { contacts: unknown[] } } }[] } } | null = null;
    const statements = await countStatements(async () => {
      const r = await gw.gql<typeof page & object>(PAGE, { first: 200, placement: placement() }, admin);
      expect(r.errors?.map((e) => e.message)).toBeUndefined();
      page = r.data!;
    });
    const nodes = page!.accounts.edges.map((e) => e.node);
    expect(nodes).toHaveLength(200);
    expect(nodes.every((n) => n.bucketHistory.length === 2 && n.assignmentHistory.length === 2 && n.debtor.contacts.length === 1)).toBe(true);
    // begin, begin_request, the page, its count, three list batches, debtors, commit — and nothing per row.
    expect(statements).toBeLessThanOrEqual(12);
    const oneRow = await countStatements(() => gw.gql(PAGE, { first: 1, placement: placement() }, admin));
    expect(statements).toBe(oneRow);
  });

  it('the batched lists keep their order (newest first) and belong to the right account', async () => {
    const r = await gw.gql(PAGE, { first: 3, placement: placement() }, admin);
    for (const { node: n } of r.data!.accounts.edges) {
      expect(n.bucketHistory.map((b: { toBucket: string }) => b.toBucket)).toEqual(['M2', 'M1']);
      expect(n.assignmentHistory.map((a: { rule: string }) => a.rule).sort()).toEqual(['manual', 'round_robin']);
    }
  });
});

describe('cost limit counting list sizes', () => {
  const placement = () => Buffer.from(`Placement:${fixture.placementId}`).toString('base64url');

  it('refuses three such 200-node pages in one request, before running a statement', async () => {
    const triple = `query($p: ID!) {
      a: accounts(first: 200, filter: { placementId: $p }) { edges { node { bucketHistory { toBucket } assignmentHistory { rule } debtor { contacts { name } } } } }
      b: accounts(first: 200, filter: { placementId: $p }) { edges { node { bucketHistory { toBucket } assignmentHistory { rule } debtor { contacts { name } } } } }
      c: accounts(first: 200, filter: { placementId: $p }) { edges { node { bucketHistory { toBucket } assignmentHistory { rule } debtor { contacts { name } } } } }
    }`;
    let r: Awaited<ReturnType<typeof gw.gql>> | undefined;
    const statements = await countStatements(async () => {
      r = await gw.gql(triple, { p: placement() }, admin);
    });
    expect(r!.status).toBe(400);
    expect(r!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r!.errors!.map((e) => e.message)).toEqual([expect.stringMatching(/exceeds the maximum of 75000/)]);
    expect(r!.errors![0].extensions).toMatchObject({ maxCost: 75_000 });
    expect(r!.errors![0].extensions!.cost as number).toBeGreaterThan(75_000);
    // The session was opened for the signed-in user, but no query of the page ran.
    expect(statements).toBeLessThanOrEqual(3);
  });

  it('counts the page size asked for: the same shape with small pages passes', async () => {
    const small = `query($p: ID!) {
      a: accounts(first: 20, filter: { placementId: $p }) { edges { node { bucketHistory { toBucket } } } }
      b: accounts(first: 20, filter: { placementId: $p }) { edges { node { assignmentHistory { rule } } } }
    }`;
    const r = await gw.gql(small, { p: placement() }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.a.edges).toHaveLength(20);
  });
});

describe('Debtor.employer', () => {
  it('is hidden from bank users, shown to agency staff', async () => {
    await gw.ownerQuery(`update debtor set employer = '某某科技有限公司' where client_id = $1`, [gw.tenants.bankAId]);
    const placement = Buffer.from(`Placement:${fixture.placementId}`).toString('base64url');
    const q = `query($p: ID!) { accounts(first: 5, filter: { placementId: $p }) { edges { node { debtor { employer } } } } }`;
    const staff = await gw.gql(q, { p: placement }, admin);
    expect(staff.data!.accounts.edges.map((e: { node: { debtor: { employer: string } } }) => e.node.debtor.employer)).toEqual(Array(5).fill('某某科技有限公司'));
    const bank = await gw.gql(q, { p: placement }, bankUser);
    expect(bank.errors).toBeUndefined();
    expect(bank.data!.accounts.edges).toHaveLength(5);
    expect(bank.data!.accounts.edges.map((e: { node: { debtor: { employer: string | null } } }) => e.node.debtor.employer)).toEqual(Array(5).fill(null));
  });
});
