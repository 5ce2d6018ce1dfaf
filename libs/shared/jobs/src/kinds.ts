import type { DataSource } from 'typeorm';

/** Job kinds (must match job_run's check constraint: migration 0007, widened by 0014 and 0018). */
export type JobKindName = 'placement_import' | 'aging' | 'webhook_delivery' | 'sms_delivery';

/** What a job carries: ids only, never personal data (the handler reads the rest under RLS). */
export interface JobPayload {
  jobRunId: string;
  clientId: string;
  agencyId: string;
  /** The thing the job works on, e.g. a placement_import id. */
  subjectId: string | null;
  /** The user who asked; the job runs as them. Null for platform jobs (aging). */
  requestedBy: string | null;
}

export interface JobContext {
  payload: JobPayload;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** The worker role's pool: use withTenant (as payload.requestedBy) or withJobTenant (platform jobs). */
  dataSource: DataSource;
  log: JobLog;
}

/**
 * What an attempt returns when its work is not done yet and it keeps its own schedule (a webhook delivery
 * whose receiver answered 500 waits its own back-off): the same job runs again at `retryAt`, and the
 * reason is shown on the job meanwhile. Failures of the job itself still throw.
 */
export interface RunLater {
  retryAt: Date;
  reason: string;
}

export type JobLog = (level: 'info' | 'warn' | 'error', message: string, extra?: Record<string, unknown>) => void;

/**
 * One kind of job. `run` must be idempotent: a job may run again after a crash or a retry (a worker
 * killed mid-job, a lost connection). Throw PermanentJobError for a failure that a retry cannot fix.
 */
export interface JobHandler {
  run(ctx: JobContext): Promise<void | RunLater>;
  /** After the last attempt failed (or the job was given up): record the failure where users see it. */
  onGiveUp?(ctx: JobContext, reason: string): Promise<void>;
}

export type JobHandlers = Partial<Record<JobKindName, JobHandler>>;

/** A failure a retry cannot fix (a malformed file, a deleted subject): the job fails at once with this reason. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
