import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkPassword } from '@arrears/auth';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { createPlatformAdmin } from './platform-admin.js';

let db: TestDatabase;
let owner: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Pool({ connectionString: db.ownerUrl, max: 1 });
});
afterAll(async () => {
  await owner?.end();
  await db?.drop();
});

describe('create-platform-admin', () => {
  it('creates a platform admin with an argon2id hash of the given password, and no agency', async () => {
    const out = await createPlatformAdmin(owner, { email: ' Ops@Example.COM ', displayName: 'Operations', password: 'a-long-admin-password' });
    expect(out.created).toBe(true);
    const { rows } = await owner.query(`select email, role, agency_id, password_hash from app_user where email = 'ops@example.com'`);
    expect(rows[0]).toMatchObject({ email: 'ops@example.com', role: 'platform_admin', agency_id: null });
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect((await checkPassword('a-long-admin-password', rows[0].password_hash)).ok).toBe(true);
  });

  it('never replaces an existing user, and refuses a weak password or a bad e-mail', async () => {
    const before = (await owner.query(`select password_hash from app_user where email = 'ops@example.com'`)).rows[0].password_hash;
    expect(await createPlatformAdmin(owner, { email: 'ops@example.com', displayName: 'X', password: 'another-long-password' })).toEqual({ created: false, reason: expect.stringMatching(/already exists/) });
    expect((await owner.query(`select password_hash from app_user where email = 'ops@example.com'`)).rows[0].password_hash).toBe(before);
    expect(await createPlatformAdmin(owner, { email: 'x@example.com', displayName: 'X', password: 'short' })).toEqual({ created: false, reason: expect.stringMatching(/at least/) });
    expect(await createPlatformAdmin(owner, { email: 'not-an-email', displayName: 'X', password: 'a-long-admin-password' })).toEqual({ created: false, reason: expect.stringMatching(/e-mail/) });
  });
});
