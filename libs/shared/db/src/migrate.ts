import { createDataSource } from './data-source.js';
import { Foundation1795536000000 } from './migrations/0001-foundation.js';

/** Every migration, in order. Forward-only; each runs in its own transaction as the owner role. */
export const migrations = [Foundation1795536000000];

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
