import type { Express } from 'express';
import { writeAudit } from '@arrears/audit';
import { mayWorkVisit, VisitService, VISIT_NODE_TYPES, VISIT_PHOTO_MAX_BYTES, VISIT_PHOTO_TYPES, visitPhotoKey, type VisitRow } from '@arrears/contact';
import { ErrorCode, fromGlobalId, toGlobalId } from '@arrears/graphql';
import type { DocumentStore } from '@arrears/storage';
import { STAFF_ROLES, withTenant, type Principal, type RequestContext } from '@arrears/tenancy';
import type { Logger } from './logger.js';
import { HttpError, sendError } from './rest.routes.js';
import { auditFailedUpload, fileTooLarge, receiveFile, sendStoredFile, type FileRules } from './file-upload.js';
import type { GatewayDeps } from './schema.js';

export interface VisitPhotoRouteDeps {
  log: Logger;
  deps: GatewayDeps;
  openContext(authorization: string | undefined, requestId: string): Promise<RequestContext>;
  store: DocumentStore;
}

const visitId = (globalId: string) => {
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== VISIT_NODE_TYPES.visit) throw new HttpError(ErrorCode.NOT_FOUND, 'Visit not found');
  return parsed.id;
};
const PHOTO: FileRules = { what: 'photo', maxBytes: VISIT_PHOTO_MAX_BYTES, contentTypes: VISIT_PHOTO_TYPES };

/**
 * Photo evidence of field visits: upload (multipart, streamed into the document store; who and which
 * tenant are settled before a byte of the body is read) and audited download. A visit of another
 * tenant is "not found", like one that does not exist (RLS answers).
 */
export function mountVisitPhotoRoutes(app: Express, d: VisitPhotoRouteDeps): void {
  const store = d.store;

  app.post('/api/visits/:id/photos', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let principal: Principal | null = null;
    let key: string | null = null;
    try {
      const ctx = await d.openContext(req.headers.authorization, requestId);
      principal = ctx.principal;
      let visit: VisitRow | null = null;
      try {
        if (!principal) throw new HttpError(ErrorCode.UNAUTHENTICATED, 'You must be signed in');
        if (!STAFF_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to add visit photos');
        visit = await new VisitService(await ctx.session.manager(), principal).get(visitId(String(req.params.id)));
        if (!visit) throw new HttpError(ErrorCode.NOT_FOUND, 'Visit not found');
        if (!mayWorkVisit(visit, principal)) throw new HttpError(ErrorCode.FORBIDDEN, 'Only a collector sent on the visit adds its photos');
      } finally {
        // No transaction is held while the file streams in.
        await ctx.session.close(false);
      }
      if (!req.is('multipart/form-data')) throw new HttpError(ErrorCode.BAD_USER_INPUT, 'Send the photo as multipart/form-data with a field "file"');
      if (Number(req.headers['content-length'] ?? 0) > VISIT_PHOTO_MAX_BYTES + 64 * 1024) throw fileTooLarge(PHOTO);
      key = visitPhotoKey(visit);
      const upload = await receiveFile(req, store, key, PHOTO);
      const who = principal;
      const v = visit;
      const photo = await withTenant(d.deps.dataSource, { userId: who.userId, agencyId: who.agencyId }, async (db, p) => {
        const row = await new VisitService(db, p).addPhoto(v, { key: upload.doc.key, fileName: upload.fileName, contentType: upload.doc.contentType, size: upload.doc.size, sha256: upload.doc.sha256 });
        await writeAudit(db, p, { kind: 'mutation', operation: 'addVisitPhoto', targetIds: [String(req.params.id), toGlobalId(VISIT_NODE_TYPES.photo, row.id)], clientIds: [v.client_id], outcome: 'ok', requestId });
        return row;
      });
      key = null;
      res.status(201).json({ photoId: toGlobalId(VISIT_NODE_TYPES.photo, photo.id), sha256: photo.sha256, size: Number(photo.size_bytes) });
    } catch (e) {
      if (key) await store.delete(key).catch(() => undefined);
      if (principal) await auditFailedUpload(d.deps.dataSource, principal, 'addVisitPhoto', String(req.params.id), e, requestId, d.log);
      if (!req.complete) req.resume();
      sendError(res, e, d.log, requestId);
    }
  });

  app.get('/api/visits/:id/photos/:photoId', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    try {
      ctx = await d.openContext(req.headers.authorization, requestId);
      const principal = ctx.principal;
      if (!principal) throw new HttpError(ErrorCode.UNAUTHENTICATED, 'You must be signed in');
      if (!STAFF_ROLES.includes(principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to see visit photos');
      const photoParsed = fromGlobalId(String(req.params.photoId));
      if (!photoParsed || photoParsed.type !== VISIT_NODE_TYPES.photo) throw new HttpError(ErrorCode.NOT_FOUND, 'Photo not found');
      const db = await ctx.session.manager();
      const photo = await new VisitService(db, principal).photo(visitId(String(req.params.id)), photoParsed.id);
      if (!photo) throw new HttpError(ErrorCode.NOT_FOUND, 'Photo not found');
      const body = await store.get(photo.document_key);
      // Audited before the first byte leaves, in the request's transaction.
      await writeAudit(db, principal, { kind: 'download', operation: 'visitPhoto', targetIds: [String(req.params.id), String(req.params.photoId)], clientIds: [photo.client_id], outcome: 'ok', requestId });
      await ctx.session.close(true);
      ctx = null;
      sendStoredFile(res, body, photo.content_type, photo.file_name, 'photo');
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      sendError(res, e, d.log, requestId);
    }
  });
}
