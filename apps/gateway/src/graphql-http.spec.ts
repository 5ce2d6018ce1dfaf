import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { isHttps, isPlainGraphQLPost, parseJsonBody, recordHeaders } from './graphql-http.js';

const request = (method: string, url: string, headers: Record<string, string> = {}, socket: object = { remoteAddress: '10.0.0.9' }) =>
  ({ method, url, headers, socket }) as unknown as IncomingMessage;

describe('which requests the GraphQL endpoint serves without Express', () => {
  it('takes a POST of UTF-8 JSON to /graphql, with or without a query string', () => {
    expect(isPlainGraphQLPost(request('POST', '/graphql', { 'content-type': 'application/json' }))).toBe(true);
    expect(isPlainGraphQLPost(request('POST', '/graphql?op=x', { 'content-type': 'application/json; charset=UTF-8' }))).toBe(true);
    expect(isPlainGraphQLPost(request('POST', '/graphql', { 'content-type': 'application/json', 'content-encoding': 'identity' }))).toBe(true);
  });

  it('leaves every other shape to Express', () => {
    expect(isPlainGraphQLPost(request('GET', '/graphql', { 'content-type': 'application/json' }))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphql/x', { 'content-type': 'application/json' }))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphqlx', { 'content-type': 'application/json' }))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/api/auth/refresh', { 'content-type': 'application/json' }))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphql', {}))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphql', { 'content-type': 'application/json; charset=latin1' }))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphql', { 'content-type': 'text/plain' }))).toBe(false);
    expect(isPlainGraphQLPost(request('POST', '/graphql', { 'content-type': 'application/json', 'content-encoding': 'gzip' }))).toBe(false);
  });
});

describe('the body, parsed as express.json parses it', () => {
  const parse = (text: string) => parseJsonBody(Buffer.from(text, 'utf8'));

  it('accepts an object or an array, after whitespace or a byte-order mark', () => {
    expect(parse('{"query":"{ me { id } }"}')).toEqual({ body: { query: '{ me { id } }' } });
    expect(parse(' \n\t[1]')).toEqual({ body: [1] });
    expect(parse('\ufeff{"a":"名"}')).toEqual({ body: { a: '名' } });
  });

  it('reads an empty body as an empty object (Apollo then asks for a query)', () => {
    expect(parse('')).toEqual({ body: {} });
  });

  it('refuses JSON that is not an object or an array, and text that is not JSON, as BAD_REQUEST', () => {
    for (const text of ['"just a string"', 'null', '42', '{"query": "{ me', 'x']) {
      expect(parse(text)).toEqual({ failure: { status: 400, code: 'BAD_REQUEST', message: 'The request body is not valid JSON' } });
    }
  });
});

describe('recorded security headers', () => {
  it('are the headers helmet sets, without X-Powered-By', () => {
    const headers = new Map(recordHeaders([helmet({ contentSecurityPolicy: false, frameguard: { action: 'deny' }, referrerPolicy: { policy: 'no-referrer' } })]));
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.has('content-security-policy')).toBe(false);
    expect(headers.has('x-powered-by')).toBe(false);
  });
});

describe("the request's protocol", () => {
  const trustNone = () => false;
  const trustAll = () => true;

  it('is the socket\'s unless the peer is a trusted proxy', () => {
    expect(isHttps(request('POST', '/graphql', { 'x-forwarded-proto': 'https' }), trustNone)).toBe(false);
    expect(isHttps(request('POST', '/graphql', {}, { remoteAddress: '10.0.0.9', encrypted: true }), trustNone)).toBe(true);
  });

  it("is the first X-Forwarded-Proto a trusted proxy sends, else the socket's", () => {
    expect(isHttps(request('POST', '/graphql', { 'x-forwarded-proto': 'https, http' }), trustAll)).toBe(true);
    expect(isHttps(request('POST', '/graphql', { 'x-forwarded-proto': 'http' }), trustAll)).toBe(false);
    expect(isHttps(request('POST', '/graphql', {}), trustAll)).toBe(false);
  });
});
