import 'reflect-metadata';
import path from 'node:path';
import http from 'node:http';
import { ConfigError, loadConfig } from '@arrears/config';
import { createDataSource, prepareDatabase } from '@arrears/db';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '@arrears/seed';
import { scheduleAging } from './aging.job.js';
import { createGateway } from './app.js';
import { createLogger } from './logger.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.logLevel);
  const db = await prepareDatabase(config, (m) => log.info(m));
  if (db.appliedMigrations.length) log.info({ migrations: db.appliedMigrations }, 'applied migrations');
  const dataSource = createDataSource({ url: db.appUrl, poolSize: config.dbPoolSize, applicationName: 'arrears-gateway' });
  await dataSource.initialize();

  if (config.seedDemo) {
    const seeded = await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: config.seedAccountsPerClient, dataEncryptionKey: config.dataEncryptionKey, documentsDir: path.join(config.dataDir, 'documents'), log: (m) => log.info(m) });
    if (seeded) log.info('seeded demo data');
  }

  // The owner pool serves only platform jobs (daily aging); requests always use the app role.
  const ownerDataSource = createDataSource({ url: db.ownerUrl, poolSize: 1, applicationName: 'arrears-jobs' });
  await ownerDataSource.initialize();
  const stopAging = config.agingSchedule === 'daily' ? scheduleAging(ownerDataSource, log) : () => undefined;

  const gateway = await createGateway(config, dataSource, log);
  const server = http.createServer(gateway.app);
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
  } catch (e) {
    const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(inUse ? `Port ${config.port} is already in use: stop the other process or set PORT.` : `Cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
    await gateway.stop();
    await dataSource.destroy();
    await ownerDataSource.destroy();
    await db.embedded?.stop();
    process.exit(1);
  }
  const port = (server.address() as { port: number }).port;
  const base = `http://localhost:${port}`;
  log.info({ port }, 'listening');
  console.log(`\nArrears is ready at ${base}/ (GraphQL at ${base}/graphql)`);
  if (config.seedDemo) {
    console.log(`Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const l of DEMO_LOGINS) console.log(`  ${l.email.padEnd(30)} ${l.what}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    stopAging();
    await gateway.stop();
    await dataSource.destroy();
    await ownerDataSource.destroy();
    await db.embedded?.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error('Arrears failed to start:', e instanceof Error ? e.message : e);
  process.exit(1);
});
