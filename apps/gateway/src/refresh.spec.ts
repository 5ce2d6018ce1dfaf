import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '@arrears/config';
import { toGlobalId } from '@arrears/graphql';
import { DEMO_PASSWORD } from '@arrears/seed';
import { startTestGateway, type TestGateway } from './test-gateway.js';
import { refreshCookieHandle } from './auth.routes.js';

// The admin app's access token lives in memory; POST /api/auth/refresh trades the HttpOnly refresh
// cookie for a fresh one and rotates the cookie. These specs drive it as a browser would.

let gw: TestGateway;
const ME = `{ me { user { email } } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token mustChangePassword } }`;

beforeAll(async () => {
  gw = await startTestGateway(inject('pgAdminUrl'));
});
afterAll(async () => {
  await gw?.close();
});

/** The refresh cookie a response set: its `name=value` pair and its attributes. */
function refreshCookieOf(res: Response): { pair: string; value: string; attributes: string } | null {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('arrears_refresh='));
  if (!line) return null;
  const [pair, ...attributes] = line.split(';').map((p) => p.trim());
  return { pair, value: pair.slice('arrears_refresh='.length), attributes: attributes.join('; ') };
}

async function signIn(email: string, password = DEMO_PASSWORD) {
  const res = await gw.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: LOGIN, variables: { e: email, p: password } }) });
  const body = (await res.json()) as { data: { login: { token: string; mustChangePassword: boolean } } };
  const cookie = refreshCookieOf(res);
  if (!cookie) throw new Error(`no refresh cookie for ${email}`);
  return { token: body.data.login.token, mustChangePassword: body.data.login.mustChangePassword, cookie: cookie.pair, res };
}

async function refresh(cookie: string | null, headers: Record<string, string> = {}) {
  const res = await gw.fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: gw.url, ...(cookie ? { cookie } : {}), ...headers },
    body: '{}',
  });
  const body = (await res.json()) as { token?: string; expiresAt?: string; mustChangePassword?: boolean; error?: { code: string; reason?: string } };
  return { status: res.status, body, next: refreshCookieOf(res), res };
}

const emailOf = async (token: string) => (await gw.gql<{ me: { user: { email: string } } }>(ME, {}, token)).data?.me.user.email ?? null;

describe('sign-in sets the refresh cookie', () => {
  it('HttpOnly, SameSite=Strict, scoped to the refresh path, expiring with the session; not Secure on plain-http test', async () => {
    const { cookie, res } = await signIn('collector@demo-agency.test');
    const c = refreshCookieOf(res)!;
    expect(c.attributes).toMatch(/HttpOnly/);
    expect(c.attributes).toMatch(/SameSite=Strict/);
    expect(c.attributes).toMatch(/Path=\/api\/auth\/refresh(;|$)/);
    expect(c.attributes).not.toMatch(/Secure/);
    const expires = Date.parse(/Expires=([^;]+)/.exec(c.attributes)![1]);
    expect(expires - Date.now()).toBeGreaterThan((gw.config.refresh.ttlSeconds - 120) * 1000);
    expect(expires - Date.now()).toBeLessThanOrEqual(gw.config.refresh.ttlSeconds * 1000);
    // Only a digest of the secret is stored.
    const [row] = await gw.ownerQuery<{ token_hash: Buffer }>('select token_hash from refresh_session where id = $1', [cookie.split('=')[1].split('.')[0]]);
    expect(row.token_hash).toHaveLength(32);
    expect(cookie).not.toContain(row.token_hash.toString('base64url'));
  });

  it('is Secure in production, whatever the transport', async () => {
    const app = express();
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/arrears', DATA_ENCRYPTION_KEY: 'ab'.repeat(32), IDENTITY_HASH_KEY: 'cd'.repeat(32), DB_OWNER_PASSWORD: 'owner-password', DB_APP_PASSWORD: 'app-password' });
    app.get('/', (req, res) => {
      refreshCookieHandle(config, req.secure, res).set('id.secret', new Date(Date.now() + 60_000));
      res.end();
    });
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(refreshCookieOf(res)!.attributes).toMatch(/Secure/);
    } finally {
      server.close();
    }
  });
});

describe('POST /api/auth/refresh', () => {
  it('returns a working access token and rotates the cookie; the old cookie used again revokes the session', async () => {
    const { cookie } = await signIn('collector2@demo-agency.test');
    const first = await refresh(cookie);
    expect(first.status).toBe(200);
    expect(first.res.headers.get('cache-control')).toBe('no-store');
    expect(first.body.mustChangePassword).toBe(false);
    expect(Date.parse(first.body.expiresAt!)).toBeGreaterThan(Date.now());
    expect(await emailOf(first.body.token!)).toBe('collector2@demo-agency.test');
    expect(first.next!.pair).not.toBe(cookie);
    expect(first.next!.attributes).toMatch(/HttpOnly/);

    const second = await refresh(first.next!.pair);
    expect(second.status).toBe(200);

    // Replaying a rotated-out cookie: refused, and the session is revoked for the current cookie too.
    const replay = await refresh(first.next!.pair);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
    expect(replay.next!.attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
    const [row] = await gw.ownerQuery<{ revoked_reason: string }>('select revoked_reason from refresh_session where id = $1', [cookie.split('=')[1].split('.')[0]]);
    expect(row.revoked_reason).toBe('reused');
    expect((await refresh(second.next!.pair)).status).toBe(401);
  });

  it('a session ended by signOut, signOutEverywhere, a password change, a reset or disabling cannot refresh', async () => {
    const admin = await gw.login('admin@demo-agency.test');

    const a = await signIn('bank-a@demo-bank-a.test');
    const out = await gw.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` }, body: JSON.stringify({ query: 'mutation { signOut }' }) });
    expect(refreshCookieOf(out)!.attributes).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await refresh(a.cookie)).status).toBe(401);

    const b = await signIn('bank-b@demo-bank-b.test');
    expect((await gw.gql(`mutation($u: ID!) { signOutEverywhere(userId: $u) { id } }`, { u: toGlobalId('User', gw.tenants.users.bankB) }, admin)).errors).toBeUndefined();
    expect((await refresh(b.cookie)).status).toBe(401);

    // changePassword: the old refresh session ends, the response carries a new cookie that works.
    const c1 = await signIn('lawyer@demo-lawfirm.test');
    const c2 = await signIn('lawyer@demo-lawfirm.test');
    const changed = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${c1.token}` },
      body: JSON.stringify({ query: `mutation { changePassword(currentPassword: "${DEMO_PASSWORD}", newPassword: "lawyer-new-password-1") { token } }` }),
    });
    const fresh = refreshCookieOf(changed)!;
    expect((await refresh(c1.cookie)).status).toBe(401);
    expect((await refresh(c2.cookie)).status).toBe(401);
    const after = await refresh(fresh.pair);
    expect(after.status).toBe(200);
    expect(await emailOf(after.body.token!)).toBe('lawyer@demo-lawfirm.test');

    // An admin's reset: the session ends; signing in with the temporary password refreshes with mustChangePassword.
    const d = await signIn('supervisor@demo-agency.test');
    expect((await gw.gql(`mutation($u: ID!) { resetPassword(userId: $u, temporaryPassword: "temporary-password-9") { id } }`, { u: toGlobalId('User', gw.tenants.users.supervisor) }, admin)).errors).toBeUndefined();
    expect((await refresh(d.cookie)).status).toBe(401);
    const temp = await signIn('supervisor@demo-agency.test', 'temporary-password-9');
    expect(temp.mustChangePassword).toBe(true);
    const forced = await refresh(temp.cookie);
    expect(forced.status).toBe(200);
    expect(forced.body.mustChangePassword).toBe(true);

    const e = await signIn('collector@demo-agency.test');
    await gw.ownerQuery('update app_user set disabled_at = now() where id = $1', [gw.tenants.users.collector]);
    try {
      expect((await refresh(e.cookie)).status).toBe(401);
    } finally {
      await gw.ownerQuery('update app_user set disabled_at = null where id = $1', [gw.tenants.users.collector]);
    }
  });

  it('refuses a missing or foreign Origin, a non-JSON body, and a missing or forged cookie', async () => {
    const { cookie } = await signIn('admin@demo-agency.test');
    const noOrigin = await gw.fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
    expect(noOrigin.status).toBe(403);
    expect(((await noOrigin.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const foreign = await refresh(cookie, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.next).toBeNull();
    const form = await refresh(cookie, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const none = await refresh(null);
    expect(none.status).toBe(401);
    expect(none.body.error?.reason).toBe('NO_SESSION');
    const forged = await refresh(`arrears_refresh=${cookie.split('=')[1].split('.')[0]}.${'A'.repeat(43)}`);
    expect(forged.status).toBe(401);
    // A wrong secret for a real session id is treated as a replay: that session is revoked.
    expect((await refresh(cookie)).status).toBe(401);
    const again = await signIn('admin@demo-agency.test');
    expect((await refresh(again.cookie)).status).toBe(200);
    const get = await gw.fetch('/api/auth/refresh', { headers: { origin: gw.url, cookie: again.cookie } });
    expect(get.status).toBe(404);
  });

  it('an expired refresh session is refused', async () => {
    const { cookie } = await signIn('collector2@demo-agency.test');
    await gw.ownerQuery(`update refresh_session set expires_at = now() - interval '1 second' where id = $1`, [cookie.split('=')[1].split('.')[0]]);
    const r = await refresh(cookie);
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_EXPIRED' });
  });
});

describe('refresh sessions per user', () => {
  it('a user keeps at most 20: the oldest go when a script signs in over and over', async () => {
    const first = await signIn('admin@rival-recovery.test');
    for (let i = 0; i < 20; i += 1) await signIn('admin@rival-recovery.test');
    const [{ n }] = await gw.ownerQuery<{ n: number }>('select count(*)::int as n from refresh_session where user_id = $1', [gw.tenants.users.rivalAdmin]);
    expect(n).toBe(20);
    expect((await refresh(first.cookie)).status).toBe(401);
  });
});
