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
});
afterAll(async () => {
  await owner?.end();
  await db?.drop();
});

describe('the visits demo', () => {
  it('plans one visit for the demo collector tomorrow at 10:00 Shanghai time, once', async () => {
    await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: 10, dataEncryptionKey: 'ab'.repeat(32) });
    const { rows } = await owner.query(
      `select v.status, to_char(v.planned_at at time zone 'Asia/Shanghai', 'HH24:MI') as local, u.email
         from field_visit v join app_user u on u.id = any (v.collector_ids)`,
    );
    expect(rows).toEqual([{ status: 'scheduled', local: '10:00', email: 'collector@demo-agency.test' }]);
  });
});
