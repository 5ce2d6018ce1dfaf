import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DB_ROLES, readContextOnce } from '@arrears/db';
import { createTestDatabase, type TestDatabase } from './test-database.js';

// Row-level security at the SQL level, as the real application role (never a superuser or the owner),
// plus a catalog gate over every table any migration creates. Each denial is paired with the owner's
// view of the same rows, so a test cannot pass merely because a table is empty.

let db: TestDatabase;
let owner: pg.Client;
let app: pg.Client;

const ids = {
  agencyA: 'a0000000-0000-4000-8000-00000000000a',
  agencyB: 'b0000000-0000-4000-8000-00000000000b',
  bankA1: 'a1000000-0000-4000-8000-0000000000a1',
  bankA2: 'a2000000-0000-4000-8000-0000000000a2',
  bankB1: 'b1000000-0000-4000-8000-0000000000b1',
  firmA: 'af000000-0000-4000-8000-0000000000af',
  platform: '90000000-0000-4000-8000-000000000001',
  adminA: 'a0000000-0000-4000-8000-000000000001',
  bankUserA1: 'a0000000-0000-4000-8000-000000000002',
  collectorA: 'a0000000-0000-4000-8000-000000000003',
  lawyerA: 'a0000000-0000-4000-8000-000000000004',
  disabledA: 'a0000000-0000-4000-8000-000000000005',
  adminB: 'b0000000-0000-4000-8000-000000000001',
};

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Client({ connectionString: db.ownerUrl });
  app = new pg.Client({ connectionString: db.appUrl });
  await owner.connect();
  await app.connect();
  // Two agencies, three banks, one user of each kind: plain inserts as the owner (who bypasses RLS).
  const i = ids;
  await owner.query(`insert into agency (id, name) values ($1, 'Agency A'), ($2, 'Agency B')`, [i.agencyA, i.agencyB]);
  await owner.query(
    `insert into client (agency_id, id, name, code) values ($1, $2, 'Bank A1', 'A1'), ($1, $3, 'Bank A2', 'A2'), ($4, $5, 'Bank B1', 'B1')`,
    [i.agencyA, i.bankA1, i.bankA2, i.agencyB, i.bankB1],
  );
  await owner.query(`insert into law_firm (agency_id, id, name) values ($1, $2, 'Firm A')`, [i.agencyA, i.firmA]);
  await owner.query(
    `insert into app_user (id, agency_id, email, display_name, role, client_id, law_firm_id, password_hash, disabled_at) values
       ($1, null, 'platform@x.test', 'P', 'platform_admin', null, null, 'x', null),
       ($2, $8, 'admin@a.test', 'A', 'agency_admin', null, null, 'x', null),
       ($3, $8, 'bank@a1.test', 'B', 'client_user', $10, null, 'x', null),
       ($4, $8, 'collector@a.test', 'C', 'collector', null, null, 'x', null),
       ($5, $8, 'lawyer@a.test', 'L', 'lawyer', null, $11, 'x', null),
       ($6, $8, 'disabled@a.test', 'D', 'collector', null, null, 'x', now()),
       ($7, $9, 'admin@b.test', 'AB', 'agency_admin', null, null, 'x', null)`,
    [i.platform, i.adminA, i.bankUserA1, i.collectorA, i.lawyerA, i.disabledA, i.adminB, i.agencyA, i.agencyB, i.bankA1, i.firmA],
  );
  await owner.query(`insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3), ($1, $2, $4)`, [i.agencyA, i.bankA1, i.collectorA, i.disabledA]);
  await owner.query(
    `insert into audit_log (agency_id, actor_user_id, actor_role, kind, operation, outcome) values ($1, $2, 'agency_admin', 'mutation', 'seed', 'ok'), ($3, $4, 'agency_admin', 'mutation', 'seed', 'ok')`,
    [i.agencyA, i.adminA, i.agencyB, i.adminB],
  );
});

afterAll(async () => {
  await app?.end();
  await owner?.end();
  await db?.drop();
});

/** Runs `work` on the application connection inside one transaction with `user`'s context, then rolls back. */
async function asUser<T>(userId: string, agencyId: string | null, work: (ctx: { client_ids: string[]; role: string }) => Promise<T>): Promise<T> {
  await app.query('begin');
  try {
    const { rows } = await app.query('select * from app.begin_request($1, $2)', [userId, agencyId]);
    expect(rows, 'begin_request found no such active user').toHaveLength(1);
    return await work(rows[0]);
  } finally {
    await app.query('rollback');
  }
}

const sqlState = async (c: pg.Client, sql: string, params: unknown[] = []) => {
  await c.query('savepoint s');
  try {
    await c.query(sql, params);
    await c.query('release savepoint s');
    return null;
  } catch (e) {
    await c.query('rollback to savepoint s');
    return (e as { code?: string }).code ?? 'unknown';
  }
};

/** How many reads of a setting in a printed policy are not the whole of a scalar subquery (evaluated per row). */
function bareContextReads(expr: string): number {
  const all = expr.match(/current_setting\(/g)?.length ?? 0;
  const once = expr.match(/\( SELECT (\(COALESCE\()?(\(?NULLIF\()?current_setting\(/g)?.length ?? 0;
  return all - once;
}

/** Tables holding tenant data: RLS enabled, or an agency_id / client_id column. Found in the catalog. */
async function tenantTables(): Promise<string[]> {
  const { rows } = await owner.query(`
    select distinct c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    left join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attname in ('agency_id', 'client_id')
    where n.nspname = 'public' and c.relkind in ('r', 'p') and (c.relrowsecurity or a.attname is not null)
    order by 1`);
  return rows.map((r) => r.name);
}

describe('without a tenant context', () => {
  it('the application role sees no row of any tenant table, while the owner does', async () => {
    const tables = await tenantTables();
    expect(tables).toEqual(expect.arrayContaining(['agency', 'client', 'law_firm', 'app_user', 'user_client_scope', 'audit_log']));
    const leaks: string[] = [];
    const withRows: string[] = [];
    for (const t of tables) {
      const ident = owner.escapeIdentifier(t);
      const own = (await owner.query(`select count(*)::int as n from ${ident}`)).rows[0].n;
      if (own > 0) withRows.push(t);
      let seen = 0;
      try {
        seen = (await app.query(`select count(*)::int as n from ${ident}`)).rows[0].n;
      } catch (e) {
        // No SELECT grant at all is also "sees nothing"; any other error is a failure.
        if ((e as { code?: string }).code !== '42501') throw e;
      }
      if (seen > 0) leaks.push(`${t} (${seen} of ${own} rows)`);
    }
    expect(leaks, 'tables the application role can read without a context').toEqual([]);
    expect(withRows).toEqual(expect.arrayContaining(['agency', 'client', 'law_firm', 'app_user', 'user_client_scope', 'audit_log']));
  });

  it('the application role cannot write tenant rows either', async () => {
    await app.query('begin');
    try {
      expect(await sqlState(app, `insert into client (agency_id, name, code) values ($1, 'Sneaky', 'SNEAKY')`, [ids.agencyA])).toBe('42501');
      expect(await sqlState(app, `insert into agency (name) values ('Sneaky agency')`)).toBe('42501');
      const upd = await app.query(`update app_user set role = 'agency_admin' where id = $1`, [ids.collectorA]);
      expect(upd.rowCount).toBe(0);
    } finally {
      await app.query('rollback');
    }
    const [row] = (await owner.query('select role from app_user where id = $1', [ids.collectorA])).rows;
    expect(row.role).toBe('collector');
  });
});

describe('app.begin_request sets the context from the database', () => {
  it('scopes a bank user to its own bank and to itself', async () => {
    await asUser(ids.bankUserA1, ids.agencyA, async (ctx) => {
      expect(ctx.role).toBe('client_user');
      expect(ctx.client_ids).toEqual([ids.bankA1]);
      expect((await app.query('select id from client')).rows).toEqual([{ id: ids.bankA1 }]);
      expect((await app.query('select id from app_user')).rows).toEqual([{ id: ids.bankUserA1 }]);
      expect((await app.query('select id from agency')).rows).toEqual([{ id: ids.agencyA }]);
      expect((await app.query('select * from law_firm')).rows).toEqual([]);
      // Scope rows are visible per bank: only those of its own bank (which staff work it).
      const scopes = (await app.query('select client_id from user_client_scope')).rows;
      expect(scopes.every((r) => r.client_id === ids.bankA1)).toBe(true);
    });
    // Owner: the rows the bank user did not see are there.
    expect((await owner.query('select count(*)::int as n from client')).rows[0].n).toBe(3);
    expect((await owner.query('select count(*)::int as n from user_client_scope')).rows[0].n).toBe(2);
  });

  it('gives a collector its scope, an agency admin every bank of its agency and nothing of the other agency', async () => {
    await asUser(ids.collectorA, ids.agencyA, async (ctx) => {
      expect(ctx.client_ids).toEqual([ids.bankA1]);
      expect((await app.query('select id from client')).rows).toEqual([{ id: ids.bankA1 }]);
    });
    await asUser(ids.adminA, ids.agencyA, async (ctx) => {
      expect([...ctx.client_ids].sort()).toEqual([ids.bankA1, ids.bankA2].sort());
      const users = (await app.query('select agency_id from app_user')).rows;
      expect(users.length).toBeGreaterThan(1);
      expect(users.every((u) => u.agency_id === ids.agencyA)).toBe(true);
      expect((await app.query('select agency_id from audit_log')).rows).toEqual([{ agency_id: ids.agencyA }]);
    });
    await asUser(ids.adminB, ids.agencyB, async () => {
      expect((await app.query('select id from client')).rows).toEqual([{ id: ids.bankB1 }]);
      expect((await app.query('select id from app_user where agency_id = $1', [ids.agencyA])).rows).toEqual([]);
      expect((await app.query('select id from law_firm')).rows).toEqual([]);
    });
  });

  it('gives a lawyer its firm and no bank', async () => {
    await asUser(ids.lawyerA, ids.agencyA, async (ctx) => {
      expect(ctx.client_ids).toEqual([]);
      expect((await app.query('select id from law_firm')).rows).toEqual([{ id: ids.firmA }]);
      expect((await app.query('select id from client')).rows).toEqual([]);
    });
  });

  it('sets no context for a disabled user, a wrong agency or an unknown user', async () => {
    for (const [user, agency] of [
      [ids.disabledA, ids.agencyA],
      [ids.adminA, ids.agencyB],
      [ids.adminA, null],
      ['00000000-0000-4000-8000-000000000000', ids.agencyA],
    ]) {
      await app.query('begin');
      try {
        expect((await app.query('select * from app.begin_request($1, $2)', [user, agency])).rows).toEqual([]);
        expect((await app.query(`select current_setting('app.agency_id', true) as a, current_setting('app.user_id', true) as u`)).rows[0]).toMatchObject({
          a: expect.toSatisfy((v: string | null) => !v),
          u: expect.toSatisfy((v: string | null) => !v),
        });
        expect((await app.query('select count(*)::int as n from client')).rows[0].n).toBe(0);
      } finally {
        await app.query('rollback');
      }
    }
  });

  it('rejects writes into another tenant', async () => {
    await asUser(ids.adminA, ids.agencyA, async () => {
      expect(await sqlState(app, `insert into client (agency_id, name, code) values ($1, 'Into B', 'INTO_B')`, [ids.agencyB])).toBe('42501');
      expect(await sqlState(app, `insert into law_firm (agency_id, name) values ($1, 'Into B')`, [ids.agencyB])).toBe('42501');
      expect(await sqlState(app, `insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3)`, [ids.agencyB, ids.bankB1, ids.adminB])).toBe('42501');
      expect(
        await sqlState(app, `insert into app_user (agency_id, email, display_name, role, password_hash) values ($1, 'x@b.test', 'X', 'agency_admin', 'x')`, [ids.agencyB]),
      ).toBe('42501');
      expect((await app.query(`update client set name = 'Renamed' where id = $1`, [ids.bankB1])).rowCount).toBe(0);
      expect((await app.query(`update app_user set disabled_at = now() where id = $1`, [ids.adminB])).rowCount).toBe(0);
      // Moving one of its own rows into the other agency is refused too (WITH CHECK).
      expect(await sqlState(app, `update client set agency_id = $1 where id = $2`, [ids.agencyB, ids.bankA2])).toBe('42501');
    });
    await asUser(ids.collectorA, ids.agencyA, async () => {
      expect(await sqlState(app, `insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3)`, [ids.agencyA, ids.bankA2, ids.collectorA])).toBe('42501');
      expect((await app.query(`update app_user set role = 'agency_admin' where id = $1`, [ids.collectorA])).rowCount).toBe(0);
    });
    const rows = (await owner.query(`select name, agency_id from client where id = any($1::uuid[]) order by name`, [[ids.bankA2, ids.bankB1]])).rows;
    expect(rows).toEqual([
      { name: 'Bank A2', agency_id: ids.agencyA },
      { name: 'Bank B1', agency_id: ids.agencyB },
    ]);
  });

  it('a scope row naming another agency’s bank still shows nothing of that bank (agency check in every policy)', async () => {
    const insert = () => owner.query(`insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3)`, [ids.agencyA, ids.bankB1, ids.collectorA]);
    // First line of defence: the database refuses such a row (the key carries the agency).
    await expect(insert()).rejects.toMatchObject({ code: '23503' });
    // Second line: with that key gone (a bug in a later migration), RLS still keeps the agency.
    await owner.query('alter table user_client_scope drop constraint user_client_scope_client_in_agency');
    try {
      await insert();
      await asUser(ids.collectorA, ids.agencyA, async (ctx) => {
        expect(ctx.client_ids).toContain(ids.bankB1);
        expect((await app.query('select id from client where id = $1', [ids.bankB1])).rows).toEqual([]);
      });
    } finally {
      await owner.query('delete from user_client_scope where user_id = $1 and client_id = $2', [ids.collectorA, ids.bankB1]);
      await owner.query('alter table user_client_scope add constraint user_client_scope_client_in_agency foreign key (agency_id, client_id) references client (agency_id, id)');
    }
  });
});

describe('the context never outlives its transaction', () => {
  const settings = async () =>
    (
      await app.query(
        `select current_setting('app.agency_id', true) as agency, current_setting('app.user_id', true) as usr,
                current_setting('app.role', true) as role, current_setting('app.client_ids', true) as clients`,
      )
    ).rows[0];
  const empty = (s: Record<string, string | null>) => Object.values(s).every((v) => !v);

  it('after a committed request, the next transaction on the same connection has no context', async () => {
    await app.query('begin');
    await app.query('select * from app.begin_request($1, $2)', [ids.adminA, ids.agencyA]);
    expect((await app.query('select count(*)::int as n from client')).rows[0].n).toBe(2);
    await app.query('commit');

    await app.query('begin');
    try {
      expect(empty(await settings())).toBe(true);
      expect((await app.query('select count(*)::int as n from client')).rows[0].n).toBe(0);
      expect((await app.query('select count(*)::int as n from app_user')).rows[0].n).toBe(0);
    } finally {
      await app.query('commit');
    }
  });

  it('after a rolled-back request too', async () => {
    await app.query('begin');
    await app.query('select * from app.begin_request($1, $2)', [ids.adminB, ids.agencyB]);
    await app.query('rollback');
    expect(empty(await settings())).toBe(true);
    expect((await app.query('select count(*)::int as n from client')).rows[0].n).toBe(0);
  });

  it('called outside a transaction, the context lasts one statement only', async () => {
    await app.query('select * from app.begin_request($1, $2)', [ids.adminA, ids.agencyA]);
    expect(empty(await settings())).toBe(true);
    expect((await app.query('select count(*)::int as n from client')).rows[0].n).toBe(0);
  });
});

describe('database roles', () => {
  it('the application role is no superuser, cannot bypass RLS, and cannot become the owner', async () => {
    const { rows } = await owner.query(
      `select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, pg_has_role(rolname, $2, 'MEMBER') as owner_member from pg_roles where rolname = $1`,
      [DB_ROLES.app, DB_ROLES.owner],
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, owner_member: false }]);
  });

  it('the worker role is the application role plus the job queue: no superuser, no bypass, not the owner', async () => {
    const { rows } = await owner.query(
      `select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, pg_has_role(rolname, $2, 'MEMBER') as owner_member, pg_has_role(rolname, $3, 'MEMBER') as app_member
         from pg_roles where rolname = $1`,
      [DB_ROLES.worker, DB_ROLES.owner, DB_ROLES.app],
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, owner_member: false, app_member: true }]);
    const { rows: owned } = await owner.query(`select c.relname from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = $1`, [DB_ROLES.worker]);
    expect(owned).toEqual([]);
  });

  it('the application role owns no table, view, sequence, schema or function', async () => {
    const { rows } = await owner.query(
      `select 'relation ' || c.relname as what from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = $1
       union all select 'schema ' || n.nspname from pg_namespace n join pg_roles r on r.oid = n.nspowner where r.rolname = $1
       union all select 'function ' || p.proname from pg_proc p join pg_roles r on r.oid = p.proowner where r.rolname = $1`,
      [DB_ROLES.app],
    );
    expect(rows).toEqual([]);
  });

  it('the tables are owned by the owner role, which is no superuser', async () => {
    const { rows } = await owner.query(
      `select c.relname, r.rolname from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_roles r on r.oid = c.relowner
       where n.nspname = 'public' and c.relkind in ('r', 'p') and r.rolname <> $1`,
      [DB_ROLES.owner],
    );
    expect(rows).toEqual([]);
    const [o] = (await owner.query('select rolsuper from pg_roles where rolname = $1', [DB_ROLES.owner])).rows;
    expect(o.rolsuper).toBe(false);
  });
});

describe('catalog gate (every table of every migration, found in pg_catalog)', () => {
  /**
   * Agency-wide tables whose nullable client_id is an attribute of the row, not its tenant key (a bank
   * user's bank). They are reference tables for Citus, so the client-key rules do not apply; RLS does.
   * A new entry here needs a reviewer's reason.
   */
  const AGENCY_WIDE_WITH_CLIENT_ATTRIBUTE = new Set(['app_user']);

  interface TableInfo {
    name: string;
    rls: boolean;
    forced: boolean;
    has_agency: boolean;
    has_client: boolean;
    client_not_null: boolean;
    pk_has_client: boolean | null;
    unique_without_client: string[];
  }

  let tables: TableInfo[];
  beforeAll(async () => {
    tables = (
      await owner.query(`
        select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
          exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'agency_id' and not a.attisdropped) as has_agency,
          ca.attnum is not null as has_client,
          coalesce(ca.attnotnull, false) as client_not_null,
          (select ca.attnum = any (i.indkey::int2[]) from pg_index i where i.indrelid = c.oid and i.indisprimary) as pk_has_client,
          coalesce((select array_agg(ic.relname::text order by ic.relname) from pg_index i join pg_class ic on ic.oid = i.indexrelid
                    where i.indrelid = c.oid and i.indisunique and not (ca.attnum = any (i.indkey::int2[]))), '{}') as unique_without_client
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        left join pg_attribute ca on ca.attrelid = c.oid and ca.attname = 'client_id' and not ca.attisdropped
        where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and c.relkind in ('r', 'p')
        order by 1`)
    ).rows;
    expect(tables.length).toBeGreaterThan(5);
  });

  it('every table with a client_id column has RLS enabled and forced', () => {
    const offenders = tables.filter((t) => t.has_client && !(t.rls && t.forced)).map((t) => `${t.name} (rls ${t.rls}, forced ${t.forced})`);
    expect(offenders, 'client tables without ENABLE + FORCE ROW LEVEL SECURITY').toEqual([]);
  });

  it('every table with an agency_id column has RLS enabled and forced', () => {
    const offenders = tables.filter((t) => t.has_agency && !(t.rls && t.forced)).map((t) => `${t.name} (rls ${t.rls}, forced ${t.forced})`);
    expect(offenders, 'agency tables without ENABLE + FORCE ROW LEVEL SECURITY').toEqual([]);
  });

  it('every client-keyed table has client_id in its primary key and in every unique constraint or index', () => {
    const keyed = tables.filter((t) => t.has_client && !AGENCY_WIDE_WITH_CLIENT_ATTRIBUTE.has(t.name));
    const offenders = [
      ...keyed.filter((t) => !t.client_not_null).map((t) => `${t.name}: client_id is nullable (a tenant key must not be)`),
      ...keyed.filter((t) => t.pk_has_client !== true).map((t) => `${t.name}: primary key ${t.pk_has_client === null ? 'missing' : 'without client_id'}`),
      ...keyed.flatMap((t) => t.unique_without_client.map((ix) => `${t.name}: unique index ${ix} without client_id`)),
    ];
    expect(offenders, 'Citus: client_id must be part of every key of a tenant table').toEqual([]);
  });

  it('the exceptions above are still what they claim to be (nullable client_id, agency-wide)', () => {
    for (const name of AGENCY_WIDE_WITH_CLIENT_ATTRIBUTE) {
      const t = tables.find((x) => x.name === name);
      expect(t, `${name} no longer exists: remove it from the exceptions`).toBeDefined();
      expect(t!.has_agency && !t!.client_not_null, `${name} is no longer agency-wide with an optional client`).toBe(true);
    }
  });

  /**
   * The job queue (graphile-worker's own schema) is deliberately outside the tenant tables: its rows
   * carry ids only (job_run in public is the tenant-facing record, under RLS like every client table),
   * the application role cannot reach the schema at all, and only the worker role has policies on it.
   */
  it('the job queue schema holds no tenant column and is out of the application role’s reach', async () => {
    const queueTables = tables.filter((t) => t.name.startsWith('_private_') || t.name === 'migrations' || t.name === 'known_crontabs');
    expect(queueTables.length).toBeGreaterThan(2);
    const { rows: tenantCols } = await owner.query(
      `select c.relname, a.attname from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
        where n.nspname = 'graphile_worker' and a.attname in ('agency_id', 'client_id') and not a.attisdropped`,
    );
    expect(tenantCols).toEqual([]);
    const [priv] = (
      await owner.query(`select has_schema_privilege($1, 'graphile_worker', 'USAGE') as app, has_schema_privilege($2, 'graphile_worker', 'USAGE') as worker`, [
        DB_ROLES.app,
        DB_ROLES.worker,
      ])
    ).rows;
    expect(priv).toEqual({ app: false, worker: true });
    const { rows: policies } = await owner.query(`select distinct unnest(p.roles)::text as role from pg_policies p where p.schemaname = 'graphile_worker'`);
    expect(policies).toEqual([{ role: DB_ROLES.worker }]);
    expect(tables.find((t) => t.name === 'job_run')).toMatchObject({ rls: true, forced: true, has_client: true, pk_has_client: true });
  });

  it('every policy reads the request context once per statement (a subquery), never once per row', async () => {
    const { rows } = await owner.query(`
      select c.relname || '.' || p.polname as policy, pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
        from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'`);
    expect(rows.length).toBeGreaterThan(50);
    const perRow = rows.filter((r) => [r.using, r.check].some((e: string | null) => e && bareContextReads(e) > 0)).map((r) => r.policy);
    expect(perRow).toEqual([]);
  });

  it('readContextOnce (migration 0024) rewrites a policy written with bare reads, and the policy still scopes rows', async () => {
    const bare = {
      agencyId: `nullif(current_setting('app.agency_id', true), '')::uuid`,
      clientIds: `coalesce(nullif(current_setting('app.client_ids', true), ''), '{}')::uuid[]`,
      role: `current_setting('app.role', true)`,
    };
    await owner.query(`create table rls_probe (agency_id uuid not null, client_id uuid not null, v int not null)`);
    try {
      await owner.query(`alter table rls_probe enable row level security; alter table rls_probe force row level security; grant select on rls_probe to ${DB_ROLES.app}`);
      await owner.query(
        `create policy rls_probe_scope on rls_probe using (agency_id = ${bare.agencyId} and client_id = any (${bare.clientIds}) and coalesce(${bare.role}, '') <> 'lawyer')`,
      );
      await owner.query(`insert into rls_probe values ($1, $2, 1), ($3, $4, 2)`, [ids.agencyA, ids.bankA1, ids.agencyB, ids.bankB1]);
      const printed = async () => (await owner.query(`select pg_get_expr(polqual, polrelid) as e from pg_policy where polname = 'rls_probe_scope'`)).rows[0].e as string;
      const before = await printed();
      expect(bareContextReads(before)).toBe(3);
      await owner.query(`alter policy rls_probe_scope on rls_probe using (${readContextOnce(before)})`);
      const after = await printed();
      expect(bareContextReads(after)).toBe(0);
      expect(readContextOnce(after)).toBe(after);
      await asUser(ids.adminA, ids.agencyA, async () => expect((await app.query('select v from rls_probe')).rows).toEqual([{ v: 1 }]));
      await asUser(ids.adminB, ids.agencyB, async () => expect((await app.query('select v from rls_probe')).rows).toEqual([{ v: 2 }]));
      await asUser(ids.lawyerA, ids.agencyA, async () => expect((await app.query('select v from rls_probe')).rows).toEqual([]));
    } finally {
      await owner.query('drop table rls_probe');
    }
  });

  it('every table with RLS has at least one policy (RLS without a policy is a silent deny-all)', async () => {
    const { rows } = await owner.query(`
      select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relrowsecurity and not exists (select 1 from pg_policy p where p.polrelid = c.oid)`);
    expect(rows.map((r) => r.relname)).toEqual([]);
  });
});
