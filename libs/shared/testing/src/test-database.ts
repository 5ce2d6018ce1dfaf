import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectionUrl, DB_ROLES, ensureDatabase } from '@arrears/db';
import { TEMPLATE_DATABASE, TEST_PASSWORDS } from './constants.js';

export interface TestDatabase {
  name: string;
  /** Owner role: bypasses RLS; use it to prove rows exist that the app role must not see. */
  ownerUrl: string;
  /** Application role: what the gateway uses; subject to RLS. */
  appUrl: string;
  /** Worker role: the application role's rights plus the job queue (background jobs). */
  workerUrl: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database (a copy of the run's template) for one test file. */
export async function createTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, TEMPLATE_DATABASE);
  return {
    name,
    ownerUrl: connectionUrl(adminUrl, { user: DB_ROLES.owner, password: TEST_PASSWORDS.owner, database: name }),
    appUrl: connectionUrl(adminUrl, { user: DB_ROLES.app, password: TEST_PASSWORDS.app, database: name }),
    workerUrl: connectionUrl(adminUrl, { user: DB_ROLES.worker, password: TEST_PASSWORDS.worker, database: name }),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
