import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { signDialerMessage } from '@arrears/contact';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { assertNoLeak, startTestGateway, type GqlResponse, type TestGateway } from './test-gateway.js';

let t: TestGateway;
let bankA: FixtureAccounts;
let tokens: Record<'collector' | 'collector2' | 'admin' | 'rival', string>;
const acc = (id: string) => toGlobalId('Account', id);

const AT_1000 = '2026-12-01T02:00:00Z';
const AT_2230 = '2026-12-01T14:30:00Z';
const SECRET = 'the demo agency dialer secret 0123';

/** A fake click-to-dial service: records each call request; answers with `status`. */
const dialer = { requests: [] as { body: string; signature: string | undefined }[], status: 200, server: null as http.Server | null, url: '' };

async function gqlAt<T = Record<string, any>>(now: string, query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse<T>> {
  const res = await t.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': now }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: GqlResponse['errors'] };
  assertNoLeak(body.errors);
  return { status: res.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code, headers: res.headers };
}

const PHONES = `query($id: ID!) { account(id: $id) { contactPhones { id } } }`;
const BRIDGE = `mutation($a: ID!, $p: ID!) { bridgeCall(accountId: $a, phoneId: $p) { __typename
  ... on DialBridged { attempt { id status } call { id extension } } ... on ContactBlocked { code rules { rule } } ... on NotEligible { code } } }`;
const SETTINGS = `mutation($a: DialerAdapter!, $u: String, $s: String) { setDialerSettings(adapter: $a, url: $u, secret: $s) { adapter url hasSecret } }`;
const ATTEMPT = `query($id: ID!) { node(id: $id) { ... on ContactAttempt { status outcome durationSeconds recordingRef dialerCall { answeredAt hungUpAt durationSeconds recordingRef hangupCause } } } }`;
const COMPLETE = `mutation($input: CompleteContactAttemptInput!) { completeContactAttempt(input: $input) { __typename ... on ContactAttempt { status outcome } } }`;

async function phoneOf(accountId: string): Promise<string> {
  return (await gqlAt(AT_1000, PHONES, { id: acc(accountId) }, tokens.collector)).data!.account.contactPhones[0].id;
}

/** Posts a call event as the dialer would: signed over timestamp and body unless told otherwise. */
function callback(event: Record<string, unknown>, opts: { secret?: string; at?: number; signature?: string } = {}) {
  const body = JSON.stringify(event);
  const at = opts.at ?? Math.floor(Date.now() / 1000);
  const signature = opts.signature ?? signDialerMessage(opts.secret ?? SECRET, at, body);
  return t.fetch('/api/dialer/callback', { method: 'POST', headers: { 'content-type': 'application/json', 'x-arrears-signature': signature }, body });
}

async function bridged(accountId: string): Promise<{ attemptId: string; callId: string }> {
  const r = await gqlAt(AT_1000, BRIDGE, { a: acc(accountId), p: await phoneOf(accountId) }, tokens.collector);
  expect(r.data!.bridgeCall.__typename).toBe('DialBridged');
  return { attemptId: r.data!.bridgeCall.attempt.id, callId: JSON.parse(dialer.requests.at(-1)!.body).callId };
}

beforeAll(async () => {
  dialer.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      dialer.requests.push({ body, signature: req.headers['x-arrears-signature'] as string | undefined });
      res.writeHead(dialer.status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => dialer.server!.listen(0, '127.0.0.1', resolve));
  dialer.url = `http://127.0.0.1:${(dialer.server.address() as AddressInfo).port}/calls`;
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 6, prefix: 'DA' });
  await t.ownerQuery(`update account set assigned_collector_id = $1 where client_id = $2`, [t.tenants.users.collector, t.tenants.bankAId]);
  tokens = await t.loginEach({ collector: 'collector@demo-agency.test', collector2: 'collector2@demo-agency.test', admin: 'admin@demo-agency.test', rival: 'admin@rival-recovery.test' });
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => dialer.server?.close(resolve));
});

describe('configuring the HTTP dialer', () => {
  it('needs a configured dialer and an extension; only the agency admin sets it and the secret never comes back', async () => {
    const none = await gqlAt(AT_1000, BRIDGE, { a: acc(bankA.accountIds[0]), p: await phoneOf(bankA.accountIds[0]) }, tokens.collector);
    expect(none.data!.bridgeCall).toMatchObject({ __typename: 'NotEligible', code: 'DIALER_NOT_CONFIGURED' });
    expect((await t.gql(SETTINGS, { a: 'HTTP', u: dialer.url, s: SECRET }, tokens.collector)).code).toBe('FORBIDDEN');
    expect((await t.gql(SETTINGS, { a: 'HTTP', u: 'ftp://dialer', s: SECRET }, tokens.admin)).code).toBe('BAD_USER_INPUT');
    const set = await t.gql(SETTINGS, { a: 'HTTP', u: dialer.url, s: SECRET }, tokens.admin);
    expect(set.data!.setDialerSettings).toEqual({ adapter: 'HTTP', url: dialer.url, hasSecret: true });
    const [stored] = await t.ownerQuery(`select secret_sealed from dialer_setting where agency_id = $1`, [t.tenants.demoAgencyId]);
    expect(stored.secret_sealed).not.toContain(SECRET);
    const seen = await t.gql(`{ dialerSettings { adapter url hasSecret myExtension } }`, {}, tokens.collector);
    expect(seen.data!.dialerSettings).toEqual({ adapter: 'HTTP', url: null, hasSecret: true, myExtension: null });
    const noExt = await gqlAt(AT_1000, BRIDGE, { a: acc(bankA.accountIds[0]), p: await phoneOf(bankA.accountIds[0]) }, tokens.collector);
    expect(noExt.data!.bridgeCall).toMatchObject({ __typename: 'NotEligible', code: 'EXTENSION_REQUIRED' });
    expect((await t.gql(`mutation { setMyDialerExtension(extension: "8001") }`, {}, tokens.collector)).data!.setMyDialerExtension).toBe('8001');
    // Another agency does not see (or use) ours.
    expect((await t.gql(`{ dialerSettings { adapter hasSecret } }`, {}, tokens.rival)).data!.dialerSettings).toEqual({ adapter: 'BUILTIN', hasSecret: false });
  });
});

describe('bridging a call', () => {
  it('asks the dialer, signed, to bridge the extension to the number; the number never reaches the browser', async () => {
    const before = dialer.requests.length;
    const res = await t.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.collector}`, 'x-arrears-test-now': AT_1000 },
      body: JSON.stringify({ query: BRIDGE, variables: { a: acc(bankA.accountIds[0]), p: await phoneOf(bankA.accountIds[0]) } }),
    });
    const text = await res.text();
    expect(text).not.toContain('13800000001');
    expect(JSON.parse(text).data.bridgeCall).toMatchObject({ __typename: 'DialBridged', attempt: { status: 'started' }, call: { extension: '8001' } });
    expect(dialer.requests).toHaveLength(before + 1);
    const req = dialer.requests.at(-1)!;
    expect(JSON.parse(req.body)).toMatchObject({ extension: '8001', number: '13800000001' });
    const at = Number(/t=(\d+)/.exec(req.signature ?? '')?.[1]);
    expect(req.signature).toBe(signDialerMessage(SECRET, at, req.body));
    expect(await t.ownerQuery(`select 1 from audit_log where kind = 'reveal'`)).toEqual([]);
  });

  it('asks the contact gate first: at 22:30 debtor time the dialer is never called and the refusal is kept', async () => {
    const before = dialer.requests.length;
    const r = await gqlAt(AT_2230, BRIDGE, { a: acc(bankA.accountIds[1]), p: await phoneOf(bankA.accountIds[1]) }, tokens.collector);
    expect(r.data!.bridgeCall).toMatchObject({ __typename: 'ContactBlocked', code: 'COMPLIANCE_BLOCKED', rules: [{ rule: 'window' }] });
    expect(dialer.requests).toHaveLength(before);
    expect(await t.ownerQuery(`select 1 from contact_refusal where account_id = $1`, [bankA.accountIds[1]])).toHaveLength(1);
  });

  it('leaves no started call behind when the dialer refuses the request', async () => {
    dialer.status = 503;
    try {
      const r = await gqlAt(AT_1000, BRIDGE, { a: acc(bankA.accountIds[2]), p: await phoneOf(bankA.accountIds[2]) }, tokens.collector);
      expect(r.code).toBe('CONFLICT');
      expect(r.errors![0].extensions!.reason).toBe('DIALER_UNAVAILABLE');
    } finally {
      dialer.status = 200;
    }
    expect(await t.ownerQuery(`select 1 from contact_attempt where account_id = $1`, [bankA.accountIds[2]])).toEqual([]);
    expect(await t.ownerQuery(`select 1 from dialer_call c join contact_attempt a on a.id = c.attempt_id where a.account_id = $1`, [bankA.accountIds[2]])).toEqual([]);
  });
});

describe('the signed callback', () => {
  it('refuses a bad signature, another secret, a stale timestamp and a replay; a good answered + hung-up pair records the call', async () => {
    const { attemptId, callId } = await bridged(bankA.accountIds[3]);
    const answered = { eventId: `${callId}:answered`, callId, type: 'answered' };
    expect((await callback(answered, { signature: 't=1,v1=' + '0'.repeat(64) })).status).toBe(401);
    expect((await callback(answered, { secret: 'not the agency secret at all' })).status).toBe(401);
    expect((await callback(answered, { at: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    expect((await callback({ ...answered, callId: '00000000-0000-4000-8000-000000000000' })).status).toBe(401);
    expect(await t.ownerQuery(`select 1 from dialer_call_event`)).toEqual([]);

    expect((await callback(answered)).status).toBe(200);
    expect((await callback(answered)).status).toBe(409);
    const hungUp = { eventId: `${callId}:hung_up`, callId, type: 'hung_up', durationSeconds: 95, recordingRef: 'rec/2026/12/01/abc.wav', cause: 'normal' };
    expect((await callback(hungUp)).status).toBe(200);

    // Answered: the collector records what was said; the dialer's facts sit beside the attempt.
    const open = (await t.gql(ATTEMPT, { id: attemptId }, tokens.collector)).data!.node;
    expect(open).toMatchObject({ status: 'started', dialerCall: { durationSeconds: 95, recordingRef: 'rec/2026/12/01/abc.wav', hangupCause: 'normal' } });
    expect(open.dialerCall.answeredAt).not.toBeNull();
    const done = await gqlAt(AT_1000, COMPLETE, { input: { attemptId, outcome: 'call_back', rightPartyVerified: false } }, tokens.collector);
    expect(done.data!.completeContactAttempt).toEqual({ __typename: 'ContactAttempt', status: 'completed', outcome: 'call_back' });
  });

  it('completes an unanswered call itself (busy), once', async () => {
    const { attemptId, callId } = await bridged(bankA.accountIds[4]);
    const hungUp = { eventId: 'evt-busy-1', callId, type: 'hung_up', durationSeconds: 0, cause: 'busy' };
    expect((await callback(hungUp)).status).toBe(200);
    expect((await t.gql(ATTEMPT, { id: attemptId }, tokens.collector)).data!.node).toMatchObject({ status: 'completed', outcome: 'busy', dialerCall: { answeredAt: null, hangupCause: 'busy' } });
    expect((await callback(hungUp)).status).toBe(409);
    const [row] = await t.ownerQuery(`select made_by, status from contact_attempt where id = (select attempt_id from dialer_call where id = $1)`, [callId]);
    expect(row).toEqual({ made_by: t.tenants.users.collector, status: 'completed' });
  });
});

describe('isolation', () => {
  it('another agency cannot bridge our accounts; another collector does not see our call as theirs', async () => {
    const phone = await phoneOf(bankA.accountIds[5]);
    expect((await gqlAt(AT_1000, BRIDGE, { a: acc(bankA.accountIds[5]), p: phone }, tokens.rival)).code).toBe('NOT_FOUND');
    const { attemptId } = await bridged(bankA.accountIds[5]);
    const other = await gqlAt(AT_1000, COMPLETE, { input: { attemptId, outcome: 'no_answer', rightPartyVerified: false } }, tokens.collector2);
    expect(other.code).toBe('NOT_FOUND');
    expect((await t.gql(ATTEMPT, { id: attemptId }, tokens.rival)).data!.node).toBeNull();
  });
});
