import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './test-database.js';

// Row triggers that look a debtor up by key plan that lookup once per session and keep the plan. For a
// bank the statistics have not seen yet (a new bank's first placement), every index that starts with
// client_id looks as good as the primary key, and a plan that finds the debtor through the bank's name
// index reads all of the bank's debtors for each new account: a 100,000-row first placement spent 40 s
// of each 20,000-row batch there, more with every batch. Each test plans the trigger in a new session
// while the new bank has three debtors, grows it in the same transaction, and counts the debtor rows read.

const agency = 'a0000000-0000-4000-8000-00000000000a';
const known = 'a1000000-0000-4000-8000-0000000000a1';
const fresh = 'a2000000-0000-4000-8000-0000000000a2';
const collector = 'a0000000-0000-4000-8000-000000000003';
/** plpgsql plans a statement afresh for its first five runs, then keeps a generic plan. */
const WARM_UP = 10;
/** Debtors the new bank gets in the transaction, and how many of them get an account (and a call). */
const GROWN = 3000;
const ROWS = 300;

/** A new database with the new bank's three debtors, and statistics never taken or taken before the new bank had any. */
async function setUp(statistics: 'never taken' | 'of another bank only'): Promise<TestDatabase> {
  const db = await createTestDatabase(inject('pgAdminUrl'));
  const owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  try {
    await owner.query(`insert into agency (id, name) values ($1, 'Agency A')`, [agency]);
    await owner.query(`insert into client (agency_id, id, name, code) values ($1, $2, 'Bank A1', 'A1'), ($1, $3, 'Bank A2', 'A2')`, [agency, known, fresh]);
    await owner.query(`insert into app_user (id, agency_id, email, display_name, role, password_hash) values ($1, $2, 'c@a.test', 'C', 'collector', 'x')`, [collector, agency]);
    await owner.query(`insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, 'P', '2026-10-01')`, [fresh, agency]);
    if (statistics === 'of another bank only') {
      await insertDebtors(owner, known, 'known', 200);
      await owner.query('analyze debtor');
    }
    await insertDebtors(owner, fresh, 'first', 3);
  } finally {
    await owner.end();
  }
  return db;
}

async function insertDebtors(c: pg.Client, bank: string, prefix: string, n: number): Promise<string[]> {
  const { rows } = await c.query(
    `insert into debtor (client_id, agency_id, full_name, national_id_masked, identity_hash, phones, addresses)
     select $1, $2, 'D' || i, '110***********0000', $3 || '-' || i, '{}', '[]' from generate_series(1, $4) i returning id`,
    [bank, agency, prefix, n],
  );
  return rows.map((r: { id: string }) => r.id);
}

async function insertAccount(c: pg.Client, debtorId: string, ref: string): Promise<string> {
  const { rows } = await c.query(
    `insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, currency, principal, interest, fees, overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on)
     select $1, $2, p.id, $3, $4, 'CNY', 1000, 0, 0, 500, date '2026-09-22', 40, 'M2', date '2026-11-01', date '2026-10-01' from placement p where p.client_id = $1
     returning id`,
    [fresh, agency, debtorId, ref],
  );
  return rows[0].id;
}

async function insertAttempt(c: pg.Client, accountId: string, debtorId: string): Promise<void> {
  await c.query(
    `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, policy_version, made_by, started_at)
     values ($1, $2, $3, $4, 'call', 'outbound', 'debtor', 'started', 0, $5, now())`,
    [fresh, agency, accountId, debtorId, collector],
  );
}

/**
 * In a new session on `db` and one transaction that is rolled back: `warm` runs while the new bank has three
 * debtors, then the bank gets GROWN more, and `work` runs on the first ROWS of them. Returns the debtor
 * rows read during `work` (sequential and by index).
 */
async function debtorRowsRead(db: TestDatabase, warm: (c: pg.Client, debtors: string[]) => Promise<void>, work: (c: pg.Client, debtors: string[]) => Promise<void>): Promise<number> {
  const c = new pg.Client({ connectionString: db.ownerUrl });
  await c.connect();
  try {
    await c.query('begin');
    // Only the triggers' reads are counted: the foreign keys' own checks (PostgreSQL's, planned their own
    // way) are dropped for this transaction, which is rolled back.
    await c.query('alter table account drop constraint account_client_id_debtor_id_fkey');
    await c.query('alter table contact_attempt drop constraint contact_attempt_client_id_debtor_id_fkey');
    const first = (await c.query(`select id from debtor where client_id = $1`, [fresh])).rows.map((r: { id: string }) => r.id);
    await warm(c, first);
    const grown = (await insertDebtors(c, fresh, 'grown', GROWN)).slice(0, ROWS);
    const read = async () => Number((await c.query(`select seq_tup_read + coalesce(idx_tup_fetch, 0) as n from pg_stat_xact_user_tables where relname = 'debtor'`)).rows[0].n);
    const before = await read();
    await work(c, grown);
    return (await read()) - before;
  } finally {
    await c.query('rollback');
    await c.end();
  }
}

describe.each(['never taken', 'of another bank only'] as const)("row triggers that look up a row's debtor, statistics %s", (statistics) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await setUp(statistics);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("read one debtor for each new account's contact zone", async () => {
    const read = await debtorRowsRead(
      db,
      async (c, first) => {
        for (let i = 0; i < WARM_UP; i++) await insertAccount(c, first[i % first.length], `W-${i}`);
      },
      async (c, grown) => {
        for (const [n, id] of grown.entries()) await insertAccount(c, id, `R-${n}`);
      },
    );
    expect(read).toBe(ROWS);
  });

  it("read one debtor for each new contact attempt's person (and one for its account's zone)", async () => {
    const read = await debtorRowsRead(
      db,
      async (c, first) => {
        const account = await insertAccount(c, first[0], 'W-calls');
        for (let i = 0; i < WARM_UP; i++) await insertAttempt(c, account, first[0]);
      },
      async (c, grown) => {
        for (const [n, id] of grown.entries()) await insertAttempt(c, await insertAccount(c, id, `A-${n}`), id);
      },
    );
    expect(read).toBe(2 * ROWS);
  });
});
