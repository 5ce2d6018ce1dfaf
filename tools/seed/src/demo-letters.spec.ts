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

describe('demo templates', () => {
  it('gives both banks an approved SMS and letter template, each approved by its own bank user, and leaves one awaiting Bank A', async () => {
    const { rows } = await owner.query(
      `select c.code, t.channel, v.status, u.email as decided_by
         from message_template t join client c on c.id = t.client_id
         join message_template_version v on v.client_id = t.client_id and v.template_id = t.id
         left join app_user u on u.id = v.decided_by
        where c.code in ('DEMO-A', 'DEMO-B') or c.name like 'Demo Bank%' order by c.code, t.channel, v.status`,
    );
    const approved = rows.filter((r) => r.status === 'approved');
    expect(approved.map((r) => `${r.channel}:${r.decided_by}`).sort()).toEqual([
      'letter:bank-a@demo-bank-a.test',
      'letter:bank-b@demo-bank-b.test',
      'sms:bank-a@demo-bank-a.test',
      'sms:bank-b@demo-bank-b.test',
    ]);
    expect(rows.filter((r) => r.status === 'submitted')).toHaveLength(1);
    // Seeding twice changes nothing.
    await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: 30, dataEncryptionKey: 'ab'.repeat(32) });
    const again = await owner.query(`select count(*)::int as n from message_template_version`);
    expect(again.rows[0].n).toBe(rows.length);
  });
});
