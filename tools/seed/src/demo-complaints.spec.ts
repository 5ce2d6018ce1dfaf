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
  await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: 30, dataEncryptionKey: 'ab'.repeat(32) });
});
afterAll(async () => {
  await owner?.end();
  await db?.drop();
});

describe('demo complaints', () => {
  it('has one in every state, an extended one, a late one, a 12378 referral, a third party without an account and one against the demo collector', async () => {
    const { rows } = await owner.query(
      `select c.status, c.source, c.regulator_ref, c.account_id, c.extension_level, u.email as against,
              c.decided_on is null and c.status in ('received', 'acknowledged', 'investigating') and c.regulatory_due_on < (now() at time zone 'Asia/Shanghai')::date as late
         from complaint c left join app_user u on u.id = c.against_user_id`,
    );
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['received', 'acknowledged', 'investigating', 'resolved', 'closed', 'withdrawn']));
    expect(rows.some((r) => r.extension_level > 0)).toBe(true);
    expect(rows.some((r) => r.late)).toBe(true);
    expect(rows.some((r) => r.source === 'regulator' && r.regulator_ref.startsWith('12378'))).toBe(true);
    expect(rows.some((r) => r.source === 'third_party' && r.account_id === null)).toBe(true);
    expect(rows.some((r) => r.against === 'collector@demo-agency.test' && r.status === 'received')).toBe(true);
    // Open complaints hold their accounts; closed and withdrawn ones do not.
    const holds = await owner.query(`select count(*)::int as n from account_hold where source_type = 'complaint' and lifted_at is null`);
    expect(holds.rows[0].n).toBe(rows.filter((r) => r.account_id && ['received', 'acknowledged', 'investigating', 'resolved'].includes(r.status)).length);
  });
});
