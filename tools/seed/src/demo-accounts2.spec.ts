import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { seedDemo } from './index.js';

let db: TestDatabase;
let owner: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: 60, dataEncryptionKey: 'ab'.repeat(32) });
});
afterAll(async () => {
  await owner?.end();
  await db?.drop();
});

describe('the demo of the accounts second pass', () => {
  it('has M1 accounts at day 1–30 and an account rolled back a bucket with its history', async () => {
    const { rows: m1 } = await owner.query(`select min(dpd)::int as lo, max(dpd)::int as hi, count(*)::int as n from account where bucket = 'M1'`);
    expect(m1[0].n).toBeGreaterThan(0);
    expect(m1[0].lo).toBeGreaterThanOrEqual(1);
    expect(m1[0].hi).toBeLessThanOrEqual(30);
    const { rows: back } = await owner.query(`select from_bucket, to_bucket, cause from bucket_history where cause = 'balance_change'`);
    expect(back).toEqual([{ from_bucket: 'M3', to_bucket: 'M1', cause: 'balance_change' }]);
  });

  it('has a passport holder matched across two placement files of Demo Bank A', async () => {
    const { rows } = await owner.query(
      `select count(distinct a.debtor_id)::int as people, count(*)::int as accounts, min(d.id_document_type) as type
         from account a join debtor d on d.id = a.debtor_id where a.bank_ref like 'A-PASSPORT-%'`,
    );
    expect(rows[0]).toEqual({ people: 1, accounts: 2, type: 'passport' });
  });

  it("has a Demo Bank A placement near its expiry whose extension the bank approved, and every account's episode", async () => {
    const { rows } = await owner.query(
      `select x.status, u.email from placement_extension x join app_user u on u.id = x.decided_by join client c on c.id = x.client_id where c.code = 'BANK_A'`,
    );
    expect(rows).toEqual([{ status: 'approved', email: 'bank-a@demo-bank-a.test' }]);
    // The one still waiting is for a placement expiring within the next 30 days (the bank's list shows it).
    const { rows: pending } = await owner.query(
      `select p.expires_on - (now() at time zone 'Asia/Shanghai')::date as days from placement_extension x join placement p on p.id = x.placement_id where x.status = 'requested'`,
    );
    expect(pending).toHaveLength(1);
    expect(pending[0].days).toBeGreaterThan(0);
    expect(pending[0].days).toBeLessThanOrEqual(30);
    const { rows: missing } = await owner.query(
      `select count(*)::int as n from account a join client c on c.id = a.client_id where c.code in ('BANK_A', 'BANK_B')
         and not exists (select 1 from placement_episode e where e.client_id = a.client_id and e.account_id = a.id)`,
    );
    expect(missing[0].n).toBe(0);
  });
});
