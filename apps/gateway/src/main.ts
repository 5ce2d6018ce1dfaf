import 'reflect-metadata';
import http from 'node:http';
import { requireDbPassword } from '@arrears/config';
import { createDataSource, roleUrl } from '@arrears/db';
import type { JobWorker } from '@arrears/jobs';
import { startBackgroundWorker } from './background-worker.js';
import { createGateway } from './app.js';
import { createLogger } from './logger.js';
import { startMetricsServer } from './metrics.js';
import { startTracing } from './tracing.js';
import { assertMigrated, configOrExit, describeStartupError } from './startup.js';

/**
 * The serving gateway. It holds the application role's credentials only (no owner, no superuser):
 * roles and migrations are `npm run migrate`'s job, demo data `npm run seed`'s. With RUN_WORKER=true
 * (the embedded `npm start`) the job worker runs in this process too, as the worker role.
 */
async function main() {
  const config = configOrExit();
  const log = createLogger(config.logLevel);
  const tracing = startTracing({ serviceName: 'arrears-gateway', endpoint: config.tracesEndpoint });
  if (!config.databaseUrl) {
    throw new Error('DATABASE_URL is not set: `npm start` runs the gateway with its embedded PostgreSQL; in production set DATABASE_URL (see README)');
  }
  const appUrl = roleUrl(config.databaseUrl, 'app', requireDbPassword(config, 'app'));
  await assertMigrated(appUrl);
  const dataSource = createDataSource({ url: appUrl, poolSize: config.dbPoolSize, applicationName: 'arrears-gateway', preparedStatements: true });
  await dataSource.initialize();
  let worker: JobWorker | undefined;
  if (config.runWorker) worker = await startBackgroundWorker(config, log);

  const gateway = await createGateway(config, dataSource, log);
  const server = http.createServer(gateway.listener);
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
  } catch (e) {
    const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    await gateway.stop();
    await worker?.stop();
    await dataSource.destroy();
    throw new Error(inUse ? `Port ${config.port} is already in use: stop the other process or set PORT` : `Cannot listen on ${config.host}:${config.port}: ${(e as Error).message}`);
  }
  const metrics = config.metrics.port !== undefined ? await startMetricsServer(config.metrics.port, config.metrics.host, config.metrics.token) : undefined;
  const port = (server.address() as { port: number }).port;
  log.info({ port, worker: !!worker }, 'listening');
  console.log(`\nArrears is ready at http://localhost:${port}/ (GraphQL at http://localhost:${port}/graphql)`);

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
    metrics?.close();
    await gateway.stop();
    await worker?.stop();
    await dataSource.destroy();
    await tracing?.shutdown();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error(`Arrears failed to start: ${describeStartupError(e)}`);
  process.exit(1);
});
