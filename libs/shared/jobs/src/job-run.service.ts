import type { EntityManager } from 'typeorm';
import { decodeCursor, toConnection, type ConnectionResult } from '@arrears/graphql';
import { JobRun, type JobRunRow } from './job-run.types.js';

const COLUMNS = `j.id, j.client_id, c.name as client_name, j.kind, j.subject_id, j.status, j.attempts, j.max_attempts, j.last_error, j.created_at, j.started_at, j.finished_at`;

/** Jobs of the banks the user may see (RLS), newest first. */
export class JobRunService {
  constructor(private readonly db: EntityManager) {}

  async byId(id: string): Promise<JobRunRow | null> {
    const [row] = await this.db.query(`select ${COLUMNS} from job_run j join client c on c.id = j.client_id where j.id = $1`, [id]);
    return row ?? null;
  }

  async list(opts: { status?: string | null; kind?: string | null; clientId?: string | null; first: number; after?: string | null }): Promise<ConnectionResult<JobRun>> {
    const cursor = decodeCursor(opts.after, 2) as [string, string] | null;
    const params: unknown[] = [opts.first + 1];
    const where: string[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (opts.status) add('j.status = ?', opts.status);
    if (opts.kind) add('j.kind = ?', opts.kind);
    if (opts.clientId) add('j.client_id = ?', opts.clientId);
    if (cursor) {
      params.push(cursor[0], cursor[1]);
      where.push(`(j.created_at, j.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    const rows: JobRunRow[] = await this.db.query(
      `select ${COLUMNS} from job_run j join client c on c.id = j.client_id ${where.length ? `where ${where.join(' and ')}` : ''}
        order by j.created_at desc, j.id desc limit $1`,
      params,
    );
    return toConnection(rows, opts.first, (r) => [r.created_at.toISOString(), r.id], JobRun.fromRow, !!cursor);
  }

  /** Queues a failed job again (its trigger re-adds the queue job, in this transaction). False when it is not failed. */
  async retry(id: string): Promise<boolean> {
    // Through a CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
    const [{ n }] = await this.db.query(`with u as (update job_run set status = 'queued' where id = $1 and status = 'failed' returning id) select count(*)::int as n from u`, [id]);
    return n > 0;
  }
}
