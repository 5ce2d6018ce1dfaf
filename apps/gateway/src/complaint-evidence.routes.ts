import type { Express } from 'express';
import { writeAudit } from '@arrears/audit';
import { ComplaintService, COMPLAINT_NODE_TYPES, EVIDENCE_MAX_BYTES, EVIDENCE_ROLES, evidenceKey, type ComplaintRow } from '@arrears/complaints';
import { ErrorCode, fromGlobalId, toGlobalId } from '@arrears/graphql';
import type { DocumentStore } from '@arrears/storage';
import { withTenant, type Principal, type RequestContext } from '@arrears/tenancy';
import type { Logger } from './logger.js';
import { HttpError, sendError } from './rest.routes.js';
import { auditFailedUpload, fileTooLarge, receiveFile, sendStoredFile, type FileRules } from './file-upload.js';
import type { GatewayDeps } from './schema.js';

export interface EvidenceRouteDeps {
  log: Logger;
  deps: GatewayDeps;
  openContext(authorization: string | undefined, requestId: string): Promise<RequestContext>;
  store: DocumentStore;
}

const complaintId = (globalId: string) => {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== COMPLAINT_NODE_TYPES.complaint) throw new HttpError(ErrorCode.NOT_FOUND, 'Complaint not found');
  return parsed.id;
};

const EVIDENCE: FileRules = { what: 'file', maxBytes: EVIDENCE_MAX_BYTES };

/**
 * Evidence on a complaint: upload (multipart, streamed into the document store) and audited download.
 * Who may see the complaint's body is the database's answer (RLS on complaint_entry), so the person
 * complained against gets NOT_FOUND for its evidence like for anything that does not exist.
 */
export function mountComplaintEvidenceRoutes(app: Express, d: EvidenceRouteDeps): void {
  const store = d.store;

  app.post('/api/complaints/:id/evidence', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let principal: Principal | null = null;
    let key: string | null = null;
    try {
      // Who and which tenant before a byte of the body is read.
      const ctx = await d.openContext(req.headers.authorization, requestId);
      principal = ctx.principal;
      let row: ComplaintRow | null = null;
      try {
        if (!principal) throw new HttpError(ErrorCode.UNAUTHENTICATED, 'You must be signed in');
        if (!EVIDENCE_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to add evidence');
        row = await new ComplaintService(await ctx.session.manager()).get(complaintId(String(req.params.id)));
        if (!row) throw new HttpError(ErrorCode.NOT_FOUND, 'Complaint not found');
        if (row.against_user_id === principal.userId) throw new HttpError(ErrorCode.FORBIDDEN, 'The person complained against cannot add to the complaint');
      } finally {
        // No transaction is held while the file streams in.
        await ctx.session.close(false);
      }
      if (!req.is('multipart/form-data')) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Send the file as multipart/form-data with a field "file"');
      if (Number(req.headers['content-length'] ?? 0) > EVIDENCE_MAX_BYTES + 64 * 1024) throw fileTooLarge(EVIDENCE);
      key = evidenceKey(row);
      const upload = await receiveFile(req, store, key, EVIDENCE);
      const who = principal;
      const complaint = row;
      const entry = await withTenant(d.deps.dataSource, { userId: who.userId, agencyId: who.agencyId }, async (db, p) => {
        const e = await new ComplaintService(db).addEvidence(p, complaint, { key: upload.doc.key, fileName: upload.fileName, contentType: upload.doc.contentType, size: upload.doc.size, sha256: upload.doc.sha256, note: upload.fields.note });
        await writeAudit(db, p, { kind: 'mutation', operation: 'addComplaintEvidence', targetIds: [String(req.params.id), toGlobalId(COMPLAINT_NODE_TYPES.entry, e.id)], clientIds: [complaint.client_id], outcome: 'ok', requestId });
        return e;
      });
      key = null;
      res.status(201).json({ entryId: toGlobalId(COMPLAINT_NODE_TYPES.entry, entry.id), sha256: entry.sha256, size: Number(entry.size_bytes) });
    } catch (e) {
      if (key) await store.delete(key).catch(() => undefined);
      if (principal) await auditFailedUpload(d.deps.dataSource, principal, 'addComplaintEvidence', String(req.params.id), e, requestId, d.log);
      if (!req.complete) req.resume();
      sendError(res, e, d.log, requestId);
    }
  });

  app.get('/api/complaints/:id/evidence/:entryId', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    try {
      ctx = await d.openContext(req.headers.authorization, requestId);
      const principal = ctx.principal;
      if (!principal) throw new HttpError(ErrorCode.UNAUTHENTICATED, 'You must be signed in');
      if (!EVIDENCE_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to see evidence');
      const entryParsed = fromGlobalId(String(req.params.entryId));
      if (!entryParsed || entryParsed.type !== COMPLAINT_NODE_TYPES.entry) throw new HttpError(ErrorCode.NOT_FOUND, 'Evidence not found');
      const db = await ctx.session.manager();
      const entry = await new ComplaintService(db).entry(complaintId(String(req.params.id)), entryParsed.id);
      if (!entry || !entry.document_key) throw new HttpError(ErrorCode.NOT_FOUND, 'Evidence not found');
      const body = await store.get(entry.document_key);
      // Audited before the first byte leaves, in the request's transaction.
      await writeAudit(db, principal, { kind: 'download', operation: 'complaintEvidence', targetIds: [String(req.params.id), String(req.params.entryId)], clientIds: [entry.client_id], outcome: 'ok', requestId });
      await ctx.session.close(true);
      ctx = null;
      sendStoredFile(res, body, entry.content_type ?? 'application/octet-stream', entry.file_name ?? 'evidence', 'evidence');
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      sendError(res, e, d.log, requestId);
    }
  });
}
