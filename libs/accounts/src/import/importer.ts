import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { finished } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { from as copyFrom } from 'pg-copy-streams';
import { AppError, badInput, ErrorCode, forbidden, notFound } from '@arrears/graphql';
import { PermanentJobError, queueJob } from '@arrears/jobs';
import { PolicyService } from '@arrears/platform';
import { PrincipalNotFoundError, withTenant, type Principal, type Role, type TokenClaims } from '@arrears/tenancy';
import { localDate } from '../aging/aging.js';
import { BUCKET_BANDS, bandStarts } from '../aging/bucket-bands.js';
import { DEBTOR_IDENTITY_SQL, DROP_UNCHANGED_SQL, RECORD_EPISODES_SQL } from './episodes.js';
import { ACCOUNT_PARTIES_SQL } from '../parties/party.service.js';
import { identityOf } from './staging.js';
import type { ProtectedData } from '../protected-data.js';
import { resolveHeaders, type ColumnMapping, type ResolvedColumns } from './fields.js';
import { INSERT_REJECTIONS_SQL, MERGE_BATCH_SQL } from './merge.js';
import { refreshPortfolioSnapshot } from '../portfolio/portfolio.service.js';
import { IMPORT_TABLES, refreshesStatisticsAfter, refreshStatistics } from '../statistics.js';
import { formatOf, MalformedFileError, readRowBatches, type PlacementFileFormat } from './sources.js';
import { rejectionLines, STAGE_COLUMNS, STAGE_DDL, stageLine } from './staging.js';
import { validateRow } from './validate-row.js';
import { parseDate } from './values.js';

/** Who may place accounts: agency admins and supervisors, and a bank's own users for their bank. */
export const IMPORT_ROLES: readonly Role[] = ['agency_admin', 'supervisor', 'client_user'];

export interface PlacementImportRequest {
  dataSource: DataSource;
  /** The uploading user: the import runs as them, so RLS checks every row it writes. */
  claims: TokenClaims;
  /** The client (bank) database id. */
  clientId: string;
  filePath: string;
  /** The name the user gave the file (shown in the import list). */
  fileName: string;
  /** Default: from the file name's extension. */
  format?: PlacementFileFormat;
  /** Default: "<file name> <placedOn>". */
  placementName?: string;
  /** yyyy-mm-dd; default: today in the client's time zone. Never in the future. */
  placedOn?: string;
  /** Rows one file may hold (the bank's limit); more fails the whole file. Default: no limit. */
  maxRows?: number;
  /** Import a file whose content was imported for this bank before (the user confirmed the warning). */
  allowDuplicate?: boolean;
  /** SHA-256 of the file's content (the document store computes it); start() hashes the file itself. */
  contentSha256?: string;
  /** Called once the job has ended (success or failure), e.g. to delete a spooled upload. */
  onFinished?: (result: PlacementImportResult) => void | Promise<void>;
}

export type PlacementImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface PlacementImportResult {
  importId: string;
  clientId: string;
  status: PlacementImportStatus;
  placementId: string | null;
  rowsRead: number;
  rowsImported: number;
  rowsUpdated: number;
  rowsRejected: number;
  /** Rows that matched an active account exactly and were left alone. */
  rowsUnchanged?: number;
  /** How the good rows were tied to a person: by identity document, by name + mobile (weak), not at all. */
  identityMatches?: { document: number; name_mobile: number; none: number; legacyIdsConverted: number };
  error: string | null;
  /** Where the time went (ms): database work of the batches, time parsing waited for it, end to end. */
  stats?: { dbMs: number; parseWaitMs: number; totalMs: number };
}

export interface PlacementImporterOptions {
  protectedData: ProtectedData;
  /** Rows per COPY + merge batch (default 20,000). */
  batchSize?: number;
  /** rows_read etc. are published (in a separate short transaction) every this many rows (default 5,000). */
  progressEvery?: number;
  /** Imports running at once in this process; more wait as 'queued' (default 2). */
  maxConcurrent?: number;
  log?: (message: string, extra?: Record<string, unknown>) => void;
  /**
   * Test hook: the process kills itself (SIGKILL) after reading this many rows, to prove that a crash
   * mid-import leaves nothing half-imported. The configuration refuses it in production.
   */
  crashAtRow?: number;
  /** Rows one file may hold when its bank sets no limit of its own (client.import_max_rows). */
  defaultMaxRows?: number;
}

/** An import to be run by the durable job queue (the upload is already in the document store). */
export interface QueuePlacementImportRequest extends Omit<PlacementImportRequest, 'filePath' | 'onFinished'> {
  /** Document store key of the uploaded file. */
  fileKey: string;
}

/** One attempt of a queued import, in the worker. */
export interface QueuedImportAttempt {
  /** The worker role's data source. */
  dataSource: DataSource;
  claims: TokenClaims;
  clientId: string;
  importId: string;
  attempt: number;
  maxAttempts: number;
  /** Makes the stored upload available as a local file for this attempt. */
  fetchFile(fileKey: string): Promise<{ path: string; release(): Promise<void> }>;
}

interface Prepared {
  importId: string;
  clientId: string;
  agencyId: string;
  currency: string;
  timeZone: string;
  placedOn: string;
  placementName: string;
  format: PlacementFileFormat;
}

/** The part of pg's Client used here: submitting a COPY stream. */
export interface PgCopyClient {
  query<T extends { submit(connection: unknown): void }>(stream: T): T;
}

/** Rows validated between two turns of the event loop (about 25 ms of work), so the database's answers are read promptly. */
const YIELD_EVERY_ROWS = 256;

/** The raw pg client under a TypeORM manager's query runner (the one connection of the tenant transaction). */
export function pgClientOf(manager: EntityManager): PgCopyClient {
  const client = (manager.queryRunner as unknown as { databaseConnection?: PgCopyClient } | undefined)?.databaseConnection;
  if (!client) throw new Error('The entity manager has no connection of its own (use the one of a tenant transaction)');
  return client;
}

async function copyInto(manager: EntityManager, sql: string, text: string): Promise<void> {
  const stream = pgClientOf(manager).query(copyFrom(sql));
  stream.end(text);
  await finished(stream);
}

/** Counts of a running import, published for other requests while it runs. */
interface Counters {
  read: number;
  /** Rows COPYed and merged in the open transaction: not imported until it commits. */
  staged: number;
  imported: number;
  updated: number;
  rejected: number;
  unchanged: number;
  /** How rows were tied to a person (the import report shows it). */
  matches: { document: number; name_mobile: number; none: number; legacyIdsConverted: number };
  dbMs: number;
  parseWaitMs: number;
}

/**
 * Imports a placement file (CSV or XLSX) as a job recorded in placement_import: streamed (the file is
 * never held whole in memory), rows validated in JS, good rows COPYed in batches into a TEMP staging
 * table and merged set-based into debtor, debtor_phone, debtor_contact, account and bucket_history, as
 * the uploading user under RLS, all in ONE transaction: a malformed file imports nothing. Row problems
 * only reject those rows (placement_rejection). Progress goes out in separate short transactions.
 */
export class PlacementImporter {
  private readonly batchSize: number;
  private readonly progressEvery: number;
  private readonly maxConcurrent: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly jobs = new Set<Promise<unknown>>();

  constructor(private readonly opts: PlacementImporterOptions) {
    this.batchSize = opts.batchSize ?? 20_000;
    this.progressEvery = opts.progressEvery ?? 5_000;
    this.maxConcurrent = opts.maxConcurrent ?? 2;
  }

  /** Records the import (status queued) and runs it in the background; returns its database id at once. */
  async start(req: PlacementImportRequest): Promise<string> {
    const prepared = await this.prepare(req);
    const job = this.execute(req, prepared).catch(() => undefined);
    this.jobs.add(job);
    void job.finally(() => this.jobs.delete(job));
    return prepared.importId;
  }

  /** Records and runs the import, resolving when it has ended (CLI, seed, tests). Never rejects for a bad file: see `status`/`error`. */
  async run(req: PlacementImportRequest): Promise<PlacementImportResult> {
    const prepared = await this.prepare(req);
    return this.execute(req, prepared);
  }

  /** Resolves when every import started by this importer has ended (graceful shutdown, tests). */
  async whenIdle(): Promise<void> {
    while (this.jobs.size) await Promise.allSettled([...this.jobs]);
  }

  /**
   * Records the import (status queued) and queues its job in the same transaction: the import exists only
   * with its job. Returns the import's database id; the worker runs it (see `runQueued`).
   */
  async queue(req: QueuePlacementImportRequest): Promise<string> {
    return withTenant(req.dataSource, req.claims, async (db, principal) => {
      const prepared = await this.prepareIn(db, principal, req, req.fileKey);
      await queueJob(db, {
        kind: 'placement_import',
        clientId: prepared.clientId,
        agencyId: prepared.agencyId,
        subjectId: prepared.importId,
        requestedBy: principal.userId,
        maxAttempts: 3,
      });
      return prepared.importId;
    });
  }

  /**
   * One attempt of a queued import (idempotent): an import that already succeeded is left alone; any
   * other state starts over, since a crashed or failed attempt committed nothing. A malformed file, a
   * vanished import or a user who can no longer sign in fail at once (PermanentJobError); other errors
   * are retried by the queue, and the import shows the attempt's reason meanwhile.
   */
  async runQueued(q: QueuedImportAttempt): Promise<PlacementImportResult | null> {
    let row: { status: string; file_key: string | null; file_name: string; format: PlacementFileFormat; placed_on: string | null; placement_name: string | null; agency_id: string; currency: string; time_zone: string; import_max_rows: number | null } | undefined;
    try {
      row = await withTenant(q.dataSource, q.claims, async (db) =>
        (
          await db.query(
            `select pi.status, pi.file_key, pi.file_name, pi.format, pi.placed_on::text, pi.placement_name, c.agency_id, c.currency, c.time_zone, c.import_max_rows
               from placement_import pi join client c on c.id = pi.client_id where pi.client_id = $1 and pi.id = $2`,
            [q.clientId, q.importId],
          )
        )[0],
      );
    } catch (e) {
      if (e instanceof PrincipalNotFoundError) throw new PermanentJobError('The user who started this import can no longer sign in');
      throw e;
    }
    if (!row) throw new PermanentJobError('The import no longer exists or is no longer visible to the user who started it');
    if (row.status === 'succeeded') return null;
    if (!row.file_key) throw new PermanentJobError('The uploaded file of this import was not kept');
    const p: Prepared = {
      importId: q.importId,
      clientId: q.clientId,
      agencyId: row.agency_id,
      currency: row.currency,
      timeZone: row.time_zone,
      placedOn: row.placed_on ?? localDate(row.time_zone),
      placementName: row.placement_name ?? row.file_name,
      format: row.format,
    };
    let file: { path: string; release(): Promise<void> };
    try {
      file = await q.fetchFile(row.file_key);
    } catch (e) {
      const message = 'The uploaded file is no longer available';
      await this.recordFailure(q.dataSource, q.claims, p, message, 0);
      throw new PermanentJobError(message, { cause: e });
    }
    const req: PlacementImportRequest = { dataSource: q.dataSource, claims: q.claims, clientId: q.clientId, filePath: file.path, fileName: row.file_name, maxRows: row.import_max_rows ?? this.opts.defaultMaxRows };
    const counters: Counters = { read: 0, staged: 0, imported: 0, updated: 0, rejected: 0, unchanged: 0, matches: { document: 0, name_mobile: 0, none: 0, legacyIdsConverted: 0 }, dbMs: 0, parseWaitMs: 0 };
    const started = performance.now();
    try {
      const placementId = await this.work(req, p, counters);
      return {
        importId: p.importId,
        clientId: p.clientId,
        status: 'succeeded',
        placementId,
        rowsRead: counters.read,
        rowsImported: counters.imported,
        rowsUpdated: counters.updated,
        rowsRejected: counters.rejected,
        error: null,
        stats: { dbMs: Math.round(counters.dbMs), parseWaitMs: Math.round(counters.parseWaitMs), totalMs: Math.round(performance.now() - started) },
      };
    } catch (e) {
      if (e instanceof MalformedFileError) {
        await this.recordFailure(q.dataSource, q.claims, p, e.message, counters.read);
        throw new PermanentJobError(e.message);
      }
      if (q.attempt < q.maxAttempts) {
        await withTenant(q.dataSource, q.claims, (db) =>
          db.query(
            `update placement_import set status = 'queued', error = $3, rows_staged = 0, rows_imported = 0, rows_updated = 0, rows_rejected = 0
              where client_id = $1 and id = $2 and status <> 'succeeded'`,
            [p.clientId, p.importId, `Attempt ${q.attempt} of ${q.maxAttempts} failed (${publicMessage(e)}); it will be retried`.slice(0, 2000)],
          ),
        ).catch((err) => this.opts.log?.('could not record a failed import attempt', { importId: p.importId, err }));
      }
      throw e;
    } finally {
      await file.release();
    }
  }

  /** Marks the import failed; nothing of it was committed, so no row counts as imported. */
  async recordFailure(dataSource: DataSource, claims: TokenClaims, p: { clientId: string; importId: string }, message: string, rowsRead: number): Promise<void> {
    await withTenant(dataSource, claims, (db) =>
      db.query(
        `update placement_import set status = 'failed', error = $3, finished_at = now(), rows_read = $4, rows_staged = 0, rows_imported = 0, rows_updated = 0, rows_rejected = 0
          where client_id = $1 and id = $2 and status <> 'succeeded'`,
        [p.clientId, p.importId, message.slice(0, 2000), rowsRead],
      ),
    ).catch((err) => this.opts.log?.('could not record a failed placement import', { importId: p.importId, err }));
  }

  /** Checks the user, the client and the request, and inserts the placement_import row (committed). */
  private async prepare(req: PlacementImportRequest): Promise<Prepared> {
    const contentSha256 = req.contentSha256 ?? (await fileSha256(req.filePath));
    return withTenant(req.dataSource, req.claims, (db, principal) => this.prepareIn(db, principal, { ...req, contentSha256 }, null));
  }

  private async prepareIn(db: EntityManager, principal: Principal, req: Omit<PlacementImportRequest, 'filePath' | 'onFinished'>, fileKey: string | null): Promise<Prepared> {
    const format = req.format ?? formatOf(req.fileName);
    if (!format) throw badInput('Only CSV (.csv) and Excel (.xlsx) files can be imported');
    if (req.placedOn !== undefined && req.placedOn !== null && parseDate(req.placedOn).error !== undefined) throw badInput('placedOn must be a date (yyyy-mm-dd)');
    {
      if (!IMPORT_ROLES.includes(principal.role)) throw forbidden('Only agency admins, supervisors and bank users may place accounts');
      const [client] = await db.query('select id, agency_id, currency, time_zone from client where id = $1', [req.clientId]);
      if (!client || !principal.clientIds.includes(client.id)) throw notFound('Client');
      const today = localDate(client.time_zone);
      const placedOn = req.placedOn ? (parseDate(req.placedOn).value as string) : today;
      if (placedOn > today) throw badInput(`placedOn cannot be in the future (today is ${today} for this bank)`);
      const fileName = (req.fileName || 'placement').slice(0, 255);
      const placementName = (req.placementName?.trim() || `${fileName.replace(/\.[^.]+$/, '')} ${placedOn}`).slice(0, 200);
      const sha256 = req.contentSha256 ?? null;
      if (sha256 && !req.allowDuplicate) {
        const [seen] = await db.query(
          `select file_name, to_char(created_at at time zone $3, 'YYYY-MM-DD HH24:MI') as at from placement_import
            where client_id = $1 and content_sha256 = $2 and status <> 'failed' order by created_at desc limit 1`,
          [client.id, sha256, client.time_zone],
        );
        if (seen) {
          throw new AppError(ErrorCode.CONFLICT, `This file was already imported for this bank (${seen.file_name}, ${seen.at}); confirm to import it again`, {
            reason: 'FILE_ALREADY_IMPORTED',
            params: { fileName: seen.file_name, importedAt: seen.at },
          });
        }
      }
      const [row] = await db.query(
        `insert into placement_import (client_id, agency_id, file_name, format, status, created_by, file_key, placed_on, placement_name, content_sha256)
         values ($1, $2, $3, $4, 'queued', $5, $6, $7, $8, $9) returning id`,
        [client.id, client.agency_id, fileName, format, principal.userId, fileKey, placedOn, placementName, sha256],
      );
      return {
        importId: row.id,
        clientId: client.id,
        agencyId: client.agency_id,
        currency: client.currency,
        timeZone: client.time_zone,
        placedOn,
        placementName,
        format,
      };
    }
  }

  private async acquireSlot(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  private async execute(req: PlacementImportRequest, p: Prepared): Promise<PlacementImportResult> {
    const counters: Counters = { read: 0, staged: 0, imported: 0, updated: 0, rejected: 0, unchanged: 0, matches: { document: 0, name_mobile: 0, none: 0, legacyIdsConverted: 0 }, dbMs: 0, parseWaitMs: 0 };
    let result: PlacementImportResult;
    await this.acquireSlot();
    const started = performance.now();
    try {
      const placementId = await this.work(req, p, counters);
      result = {
        importId: p.importId,
        clientId: p.clientId,
        status: 'succeeded',
        placementId,
        rowsRead: counters.read,
        rowsImported: counters.imported,
        rowsUpdated: counters.updated,
        rowsRejected: counters.rejected,
        rowsUnchanged: counters.unchanged,
        identityMatches: counters.matches,
        error: null,
        stats: { dbMs: Math.round(counters.dbMs), parseWaitMs: Math.round(counters.parseWaitMs), totalMs: Math.round(performance.now() - started) },
      };
    } catch (e) {
      const message = e instanceof MalformedFileError ? e.message : publicMessage(e);
      if (!(e instanceof MalformedFileError)) this.opts.log?.('placement import failed', { importId: p.importId, err: e });
      result = { importId: p.importId, clientId: p.clientId, status: 'failed', placementId: null, rowsRead: counters.read, rowsImported: 0, rowsUpdated: 0, rowsRejected: 0, error: message };
      await this.recordFailure(req.dataSource, req.claims, p, message, counters.read);
    } finally {
      this.releaseSlot();
    }
    try {
      await req.onFinished?.(result);
    } catch (err) {
      this.opts.log?.('placement import onFinished hook failed', { importId: p.importId, err });
    }
    return result;
  }

  /** The import proper, in one tenant transaction. Returns the placement id. */
  private async work(req: PlacementImportRequest, p: Prepared, counters: Counters): Promise<string | null> {
    const { protectedData } = this.opts;
    const publish = this.progressPublisher(req, p, counters);

    await withTenant(req.dataSource, req.claims, (db) =>
      db.query(
        `update placement_import set status = 'running', started_at = now(), finished_at = null, rows_read = 0, rows_staged = 0, rows_imported = 0, rows_updated = 0, rows_rejected = 0
          where client_id = $1 and id = $2`,
        [p.clientId, p.importId],
      ),
    );

    return withTenant(req.dataSource, req.claims, async (db: EntityManager, principal: Principal) => {
      // One import per client at a time: two files re-placing the same accounts would otherwise deadlock.
      await db.query(`select pg_advisory_xact_lock(hashtextextended('placement_import:' || $1, 0))`, [p.clientId]);
      // Room for the batch's sorts and hashes in memory (transaction-local).
      await db.query(`select set_config('work_mem', '64MB', true)`);
      for (const ddl of STAGE_DDL) await db.query(ddl);
      const [saved] = await db.query('select mapping from column_mapping where client_id = $1', [p.clientId]);
      const mapping = (saved?.mapping ?? null) as ColumnMapping | null;
      const agedOn = localDate(p.timeZone);
      const bands = bandStarts((await new PolicyService(db).current(BUCKET_BANDS, p.clientId)).body);

      let resolved: ResolvedColumns | null = null;
      let placementId: string | null = null;
      let stage: string[] = [];
      let stagedRows = 0;
      let rejects: string[] = [];
      let seenRefs = new Map<string, number>();
      let inFlight: Promise<void> = Promise.resolve();
      let flushError: unknown = null;
      let batchesMerged = 0;

      const ensurePlacement = async (): Promise<string> => {
        if (!placementId) {
          const [row] = await db.query(`insert into placement (client_id, agency_id, name, placed_on, created_by) values ($1, $2, $3, $4, $5) returning id`, [
            p.clientId,
            p.agencyId,
            p.placementName,
            p.placedOn,
            principal.userId,
          ]);
          placementId = row.id as string;
        }
        return placementId;
      };

      const bankRefHeader = () => (resolved && resolved.columns.bankRef ? resolved.headers[resolved.columns.bankRef[0]] : 'bankRef');

      const flushBatch = async (lines: string[], rejectText: string[]): Promise<void> => {
        const t0 = performance.now();
        try {
          await writeBatch(lines, rejectText);
        } finally {
          counters.dbMs += performance.now() - t0;
        }
      };

      const writeBatch = async (lines: string[], rejectText: string[]): Promise<void> => {
        if (rejectText.length) await copyInto(db, 'copy import_rejection_stage (row_number, seq, column_name, reason, value) from stdin', rejectText.join(''));
        if (!lines.length) return;
        await copyInto(db, `copy import_stage (${STAGE_COLUMNS}) from stdin`, lines.join(''));
        // Statistics on the join keys only (a full ANALYZE of the batch cost more than it saved).
        await db.query('analyze import_stage (identity_hash, bank_ref)');
        // The import's own write path: the account column rules let bank users set balances and status only here.
        await db.query(`select set_config('app.write_path', 'placement_import', true)`);
        // Rows that would change nothing (an active account with the same amounts and dates) are left
        // out, so a re-upload of an unchanged file moves no account and creates no empty placement.
        const [{ n: unchanged }] = await db.query(DROP_UNCHANGED_SQL, [p.clientId]);
        counters.unchanged += unchanged;
        if (unchanged === lines.length) {
          await db.query('truncate import_stage');
          return;
        }
        const pid = await ensurePlacement();
        const [r] = await db.query(MERGE_BATCH_SQL, [p.clientId, p.agencyId, pid, p.placedOn, agedOn, bankRefHeader()]);
        counters.staged += lines.length;
        counters.imported += r.inserted;
        counters.updated += r.updated;
        counters.rejected += r.duplicates;
        await db.query(DEBTOR_IDENTITY_SQL, [p.clientId]);
        await db.query(ACCOUNT_PARTIES_SQL, [p.clientId, p.agencyId]);
        await db.query('truncate import_stage');
        // Statistics that count the rows written so far. A short batch is the last: the end refreshes them anyway.
        batchesMerged++;
        if (lines.length >= this.batchSize && refreshesStatisticsAfter(batchesMerged)) await refreshStatistics(db, IMPORT_TABLES);
      };

      /** Hands a batch to the database while the next one is parsed (at most one batch in flight). */
      const flush = async () => {
        const t0 = performance.now();
        await inFlight;
        counters.parseWaitMs += performance.now() - t0;
        if (flushError) throw flushError;
        const lines = stage;
        const rej = rejects;
        stage = [];
        rejects = [];
        stagedRows = 0;
        seenRefs = new Map();
        inFlight = flushBatch(lines, rej).catch((e) => {
          flushError = e;
        });
      };

      let sinceProgress = 0;
      let sinceYield = 0;
      for await (const batch of readRowBatches(req.filePath, p.format)) {
        for (const src of batch) {
          // The batch in flight waits for this loop at each of its round trips: a chunk of the file parsed in
          // one go (about 1,250 rows, 100 ms) held up each of its statements by that long.
          if (++sinceYield >= YIELD_EVERY_ROWS) {
            sinceYield = 0;
            await nextTurn();
          }
          if (!resolved) {
            const r = resolveHeaders(src.cells, mapping);
            if (!r.ok) throw new MalformedFileError(r.error);
            resolved = r.resolved;
            continue;
          }
          if (src.cells.every((c) => c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))) continue;
          counters.read++;
          if (counters.read === this.opts.crashAtRow) process.kill(process.pid, 'SIGKILL');
          if (req.maxRows !== undefined && counters.read > req.maxRows) throw new MalformedFileError(`The file has more than ${req.maxRows} rows, this bank's limit per file`);
          if (++sinceProgress >= this.progressEvery) {
            sinceProgress = 0;
            publish.tick();
          }
          const v = validateRow(src.cells, src.rowNumber, { resolved, clientCurrency: p.currency, placedOn: p.placedOn });
          if (!v.ok) {
            counters.rejected++;
            rejects.push(rejectionLines(src.rowNumber, v.rejections));
            continue;
          }
          const first = seenRefs.get(v.row.bankRef);
          if (first !== undefined) {
            counters.rejected++;
            const h = bankRefHeader();
            rejects.push(rejectionLines(src.rowNumber, [{ column: h, reason: `${h} appears more than once in the file (first at row ${first}); only its first row was imported`, value: v.row.bankRef }]));
            continue;
          }
          seenRefs.set(v.row.bankRef, src.rowNumber);
          stage.push(stageLine(v.row, protectedData, agedOn, bands, { clientId: p.clientId, agencyId: p.agencyId }));
          const how = identityOf(v.row, p.clientId).match;
          counters.matches[how]++;
          if (v.row.idDocument?.upgradedFrom15) counters.matches.legacyIdsConverted++;
          stagedRows++;
          if (stagedRows >= this.batchSize) await flush();
        }
        if (rejects.length >= this.batchSize) await flush();
      }
      if (!resolved) throw new MalformedFileError('The file is empty');
      await flush();
      await inFlight;
      if (flushError) throw flushError;

      await db.query(INSERT_REJECTIONS_SQL, [p.clientId, p.importId, p.agencyId]);
      // One statement for the whole file, after the merge: each account placed by it starts an episode.
      if (placementId) await db.query(RECORD_EPISODES_SQL, [p.clientId, placementId, p.placedOn]);
      // The bank's dashboard shows the new placement as soon as the import commits.
      await refreshPortfolioSnapshot(db, [p.clientId]);
      // Imported means fast to query too: statistics that count the new rows commit with them.
      await refreshStatistics(db, IMPORT_TABLES);
      await publish.stop();
      await db.query(
        `update placement_import set status = 'succeeded', finished_at = now(), placement_id = $3,
                rows_read = $4, rows_imported = $5, rows_updated = $6, rows_rejected = $7, rows_staged = $8, error = null, identity_matches = $9::jsonb
          where client_id = $1 and id = $2`,
        [p.clientId, p.importId, placementId, counters.read, counters.imported, counters.updated, counters.rejected, counters.staged, JSON.stringify(counters.matches)],
      );
      // The outbox event (bank webhooks) commits with the import: counts and ids only.
      await db.query(
        `insert into event_outbox (agency_id, client_id, type, subject_id, payload, actor_user_id)
         values ($1, $2, 'placement.imported', $3, $4::jsonb, nullif(current_setting('app.user_id', true), '')::uuid)`,
        [p.agencyId, p.clientId, p.importId, JSON.stringify({ placementId, rowsRead: counters.read, rowsImported: counters.imported, rowsUpdated: counters.updated, rowsRejected: counters.rejected })],
      );
      return placementId;
    }).finally(() => publish.stop());
  }

  /**
   * Publishes rows read and staged in a short transaction of its own, so other requests see progress while
   * the import's transaction is still open. Imported/updated/rejected stay 0 until the import commits: a
   * crash rolls the staged rows back, and progress must never have claimed them. At most one update in
   * flight; a tick while one runs is skipped.
   */
  private progressPublisher(req: PlacementImportRequest, p: Prepared, counters: Counters) {
    let current: Promise<unknown> | null = null;
    let stopped = false;
    return {
      tick: () => {
        if (stopped || current) return;
        const snapshot = { ...counters };
        current = withTenant(req.dataSource, req.claims, (db) =>
          db.query(
            `update placement_import set rows_read = $3, rows_staged = $4 where client_id = $1 and id = $2 and status = 'running'`,
            [p.clientId, p.importId, snapshot.read, snapshot.staged],
          ),
        )
          .catch((err) => this.opts.log?.('could not publish placement import progress', { importId: p.importId, err }))
          .finally(() => {
            current = null;
          });
      },
      stop: async () => {
        stopped = true;
        await current;
      },
    };
  }
}

/** What a user may read about an unexpected failure: no SQL, no stack. */
function publicMessage(e: unknown): string {
  const err = (e as { driverError?: unknown })?.driverError ?? e;
  const code = (err as { code?: string })?.code;
  if (code === '42501') return 'The import was refused: you may not write accounts of this bank';
  if (code === 'ENOENT') return 'The uploaded file is no longer available';
  return 'The import failed because of an internal error; nothing was imported';
}

/** The SHA-256 of a file's bytes (hex): the same file uploaded again is recognised by it. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
