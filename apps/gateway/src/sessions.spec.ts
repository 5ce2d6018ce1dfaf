import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { DEMO_PASSWORD } from '@arrears/seed';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// Revocable sessions: every token carries the user's session version, checked by app.begin_request on
// each request, so signing out, a password change or an admin's action ends tokens at once.

let gw: TestGateway;
const ME = `{ me { user { email } } }`;
const works = async (token: string) => (await gw.gql(ME, {}, token)).data?.me?.user?.email ?? (await gw.gql(ME, {}, token)).code;

beforeAll(async () => {
  gw = await startTestGateway(inject('pgAdminUrl'));
});
afterAll(async () => {
  await gw?.close();
});

describe('signOut', () => {
  it('ends the session on the server: the old token is UNAUTHENTICATED afterwards', async () => {
    const token = await gw.login('bank-b@demo-bank-b.test');
    expect(await works(token)).toBe('bank-b@demo-bank-b.test');
    const r = await gw.gql(`mutation { signOut }`, {}, token);
    expect(r.data).toEqual({ signOut: true });
    const after = await gw.gql(ME, {}, token);
    expect(after.code).toBe('UNAUTHENTICATED');
    expect(after.status).toBe(401);
    // Signing in again works.
    expect(await works(await gw.login('bank-b@demo-bank-b.test'))).toBe('bank-b@demo-bank-b.test');
  });

  it('a token without a session version (issued before this check) is refused', async () => {
    const { token } = gw.gateway.tokens.issue({ userId: gw.tenants.users.bankB, agencyId: gw.tenants.demoAgencyId });
    expect((await gw.gql(ME, {}, token)).code).toBe('UNAUTHENTICATED');
  });
});

describe('signOutEverywhere (agency admin)', () => {
  it("ends every session of the user; other users' sessions go on", async () => {
    const admin = await gw.login('admin@demo-agency.test');
    const phone = await gw.login('collector2@demo-agency.test');
    const laptop = await gw.login('collector2@demo-agency.test');
    const bystander = await gw.login('collector@demo-agency.test');
    const r = await gw.gql(`mutation($u: ID!) { signOutEverywhere(userId: $u) { id } }`, { u: toGlobalId('User', gw.tenants.users.collector2) }, admin);
    expect(r.errors).toBeUndefined();
    expect((await gw.gql(ME, {}, phone)).code).toBe('UNAUTHENTICATED');
    expect((await gw.gql(ME, {}, laptop)).code).toBe('UNAUTHENTICATED');
    expect(await works(bystander)).toBe('collector@demo-agency.test');
    expect(await works(admin)).toBe('admin@demo-agency.test');
  });

  it('is FORBIDDEN to other roles, and NOT_FOUND for a user of another agency', async () => {
    const supervisor = await gw.login('supervisor@demo-agency.test');
    const victim = await gw.login('collector@demo-agency.test');
    const r = await gw.gql(`mutation($u: ID!) { signOutEverywhere(userId: $u) { id } }`, { u: toGlobalId('User', gw.tenants.users.collector) }, supervisor);
    expect(r.code).toBe('FORBIDDEN');
    expect(await works(victim)).toBe('collector@demo-agency.test');
    const rival = await gw.login('admin@rival-recovery.test');
    const foreign = await gw.gql(`mutation($u: ID!) { signOutEverywhere(userId: $u) { id } }`, { u: toGlobalId('User', gw.tenants.users.collector) }, rival);
    expect(foreign.code).toBe('NOT_FOUND');
    expect(await works(victim)).toBe('collector@demo-agency.test');
  });
});

describe('changePassword', () => {
  const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token mustChangePassword } }`;

  it('needs the current password, ends every other session and keeps this one with the new token', async () => {
    const email = 'lawyer@demo-lawfirm.test';
    const here = await gw.login(email);
    const elsewhere = await gw.login(email);
    const wrong = await gw.gql(CHANGE, { c: 'not-my-password', n: 'a-new-long-password' }, here);
    expect(wrong.code).toBe('BAD_USER_INPUT');
    expect(await works(elsewhere)).toBe(email);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ reason: 'CURRENT_PASSWORD_INCORRECT' });
    const short = await gw.gql(CHANGE, { c: DEMO_PASSWORD, n: 'short' }, here);
    expect(short.code).toBe('BAD_USER_INPUT');
    // Stable reasons with their parameters, so the app can say it in the user's language.
    expect(short.errors?.[0]?.extensions).toMatchObject({ reason: 'PASSWORD_TOO_SHORT', params: { min: 10, max: 72 } });
    const long = await gw.gql(CHANGE, { c: DEMO_PASSWORD, n: '密'.repeat(25) }, here);
    expect(long.errors?.[0]?.extensions).toMatchObject({ reason: 'PASSWORD_TOO_LONG' });
    const same = await gw.gql(CHANGE, { c: DEMO_PASSWORD, n: DEMO_PASSWORD }, here);
    expect(same.errors?.[0]?.extensions).toMatchObject({ reason: 'PASSWORD_UNCHANGED' });

    const r = await gw.gql(CHANGE, { c: DEMO_PASSWORD, n: 'a-new-long-password' }, here);
    expect(r.errors).toBeUndefined();
    const fresh = r.data!.changePassword.token as string;
    expect((await gw.gql(ME, {}, elsewhere)).code).toBe('UNAUTHENTICATED');
    expect((await gw.gql(ME, {}, here)).code).toBe('UNAUTHENTICATED');
    expect(await works(fresh)).toBe(email);
    await expect(gw.login(email)).rejects.toThrow(/failed/);
    expect(await works(await gw.login(email, 'a-new-long-password'))).toBe(email);
    const [{ password_hash }] = await gw.ownerQuery('select password_hash from app_user where email = $1', [email]);
    expect(password_hash).toMatch(/^\$argon2id\$/);
  });
});

describe('resetPassword (agency admin)', () => {
  it('signs the user out everywhere and forces a change at next sign-in', async () => {
    const admin = await gw.login('admin@demo-agency.test');
    const email = 'supervisor@demo-agency.test';
    const old = await gw.login(email);
    const r = await gw.gql(`mutation($u: ID!, $p: String!) { resetPassword(userId: $u, temporaryPassword: $p) { id } }`, { u: toGlobalId('User', gw.tenants.users.supervisor), p: 'temporary-password-1' }, admin);
    expect(r.errors).toBeUndefined();
    expect((await gw.gql(ME, {}, old)).code).toBe('UNAUTHENTICATED');

    const signIn = await gw.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token mustChangePassword } }`, { e: email, p: 'temporary-password-1' });
    expect(signIn.data!.login.mustChangePassword).toBe(true);
    const temp = signIn.data!.login.token as string;
    expect(await works(temp)).toBe(email);
    const blocked = await gw.gql(`{ accounts(first: 1) { totalCount } }`, {}, temp);
    expect(blocked.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(blocked.status).toBe(403);

    const changed = await gw.gql(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { token mustChangePassword } }`, { c: 'temporary-password-1', n: 'my-own-password-2' }, temp);
    expect(changed.data!.changePassword.mustChangePassword).toBe(false);
    const ok = await gw.gql(`{ accounts(first: 1) { totalCount } }`, {}, changed.data!.changePassword.token);
    expect(ok.errors).toBeUndefined();
  });

  it('is FORBIDDEN to a supervisor', async () => {
    const supervisor = await gw.login('collector@demo-agency.test');
    const r = await gw.gql(`mutation($u: ID!) { resetPassword(userId: $u, temporaryPassword: "temporary-password-1") { id } }`, { u: toGlobalId('User', gw.tenants.users.collector2) }, supervisor);
    expect(r.code).toBe('FORBIDDEN');
  });
});
