import os from 'node:os';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { Logger as GraphileLogger, makeWorkerUtils, run, type Runner, type Task, type TaskList, type WorkerEvents, type WorkerUtils } from 'graphile-worker';
import { createDataSource, JOB_QUEUE_SCHEMA } from '@arrears/db';
import { PermanentJobError, type JobContext, type JobHandler, type JobHandlers, type JobLog, type JobPayload, type RunLater } from './kinds.js';

export interface WorkerOptions {
  /** Connection string of the worker role (arrears_worker). */
  url: string;
  handlers: JobHandlers;
  /** Tasks that are not tenant jobs (schedulers started by cron), by graphile task name. */
  platformTasks?: Record<string, (ctx: { dataSource: DataSource; log: JobLog }) => Promise<void>>;
  /** graphile-worker crontab lines for platform tasks, e.g. `*\/15 * * * * aging_sweep`. */
  crontab?: string;
  /** Jobs run at once by this process (default 2). */
  concurrency?: number;
  /** How often to look for jobs when no notification came (ms, default 2000). */
  pollInterval?: number;
  /** Heartbeat and sweep period (ms, default 10 s). */
  heartbeatMs?: number;
  /** A pool without a heartbeat for this long is dead and its jobs are unlocked (ms, default 60 s). */
  staleAfterMs?: number;
  log?: JobLog;
  applicationName?: string;
  /** Told after every attempt (metrics): the kind, how it ended and how long it took. */
  onOutcome?: (kind: string, outcome: 'succeeded' | 'retry' | 'failed', seconds: number) => void;
}

export interface SweepResult {
  /** Worker pools found dead whose locked jobs were released. */
  deadPools: string[];
  /** Jobs whose last attempt died with its worker: recorded as failed. */
  gaveUp: string[];
}

export interface JobWorker {
  poolId: string;
  /** The worker role's data source (handlers get it too). */
  dataSource: DataSource;
  events: WorkerEvents;
  /** Heartbeat, unlock the jobs of dead pools, fail jobs whose last attempt died. Runs periodically. */
  sweep(): Promise<SweepResult>;
  /** Finishes the running jobs, then releases every connection. */
  stop(): Promise<void>;
}

const noLog: JobLog = () => undefined;

/** A reason a supervisor may read: the handler's own message for permanent failures, never SQL or a stack. */
export function publicReason(e: unknown, jobRunId: string): string {
  if (e instanceof PermanentJobError) return e.message;
  const err = (e as { driverError?: unknown })?.driverError ?? e;
  const code = String((err as { code?: string })?.code ?? '');
  if (code.startsWith('08') || code === '57P01' || code === 'ECONNRESET' || code === 'ECONNREFUSED') return 'The database connection was lost';
  if (code === '57014') return 'The job took longer than its time limit';
  if (code === '40P01' || code === '40001') return 'The job conflicted with other work on the same accounts';
  return `An internal error (logged by the worker for job ${jobRunId})`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs the durable job queue (graphile-worker 0.17) in this process as the worker role. Every job is a
 * job_run row a tenant (or the platform) queued; the wrapper records attempts and outcomes there, and
 * retries with graphile-worker's exponential back-off. A pool killed without shutting down (SIGKILL,
 * power loss) leaves its jobs locked: the heartbeat sweep of any live pool — including this process
 * after a restart — unlocks them, so they run again instead of waiting for the 4-hour lock timeout.
 */
export async function startWorker(opts: WorkerOptions): Promise<JobWorker> {
  const log = opts.log ?? noLog;
  const applicationName = opts.applicationName ?? 'arrears-worker';
  const concurrency = opts.concurrency ?? 2;
  const heartbeatMs = opts.heartbeatMs ?? 10_000;
  const staleAfterMs = opts.staleAfterMs ?? 60_000;
  const pgPool = new pg.Pool({ connectionString: opts.url, max: concurrency + 3, application_name: applicationName });
  pgPool.on('error', (err) => log('error', 'idle job queue connection failed', { err }));
  pgPool.on('connect', (client) => client.on('error', (err) => log('error', 'job queue connection failed', { err })));
  const dataSource = createDataSource({ url: opts.url, poolSize: concurrency + 2, applicationName });
  await dataSource.initialize();
  const logger = new GraphileLogger((scope) => (level, message, meta) => {
    if (level === 'error' || level === 'warning') log(level === 'error' ? 'error' : 'warn', message, { ...scope, ...meta });
  });
  let utils: WorkerUtils | undefined;
  let runner: Runner | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const queue = await makeWorkerUtils({ pgPool, schema: JOB_QUEUE_SCHEMA, logger });
    utils = queue;

    const recordOutcome = (p: JobPayload, status: string, attempt: number | null, error: string | null) =>
      pgPool.query('select app.job_run_update($1, $2, $3, $4, $5)', [p.clientId, p.jobRunId, status, attempt, error]);

    const giveUp = async (handler: JobHandler, ctx: JobContext, reason: string) => {
      try {
        await handler.onGiveUp?.(ctx, reason);
      } finally {
        await recordOutcome(ctx.payload, 'failed', ctx.attempt, reason);
      }
    };

    const wrap =
      (kind: string, handler: JobHandler): Task =>
      async (raw, helpers) => {
        const payload = raw as JobPayload;
        const ctx: JobContext = { payload, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts, dataSource, log };
        await recordOutcome(payload, 'running', ctx.attempt, null);
        const started = performance.now();
        const told = (outcome: 'succeeded' | 'retry' | 'failed') => opts.onOutcome?.(kind, outcome, (performance.now() - started) / 1000);
        let later: RunLater | void;
        try {
          later = await handler.run(ctx);
        } catch (e) {
          const reason = publicReason(e, payload.jobRunId);
          const permanent = e instanceof PermanentJobError;
          if (!permanent) log('error', 'job attempt failed', { kind, jobRunId: payload.jobRunId, attempt: ctx.attempt, err: e });
          if (permanent || ctx.attempt >= ctx.maxAttempts) {
            // Completing the graphile job (no rethrow): the failure is recorded where users see it.
            await giveUp(handler, ctx, permanent ? reason : `Failed after ${ctx.attempt} attempts: ${reason}`);
            told('failed');
            return;
          }
          await recordOutcome(payload, 'queued', ctx.attempt, `Attempt ${ctx.attempt} of ${ctx.maxAttempts} failed: ${reason}; it will be retried`);
          told('retry');
          throw e;
        }
        if (later) {
          // Same key: graphile-worker clears it from this (locked, running) job and adds a fresh one, so
          // the job's attempts for infrastructure failures start afresh while the handler counts its own.
          await queue.addJob(kind, { ...payload }, { queueName: `${kind}:${payload.clientId}`, runAt: later.retryAt, maxAttempts: ctx.maxAttempts, jobKey: `job_run:${payload.jobRunId}` });
          await recordOutcome(payload, 'queued', ctx.attempt, later.reason);
          told('retry');
          return;
        }
        await recordOutcome(payload, 'succeeded', ctx.attempt, null);
        told('succeeded');
      };

    const taskList: TaskList = {};
    for (const [kind, handler] of Object.entries(opts.handlers)) if (handler) taskList[kind] = wrap(kind, handler);
    for (const [name, task] of Object.entries(opts.platformTasks ?? {})) {
      taskList[name] = async () => task({ dataSource, log });
    }

    const events: WorkerEvents = new EventEmitter() as WorkerEvents;
    const poolIdReady = new Promise<string>((resolve) => events.once('pool:create', ({ workerPool }) => resolve(workerPool.id)));
    const queueRunner = await run({
      pgPool,
      schema: JOB_QUEUE_SCHEMA,
      taskList,
      crontab: opts.crontab ?? '',
      concurrency,
      pollInterval: opts.pollInterval ?? 2_000,
      noHandleSignals: true,
      events,
      logger,
    });
    runner = queueRunner;
    const poolId = await Promise.race([poolIdReady, new Promise<string>((resolve) => setTimeout(() => resolve(`unknown-${randomUUID()}`), 5_000))]);
    const hostname = os.hostname();

    const sweep = async (): Promise<SweepResult> => {
      await pgPool.query(
        `insert into worker_pool (id, hostname, pid) values ($1, $2, $3) on conflict (id) do update set heartbeat_at = now()`,
        [poolId, hostname, process.pid],
      );
      const { rows } = await pgPool.query<{ id: string; hostname: string; pid: number; stale: boolean }>(
        `select id, hostname, pid, heartbeat_at < now() - make_interval(secs => $2) as stale from worker_pool where id <> $1`,
        [poolId, staleAfterMs / 1000],
      );
      // On this host a pool whose process is gone is dead at once (a restart after a crash); elsewhere, by heartbeat.
      const dead = rows.filter((r) => r.stale || (r.hostname === hostname && !processAlive(r.pid))).map((r) => r.id);
      if (dead.length) {
        await queue.forceUnlockWorkers(dead);
        await pgPool.query('delete from worker_pool where id = any($1::text[])', [dead]);
        log('warn', 'released the jobs of dead worker pools', { pools: dead });
      }
      // A job whose last attempt died with its worker is never picked again: fail it with a clear reason.
      const { rows: exhausted } = await pgPool.query<{ id: string; task: string; payload: JobPayload; attempts: number; max_attempts: number }>(
        `select j.id::text, t.identifier as task, j.payload, j.attempts, j.max_attempts
           from ${JOB_QUEUE_SCHEMA}._private_jobs j join ${JOB_QUEUE_SCHEMA}._private_tasks t on t.id = j.task_id
          where j.attempts >= j.max_attempts and j.locked_at is null and j.key like 'job_run:%'`,
      );
      const gaveUp: string[] = [];
      for (const j of exhausted) {
        const handler = opts.handlers[j.task as keyof JobHandlers];
        const ctx: JobContext = { payload: j.payload, attempt: j.attempts, maxAttempts: j.max_attempts, dataSource, log };
        try {
          const reason = `Failed after ${j.attempts} attempts: the worker stopped during the last attempt`;
          if (handler) await giveUp(handler, ctx, reason);
          else await recordOutcome(j.payload, 'failed', j.attempts, reason);
          await queue.completeJobs([j.id]);
          gaveUp.push(j.payload.jobRunId);
        } catch (err) {
          log('error', 'could not give up an exhausted job', { jobRunId: j.payload.jobRunId, err });
        }
      }
      return { deadPools: dead, gaveUp };
    };

    const safeSweep = () =>
      sweep().catch((err) => {
        log('error', 'worker sweep failed', { err });
        return { deadPools: [], gaveUp: [] } as SweepResult;
      });
    await safeSweep();
    timer = setInterval(() => void safeSweep(), heartbeatMs);
    timer.unref();

    let stopping: Promise<void> | undefined;
    const worker: JobWorker = {
      poolId,
      dataSource,
      events,
      sweep,
      stop() {
        stopping ??= (async () => {
          clearInterval(timer);
          await queueRunner.stop().catch((err) => log('error', 'job runner did not stop cleanly', { err }));
          await pgPool.query('delete from worker_pool where id = $1', [poolId]).catch(() => undefined);
          await queue.release();
          await dataSource.destroy();
          await pgPool.end();
        })();
        return stopping;
      },
    };
    return worker;
  } catch (e) {
    clearInterval(timer);
    await runner?.stop().catch(() => undefined);
    await Promise.resolve(utils?.release()).catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    await pgPool.end().catch(() => undefined);
    throw e;
  }
}
