// `npm run migrate`: the one-off, privileged step of a deployment. With a superuser DATABASE_URL it
// creates (or updates the passwords of) the three roles, hands the database to the owner, and runs
// every migration (graphile-worker's queue schema, then ours) as the owner. Without DATABASE_URL it does
// the same in the embedded PostgreSQL under DATA_DIR (stop `npm start` first). Serving processes
// (gateways, workers) never hold these credentials.
import 'reflect-metadata';
import { ConfigError, loadConfig, requireDbPassword } from '@arrears/config';
import { prepareDatabase } from '@arrears/db';

try {
  const config = loadConfig();
  for (const role of ['owner', 'app', 'worker'] as const) requireDbPassword(config, role);
  const started = Date.now();
  const db = await prepareDatabase(config, (m) => console.log(m));
  await db.embedded?.stop();
  console.log(
    db.appliedMigrations.length ? `applied ${db.appliedMigrations.length} migrations (${db.appliedMigrations.join(', ')})` : 'the database is up to date',
    `in ${Date.now() - started} ms`,
  );
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : `Migration failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
