import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource, PREPARED_STATEMENTS_PER_CONNECTION, PreparingClient, statementName } from '@arrears/db';
import { createTestDatabase, type TestDatabase } from './test-database.js';

// The application's connections run statements with parameters as named prepared statements
// (PreparingClient): parsed and planned once per connection. These tests check it against a real server:
// what is prepared, that row-level security still answers per request from a kept plan, the bound on
// statements per connection, and recovery when a migration changes a table under a kept statement.

const ids = {
  agency: 'a0000000-0000-4000-8000-00000000000a',
  bankA1: 'a1000000-0000-4000-8000-0000000000a1',
  bankA2: 'a2000000-0000-4000-8000-0000000000a2',
  userA1: 'a0000000-0000-4000-8000-000000000002',
  userA2: 'a0000000-0000-4000-8000-000000000003',
};

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  try {
    await owner.query(`insert into agency (id, name) values ($1, 'Agency A')`, [ids.agency]);
    await owner.query(`insert into client (agency_id, id, name, code) values ($1, $2, 'Bank A1', 'A1'), ($1, $3, 'Bank A2', 'A2')`, [ids.agency, ids.bankA1, ids.bankA2]);
    await owner.query(
      `insert into app_user (id, agency_id, email, display_name, role, client_id, password_hash) values
         ($1, $3, 'a1@bank.test', 'A1', 'client_user', $4, 'x'), ($2, $3, 'a2@bank.test', 'A2', 'client_user', $5, 'x')`,
      [ids.userA1, ids.userA2, ids.agency, ids.bankA1, ids.bankA2],
    );
  } finally {
    await owner.end();
  }
});

afterAll(async () => {
  await db?.drop();
});

/** Runs `work` on a new PreparingClient connection, closed afterwards. */
async function withClient(url: string, work: (client: PreparingClient) => Promise<void>): Promise<void> {
  const client = new PreparingClient({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** This connection's prepared statements: name → executions (custom and generic plans). */
async function preparedOn(client: pg.Client): Promise<Map<string, number>> {
  // No parameters: this statement itself is not prepared.
  const { rows } = await client.query('select name, generic_plans + custom_plans as runs from pg_prepared_statements');
  return new Map(rows.map((r: { name: string; runs: string }) => [r.name, Number(r.runs)]));
}

describe('prepared statements', () => {
  it('prepares a statement once and runs it again without parsing; leaves text sent without values unprepared', async () => {
    await withClient(db.ownerUrl, async (client) => {
      const text = 'select code from client where id = $1';
      for (let i = 0; i < 3; i++) expect((await client.query(text, [ids.bankA1])).rows).toEqual([{ code: 'A1' }]);
      await client.query('select count(*) from client');
      await client.query('select count(*) as n from client', []);
      const prepared = await preparedOn(client);
      expect(prepared.get(statementName(text))).toBe(3);
      // Text with a values array is one statement, prepared even without parameters; text alone is not.
      expect([...prepared.keys()].sort()).toEqual([statementName(text), statementName('select count(*) as n from client')].sort());
    });
  });

  it('answers each request from its own tenant context when the plan is kept (RLS holds)', async () => {
    await withClient(db.appUrl, async (app) => {
      const text = 'select code from client where code = any($1::text[]) order by code';
      // More runs than PostgreSQL's five custom plans, alternating users, so a generic plan is kept too.
      for (let i = 0; i < 12; i++) {
        const [user, code] = i % 2 ? [ids.userA2, 'A2'] : [ids.userA1, 'A1'];
        await app.query('start transaction');
        try {
          await app.query('select * from app.begin_request($1, $2)', [user, ids.agency]);
          expect((await app.query(text, [['A1', 'A2']])).rows).toEqual([{ code }]);
        } finally {
          await app.query('rollback');
        }
      }
      expect((await preparedOn(app)).get(statementName(text))).toBe(12);
      // Without a tenant context the kept plan finds nothing.
      expect((await app.query(text, [['A1', 'A2']])).rows).toEqual([]);
    });
  });

  it(`keeps at most ${PREPARED_STATEMENTS_PER_CONNECTION} statements per connection, the least recently used first out`, async () => {
    await withClient(db.ownerUrl, async (client) => {
      const text = (i: number) => `select $1::int + ${i} as n`;
      await client.query(text(0), [1]);
      for (let i = 1; i <= PREPARED_STATEMENTS_PER_CONNECTION + 1; i++) {
        expect((await client.query(text(i), [1])).rows[0].n).toBe(1 + i);
        if (i === PREPARED_STATEMENTS_PER_CONNECTION / 2) await client.query(text(1), [1]); // used again: no longer the least recent
      }
      const prepared = await preparedOn(client);
      expect(prepared.size).toBe(PREPARED_STATEMENTS_PER_CONNECTION);
      expect(prepared.has(statementName(text(0)))).toBe(false);
      expect(prepared.has(statementName(text(1)))).toBe(true);
      expect(prepared.has(statementName(text(2)))).toBe(false);
      // A deallocated statement is prepared again when it comes back.
      expect((await client.query(text(0), [5])).rows[0].n).toBe(5);
      expect((await preparedOn(client)).has(statementName(text(0)))).toBe(true);
    });
  });

  it('runs a statement queued right behind the deallocation of its own name (it is parsed again)', async () => {
    await withClient(db.ownerUrl, async (client) => {
      const text = (i: number) => `select $1::int * ${i} as n`;
      for (let i = 0; i < PREPARED_STATEMENTS_PER_CONNECTION; i++) await client.query(text(i), [1]);
      // The first pushes text(0) out (DEALLOCATE queued behind it); the second, queued behind that, uses it again.
      const [pushing, again] = await Promise.all([client.query(text(PREPARED_STATEMENTS_PER_CONNECTION), [2]), client.query(text(0), [3])]);
      expect([pushing.rows[0].n, again.rows[0].n]).toEqual([2 * PREPARED_STATEMENTS_PER_CONNECTION, 0]);
      expect((await preparedOn(client)).has(statementName(text(0)))).toBe(true);
    });
  });

  it('prepares again after a table changed under a kept statement: one failure, then the new columns', async () => {
    await withClient(db.ownerUrl, async (client) => {
      await client.query('create table prepared_probe (id int)');
      await client.query('insert into prepared_probe values (1)');
      const text = 'select * from prepared_probe where id = $1';
      expect((await client.query(text, [1])).rows).toEqual([{ id: 1 }]);
      await client.query('alter table prepared_probe add column note text');
      await expect(client.query(text, [1])).rejects.toMatchObject({ code: '0A000' });
      expect((await client.query(text, [1])).rows).toEqual([{ id: 1, note: null }]);
      // A statement that failed inside a rolled-back transaction is still usable afterwards.
      await client.query('start transaction');
      await expect(client.query('select 1 / $1::int', [0])).rejects.toMatchObject({ code: '22012' });
      await client.query('rollback');
      expect((await client.query('select 1 / $1::int as q', [1])).rows).toEqual([{ q: 1 }]);
    });
  });

  it('is what a data source made with preparedStatements uses; others send unnamed statements', async () => {
    for (const preparedStatements of [true, false]) {
      const dataSource = createDataSource({ url: db.ownerUrl, poolSize: 1, preparedStatements });
      await dataSource.initialize();
      try {
        const runner = dataSource.createQueryRunner();
        try {
          await runner.query('select code from client where id = $1', [ids.bankA2]);
          const rows: { name: string }[] = await runner.query('select name from pg_prepared_statements');
          expect(rows.map((r) => r.name)).toEqual(preparedStatements ? [statementName('select code from client where id = $1')] : []);
        } finally {
          await runner.release();
        }
      } finally {
        await dataSource.destroy();
      }
    }
  });
});
