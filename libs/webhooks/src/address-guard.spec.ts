import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, urlProblem } from './address-guard.js';
import { postWebhook } from './sender.js';

describe('SSRF guard', () => {
  it('refuses loopback, private, link-local, CGNAT, reserved and multicast addresses, v4 and v6', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', 'not-an-ip']) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it('allows public unicast addresses', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '203.119.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
  });

  it('takes only http(s) URLs without credentials', () => {
    expect(urlProblem('https://bank.example/hooks')).toBeNull();
    expect(urlProblem('http://bank.example:8080/hooks')).toBeNull();
    expect(urlProblem('ftp://bank.example/')).toMatch(/http/);
    expect(urlProblem('file:///etc/passwd')).toMatch(/http/);
    expect(urlProblem('https://user:pw@bank.example/')).toMatch(/credentials/);
    expect(urlProblem('not a url')).toMatch(/not valid/);
  });
});

describe('sending', () => {
  let server: http.Server;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push(body);
        if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000);
        res.statusCode = req.url === '/fail' ? 503 : req.url === '/moved' ? 302 : 204;
        if (req.url === '/moved') res.setHeader('location', 'http://169.254.169.254/');
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const opts = { timeoutMs: 500, allowPrivate: true };

  it('posts the body and counts only a 2xx as delivered', async () => {
    const ok = await postWebhook(`http://127.0.0.1:${port}/ok`, '{"a":1}', {}, opts);
    expect(ok).toMatchObject({ ok: true, statusCode: 204, error: null });
    expect(seen).toContain('{"a":1}');
    expect(await postWebhook(`http://127.0.0.1:${port}/fail`, '{}', {}, opts)).toMatchObject({ ok: false, statusCode: 503, error: 'The receiver answered 503', refused: false });
    // A redirect is not followed: it could lead anywhere, the metadata endpoint included.
    expect(await postWebhook(`http://127.0.0.1:${port}/moved`, '{}', {}, opts)).toMatchObject({ ok: false, statusCode: 302 });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const r = await postWebhook(`http://127.0.0.1:${port}/slow`, '{}', {}, opts);
    expect(r).toMatchObject({ ok: false, statusCode: null, refused: false });
    expect(r.error).toMatch(/No answer within 500 ms/);
  });

  it('refuses loopback receivers, by address or by name, unless private hosts are allowed', async () => {
    const before = seen.length;
    const strict = { timeoutMs: 500, allowPrivate: false };
    expect(await postWebhook(`http://127.0.0.1:${port}/ok`, '{"x":1}', {}, strict)).toMatchObject({ ok: false, refused: true, statusCode: null });
    expect(await postWebhook(`http://localhost:${port}/ok`, '{"x":2}', {}, strict)).toMatchObject({ ok: false, refused: true, statusCode: null });
    expect(await postWebhook(`http://[::1]:${port}/ok`, '{"x":3}', {}, strict)).toMatchObject({ ok: false, refused: true });
    expect(seen.length).toBe(before);
  });
});
