import path from 'node:path';
import type { Config } from '@arrears/config';
import { adoptDatabase, bootstrapRoles, DB_ROLES, ensureDatabase } from './bootstrap.js';
import { startEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.js';
import { runMigrations } from './migrate.js';
import { connectionUrl, databaseName } from './urls.js';

export interface PreparedDatabase {
  ownerUrl: string;
  appUrl: string;
  workerUrl: string;
  /** Superuser URL of the server (embedded) or the DATABASE_URL given. */
  adminUrl: string;
  embedded?: EmbeddedCluster;
  appliedMigrations: string[];
}

const EMBEDDED_DATABASE = 'arrears';

/**
 * Everything between "a config" and "a migrated database with its three roles": starts the embedded
 * Postgres when no DATABASE_URL is given (unless `embedded` is already running), bootstraps the roles,
 * creates or adopts the database and migrates. This is `npm run migrate`'s work; serving processes never
 * call it (they hold no owner or superuser credentials).
 */
export async function prepareDatabase(config: Config, log: (m: string) => void = () => undefined, running?: EmbeddedCluster): Promise<PreparedDatabase> {
  let embedded = running;
  let adminUrl = config.databaseUrl;
  let dbName: string;
  if (!adminUrl || running) {
    if (!embedded) {
      log(`starting embedded PostgreSQL in ${path.join(config.dataDir, 'pg')}`);
      embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), { port: Number(process.env.PG_PORT) || undefined, onLog: undefined, onRecover: log });
    }
    adminUrl = embedded.adminUrl;
    dbName = EMBEDDED_DATABASE;
  } else {
    dbName = databaseName(adminUrl);
  }
  try {
    await bootstrapRoles(adminUrl, { owner: config.dbOwnerPassword, app: config.dbAppPassword, worker: config.dbWorkerPassword || undefined });
    if (embedded) await ensureDatabase(adminUrl, dbName);
    else await adoptDatabase(adminUrl, dbName);
    const ownerUrl = connectionUrl(adminUrl, { user: DB_ROLES.owner, password: config.dbOwnerPassword, database: dbName });
    const appUrl = connectionUrl(adminUrl, { user: DB_ROLES.app, password: config.dbAppPassword, database: dbName });
    const workerUrl = connectionUrl(adminUrl, { user: DB_ROLES.worker, password: config.dbWorkerPassword, database: dbName });
    const appliedMigrations = await runMigrations(ownerUrl);
    return { ownerUrl, appUrl, workerUrl, adminUrl, embedded, appliedMigrations };
  } catch (e) {
    if (!running) await embedded?.stop();
    throw e;
  }
}

/** The connection a serving process uses: DATABASE_URL's server and database, as `role` with its password. */
export function roleUrl(databaseUrl: string, role: keyof typeof DB_ROLES, password: string): string {
  return connectionUrl(databaseUrl, { user: DB_ROLES[role], password });
}
