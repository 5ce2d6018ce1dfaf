import 'reflect-metadata';
import { startBackgroundWorker } from './background-worker.js';
import { createLogger } from './logger.js';
import { startMetricsServer } from './metrics.js';
import { startTracing } from './tracing.js';
import { assertMigrated, configOrExit, describeStartupError } from './startup.js';
import { requireDbPassword } from '@arrears/config';
import { roleUrl } from '@arrears/db';
import { sizeHeapForJobs } from '@arrears/jobs';

/** `npm run worker`: the job worker alone (scale by running more of them), as the worker role. */
async function main() {
  sizeHeapForJobs();
  const config = configOrExit();
  const log = createLogger(config.logLevel).child({ service: 'arrears-worker' });
  const tracing = startTracing({ serviceName: 'arrears-worker', endpoint: config.tracesEndpoint });
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set: a worker connects to a migrated database (see README)');
  await assertMigrated(roleUrl(config.databaseUrl, 'worker', requireDbPassword(config, 'worker')));
  const worker = await startBackgroundWorker(config, log);
  const metrics = config.metrics.port !== undefined ? await startMetricsServer(config.metrics.port, config.metrics.host, config.metrics.token) : undefined;
  log.info({ pool: worker.poolId }, 'worker ready');
  console.log(`Arrears worker ready (pool ${worker.poolId})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    metrics?.close();
    await worker.stop();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error(`Arrears worker failed to start: ${describeStartupError(e)}`);
  process.exit(1);
});
