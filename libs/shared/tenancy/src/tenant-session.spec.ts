import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '@arrears/db';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { PrincipalNotFoundError, TenantSession, withTenant } from './tenant-session.js';

// The per-request unit of work against real Postgres, as the application role.
let db: TestDatabase;
let ds: DataSource;
let owner: pg.Client;
const agency = 'a0000000-0000-4000-8000-00000000000a';
const bank = 'a1000000-0000-4000-8000-0000000000a1';
const admin = 'a0000000-0000-4000-8000-000000000001';
const disabled = 'a0000000-0000-4000-8000-000000000002';

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  await owner.query(`insert into agency (id, name) values ($1, 'Agency A')`, [agency]);
  await owner.query(`insert into client (agency_id, id, name, code) values ($1, $2, 'Bank A', 'BANK_A')`, [agency, bank]);
  await owner.query(
    `insert into app_user (id, agency_id, email, display_name, role, password_hash, disabled_at) values
       ($1, $3, 'admin@a.test', 'A', 'agency_admin', 'x', null), ($2, $3, 'gone@a.test', 'G', 'collector', 'x', now())`,
    [admin, disabled, agency],
  );
  ds = createDataSource({ url: db.appUrl, poolSize: 2 });
  await ds.initialize();
});
afterAll(async () => {
  await ds?.destroy();
  await owner?.end();
  await db?.drop();
});

const idle = () => (ds.driver as unknown as { master: pg.Pool }).master;

describe('TenantSession', () => {
  it('loads the principal from the database and scopes every query of the request', async () => {
    const names = await withTenant(ds, { userId: admin, agencyId: agency }, async (m, p) => {
      expect(p).toMatchObject({ userId: admin, agencyId: agency, role: 'agency_admin', clientIds: [bank], email: 'admin@a.test' });
      return (await m.query('select name from client')).map((r: { name: string }) => r.name);
    });
    expect(names).toEqual(['Bank A']);
  });

  it('commits on success and rolls back on failure', async () => {
    await withTenant(ds, { userId: admin, agencyId: agency }, (m) => m.query(`insert into law_firm (agency_id, name) values ($1, 'Kept')`, [agency]));
    await expect(
      withTenant(ds, { userId: admin, agencyId: agency }, async (m) => {
        await m.query(`insert into law_firm (agency_id, name) values ($1, 'Dropped')`, [agency]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await owner.query('select name from law_firm order by name');
    expect(rows).toEqual([{ name: 'Kept' }]);
  });

  it('refuses a disabled or unknown user, or the wrong agency, and returns the connection', async () => {
    for (const claims of [
      { userId: disabled, agencyId: agency },
      { userId: '00000000-0000-4000-8000-000000000000', agencyId: agency },
      { userId: admin, agencyId: null },
    ]) {
      const session = new TenantSession(ds, claims);
      await expect(session.open()).rejects.toBeInstanceOf(PrincipalNotFoundError);
      expect(session.isOpen).toBe(false);
    }
    expect(idle().totalCount - idle().idleCount).toBe(0);
  });

  it('without claims has no tenant context and sees nothing', async () => {
    const session = new TenantSession(ds, null);
    const m = await session.manager();
    expect(await m.query('select count(*)::int as n from client')).toEqual([{ n: 0 }]);
    expect(session.principal).toBeNull();
    await session.close(true);
    await session.close(true); // safe twice
    expect(idle().totalCount - idle().idleCount).toBe(0);
  });

  it('opens a real transaction that TypeORM knows about: a nested transaction is a savepoint, not a commit', async () => {
    await expect(
      withTenant(ds, { userId: admin, agencyId: agency }, async (m) => {
        expect((await m.query(`select now() = statement_timestamp() as same`))[0].same).toBe(false);
        await m.transaction((t) => t.query(`insert into law_firm (agency_id, name) values ($1, 'Nested')`, [agency]));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    const { rows } = await owner.query(`select count(*)::int as n from law_firm where name = 'Nested'`);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('refuses claims that are not uuids before they reach SQL, and returns the connection', async () => {
    for (const claims of [
      { userId: "x'); drop table law_firm; --", agencyId: agency },
      { userId: admin, agencyId: "' or true --" },
    ]) {
      const session = new TenantSession(ds, claims);
      await expect(session.open()).rejects.toBeInstanceOf(PrincipalNotFoundError);
    }
    expect(idle().totalCount - idle().idleCount).toBe(0);
    expect((await owner.query(`select to_regclass('law_firm') is not null as kept`)).rows).toEqual([{ kept: true }]);
  });

  it('leaves no context on the pooled connection for the next session', async () => {
    await withTenant(ds, { userId: admin, agencyId: agency }, async () => undefined);
    await withTenant(ds, { userId: admin, agencyId: agency }, async () => undefined);
    const session = new TenantSession(ds, null);
    const m = await session.manager();
    const [row] = await m.query(`select current_setting('app.agency_id', true) as a, current_setting('app.client_ids', true) as c`);
    expect(!row.a && !row.c).toBe(true);
    await session.close(false);
  });
});
