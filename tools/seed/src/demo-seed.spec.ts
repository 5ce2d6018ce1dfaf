import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { DEMO_LOGINS, seedDemo } from './index.js';

let db: TestDatabase;
let owner: pg.Client;
const key = 'ab'.repeat(32);

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  await db?.drop();
});

describe('seedDemo', () => {
  it('seeds two agencies, their banks and every demo login once, then does nothing', async () => {
    expect(await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: 10, dataEncryptionKey: key })).toBe(true);
    const count = async () => (await owner.query('select (select count(*) from agency)::int as a, (select count(*) from client)::int as c, (select count(*) from app_user)::int as u')).rows[0];
    const first = await count();
    expect(first.a).toBe(2);
    expect(first.c).toBe(3);
    const { rows } = await owner.query('select email, disabled_at from app_user where email = any($1::text[])', [DEMO_LOGINS.map((l) => l.email)]);
    expect(rows).toHaveLength(DEMO_LOGINS.length);
    expect(await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: 10, dataEncryptionKey: key })).toBe(false);
    expect(await count()).toEqual(first);
  });

  it('gives every demo bank accounts, so isolation has something to hide', async () => {
    const { rows } = await owner.query('select c.code, count(a.*)::int as n from client c left join account a on a.client_id = c.id group by c.code order by c.code');
    expect(rows.every((r: { n: number }) => r.n > 0)).toBe(true);
  });
});

describe('seedDemo, accounts third pass', () => {
  it('gives Demo Bank A guarantors and a co-borrower, and hashes identities with the agency’s versioned key', async () => {
    const { rows } = await owner.query(`select p.role, count(*)::int as n from account_party p join client c on c.id = p.client_id where c.code = 'BANK_A' group by p.role order by p.role`);
    expect(rows.map((r: { role: string }) => r.role)).toEqual(['co_borrower', 'guarantor']);
    expect(rows.every((r: { n: number }) => r.n >= 1)).toBe(true);
    const hashes = await owner.query(`select count(*) filter (where identity_hash like 'h1:%')::int as versioned, count(*)::int as total from debtor where national_id_enc is not null`);
    expect(hashes.rows[0].total).toBeGreaterThan(0);
    expect(hashes.rows[0].versioned).toBe(hashes.rows[0].total);
  });
});
