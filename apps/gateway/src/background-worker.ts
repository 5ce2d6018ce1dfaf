import { requireDbPassword, type Config } from '@arrears/config';
import { roleUrl } from '@arrears/db';
import { accountsJobs, ProtectedData } from '@arrears/accounts';
import { startWorker, type JobWorker } from '@arrears/jobs';
import { paymentsJobs } from '@arrears/payments';
import { webhookDeliveryJob } from '@arrears/webhooks';
import { smsJobs } from '@arrears/contact';
import { createDocumentStore } from '@arrears/storage';
import type { Logger } from './logger.js';
import { traceJobAttempt } from './tracing.js';
import { housekeepingJobs } from './housekeeping.js';
import { importRows, importSeconds, jobRuns, registerPoolMetrics, registerQueueMetrics } from './metrics.js';

/**
 * The job worker with every domain's jobs, as the worker role (arrears_worker). Run inside the gateway
 * process by the embedded `npm start` (RUN_WORKER=true), or alone by `npm run worker` (worker.main.ts).
 * Later domains add their handlers here.
 */
export async function startBackgroundWorker(config: Config, log: Logger): Promise<JobWorker> {
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set: a worker connects to a migrated database (run `npm start` for the embedded one)');
  const accounts = accountsJobs({
    store: createDocumentStore(config.storage),
    protectedData: ProtectedData.fromConfig(config),
    crashImportAtRow: config.testCrashImportAtRow,
    importBatchSize: config.importBatchSize,
    importMaxRows: config.importMaxRows,
    onImportDone: (rows, seconds) => {
      importRows.inc(rows);
      importSeconds.inc(seconds);
    },
    log: (level, message, extra) => log[level]({ ...extra }, message),
  });
  const payments = paymentsJobs();
  const housekeeping = housekeepingJobs(config.webhooks.deliveryRetentionDays);
  const handlers = { ...accounts.handlers, ...smsJobs(config.sms), webhook_delivery: webhookDeliveryJob(config.webhooks) };
  log.info({ concurrency: config.workerConcurrency }, 'starting the job worker');
  const worker = await startWorker({
    url: roleUrl(config.databaseUrl, 'worker', requireDbPassword(config, 'worker')),
    handlers,
    platformTasks: { ...accounts.platformTasks, ...payments.platformTasks, ...housekeeping.platformTasks },
    crontab: config.agingSchedule === 'daily' ? `${accounts.crontab}\n${payments.crontab}\n${housekeeping.crontab}` : '',
    concurrency: config.workerConcurrency,
    log: (level, message, extra) => log[level]({ ...extra }, message),
    applicationName: 'arrears-worker',
    onOutcome: (kind, outcome, seconds) => {
      jobRuns.inc({ kind, outcome });
      traceJobAttempt(kind, outcome, seconds);
    },
  });
  registerPoolMetrics(worker.dataSource, 'worker');
  registerQueueMetrics((sql) => worker.dataSource.query(sql), Object.keys(handlers));
  return worker;
}
