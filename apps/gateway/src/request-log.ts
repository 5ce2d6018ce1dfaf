import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './logger.js';
import { httpRequests, routeOf } from './metrics.js';

/** What the access log says of one request; the GraphQL endpoint adds the operation's name. */
export interface RequestRecord {
  readonly id: string;
  operation?: string;
}

/**
 * Gives the request its id (the caller's X-Request-Id, or a new one, echoed in the answer) and, when the
 * answer is sent, counts it and writes the access-log line. Called first for every request, on both the
 * Express path and the GraphQL endpoint's own (graphql-http.ts).
 */
export function trackRequest(req: IncomingMessage, res: ServerResponse, log: Logger): RequestRecord {
  const started = process.hrtime.bigint();
  const record: RequestRecord = { id: (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) || randomUUID() };
  res.setHeader('x-request-id', record.id);
  // Taken now: a router mounted at /graphql strips its mount path from the url while it handles the request.
  const path = (req.url ?? '/').split('?')[0];
  res.on('finish', () => {
    if (path === '/healthz') return;
    httpRequests.inc({ route: routeOf(path), status: `${Math.floor(res.statusCode / 100)}xx` });
    log.info({ requestId: record.id, method: req.method, path, operation: record.operation, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
  });
  return record;
}
