import fs from 'node:fs';
import type { Express } from 'express';
import { formatOf } from '@arrears/accounts';
import { writeAudit } from '@arrears/audit';
import { ErrorCode, fromGlobalId, toGlobalId } from '@arrears/graphql';
import { PLATFORM_NODE_TYPES } from '@arrears/platform';
import { collectionReportRows, PAYMENT_FILE_KINDS, PAYMENT_IMPORT_NODE_TYPE, PaymentImportService, paymentRejectionsCsv, writeCollectionReport } from '@arrears/payments';
import type { RequestContext } from '@arrears/tenancy';
import { authenticate, HttpError, receiveUpload, sendError, type RestRouteDeps } from './rest.routes.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REPORT_ROLES = ['agency_admin', 'supervisor', 'client_user'];

/**
 * The bank's collection report as a file: `GET /api/clients/:clientId/collection-report.(csv|xlsx)?from=&to=`
 * (one day: from = to; a month-end statement: the month's first and last day). Read under the caller's
 * RLS, so another bank's id is NOT_FOUND; every download is audited before the first byte leaves.
 */
export function mountPaymentReportRoutes(app: Express, d: RestRouteDeps): void {
  app.get('/api/clients/:clientId/collection-report.:format', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    try {
      const auth = await authenticate(d, req, res);
      ctx = auth.ctx;
      const principal = auth.principal;
      if (!REPORT_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to download collection reports');
      const format = String(req.params.format);
      if (format !== 'csv' && format !== 'xlsx') throw new HttpError(ErrorCode.NOT_FOUND, 'Unknown report format');
      const from = String(req.query.from ?? '');
      const to = String(req.query.to ?? from);
      if (!DATE.test(from) || !DATE.test(to) || to < from) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'from and to must be dates (yyyy-mm-dd), from ≤ to');
      const globalId = String(req.params.clientId);
      const parsed = fromGlobalId(globalId);
      const db = await ctx.session.manager();
      const [client] = parsed?.type === PLATFORM_NODE_TYPES.client ? await db.query(`select id, code from client where id = $1 and id = any($2::uuid[])`, [parsed.id, principal.clientIds]) : [];
      if (!client) throw new HttpError(ErrorCode.NOT_FOUND, 'Client not found');
      const rows = await collectionReportRows(db, client.id, from, to);
      await writeAudit(db, principal, { kind: 'download', operation: 'collectionReport', targetIds: [globalId], clientIds: [client.id], outcome: 'ok', requestId });
      await ctx.session.close(true);
      ctx = null;
      const name = `collections-${client.code}-${from}${to === from ? '' : `-${to}`}.${format}`;
      res.status(200);
      res.setHeader('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
      res.setHeader('cache-control', 'no-store');
      await writeCollectionReport(rows, format, res);
      res.end();
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      sendError(res, e, d.log, requestId);
    }
  });
}

const FILE_ROLES = ['agency_admin', 'supervisor'];

/**
 * Bank payment files: `POST /api/payment-files/upload` (multipart: clientId, file, optional fileKind
 * PAYMENTS | DIRECT_PAYMENTS) imports the file in one transaction and answers with its counts; the
 * rejection report is `GET /api/payment-imports/:id/rejections.csv`.
 */
export function mountPaymentFileRoutes(app: Express, d: RestRouteDeps): void {
  app.post('/api/payment-files/upload', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    let spooled: string | null = null;
    try {
      const auth = await authenticate(d, req, res);
      ctx = auth.ctx;
      const principal = auth.principal;
      if (!FILE_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to import payment files');
      if (!req.is('multipart/form-data')) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Send the file as multipart/form-data with fields clientId, file and optionally fileKind');
      const upload = await receiveUpload(req, d.config.uploadMaxBytes);
      spooled = upload.file?.path ?? null;
      if (!upload.file) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'The form has no file (field "file")');
      const format = formatOf(upload.file.name);
      if (!format) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Only CSV (.csv) and Excel (.xlsx) files can be imported');
      const kindField = (upload.fields.fileKind ?? 'PAYMENTS').toLowerCase();
      const kind = PAYMENT_FILE_KINDS.find((k) => k === kindField);
      if (!kind) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'fileKind is PAYMENTS or DIRECT_PAYMENTS');
      const client = fromGlobalId(upload.fields.clientId ?? '');
      if (!client || client.type !== PLATFORM_NODE_TYPES.client || !principal.clientIds.includes(client.id) || !principal.agencyId) throw new HttpError(ErrorCode.NOT_FOUND, 'Client not found');
      const db = await ctx.session.manager();
      const row = await new PaymentImportService(db).import(principal, { clientId: client.id, agencyId: principal.agencyId, kind, filePath: upload.file.path, fileName: upload.file.name, format });
      const globalId = toGlobalId(PAYMENT_IMPORT_NODE_TYPE, row.id);
      await writeAudit(db, principal, { kind: 'mutation', operation: 'uploadPaymentFile', targetIds: [globalId, upload.fields.clientId ?? ''], clientIds: [client.id], outcome: 'ok', requestId });
      await ctx.session.close(true);
      ctx = null;
      res.status(200).json({ importId: globalId, status: row.status, rowsRead: row.rows_read, rowsPosted: row.rows_posted, rowsDuplicate: row.rows_duplicate, rowsRejected: row.rows_rejected, totalPosted: row.total_posted, error: row.error });
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      if (!req.complete) req.resume();
      sendError(res, e, d.log, requestId);
    } finally {
      if (spooled) fs.rm(spooled, { force: true }, () => undefined);
    }
  });

  app.get('/api/payment-imports/:id/rejections.csv', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    try {
      const auth = await authenticate(d, req, res);
      ctx = auth.ctx;
      const principal = auth.principal;
      if (!FILE_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to see payment files');
      const globalId = String(req.params.id);
      const parsed = fromGlobalId(globalId);
      if (!parsed || parsed.type !== PAYMENT_IMPORT_NODE_TYPE) throw new HttpError(ErrorCode.NOT_FOUND, 'Payment import not found');
      const db = await ctx.session.manager();
      const svc = new PaymentImportService(db);
      const imp = await svc.get(parsed.id);
      if (!imp) throw new HttpError(ErrorCode.NOT_FOUND, 'Payment import not found');
      const rows = await svc.rejections(imp.id);
      await writeAudit(db, principal, { kind: 'download', operation: 'paymentRejectionsCsv', targetIds: [globalId], clientIds: [imp.client_id], outcome: 'ok', requestId });
      await ctx.session.close(true);
      ctx = null;
      res.status(200);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="payment-rejections.csv"`);
      res.setHeader('cache-control', 'no-store');
      res.end(paymentRejectionsCsv(rows));
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      sendError(res, e, d.log, requestId);
    }
  });
}
