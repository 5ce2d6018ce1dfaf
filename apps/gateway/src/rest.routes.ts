import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Express, Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import type { Config } from '@arrears/config';
import { writeAudit, type AuditEntry } from '@arrears/audit';
import { formatOf, IMPORT_NODE_TYPES, IMPORT_ROLES, IMPORT_VIEW_ROLES, PlacementImporter, ProtectedData, streamRejectionsCsv, writeReturnFile, xlsxExpansionProblem } from '@arrears/accounts';
import { AppError, ErrorCode, fromGlobalId, toGlobalId } from '@arrears/graphql';
import { PLATFORM_NODE_TYPES } from '@arrears/platform';
import { createDocumentStore, type DocumentStore } from '@arrears/storage';
import { withTenant, type Principal, type RequestContext } from '@arrears/tenancy';
import type { Logger } from './logger.js';
import type { GatewayDeps } from './schema.js';
import { mountLegalRoutes } from './legal.routes.js';

export interface RestRouteDeps {
  config: Config;
  log: Logger;
  deps: GatewayDeps;
  openContext(authorization: string | undefined, requestId: string): Promise<RequestContext>;
  /** Overrides the importer (tests); by default one per gateway, keyed with config.dataEncryptionKey. */
  importer?: PlacementImporter;
  /** Where uploads are kept for the worker (default: the configured document store). */
  store?: DocumentStore;
}

/** What the REST part hands back to the app: the background import jobs, to drain them on shutdown. */
export interface RestRoutes {
  importer: PlacementImporter;
}

const HTTP_STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.FILE_LIMIT_EXCEEDED]: 413,
};

export class HttpError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly status: number = HTTP_STATUS[code] ?? 500,
  ) {
    super(code, message);
  }
}

/** The same stable codes as GraphQL, as `{ error: { code, message } }`; never a stack or SQL. */
export function sendError(res: Response, e: unknown, log: Logger, requestId: string): void {
  let code: string = ErrorCode.INTERNAL_SERVER_ERROR;
  let message = 'Internal server error';
  let status = 500;
  if (e instanceof AppError && e.code in HTTP_STATUS) {
    code = e.code;
    message = e.message;
    status = e instanceof HttpError ? e.status : HTTP_STATUS[e.code];
  } else {
    log.error({ err: e, requestId }, 'unexpected error in a REST route');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // A refusal's reason and parameters let the web app say it in the user's language.
  const ext = e instanceof AppError ? (e.extensions as { reason?: unknown; params?: unknown }) : {};
  res.status(status).json({ error: { code, message, ...(ext.reason ? { reason: ext.reason, params: ext.params ?? {} } : {}) } });
}

/** Authenticates the request and returns its principal; the caller closes the context's session. */
export async function authenticate(d: RestRouteDeps, req: Request, res: Response): Promise<{ ctx: RequestContext; principal: Principal }> {
  const ctx = await d.openContext(req.headers.authorization, res.locals.requestId as string);
  const principal = ctx.principal;
  if (!principal) {
    await ctx.session.close(false);
    throw new HttpError(ErrorCode.UNAUTHENTICATED, 'You must be signed in');
  }
  if (principal.mustChangePassword) {
    await ctx.session.close(false);
    throw new HttpError(ErrorCode.FORBIDDEN, 'Change your password first');
  }
  return { ctx, principal };
}

export interface Upload {
  fields: Record<string, string>;
  file: { path: string; name: string } | null;
}

/** Spools the multipart body: text fields in memory (small), the one file to a temp file, within limits. */
export function receiveUpload(req: Request, maxBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 10_000, parts: 30 } });
    } catch {
      reject(new HttpError(ErrorCode.BAD_USER_INPUT, 'Send the file as multipart/form-data'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: Upload['file'] = null;
    let writing: Promise<void> = Promise.resolve();
    let failure: Error | null = null;
    const fail = (e: Error) => {
      failure ??= e;
    };
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new HttpError(ErrorCode.BAD_USER_INPUT, `The field ${name} is too long`));
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || file) {
        stream.resume();
        return;
      }
      const ext = path.extname(info.filename || '').toLowerCase().replace(/[^.a-z]/g, '').slice(0, 6);
      const tmp = path.join(os.tmpdir(), `arrears-upload-${randomUUID()}${ext}`);
      file = { path: tmp, name: path.basename(info.filename || 'placement') };
      stream.on('limit', () => fail(new HttpError(ErrorCode.FILE_LIMIT_EXCEEDED, `The file is larger than the limit of ${maxBytes} bytes`, 413)));
      writing = pipeline(stream, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o600 })).catch((e) => fail(e));
    });
    bb.on('partsLimit', () => fail(new HttpError(ErrorCode.BAD_USER_INPUT, 'Too many parts in the upload')));
    // The form ends with 'close', or with 'error' alone (busboy emits no 'close' after a malformed part
    // header, such as a file name with a NUL byte): either settles the upload, once.
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      void writing.then(() => {
        if (failure) {
          if (file) fs.rm(file.path, { force: true }, () => undefined);
          reject(failure);
        } else resolve({ fields, file });
      });
    };
    bb.on('error', (e) => {
      fail(new HttpError(ErrorCode.BAD_USER_INPUT, `The upload could not be read: ${(e as Error).message}`));
      req.unpipe(bb);
      settle();
    });
    bb.on('close', settle);
    req.on('aborted', () => fail(new HttpError(ErrorCode.BAD_USER_INPUT, 'The upload was interrupted')));
    req.pipe(bb);
  });
}

/**
 * File endpoints that do not fit GraphQL: the placement upload (multipart, spooled to a temp file,
 * imported in the background) and the rejection report download (CSV streamed from Postgres).
 */
export function mountRestRoutes(app: Express, d: RestRouteDeps): RestRoutes {
  const { config, log } = d;
  const importer =
    d.importer ??
    new PlacementImporter({
      protectedData: ProtectedData.fromConfig(config),
      log: (msg, extra) => log.error({ ...extra }, msg),
    });
  const store = d.store ?? createDocumentStore(config.storage);

  const audit = async (principal: Principal, entry: AuditEntry) =>
    withTenant(d.deps.dataSource, { userId: principal.userId, agencyId: principal.agencyId }, (db, p) => writeAudit(db, p, entry)).catch((err) =>
      log.error({ err, requestId: entry.requestId }, 'failed to write an audit entry'),
    );

  app.post('/api/placements/upload', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let principal: Principal | null = null;
    let spooled: string | null = null;
    let clientGlobalId: string | null = null;
    try {
      // Everything is checked before a byte of the body is read: who, which role, which bank (the
      // bank comes in the URL, so a foreign or missing one is refused without spooling anything).
      const auth = await authenticate(d, req, res);
      principal = auth.principal;
      let limits: { upload_max_bytes: string | null; import_max_rows: number | null } | undefined;
      let clientId = '';
      try {
        if (!IMPORT_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to place accounts');
        if (!req.is('multipart/form-data')) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Send the file as multipart/form-data with fields file and optionally name and placedOn');
        clientGlobalId = typeof req.query.clientId === 'string' ? req.query.clientId : null;
        if (!clientGlobalId) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Give the bank in the URL: /api/placements/upload?clientId=<id>');
        const client = fromGlobalId(clientGlobalId);
        if (!client || client.type !== PLATFORM_NODE_TYPES.client) throw new HttpError(ErrorCode.NOT_FOUND, 'Client not found');
        // Read through RLS: another tenant's bank is exactly like a missing one.
        [limits] = await (await auth.ctx.session.manager()).query('select upload_max_bytes::text, import_max_rows from client where id = $1', [client.id]);
        if (!limits) throw new HttpError(ErrorCode.NOT_FOUND, 'Client not found');
        clientId = client.id;
      } finally {
        // The upload may take minutes: no transaction (and no pooled connection) is held meanwhile.
        await auth.ctx.session.close(true);
      }
      const maxBytes = Math.min(config.uploadMaxBytes, limits.upload_max_bytes ? Number(limits.upload_max_bytes) : Infinity);

      const upload = await receiveUpload(req, maxBytes);
      spooled = upload.file?.path ?? null;
      if (!upload.file) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'The form has no file (field "file")');
      const format = formatOf(upload.file.name);
      if (!format) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Only CSV (.csv) and Excel (.xlsx) files can be imported');
      if (upload.fields.clientId !== undefined && upload.fields.clientId !== clientGlobalId) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'The form names another bank than the URL');
      if (format === 'xlsx') {
        const problem = await xlsxExpansionProblem(upload.file.path);
        if (problem) throw new HttpError(problem.invalid ? ErrorCode.BAD_USER_INPUT : ErrorCode.FILE_LIMIT_EXCEEDED, problem.message);
      }
      const client = { id: clientId };

      // The import is a durable job that any worker may run: the file goes to the document store, and
      // the import row and its job are recorded in one transaction (see PlacementImporter.queue).
      const fileKey = `${client.id}/placement-imports/${randomUUID()}.${formatOf(upload.file.name)}`;
      const stored = await store.put(fileKey, fs.createReadStream(upload.file.path), { contentType: 'application/octet-stream', maxBytes: config.uploadMaxBytes });
      fs.rm(upload.file.path, { force: true }, () => undefined);
      spooled = null;
      const importId = await importer
        .queue({
          dataSource: d.deps.dataSource,
          claims: { userId: principal.userId, agencyId: principal.agencyId },
          clientId: client.id,
          fileKey,
          fileName: upload.file.name,
          placementName: upload.fields.name || undefined,
          placedOn: upload.fields.placedOn || undefined,
          contentSha256: stored.sha256,
          allowDuplicate: upload.fields.allowDuplicate === 'true',
        })
        .catch(async (e) => {
          await store.delete(fileKey).catch(() => undefined);
          throw e;
        });
      const globalId = toGlobalId(IMPORT_NODE_TYPES.placementImport, importId);
      await audit(principal, { kind: 'mutation', operation: 'uploadPlacement', targetIds: [globalId, clientGlobalId], clientIds: [client.id], outcome: 'ok', requestId });
      res.status(202).json({ importId: globalId });
    } catch (e) {
      if (spooled) fs.rm(spooled, { force: true }, () => undefined);
      if (principal) {
        const code = e instanceof AppError ? e.code : ErrorCode.INTERNAL_SERVER_ERROR;
        await audit(principal, {
          kind: 'mutation',
          operation: 'uploadPlacement',
          targetIds: clientGlobalId ? [clientGlobalId.slice(0, 200)] : [],
          outcome: e instanceof AppError ? 'rejected' : 'error',
          errorCode: code,
          requestId,
        });
      }
      // Drain what the client is still sending so it reads our answer rather than a reset.
      if (!req.complete) req.resume();
      sendError(res, e, log, requestId);
    }
  });

  app.get('/api/placement-imports/:id/rejections.csv', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    try {
      const auth = await authenticate(d, req, res);
      ctx = auth.ctx;
      const principal = auth.principal;
      if (!IMPORT_VIEW_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to see placement imports');
      const globalId = String(req.params.id);
      const parsed = fromGlobalId(globalId);
      if (!parsed || parsed.type !== IMPORT_NODE_TYPES.placementImport) throw new HttpError(ErrorCode.NOT_FOUND, 'Placement import not found');
      const db = await ctx.session.manager();
      const found = await streamRejectionsCsv(db, parsed.id, res, async ({ clientId, fileName }) => {
        // Audited before the first byte leaves, inside the same transaction.
        await writeAudit(db, principal, { kind: 'download', operation: 'placementRejectionsCsv', targetIds: [globalId], clientIds: [clientId], outcome: 'ok', requestId });
        const base = `rejections-${fileName.replace(/\.[^.]+$/, '')}.csv`;
        res.status(200);
        res.setHeader('content-type', 'text/csv; charset=utf-8');
        res.setHeader('content-disposition', `attachment; filename="rejections.csv"; filename*=UTF-8''${encodeURIComponent(base)}`);
        res.setHeader('cache-control', 'no-store');
      }, req.query.lang === 'zh-CN' ? 'zh-CN' : 'en');
      if (!found) throw new HttpError(ErrorCode.NOT_FOUND, 'Placement import not found');
      await ctx.session.close(true);
      ctx = null;
      res.end();
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      sendError(res, e, log, requestId);
    }
  });

  mountLegalRoutes(app, d);
  // The return file (退案清单), CSV or XLSX: the accounts a placement handed back, or those one recall took back.
  const returnFileRoute = (
    route: string,
    nodeType: string,
    what: string,
    operation: string,
    find: (db: EntityManager, id: string) => Promise<{ client_id: string; label: string } | undefined>,
    selection: (id: string) => Parameters<typeof writeReturnFile>[1],
    fileName: (lang: 'en' | 'zh-CN', label: string) => string,
  ) =>
    app.get(route, async (req, res) => {
      const requestId = res.locals.requestId as string;
      let ctx: RequestContext | null = null;
      try {
        const auth = await authenticate(d, req, res);
        ctx = auth.ctx;
        if (!IMPORT_VIEW_ROLES.includes(auth.principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to see return files');
        const globalId = String(req.params.id);
        const parsed = fromGlobalId(globalId);
        if (!parsed || parsed.type !== nodeType) throw new HttpError(ErrorCode.NOT_FOUND, `${what} not found`);
        const format = req.query.format === 'xlsx' ? 'xlsx' : 'csv';
        const lang = req.query.lang === 'en' ? 'en' : 'zh-CN';
        const db = await ctx.session.manager();
        const found = await find(db, parsed.id);
        if (!found) throw new HttpError(ErrorCode.NOT_FOUND, `${what} not found`);
        await writeAudit(db, auth.principal, { kind: 'download', operation, targetIds: [globalId], clientIds: [found.client_id], outcome: 'ok', requestId });
        res.status(200);
        res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        res.setHeader('content-disposition', `attachment; filename="return-file.${format}"; filename*=UTF-8''${encodeURIComponent(`${fileName(lang, found.label)}.${format}`)}`);
        res.setHeader('cache-control', 'no-store');
        await writeReturnFile(db, selection(parsed.id), format, lang, res);
        await ctx.session.close(true);
        ctx = null;
        res.end();
      } catch (e) {
        await ctx?.session.close(false).catch(() => undefined);
        sendError(res, e, log, requestId);
      }
    });
  returnFileRoute(
    '/api/placements/:id/return-file',
    'Placement',
    'Placement',
    'placementReturnFile',
    async (db, id) => (await db.query('select client_id, name as label from placement where id = $1', [id]))[0],
    (placementId) => ({ placementId }),
    (lang, name) => `${lang === 'en' ? 'returned' : '退案清单'}-${name}`,
  );
  returnFileRoute(
    '/api/recalls/:id/return-file',
    'AccountRecall',
    'Recall',
    'recallReturnFile',
    async (db, id) => (await db.query('select client_id, effective_on::text as label from account_recall where id = $1', [id]))[0],
    (recallId) => ({ recallId }),
    (lang, day) => `${lang === 'en' ? 'recalled' : '退案清单'}-${day}`,
  );

  // The bank portal's export: a bank's accounts placed within a date range, CSV or XLSX.
  app.get('/api/accounts/export', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    try {
      const auth = await authenticate(d, req, res);
      ctx = auth.ctx;
      if (!IMPORT_VIEW_ROLES.includes(auth.principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to export accounts');
      const client = fromGlobalId(String(req.query.clientId ?? ''));
      if (!client || client.type !== PLATFORM_NODE_TYPES.client) throw new HttpError(ErrorCode.NOT_FOUND, 'Client not found');
      const day = /^\d{4}-\d{2}-\d{2}$/;
      const from = String(req.query.from ?? '');
      const to = String(req.query.to ?? '');
      if (!day.test(from) || !day.test(to) || from > to) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Give from and to as dates (yyyy-mm-dd), from not after to');
      const format = req.query.format === 'xlsx' ? 'xlsx' : 'csv';
      const lang = req.query.lang === 'en' ? 'en' : 'zh-CN';
      const db = await ctx.session.manager();
      const [visible] = await db.query('select id from client where id = $1', [client.id]);
      if (!visible || !auth.principal.clientIds.includes(client.id)) throw new HttpError(ErrorCode.NOT_FOUND, 'Client not found');
      await writeAudit(db, auth.principal, { kind: 'download', operation: 'accountsExport', targetIds: [String(req.query.clientId)], clientIds: [client.id], outcome: 'ok', requestId });
      res.status(200);
      res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="accounts-${from}-${to}.${format}"`);
      res.setHeader('cache-control', 'no-store');
      await writeReturnFile(db, { clientId: client.id, placedFrom: from, placedTo: to }, format, lang, res);
      await ctx.session.close(true);
      ctx = null;
      res.end();
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      sendError(res, e, log, requestId);
    }
  });

  return { importer };
}
