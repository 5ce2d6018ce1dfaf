import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { jobClients, queueJob, withJobTenant, type JobHandler, type JobHandlers, type JobLog } from '@arrears/jobs';
import type { DocumentStore } from '@arrears/storage';
import { recomputeAging } from '../aging/aging.service.js';
import { PlacementExpiryService } from '../placement/placement-expiry.service.js';
import { PlacementImporter } from '../import/importer.js';
import { refreshPortfolioSnapshot } from '../portfolio/portfolio.service.js';
import type { ProtectedData } from '../protected-data.js';

export interface AccountsJobsDeps {
  store: DocumentStore;
  protectedData: ProtectedData;
  log: JobLog;
  /** Test hook passed to the importer (refused in production by the configuration). */
  crashImportAtRow?: number;
  /** Rows per COPY + merge batch of an import. */
  importBatchSize?: number;
  /** Rows one placement file may hold when its bank sets no limit. */
  importMaxRows?: number;
  /** Told when an import has committed (metrics: rows per second). */
  onImportDone?: (rowsRead: number, seconds: number) => void;
}

/** How often the aging scheduler looks for banks whose local day has turned (graphile-worker crontab). */
export const AGING_CRONTAB = '*/15 * * * * aging_sweep ?max=1';

/** Downloads a stored upload to a private temporary file for one attempt (the parsers read files). */
async function localCopy(store: DocumentStore, key: string): Promise<{ path: string; release(): Promise<void> }> {
  const file = path.join(os.tmpdir(), `arrears-import-${randomUUID()}${path.extname(key)}`);
  await pipeline(await store.get(key), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  return { path: file, release: () => fs.promises.rm(file, { force: true }) };
}

/** Placement imports as durable jobs: run as the uploading user, under RLS, in one transaction. */
export function placementImportJob(deps: AccountsJobsDeps): JobHandler {
  const importer = new PlacementImporter({
    protectedData: deps.protectedData,
    crashAtRow: deps.crashImportAtRow,
    batchSize: deps.importBatchSize,
    defaultMaxRows: deps.importMaxRows,
    log: (message, extra) => deps.log('error', message, extra),
  });
  const claimsOf = (p: { requestedBy: string | null; agencyId: string }) => ({ userId: p.requestedBy ?? '', agencyId: p.agencyId });
  return {
    async run(ctx) {
      const { payload } = ctx;
      const result = await importer.runQueued({
        dataSource: ctx.dataSource,
        claims: claimsOf(payload),
        clientId: payload.clientId,
        importId: payload.subjectId ?? '',
        attempt: ctx.attempt,
        maxAttempts: ctx.maxAttempts,
        fetchFile: (key) => localCopy(deps.store, key),
      });
      if (!result) return;
      // The upload has served its purpose; a failed import keeps it so that the job can be retried.
      const [row] = await withJobTenant(ctx.dataSource, payload.clientId, (db) =>
        db.query('select file_key from placement_import where client_id = $1 and id = $2', [payload.clientId, payload.subjectId]),
      ) ?? [];
      if (row?.file_key) await deps.store.delete(row.file_key).catch((err) => deps.log('warn', 'could not delete an imported upload', { err }));
      deps.onImportDone?.(result.rowsRead, (result.stats?.totalMs ?? 0) / 1000);
      deps.log('info', 'placement import done', { importId: payload.subjectId, rows: result.rowsRead, ms: result.stats?.totalMs });
    },
    async onGiveUp(ctx, reason) {
      const { payload } = ctx;
      await withJobTenant(ctx.dataSource, payload.clientId, (db) =>
        db.query(
          `update placement_import set status = 'failed', error = $3, finished_at = now(), rows_staged = 0, rows_imported = 0, rows_updated = 0, rows_rejected = 0
            where client_id = $1 and id = $2 and status <> 'succeeded'`,
          [payload.clientId, payload.subjectId, reason.slice(0, 2000)],
        ),
      );
    },
  };
}

/** Daily aging of one bank: days past due, buckets, priorities and the portfolio snapshot, as of its local today. */
export const agingJob: JobHandler = {
  async run(ctx) {
    const result = await withJobTenant(ctx.dataSource, ctx.payload.clientId, async (db) => {
      // Expired placements go back to the bank first, so their accounts are not aged into a queue.
      const returned = await new PlacementExpiryService(db).returnExpired();
      const r = { ...(await recomputeAging(db, undefined, [ctx.payload.clientId])), placementsReturned: returned.placements.length };
      await refreshPortfolioSnapshot(db, [ctx.payload.clientId]);
      return r;
    });
    ctx.log('info', 'daily aging done', { clientId: ctx.payload.clientId, ...result });
  },
};

/**
 * Queues the aging of every bank whose accounts were last aged before the bank's local today: once a
 * day per bank, in the bank's own time zone, whichever worker's cron fires. One pending aging job per
 * bank at most (dedupe key), and aging the same day twice changes nothing.
 */
export async function agingSweep(dataSource: DataSource): Promise<string[]> {
  const queued: string[] = [];
  for (const c of await jobClients(dataSource)) {
    const id = await withJobTenant(dataSource, c.clientId, async (db, t) => {
      const [{ stale }] = await db.query(
        `select exists (select 1 from account a where a.client_id = $1 and a.status = 'active' and a.aged_on < (now() at time zone $2)::date) as stale`,
        [t.clientId, t.timeZone],
      );
      return stale ? queueJob(db, { kind: 'aging', clientId: t.clientId, agencyId: t.agencyId, dedupeKey: 'aging', maxAttempts: 5 }) : null;
    });
    if (id) queued.push(c.clientId);
  }
  return queued;
}

/** Everything the accounts domain runs in the background, for a worker to register. */
export function accountsJobs(deps: AccountsJobsDeps): { handlers: JobHandlers; platformTasks: Record<string, (ctx: { dataSource: DataSource; log: JobLog }) => Promise<void>>; crontab: string } {
  return {
    handlers: { placement_import: placementImportJob(deps), aging: agingJob },
    platformTasks: {
      aging_sweep: async ({ dataSource, log }) => {
        const queued = await agingSweep(dataSource);
        if (queued.length) log('info', 'queued daily aging', { clients: queued.length });
      },
    },
    crontab: AGING_CRONTAB,
  };
}
