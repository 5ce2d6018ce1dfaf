export { recoverOrphanedPostgres, startEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.js';
export { bootstrapRoles, DB_ROLES, ensureDatabase } from './bootstrap.js';
export { createDataSource, type DataSourceOptions } from './data-source.js';
export { JOB_QUEUE_SCHEMA, migrations, runMigrations } from './migrate.js';
export { connectionUrl, databaseName } from './urls.js';
export { prepareDatabase, roleUrl, type PreparedDatabase } from './prepare.js';
export { isPgError, PG_ERRORS } from './pg-errors.js';
export { readContextOnce } from './migrations/rls.js';
export { PreparingClient, PREPARED_STATEMENTS_PER_CONNECTION, statementName } from './prepared-statements.js';
