import type { EntityManager } from 'typeorm';
import type { JobKindName } from './kinds.js';

export interface QueueJobRequest {
  kind: JobKindName;
  clientId: string;
  agencyId: string;
  subjectId?: string | null;
  requestedBy?: string | null;
  /** At most one queued or running job per client with this key (a second request is a no-op). */
  dedupeKey?: string | null;
  /** Default 5. Back-off between attempts is graphile-worker's exponential one (e^attempt seconds). */
  maxAttempts?: number;
}

/**
 * Queues a job in the caller's transaction: a job_run row (checked by RLS like any tenant row) whose
 * trigger adds the graphile-worker job. The job exists only if the transaction commits, together with
 * the change that asked for it. Returns the job_run id, or null when `dedupeKey` is already pending.
 */
export async function queueJob(db: EntityManager, r: QueueJobRequest): Promise<string | null> {
  const rows: { id: string }[] = await db.query(
    `insert into job_run (client_id, agency_id, kind, subject_id, requested_by, dedupe_key, max_attempts)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (client_id, dedupe_key) where dedupe_key is not null and status in ('queued', 'running') do nothing
     returning id`,
    [r.clientId, r.agencyId, r.kind, r.subjectId ?? null, r.requestedBy ?? null, r.dedupeKey ?? null, r.maxAttempts ?? 5],
  );
  return rows[0]?.id ?? null;
}
