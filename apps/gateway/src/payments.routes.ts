import type { Express } from 'express';
import { writeAudit } from '@arrears/audit';
import { fromGlobalId, ErrorCode } from '@arrears/graphql';
import { PLATFORM_NODE_TYPES } from '@arrears/platform';
import { collectionReportRows, writeCollectionReport } from '@arrears/payments';
import type { RequestContext } from '@arrears/tenancy';
import { authenticate, HttpError, sendError, type RestRouteDeps } from './rest.routes.js';

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
