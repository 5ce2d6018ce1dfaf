import type { Config } from '@arrears/config';
import { adoptDatabase, bootstrapRoles, DB_ROLES, ensureDatabase } from './bootstrap.js';
import { startEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.js';
import { runMigrations } from './migrate.js';
import { connectionUrl, databaseName } from './urls.js';
import path from 'node:path';

export interface PreparedDatabase {
  ownerUrl: string;
  appUrl: string;
  embedded?: EmbeddedCluster;
  appliedMigrations: string[];
}

const EMBEDDED_DATABASE = 'arrears';

/**
 * Everything between "a config" and "a migrated database with both roles": starts the embedded
 * Postgres when no DATABASE_URL is given, bootstraps the roles, creates the database and migrates.
 */
export async function prepareDatabase(config: Config, log: (m: string) => void = () => undefined): Promise<PreparedDatabase> {
  let embedded: EmbeddedCluster | undefined;
  let adminUrl = config.databaseUrl;
  let dbName: string;
  if (!adminUrl) {
    log(`starting embedded PostgreSQL in ${path.join(config.dataDir, 'pg')}`);
    embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), { port: Number(process.env.PG_PORT) || undefined });
    adminUrl = embedded.adminUrl;
    dbName = EMBEDDED_DATABASE;
  } else {
    dbName = databaseName(adminUrl);
  }
  try {
    await bootstrapRoles(adminUrl, { owner: config.dbOwnerPassword, app: config.dbAppPassword });
    if (embedded) await ensureDatabase(adminUrl, dbName);
    else await adoptDatabase(adminUrl, dbName);
    const ownerUrl = connectionUrl(adminUrl, { user: DB_ROLES.owner, password: config.dbOwnerPassword, database: dbName });
    const appUrl = connectionUrl(adminUrl, { user: DB_ROLES.app, password: config.dbAppPassword, database: dbName });
    const appliedMigrations = await runMigrations(ownerUrl);
    return { ownerUrl, appUrl, embedded, appliedMigrations };
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
}
