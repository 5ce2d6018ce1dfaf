import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TokenService } from '@arrears/auth';
import { toGlobalId } from '@arrears/graphql';
import { DEMO_LOGINS } from '@arrears/seed';
import { startTestGateway, TEST_JWT_SECRET, type TestGateway } from './test-gateway.js';

const ME = `{ me { role user { id email role disabled } agency { name } clients { name code } lawFirm { name } } }`;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway(inject('pgAdminUrl'));
});
afterAll(async () => {
  await gw?.close();
});

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token built by hand, so each test controls exactly what is wrong with it. */
function handMadeToken(header: object, payload: object, secret: string | null): string {
  const head = `${b64url(header)}.${b64url(payload)}`;
  const sig = secret === null ? '' : createHmac('sha256', secret).update(head).digest('base64url');
  return `${head}.${sig}`;
}

describe('login and me', () => {
  const expected: Record<string, { role: string; agency: string | null; clients: string[]; lawFirm: string | null }> = {
    'platform@arrears.test': { role: 'PLATFORM_ADMIN', agency: null, clients: [], lawFirm: null },
    'admin@demo-agency.test': { role: 'AGENCY_ADMIN', agency: 'Demo Collections', clients: ['BANK_A', 'BANK_B'], lawFirm: null },
    'supervisor@demo-agency.test': { role: 'SUPERVISOR', agency: 'Demo Collections', clients: ['BANK_A', 'BANK_B'], lawFirm: null },
    'collector@demo-agency.test': { role: 'COLLECTOR', agency: 'Demo Collections', clients: ['BANK_A', 'BANK_B'], lawFirm: null },
    'bank-a@demo-bank-a.test': { role: 'CLIENT_USER', agency: 'Demo Collections', clients: ['BANK_A'], lawFirm: null },
    'bank-b@demo-bank-b.test': { role: 'CLIENT_USER', agency: 'Demo Collections', clients: ['BANK_B'], lawFirm: null },
    'lawyer@demo-lawfirm.test': { role: 'LAWYER', agency: 'Demo Collections', clients: [], lawFirm: 'Demo Law Firm' },
    'admin@rival-recovery.test': { role: 'AGENCY_ADMIN', agency: 'Rival Recovery', clients: ['RIVAL_BANK'], lawFirm: null },
  };

  it('covers every demo login the README and the start banner list', () => {
    expect(DEMO_LOGINS.map((l) => l.email).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s signs in and `me` tells role, agency and client scope', async (email, want) => {
    const r = await gw.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token expiresAt me { role } } }`, { e: email, p: 'arrears-demo' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.login.me.role).toBe(want.role);
    expect(new Date(r.data!.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await gw.gql(ME, {}, r.data!.login.token);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({
      role: want.role,
      user: { email, role: want.role, disabled: false },
      agency: want.agency === null ? null : { name: want.agency },
      lawFirm: want.lawFirm === null ? null : { name: want.lawFirm },
    });
    expect(me.data!.me.clients.map((c: { code: string }) => c.code).sort()).toEqual(want.clients);
  });

  it('refuses a wrong password and an unknown e-mail with the same UNAUTHENTICATED answer', async () => {
    const q = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
    const wrong = await gw.gql(q, { e: 'admin@demo-agency.test', p: 'not-the-password' });
    const unknown = await gw.gql(q, { e: 'nobody@demo-agency.test', p: 'not-the-password' });
    expect(wrong.code).toBe('UNAUTHENTICATED');
    expect(wrong.data).toBeNull();
    expect(unknown.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
  });

  it('accepts the e-mail in any case and with surrounding spaces', async () => {
    await expect(gw.login('  Admin@Demo-Agency.TEST ')).resolves.toMatch(/^ey/);
  });

  it('asks for a sign-in when `me` is queried without a token', async () => {
    const r = await gw.gql(ME);
    expect(r.code).toBe('UNAUTHENTICATED');
  });
});

describe('tokens that must not work', () => {
  let good: string;
  let claims: { sub: string; agency: string | null; sv?: number };
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    good = await gw.login('bank-a@demo-bank-a.test');
    claims = { sub: gw.tenants.users.bankA, agency: gw.tenants.demoAgencyId, sv: 1 } as typeof claims;
  });

  async function expectUnauthenticated(token: string, header?: string) {
    const res = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: header ?? `Bearer ${token}` },
      body: JSON.stringify({ query: ME }),
    });
    const body = await res.json();
    expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
    expect(res.status).toBe(401);
  }

  it('the untouched token works (control)', async () => {
    const r = await gw.gql(ME, {}, good);
    expect(r.data!.me.user.email).toBe('bank-a@demo-bank-a.test');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const { issuer, audience } = gw.config.jwt;
    await expectUnauthenticated(handMadeToken({ alg: 'none', typ: 'JWT' }, { ...claims, iss: issuer, aud: audience, iat: now(), exp: now() + 3600 }, null));
  });

  it('refuses a token whose payload was changed after signing (tampered)', async () => {
    const [h, , s] = good.split('.');
    const { issuer, audience } = gw.config.jwt;
    const forged = b64url({ sub: gw.tenants.users.admin, agency: gw.tenants.demoAgencyId, iss: issuer, aud: audience, iat: now(), exp: now() + 3600 });
    await expectUnauthenticated(`${h}.${forged}.${s}`);
  });

  it('refuses a token signed with another secret', async () => {
    const { issuer, audience } = gw.config.jwt;
    await expectUnauthenticated(handMadeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: issuer, aud: audience, iat: now(), exp: now() + 3600 }, 'another-secret-another-secret-another-secret'));
  });

  it('refuses an HS512 token even with the right secret (algorithm pinned)', async () => {
    const { issuer, audience } = gw.config.jwt;
    const head = `${b64url({ alg: 'HS512', typ: 'JWT' })}.${b64url({ ...claims, iss: issuer, aud: audience, iat: now(), exp: now() + 3600 })}`;
    await expectUnauthenticated(`${head}.${createHmac('sha512', TEST_JWT_SECRET).update(head).digest('base64url')}`);
  });

  it('refuses an expired token', async () => {
    const { token } = gw.gateway.tokens.issue({ userId: claims.sub, agencyId: claims.agency }, new Date(Date.now() - 2 * gw.config.jwt.ttlSeconds * 1000));
    await expectUnauthenticated(token);
  });

  it('refuses a token without expiry', async () => {
    const { issuer, audience } = gw.config.jwt;
    await expectUnauthenticated(handMadeToken({ alg: 'HS256', typ: 'JWT' }, { ...claims, iss: issuer, aud: audience, iat: now() }, TEST_JWT_SECRET));
  });

  it('refuses a token for another audience', async () => {
    const other = new TokenService({ ...gw.config.jwt, audience: 'some-other-api' });
    await expectUnauthenticated(other.issue({ userId: claims.sub, agencyId: claims.agency }).token);
  });

  it('refuses a token from another issuer', async () => {
    const other = new TokenService({ ...gw.config.jwt, issuer: 'someone-else' });
    await expectUnauthenticated(other.issue({ userId: claims.sub, agencyId: claims.agency }).token);
  });

  it('refuses a well-signed token whose agency is not the user’s', async () => {
    const { token } = gw.gateway.tokens.issue({ userId: claims.sub, agencyId: gw.tenants.rivalAgencyId, sessionVersion: 1 });
    await expectUnauthenticated(token);
  });

  it('refuses a well-signed token of a user that does not exist', async () => {
    const { token } = gw.gateway.tokens.issue({ userId: '00000000-0000-4000-8000-000000000000', agencyId: claims.agency, sessionVersion: 1 });
    await expectUnauthenticated(token);
  });

  it('refuses garbage and other authorization schemes', async () => {
    await expectUnauthenticated('not-a-token');
    await expectUnauthenticated('', `Basic ${Buffer.from('admin@demo-agency.test:arrears-demo').toString('base64')}`);
  });
});

describe('changes to a user take effect on the next request', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await gw.login('admin@demo-agency.test');
  });

  it('a disabled user’s existing token stops working at once, and enabling restores it', async () => {
    const victim = await gw.login('collector2@demo-agency.test');
    expect((await gw.gql(ME, {}, victim)).data!.me.user.email).toBe('collector2@demo-agency.test');

    const id = toGlobalId('User', gw.tenants.users.collector2);
    const r = await gw.gql(`mutation($id: ID!) { disableUser(userId: $id) { __typename ... on User { id disabled } } }`, { id }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.disableUser).toEqual({ __typename: 'User', id, disabled: true });

    const after = await gw.gql(ME, {}, victim);
    expect(after.code).toBe('UNAUTHENTICATED');
    expect(after.status).toBe(401);
    await expect(gw.login('collector2@demo-agency.test')).rejects.toThrow(/UNAUTHENTICATED/);
    const [row] = await gw.ownerQuery('select disabled_at from app_user where id = $1', [gw.tenants.users.collector2]);
    expect(row.disabled_at).toBeInstanceOf(Date);

    const enabled = await gw.gql(`mutation($id: ID!) { enableUser(userId: $id) { disabled } }`, { id }, admin);
    expect(enabled.data!.enableUser.disabled).toBe(false);
    expect((await gw.gql(ME, {}, victim)).data!.me.user.email).toBe('collector2@demo-agency.test');
  });

  it('disabling yourself is the NotEligible union member, and changes nothing', async () => {
    const r = await gw.gql(`mutation($id: ID!) { disableUser(userId: $id) { __typename ... on ErrorResult { code message } } }`, { id: toGlobalId('User', gw.tenants.users.admin) }, admin);
    expect(r.errors).toBeUndefined();
    expect(r.data!.disableUser).toMatchObject({ __typename: 'NotEligible', code: 'CANNOT_DISABLE_SELF' });
    expect((await gw.gql(ME, {}, admin)).data!.me.role).toBe('AGENCY_ADMIN');
    const [row] = await gw.ownerQuery('select disabled_at from app_user where id = $1', [gw.tenants.users.admin]);
    expect(row.disabled_at).toBeNull();
  });

  it('a role change applies to the very next request of an existing token', async () => {
    const sup = await gw.login('supervisor@demo-agency.test');
    const usersQuery = `{ users(first: 5) { edges { node { email } } } }`;
    expect((await gw.gql(usersQuery, {}, sup)).errors).toBeUndefined();

    const r = await gw.gql(
      `mutation($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { role clients { code } } }`,
      { input: { userId: toGlobalId('User', gw.tenants.users.supervisor), role: 'COLLECTOR', clientIds: [toGlobalId('Client', gw.tenants.bankAId)] } },
      admin,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.changeUserRole).toEqual({ role: 'COLLECTOR', clients: [{ code: 'BANK_A' }] });

    const me = await gw.gql(ME, {}, sup);
    expect(me.data!.me.role).toBe('COLLECTOR');
    expect(me.data!.me.clients.map((c: { code: string }) => c.code)).toEqual(['BANK_A']);
    expect((await gw.gql(usersQuery, {}, sup)).code).toBe('FORBIDDEN');
  });
});
