import { pipeline } from 'node:stream/promises';
import type { Express } from 'express';
import { writeAudit } from '@arrears/audit';
import { CORRESPONDENCE_NODE_TYPES } from '@arrears/contact';
import { ErrorCode, fromGlobalId } from '@arrears/graphql';
import type { DocumentStore } from '@arrears/storage';
import type { RequestContext } from '@arrears/tenancy';
import { authenticate, HttpError, sendError, type RestRouteDeps } from './rest.routes.js';

const LETTER_ROLES = ['agency_admin', 'supervisor', 'collector', 'client_user'];

/**
 * The PDF of a letter in the sent-letter register. Row-level security finds the letter (another bank's
 * id is "not found"); the download is audited in the transaction that found it, before a byte leaves.
 */
export function mountLetterRoutes(app: Express, d: Omit<RestRouteDeps, 'config'>, store: DocumentStore): void {
  app.get('/api/letters/:id/pdf', async (req, res) => {
    const requestId = res.locals.requestId as string;
    let ctx: RequestContext | null = null;
    try {
      const auth = await authenticate(d as RestRouteDeps, req, res);
      ctx = auth.ctx;
      if (!LETTER_ROLES.includes(auth.principal.role)) throw new HttpError(ErrorCode.FORBIDDEN, 'You are not allowed to see letters');
      const globalId = String(req.params.id);
      const parsed = fromGlobalId(globalId);
      if (!parsed || parsed.type !== CORRESPONDENCE_NODE_TYPES.letter) throw new HttpError(ErrorCode.NOT_FOUND, 'Letter not found');
      const db = await ctx.session.manager();
      const [row]: { client_id: string; document_key: string; sha256: string; size: number }[] = await db.query(`select client_id, document_key, sha256, size from letter where id = $1`, [parsed.id]);
      if (!row) throw new HttpError(ErrorCode.NOT_FOUND, 'Letter not found');
      const body = await store.get(row.document_key);
      await writeAudit(db, auth.principal, { kind: 'download', operation: 'letterPdf', targetIds: [globalId], clientIds: [row.client_id], outcome: 'ok', requestId });
      await ctx.session.close(true);
      ctx = null;
      res.status(200);
      res.setHeader('content-type', 'application/pdf');
      res.setHeader('content-length', String(row.size));
      res.setHeader('x-content-sha256', row.sha256);
      res.setHeader('content-disposition', 'inline; filename="letter.pdf"');
      res.setHeader('cache-control', 'no-store');
      await pipeline(body, res);
    } catch (e) {
      await ctx?.session.close(false).catch(() => undefined);
      sendError(res, e, d.log, requestId);
    }
  });
}
