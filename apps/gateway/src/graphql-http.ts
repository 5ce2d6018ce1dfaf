import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import proxyaddr from 'proxy-addr';
import { ErrorCode } from '@arrears/graphql';
import { writeFailure, type HttpFailure } from './http-errors.js';

/**
 * The GraphQL endpoint's own HTTP path. Express, helmet, body-parser and the Express integration cost
 * about 140 µs of CPU per request on the benchmark machine before Apollo starts (docs/benchmarks.md), a
 * tenth of what serving the account list costs. The API's common request, a POST of UTF-8 JSON to
 * /graphql, is therefore handed to Apollo straight from node:http, with the headers helmet sets
 * (recorded once), express.json's limit and answers, and the same context. Every other request to
 * /graphql (another charset, a compressed body, GET, the development sandbox) still goes through Express,
 * so each edge case keeps the one implementation it had.
 */

/** The largest GraphQL request body, on both paths (express.json's '1mb'). */
export const GRAPHQL_BODY_LIMIT = 1024 * 1024;

const PLAIN_JSON = new Set(['application/json', 'application/json; charset=utf-8']);

/** A POST of UTF-8 JSON, not compressed, to /graphql: the only requests the endpoint's own path takes. */
export function isPlainGraphQLPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
  const type = req.headers['content-type']?.toLowerCase();
  const encoding = req.headers['content-encoding'];
  return type !== undefined && PLAIN_JSON.has(type) && (encoding === undefined || encoding === 'identity');
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The headers that header-only middlewares (helmet's) set on every answer, recorded once at start. */
export function recordHeaders(middlewares: Middleware[]): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  for (const middleware of middlewares) {
    middleware({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, (err) => {
      if (err) throw err;
    });
  }
  return [...headers];
}

type ParsedBody = { body: unknown } | { failure: HttpFailure };

const NOT_JSON: HttpFailure = { status: 400, code: ErrorCode.BAD_REQUEST, message: 'The request body is not valid JSON' };
const TOO_LARGE: HttpFailure = { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is larger than the limit' };
const UNREADABLE: HttpFailure = { status: 400, code: ErrorCode.BAD_REQUEST, message: 'The request body could not be read' };

/** The body as express.json would parse it: strict (an object or an array), empty as {}, a BOM dropped. */
export function parseJsonBody(raw: Buffer): ParsedBody {
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.length === 0) return { body: {} };
  // Strict, as body-parser: an object or an array (whitespace JSON does not allow fails to parse below).
  const first = text.trimStart().charAt(0);
  if (first !== '{' && first !== '[') return { failure: NOT_JSON };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { failure: NOT_JSON };
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<ParsedBody> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve({ failure: TOO_LARGE });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      resolve({ failure: TOO_LARGE });
    };
    req.on('data', onData);
    req.on('end', () => resolve(parseJsonBody(Buffer.concat(chunks, size))));
    req.on('error', () => resolve({ failure: UNREADABLE }));
  });
}

/** Express's `req.protocol === 'https'`: the socket's, or X-Forwarded-Proto's when the peer is a trusted proxy. */
export function isHttps(req: IncomingMessage, trustProxy: (addr: string, hop: number) => boolean): boolean {
  const own = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  if (!trustProxy(req.socket.remoteAddress ?? '', 0)) return own === 'https';
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = typeof forwarded === 'string' && forwarded ? forwarded.split(',')[0].trim() : own;
  return proto === 'https';
}

/** Express's `req.ip`: the peer, or the client a trusted proxy names. */
export function clientIpOf(req: IncomingMessage, trustProxy: (addr: string, hop: number) => boolean): string | null {
  return proxyaddr(req, trustProxy) || null;
}

/**
 * Serves a request `isPlainGraphQLPost` accepted: the security headers, the body within the limit, then
 * Apollo's own HTTP handling (CSRF prevention, content negotiation, status codes) with the given context.
 */
export function graphqlPostHandler<C extends BaseContext>(opts: {
  apollo: ApolloServer<C>;
  headers: readonly (readonly [string, string])[];
  onUnexpected: (err: unknown) => void;
}): (req: IncomingMessage, res: ServerResponse, context: (body: unknown) => Promise<C>) => Promise<void> {
  return async (req, res, context) => {
    for (const [name, value] of opts.headers) res.setHeader(name, value);
    const parsed = await readBody(req, GRAPHQL_BODY_LIMIT);
    if ('failure' in parsed) {
      // The rest of an over-long body is not read: this connection is not reused.
      if (parsed.failure === TOO_LARGE) res.setHeader('connection', 'close');
      return writeFailure(res, true, parsed.failure);
    }
    try {
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const response = await opts.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers, search: query < 0 ? '' : url.slice(query), body: parsed.body },
        context: () => context(parsed.body),
      });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (e) {
      opts.onUnexpected(e);
      writeFailure(res, true, { status: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
    }
  };
}
