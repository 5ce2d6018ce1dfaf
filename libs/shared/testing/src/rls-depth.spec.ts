import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database.js';

// Row-level security in depth, at the SQL level as the application role: the role rules a resolver
// applies are also the database's, so a resolver bug cannot become a write. Each refusal is paired
// with a control (an allowed role doing the same, or the owner seeing the row unchanged).

let db: TestDatabase;
let owner: pg.Client;
let app: pg.Client;

const i = {
  agencyA: 'a0000000-0000-4000-8000-00000000000a',
  agencyB: 'b0000000-0000-4000-8000-00000000000b',
  bankA1: 'a1000000-0000-4000-8000-0000000000a1',
  bankB1: 'b1000000-0000-4000-8000-0000000000b1',
  firmB: 'bf000000-0000-4000-8000-0000000000bf',
  adminA: 'a0000000-0000-4000-8000-000000000001',
  bankUserA1: 'a0000000-0000-4000-8000-000000000002',
  collectorA: 'a0000000-0000-4000-8000-000000000003',
  supervisorA: 'a0000000-0000-4000-8000-000000000004',
  team: 'a7000000-0000-4000-8000-0000000000a7',
  placement: 'a3000000-0000-4000-8000-0000000000a3',
  debtor: 'a4000000-0000-4000-8000-0000000000a4',
  account: 'a5000000-0000-4000-8000-0000000000a5',
};

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Client({ connectionString: db.ownerUrl });
  app = new pg.Client({ connectionString: db.appUrl });
  await owner.connect();
  await app.connect();
  await owner.query(`insert into agency (id, name) values ($1, 'Agency A'), ($2, 'Agency B')`, [i.agencyA, i.agencyB]);
  await owner.query(`insert into client (agency_id, id, name, code) values ($1, $2, 'Bank A1', 'A1'), ($3, $4, 'Bank B1', 'B1')`, [i.agencyA, i.bankA1, i.agencyB, i.bankB1]);
  await owner.query(`insert into law_firm (agency_id, id, name) values ($1, $2, 'Firm B')`, [i.agencyB, i.firmB]);
  await owner.query(
    `insert into app_user (id, agency_id, email, display_name, role, client_id, password_hash) values
       ($1, $5, 'admin@a.test', 'A', 'agency_admin', null, 'secret-hash'),
       ($2, $5, 'bank@a1.test', 'B', 'client_user', $6, 'secret-hash'),
       ($3, $5, 'collector@a.test', 'C', 'collector', null, 'secret-hash'),
       ($4, $5, 'supervisor@a.test', 'S', 'supervisor', null, 'secret-hash')`,
    [i.adminA, i.bankUserA1, i.collectorA, i.supervisorA, i.agencyA, i.bankA1],
  );
  await owner.query(`insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3), ($1, $2, $4)`, [i.agencyA, i.bankA1, i.collectorA, i.supervisorA]);
  await owner.query(`insert into team (agency_id, id, name) values ($1, $2, 'Team')`, [i.agencyA, i.team]);
  await owner.query(`insert into team_member (agency_id, team_id, user_id) values ($1, $2, $3)`, [i.agencyA, i.team, i.collectorA]);
  await owner.query(`insert into placement (client_id, agency_id, id, name, placed_on) values ($1, $2, $3, 'P', '2026-10-01')`, [i.bankA1, i.agencyA, i.placement]);
  await owner.query(
    `insert into debtor (client_id, agency_id, id, full_name, national_id_masked, identity_hash, phones, addresses) values ($1, $2, $3, '客户', '110***', 'h1', '{}', '[]')`,
    [i.bankA1, i.agencyA, i.debtor],
  );
  await owner.query(
    `insert into account (client_id, agency_id, id, placement_id, debtor_id, bank_ref, currency, principal, overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on)
     values ($1, $2, $3, $4, $5, 'R-1', 'CNY', 1000, 500, '2026-09-01', 60, 'M2', '2026-11-01', '2026-10-01')`,
    [i.bankA1, i.agencyA, i.account, i.placement, i.debtor],
  );
});

afterAll(async () => {
  await app?.end();
  await owner?.end();
  await db?.drop();
});

/** `work` on the application connection in one transaction as `userId`, then rolled back. */
async function asUser<T>(userId: string, work: () => Promise<T>, writePath?: string): Promise<T> {
  await app.query('begin');
  try {
    const { rows } = await app.query('select * from app.begin_request($1, $2)', [userId, i.agencyA]);
    expect(rows).toHaveLength(1);
    if (writePath) await app.query(`select set_config('app.write_path', $1, true)`, [writePath]);
    return await work();
  } finally {
    await app.query('rollback');
  }
}

/** The SQLSTATE of a statement (null when it succeeded), inside a savepoint so the transaction goes on. */
async function sqlState(sql: string, params: unknown[] = []): Promise<{ code: string | null; rows: number }> {
  await app.query('savepoint s');
  try {
    const r = await app.query(sql, params);
    await app.query('release savepoint s');
    return { code: null, rows: r.rowCount ?? 0 };
  } catch (e) {
    await app.query('rollback to savepoint s');
    return { code: (e as { code?: string }).code ?? 'unknown', rows: 0 };
  }
}

describe('account column rules by application role', () => {
  it("a bank user's context cannot update money, status or assignment columns", async () => {
    await asUser(i.bankUserA1, async () => {
      // The row is visible to the bank user: the refusals below are the column rule, not RLS.
      expect((await app.query('select id from account where id = $1', [i.account])).rows).toHaveLength(1);
      expect((await sqlState('update account set collected = 999999 where id = $1', [i.account])).code).toBe('42501');
      expect((await sqlState('update account set assigned_collector_id = $2 where id = $1', [i.account, i.collectorA])).code).toBe('42501');
      expect((await sqlState('update account set principal = 1 where id = $1', [i.account])).code).toBe('42501');
      expect((await sqlState(`update account set status = 'closed' where id = $1`, [i.account])).code).toBe('42501');
    });
    const [row] = (await owner.query('select collected, assigned_collector_id, principal, status from account where id = $1', [i.account])).rows;
    expect(row).toEqual({ collected: '0.00', assigned_collector_id: null, principal: '1000.00', status: 'active' });
  });

  it("a collector's context cannot reassign or change money either, even on an account of their own", async () => {
    // Collectors see only their own (or their team's) accounts: give them this one first.
    await owner.query('update account set assigned_collector_id = $2 where id = $1', [i.account, i.collectorA]);
    try {
      await asUser(i.collectorA, async () => {
        expect((await app.query('select id from account where id = $1', [i.account])).rows).toHaveLength(1);
        expect((await sqlState('update account set assigned_collector_id = null where id = $1', [i.account])).code).toBe('42501');
        expect((await sqlState('update account set collected = 1 where id = $1', [i.account])).code).toBe('42501');
      });
    } finally {
      await owner.query('update account set assigned_collector_id = null where id = $1', [i.account]);
    }
  });

  it('a supervisor may assign (control); nobody may touch money outside a listed path', async () => {
    await asUser(i.supervisorA, async () => {
      expect(await sqlState('update account set assigned_collector_id = $2, assigned_at = now(), updated_at = now() where id = $1', [i.account, i.collectorA])).toEqual({ code: null, rows: 1 });
      expect((await sqlState('update account set collected = 1 where id = $1', [i.account])).code).toBe('42501');
    });
  });

  it('the bank may recall, and set balances only on the placement import path', async () => {
    await asUser(
      i.bankUserA1,
      async () => {
        expect(await sqlState(`update account set status = 'recalled', recalled_at = now(), recall_reason = 'r', assigned_collector_id = null where id = $1`, [i.account])).toEqual({
          code: null,
          rows: 1,
        });
      },
      'recall',
    );
    await asUser(i.bankUserA1, async () => expect(await sqlState('update account set principal = 2000 where id = $1', [i.account])).toEqual({ code: null, rows: 1 }), 'placement_import');
  });

  it('rules come from one table the application role cannot change', async () => {
    // A bank user moves money only on the payments write path (a payment made to the bank directly).
    const { rows } = await owner.query(`select count(*)::int as n from app.account_column_rule where role = 'client_user' and column_name = 'collected' and write_path <> 'payments'`);
    expect(rows[0].n).toBe(0);
    await asUser(i.adminA, async () => {
      expect((await sqlState(`insert into app.account_column_rule values ('client_user', 'collected', '')`)).code).toBe('42501');
    });
  });
});

describe('third-party contacts', () => {
  const ADD = `insert into debtor_contact (client_id, agency_id, debtor_id, relation, name) values ($1, $2, $3, 'emergency', 'X')`;

  it('bank users and collectors cannot insert them; supervisors can (control)', async () => {
    await asUser(i.bankUserA1, async () => expect((await sqlState(ADD, [i.bankA1, i.agencyA, i.debtor])).code).toBe('42501'));
    await asUser(i.collectorA, async () => expect((await sqlState(ADD, [i.bankA1, i.agencyA, i.debtor])).code).toBe('42501'));
    await asUser(i.supervisorA, async () => expect(await sqlState(ADD, [i.bankA1, i.agencyA, i.debtor])).toEqual({ code: null, rows: 1 }));
  });
});

describe('delete only where a role needs it', () => {
  it("team_member: a bank user's or a collector's context deletes nothing; a supervisor's does (control)", async () => {
    for (const who of [i.bankUserA1, i.collectorA]) {
      await asUser(who, async () => {
        const r = await sqlState('delete from team_member where team_id = $1', [i.team]);
        expect(r.rows).toBe(0);
      });
    }
    await asUser(i.supervisorA, async () => expect((await sqlState('delete from team_member where team_id = $1', [i.team])).rows).toBe(1));
    expect((await owner.query('select count(*)::int as n from team_member')).rows[0].n).toBe(1);
  });

  it('user_client_scope: supervisors and collectors delete nothing; agency admins can (control)', async () => {
    for (const who of [i.supervisorA, i.collectorA]) {
      await asUser(who, async () => expect((await sqlState('delete from user_client_scope where user_id = $1', [i.collectorA])).rows).toBe(0));
    }
    await asUser(i.adminA, async () => expect((await sqlState('delete from user_client_scope where user_id = $1', [i.collectorA])).rows).toBe(1));
  });
});

describe('foreign keys carry the agency', () => {
  it("a user's client scope must name a bank of the user's agency", async () => {
    // As the owner (no RLS): only the key can stop it.
    await expect(owner.query(`insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3)`, [i.agencyA, i.bankB1, i.collectorA])).rejects.toMatchObject({ code: '23503' });
    await expect(owner.query(`insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3)`, [i.agencyB, i.bankB1, i.collectorA])).rejects.toMatchObject({ code: '23503' });
  });

  it("a bank user's bank and a lawyer's firm must be of the user's agency", async () => {
    await expect(owner.query(`update app_user set client_id = $2 where id = $1`, [i.bankUserA1, i.bankB1])).rejects.toMatchObject({ code: '23503' });
    await expect(
      owner.query(`insert into app_user (agency_id, email, display_name, role, law_firm_id, password_hash) values ($1, 'l@a.test', 'L', 'lawyer', $2, 'x')`, [i.agencyA, i.firmB]),
    ).rejects.toMatchObject({ code: '23503' });
  });
});

describe('password hashes', () => {
  it('the application role cannot read app_user.password_hash, but reads the other columns', async () => {
    await asUser(i.adminA, async () => {
      expect((await sqlState('select password_hash from app_user')).code).toBe('42501');
      expect((await sqlState('select * from app_user')).code).toBe('42501');
      const { rows } = await app.query('select id, email, role from app_user where id = $1', [i.bankUserA1]);
      expect(rows).toEqual([{ id: i.bankUserA1, email: 'bank@a1.test', role: 'client_user' }]);
    });
  });
});
