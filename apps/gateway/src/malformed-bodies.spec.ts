import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// Bodies Express cannot parse get the same JSON error shape as every other error, with a stable code,
// in every mode; never Express's HTML page with a stack trace and file paths.

const gateways: Record<'development' | 'production', TestGateway | undefined> = { development: undefined, production: undefined };

beforeAll(async () => {
  gateways.development = await startTestGateway(inject('pgAdminUrl'));
  gateways.production = await startTestGateway(inject('pgAdminUrl'), { env: { NODE_ENV: 'production' } });
});
afterAll(async () => {
  await gateways.development?.close();
  await gateways.production?.close();
});

const STACK = /(\bat [\w.<>]+ \(|node_modules|\.[jt]s:\d+|<html|<pre>|SyntaxError)/i;

async function post(gw: TestGateway, path: string, body: BodyInit, contentType = 'application/json') {
  const res = await gw.fetch(path, { method: 'POST', headers: { 'content-type': contentType, 'apollo-require-preflight': 'true' }, body });
  const text = await res.text();
  expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  expect(text).not.toMatch(STACK);
  return { status: res.status, body: JSON.parse(text) as { errors?: { extensions?: { code?: string } }[]; error?: { code: string } } };
}

describe.each(['development', 'production'] as const)('malformed bodies (%s)', (mode) => {
  const gw = () => gateways[mode]!;

  it('truncated JSON is a 400 JSON error with code BAD_REQUEST', async () => {
    const r = await post(gw(), '/graphql', '{"query": "{ me { role');
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it('random bytes are a 400 JSON error', async () => {
    const r = await post(gw(), '/graphql', randomBytes(512));
    expect(r.status).toBe(400);
    expect(r.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it('a body over the limit is a 413 JSON error with code PAYLOAD_TOO_LARGE', async () => {
    const r = await post(gw(), '/graphql', JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } }));
    expect(r.status).toBe(413);
    expect(r.body.errors?.[0].extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('JSON that is not an object, or a wrong charset, is a JSON error', async () => {
    for (const body of ['"just a string"', '[1,2,3]', 'null', '{}']) {
      const r = await post(gw(), '/graphql', body);
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0].extensions?.code).toMatch(/^BAD_REQUEST$/);
    }
    const latin = await post(gw(), '/graphql', '{"query":"{ __typename }"}', 'application/json; charset=latin1');
    expect(latin.status).toBe(415);
    expect(latin.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
  });

  it('an unknown API path is a JSON 404, and a REST route refuses garbage in its own shape', async () => {
    const missing = await post(gw(), '/api/nothing-here', '{}');
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('NOT_FOUND');
    const upload = await post(gw(), '/api/placements/upload', randomBytes(256), 'multipart/form-data; boundary=x');
    expect(upload.status).toBe(401);
    expect(upload.body.error?.code).toBe('UNAUTHENTICATED');
    // Outside the API too: no route, or not this method, is the same JSON 404.
    for (const [method, path] of [['GET', '/metrics'], ['POST', '/accounts'], ['DELETE', '/healthz']]) {
      const res = await gw().fetch(path, { method });
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({ path, status: 404, type: 'application/json; charset=utf-8' });
      expect(((await res.json()) as { error?: { code?: string } }).error?.code).toBe('NOT_FOUND');
    }
  });

  it('a path parameter that is not valid percent-encoding is a 400, not a server error', async () => {
    const res = await post(gw(), '/api/complaints/%%%/evidence', randomBytes(16), 'application/octet-stream');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'BAD_REQUEST', message: 'The request path is not valid' });
  });
});
