import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// Security headers from helmet on the admin app, the API and error responses alike.

let gw: TestGateway;
let adminDist: string;

beforeAll(async () => {
  adminDist = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-admin-dist-'));
  fs.writeFileSync(path.join(adminDist, 'index.html'), '<!doctype html><html><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>');
  fs.writeFileSync(path.join(adminDist, 'app.js'), 'export {};');
  gw = await startTestGateway(inject('pgAdminUrl'), { env: { NODE_ENV: 'production', ADMIN_DIST: adminDist } });
});
afterAll(async () => {
  await gw?.close();
  fs.rmSync(adminDist, { recursive: true, force: true });
});

function directives(csp: string | null): Record<string, string> {
  return Object.fromEntries((csp ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1).join(' ')]));
}

describe('security headers', () => {
  it.each(['/', '/accounts/some-client-route', '/graphql', '/healthz', '/api/nothing-here'])('%s carries CSP without inline script, no framing, nosniff and no referrer', async (p) => {
    const res = await gw.fetch(p, p === '/graphql' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' } : {});
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp['script-src']).toBe("'self'");
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(csp['object-src']).toBe("'none'");
    expect(csp['style-src']).toBe("'self' 'unsafe-inline'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it("GraphQL's own path (plain JSON POST) carries exactly the security headers of the Express path", async () => {
    const TRANSPORT = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'x-request-id', 'vary', 'cache-control']);
    const securityHeaders = (res: Response) => [...res.headers].filter(([name]) => !TRANSPORT.has(name)).sort();
    const own = await gw.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    // A charset other than UTF-8 is left to Express (and refused there): same headers expected.
    const viaExpress = await gw.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{"query":"{ __typename }"}' });
    expect(own.status).toBe(200);
    expect(viaExpress.status).toBe(415);
    expect(securityHeaders(own).length).toBeGreaterThanOrEqual(10);
    expect(securityHeaders(own)).toEqual(securityHeaders(viaExpress));
  });

  it("answers GraphQL without an ETag (nothing per user is cached) and the admin app's files with one", async () => {
    const api = await gw.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(api.status).toBe(200);
    expect(api.headers.get('etag')).toBeNull();
    expect((await gw.fetch('/app.js')).headers.get('etag')).toMatch(/^W\/"/);
  });

  it('serves the admin app itself under that policy', async () => {
    const res = await gw.fetch('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root">');
  });
});
