import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Express, Request, Response } from 'express';
import { writeAudit, type AuditEntry } from '@arrears/audit';
import { AppError, ErrorCode, fromGlobalId, toGlobalId } from '@arrears/graphql';
import { BANK_DOCUMENT_KINDS, BANK_DOCUMENT_ROLES, CASE_DOCUMENT_VIEW_ROLES, COURT_DOCUMENT_ROLES, LEGAL_NODE_TYPES, LegalDocumentService, type BankDocumentKind } from '@arrears/legal';
import { withTenant, type Principal, type RequestContext, type Role } from '@arrears/tenancy';
import { authenticate, HttpError, receiveUpload, sendError, type RestRouteDeps } from './rest.routes.js';

/** Legal documents are evidence, not bulk data: a lower ceiling than placement files. */
const LEGAL_UPLOAD_MAX_BYTES = 50 * 1024 * 1024;
const CONTENT_TYPES: Record<string, string> = { '.pdf': 'application/pdf', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.tif': 'image/tiff', '.tiff': 'image/tiff' };
const contentTypeOf = (name: string) => CONTENT_TYPES[(name.match(/\.[A-Za-z]+$/)?.[0] ?? '').toLowerCase()] ?? null;

/**
 * Legal's file endpoints, on the same pattern as the placement upload: authenticate before reading the
 * body, spool within a size limit, then store and record in one tenant transaction; downloads are
 * audited in the transaction that reads them, before the first byte leaves.
 */
export function mountLegalRoutes(app: Express, d: RestRouteDeps): void {
  const { log } = d;
  const store = d.deps.legal.documents;
  const audit = (principal: Principal, entry: AuditEntry) =>
    withTenant(d.deps.dataSource, { userId: principal.userId, agencyId: principal.agencyId }, (db, p) => writeAudit(db, p, entry)).catch((err) =>
      log.error({ err, requestId: entry.requestId }, 'failed to write an audit entry'),
    );

  /** The shared shape of both uploads: who may, what the file must be, and what to do with it. */
  async function upload(
    req: Request,
    res: Response,
    opts: { operation: string; roles: readonly Role[]; target: string; store: (db: LegalDocumentService, p: Principal, file: { path: string; name: string; type: string }, fields: Record<string, string>) => Promise<unknown> },
  ) {
    const requestId = res.locals.requestId as string;
    let principal: Principal | null = null;
    let spooled: string | null = null;
    try {
      const auth = await authenticate(d, req, res);
      principal = auth.principal;
      await auth.ctx.session.close(true);
      if (!opts.roles.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to upload this document');
      if (!req.is('multipart/form-data')) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Send the file as multipart/form-data (field "file")');
      const got = await receiveUpload(req, LEGAL_UPLOAD_MAX_BYTES);
      spooled = got.file?.path ?? null;
      if (!got.file) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'The form has no file (field "file")');
      const type = contentTypeOf(got.file.name);
      if (!type) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Only PDF and image files (PDF, JPEG, PNG, TIFF) are accepted');
      const file = { path: got.file.path, name: got.file.name, type };
      const result = await withTenant(d.deps.dataSource, { userId: principal.userId, agencyId: principal.agencyId }, (db, p) => opts.store(new LegalDocumentService(db, store), p, file, got.fields));
      await audit(principal, { kind: 'mutation', operation: opts.operation, targetIds: [opts.target], outcome: 'ok', requestId });
      res.status(201).json(result);
    } catch (e) {
      if (principal) {
        await audit(principal, {
          kind: 'mutation',
          operation: opts.operation,
          targetIds: [opts.target.slice(0, 200)],
          outcome: e instanceof AppError ? 'rejected' : 'error',
          errorCode: e instanceof AppError ? e.code : ErrorCode.INTERNAL_SERVER_ERROR,
          requestId,
        });
      }
      if (!req.complete) req.resume();
      sendError(res, e, log, requestId);
    } finally {
      if (spooled) fs.rm(spooled, { force: true }, () => undefined);
    }
  }

  const idOf = (globalId: string, type: string, what: string) => {
    const parsed = fromGlobalId(globalId);
    if (!parsed || parsed.type !== type) throw new HttpError(ErrorCode.NOT_FOUND, `${what} not found`);
    return parsed.id;
  };

  app.post('/api/legal/accounts/:accountId/documents', (req, res) =>
    upload(req, res, {
      operation: 'uploadBankDocument',
      roles: BANK_DOCUMENT_ROLES,
      target: String(req.params.accountId),
      store: async (svc, p, file, fields) => {
        const accountId = idOf(String(req.params.accountId), 'Account', 'Account');
        const kind = fields.kind as BankDocumentKind;
        if (!BANK_DOCUMENT_KINDS.includes(kind)) throw new HttpError(ErrorCode.BAD_USER_INPUT, `kind must be one of ${BANK_DOCUMENT_KINDS.join(', ')}`);
        const row = await svc.putBankDocument(p, accountId, kind, file.name, file.type, fs.createReadStream(file.path));
        if (!row) throw new HttpError(ErrorCode.NOT_FOUND, 'Account not found');
        return { id: toGlobalId(LEGAL_NODE_TYPES.bankDocument, row.id), kind: row.kind, fileName: row.file_name, sha256: row.sha256, size: row.size };
      },
    }),
  );

  app.post('/api/legal/cases/:caseId/documents', (req, res) =>
    upload(req, res, {
      operation: 'uploadCourtDocument',
      roles: COURT_DOCUMENT_ROLES,
      target: String(req.params.caseId),
      store: async (svc, p, file) => {
        const caseId = idOf(String(req.params.caseId), LEGAL_NODE_TYPES.legalCase, 'Legal case');
        const row = await svc.putCourtDocument(p, caseId, file.name, file.type, fs.createReadStream(file.path));
        if (!row) throw new HttpError(ErrorCode.NOT_FOUND, 'Legal case not found');
        if (row === 'closed') throw new HttpError(ErrorCode.CONFLICT, 'Court documents are added while the firm works the case');
        return { id: toGlobalId(LEGAL_NODE_TYPES.document, row.id), fileName: row.file_name, sha256: row.sha256, size: row.size };
      },
    }),
  );

  app.get('/api/legal/documents/:id', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    try {
      const auth = await authenticate(d, req, res);
      ctx = auth.ctx;
      const principal = auth.principal;
      if (!CASE_DOCUMENT_VIEW_ROLES.includes(principal.role as (typeof CASE_DOCUMENT_VIEW_ROLES)[number])) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to see legal documents');
      const globalId = String(req.params.id);
      const id = idOf(globalId, LEGAL_NODE_TYPES.document, 'Document');
      const db = await ctx.session.manager();
      const doc = await new LegalDocumentService(db, store).caseDocument(id);
      if (!doc) throw new HttpError(ErrorCode.NOT_FOUND, 'Document not found');
      const body = await store.get(doc.storage_key);
      // Audited before the first byte leaves, in the transaction that found the document.
      await writeAudit(db, principal, {
        kind: 'download',
        operation: 'legalDocument',
        targetIds: [globalId, toGlobalId(LEGAL_NODE_TYPES.legalCase, doc.case_id)],
        clientIds: [doc.client_id],
        outcome: 'ok',
        requestId,
      });
      await ctx.session.close(true);
      ctx = null;
      res.status(200);
      res.setHeader('content-type', doc.content_type);
      res.setHeader('content-length', String(doc.size));
      res.setHeader('x-content-sha256', doc.sha256);
      res.setHeader('content-disposition', `attachment; filename="document"; filename*=UTF-8''${encodeURIComponent(doc.file_name)}`);
      res.setHeader('cache-control', 'no-store');
      await pipeline(body, res);
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      sendError(res, e, log, requestId);
    }
  });
}
