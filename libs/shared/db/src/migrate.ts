import { createDataSource } from './data-source.js';
import { Foundation1795536000000 } from './migrations/0001-foundation.js';
import { Accounts1795536000001 } from './migrations/0002-accounts.js';
import { FailedLoginAudit1795536000002 } from './migrations/0003-failed-login-audit.js';
import { ImportWritePath1795536000003 } from './migrations/0004-import-write-path.js';
import { DomainSeams1795536000004 } from './migrations/0005-domain-seams.js';
import { Contact1795536000008 } from './migrations/0009-contact.js';

/** Every migration, in order. Forward-only; each runs in its own transaction as the owner role. */
export const migrations = [Foundation1795536000000, Accounts1795536000001, FailedLoginAudit1795536000002, ImportWritePath1795536000003, DomainSeams1795536000004, Contact1795536000008];

export async function runMigrations(ownerUrl: string): Promise<string[]> {
  const ds = createDataSource({ url: ownerUrl, poolSize: 1, applicationName: 'arrears-migrate' });
  ds.setOptions({ migrations, migrationsTransactionMode: 'each' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations();
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
