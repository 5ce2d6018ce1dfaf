// Planner statistics stay fresh after bulk writes made by the application role, which may not ANALYZE
// tables it does not own: app.refresh_statistics() (SECURITY DEFINER) does it, inside the writer's
// transaction. Checked through pg_class.reltuples, which only ANALYZE/VACUUM set.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { insertAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

let t: TestGateway;
const tokens: Record<string, string> = {};
const ROWS = 1200;

const reltuples = async (table: string) => Number((await t.ownerQuery(`select reltuples from pg_class where oid = $1::regclass`, [table]))[0].reltuples);

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  // Only this spec's writes may refresh the statistics (no autovacuum race).
  for (const table of ['account', 'bucket_history', 'assignment_history']) await t.ownerQuery(`alter table ${table} set (autovacuum_enabled = false)`);
  await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: ROWS, prefix: 'A' });
  Object.assign(tokens, await t.loginEach({ supervisor: 'supervisor@demo-agency.test', collector: 'collector@demo-agency.test', bankA: 'bank-a@demo-bank-a.test' }));
});

afterAll(async () => {
  await t?.close();
});

describe('fresh statistics', () => {
  it('a large aging run refreshes the statistics of account and bucket_history in its transaction', async () => {
    expect(await reltuples('account')).not.toBe(ROWS);
    const r = await t.gql(`mutation { recomputeAging { accountsAged bucketChanges } }`, {}, tokens.supervisor);
    expect(r.errors).toBeUndefined();
    expect(r.data!.recomputeAging.accountsAged).toBe(ROWS);
    expect(await reltuples('account')).toBe(ROWS);
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from bucket_history`);
    expect(await reltuples('bucket_history')).toBe(n);
  });

  it('a large assignment refreshes account and assignment_history', async () => {
    expect(await reltuples('assignment_history')).not.toBe(ROWS);
    const r = await t.gql(
      `mutation($input: AssignAccountsInput!) { assignAccounts(input: $input) { ... on AssignmentSummary { assigned } } }`,
      { input: { filter: { clientId: toGlobalId('Client', t.tenants.bankAId) }, collectorId: toGlobalId('User', t.tenants.users.collector) } },
      tokens.supervisor,
    );
    expect(r.data!.assignAccounts.assigned).toBe(ROWS);
    expect(await reltuples('assignment_history')).toBe(ROWS);
  });

  it('the application role may analyse only the listed tables, and only through the function', async () => {
    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      const { rows } = await app.query(`select app.refresh_statistics(array['app_user', 'account', 'pg_class', 'account']) as done`);
      expect(rows[0].done).toEqual(['account']);
      const before = Number((await t.ownerQuery(`select reltuples from pg_class where oid = 'app_user'::regclass`))[0].reltuples);
      await app.query('analyze app_user'); // not the owner: Postgres skips it with a warning
      expect(Number((await t.ownerQuery(`select reltuples from pg_class where oid = 'app_user'::regclass`))[0].reltuples)).toBe(before);
    } finally {
      await app.end();
    }
  });
});
