import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { ErrorCode } from '@arrears/graphql';
import type { Logger } from './logger.js';

export interface HttpFailure {
  status: number;
  code: string;
  message: string;
}

/** What a failure to read the request (its body, its path) means to a client; null for anything else. */
export function bodyFailure(err: unknown): HttpFailure | null {
  const type = (err as { type?: unknown })?.type;
  switch (type) {
    case 'entity.parse.failed':
      return { status: 400, code: ErrorCode.BAD_REQUEST, message: 'The request body is not valid JSON' };
    case 'entity.too.large':
      return { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is larger than the limit' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: ErrorCode.BAD_REQUEST, message: 'The request body must be UTF-8 JSON' };
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
    case 'parameters.too.many':
      return { status: 400, code: ErrorCode.BAD_REQUEST, message: 'The request body could not be read' };
    default:
      // A path parameter that is not valid percent-encoding ("%%%"): the router refuses it with a 400.
      if (err instanceof URIError && (err as { status?: unknown }).status === 400) {
        return { status: 400, code: ErrorCode.BAD_REQUEST, message: 'The request path is not valid' };
      }
      return null;
  }
}

/** GraphQL paths answer in GraphQL's shape, every other path in the REST shape; both carry the code. */
export function sendFailure(req: Request, res: Response, f: HttpFailure): void {
  writeFailure(res, req.path.startsWith('/graphql'), f);
}

/** The failure as JSON on a bare response (the GraphQL endpoint serves its common requests without Express). */
export function writeFailure(res: ServerResponse, graphql: boolean, f: HttpFailure): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = f.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(graphql ? { errors: [{ message: f.message, extensions: { code: f.code } }] } : { error: { code: f.code, message: f.message } }));
}

/** Unknown paths and methods: JSON, not Express's HTML page. */
export const notFoundHandler: RequestHandler = (req, res) => {
  sendFailure(req, res, { status: 404, code: ErrorCode.NOT_FOUND, message: 'No such endpoint' });
};

/**
 * The last middleware: every error that reaches Express (malformed bodies, anything a route let
 * through) becomes JSON with a stable code, in every mode. Express's own handler would answer with
 * an HTML page and, outside production, a stack trace with file paths.
 */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    void _next;
    const known = bodyFailure(err);
    if (known) {
      sendFailure(req, res, known);
      return;
    }
    log.error({ err, requestId: res.locals.requestId }, 'unexpected error in an HTTP handler');
    sendFailure(req, res, { status: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
  };
}
