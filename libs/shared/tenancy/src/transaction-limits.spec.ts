import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '@arrears/db';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { TenantSession, TRANSACTION_LIMITS, withTenant } from './tenant-session.js';

// statement_timeout and idle_in_transaction_session_timeout per transaction, set by app.begin_request
// (no extra round trip), short for requests, longer for named jobs, never on the role.
let db: TestDatabase;
let ds: DataSource;
const agency = 'a0000000-0000-4000-8000-00000000000a';
const admin = 'a0000000-0000-4000-8000-000000000001';
const claims = { userId: admin, agencyId: agency };

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  await owner.query(`insert into agency (id, name) values ($1, 'Agency A')`, [agency]);
  await owner.query(`insert into app_user (id, agency_id, email, display_name, role, password_hash) values ($1, $2, 'admin@a.test', 'A', 'agency_admin', 'x')`, [admin, agency]);
  await owner.end();
  ds = createDataSource({ url: db.appUrl, poolSize: 1 });
  await ds.initialize();
});
afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const limitsOf = async (run: <T>(sql: string) => Promise<T>) =>
  run<{ st: string; idle: string }[]>(`select current_setting('statement_timeout') as st, current_setting('idle_in_transaction_session_timeout') as idle`);

describe('transaction limits', () => {
  it('a request transaction gets the short limits from app.begin_request, in the same statement', async () => {
    const s = new TenantSession(ds, claims);
    const m = await s.open();
    expect(await limitsOf((sql) => m.query(sql))).toEqual([{ st: '15s', idle: '30s' }]);
    await s.close(true);
  });

  it('withTenant (background work) gets the job limits, or the ones it names', async () => {
    expect(await withTenant(ds, claims, (m) => limitsOf((sql) => m.query(sql)))).toEqual([{ st: '30min', idle: '5min' }]);
    const custom = await withTenant(ds, claims, (m) => limitsOf((sql) => m.query(sql)), { limits: { statementTimeout: '2s', idleTimeout: '3s' } });
    expect(custom).toEqual([{ st: '2s', idle: '3s' }]);
    expect(TRANSACTION_LIMITS.request.statementTimeout).toBe('15s');
  });

  it('the limits end with the transaction: the pooled connection is back to the role default', async () => {
    await withTenant(ds, claims, (m) => m.query('select 1'), { limits: { statementTimeout: '2s', idleTimeout: '3s' } });
    // poolSize 1: the same connection.
    expect(await ds.query(`select current_setting('statement_timeout') as st`)).toEqual([{ st: '0' }]);
  });

  it('a statement past the limit is cancelled', async () => {
    await expect(withTenant(ds, claims, (m) => m.query('select pg_sleep(2)'), { limits: { statementTimeout: '200ms', idleTimeout: '5s' } })).rejects.toMatchObject({
      driverError: { code: '57014' },
    });
  });
});
