import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { bankTemplate, gqlAt } from './letters-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// A real local SMS gateway: the first request for each message fails (HTTP 503), the next succeeds;
// numbers ending in 9 are refused outright (HTTP 400).
interface Seen {
  auth: string | undefined;
  key: string | undefined;
  body: { to: string; text: string; reference: string };
}
const seen: Seen[] = [];
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    const body = JSON.parse(raw) as Seen['body'];
    seen.push({ auth: req.headers.authorization, key: req.headers['idempotency-key'] as string | undefined, body });
    const tries = seen.filter((s) => s.body.reference === body.reference).length;
    if (body.to.endsWith('9')) res.writeHead(400).end('{"error":"invalid number"}');
    else if (tries === 1) res.writeHead(503).end('busy');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${tries}-${body.reference.slice(0, 8)}` }));
  });
});

let t: TestGateway;
let bankA: FixtureAccounts;
let tokens: Record<string, string>;
let template: { templateId: string };
const AT_1000 = '2026-12-01T02:00:00Z';
const SEND = `mutation($input: SendSmsInput!) { sendSms(input: $input) { __typename ... on SmsMessage { id status adapter deliveryAttempts } ... on NotEligible { code } } }`;
const MESSAGES = `query($id: ID!) { account(id: $id) { smsMessages { id status gatewayRef deliveryAttempts lastError } } }`;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  t = await startTestGateway(inject('pgAdminUrl'), { env: { SMS_ADAPTER: 'http', SMS_GATEWAY_URL: url, SMS_GATEWAY_TOKEN: 'sms-token-0123456789' } });
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 9, prefix: 'A' });
  // Collectors see the accounts assigned to them.
  await t.ownerQuery(`update account set assigned_collector_id = $1`, [t.tenants.users.collector]);
  tokens = await t.loginEach({ collector: 'collector@demo-agency.test', admin: 'admin@demo-agency.test', bankA: 'bank-a@demo-bank-a.test' });
  template = await bankTemplate(t, { admin: tokens.admin, bank: tokens.bankA }, { clientId: t.tenants.bankAId, channel: 'SMS', name: '提醒', body: '{{debtorName}}，请致电{{agencyPhone}}。' });
});

afterAll(async () => {
  await t?.close();
  server.close();
});

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 40_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('the http adapter', () => {
  it('delivers through a durable job that retries a failing gateway, with the token and one idempotency key', async () => {
    const id = bankA.accountIds[0];
    const sent = await gqlAt(t, AT_1000, SEND, { input: { accountId: toGlobalId('Account', id), templateId: template.templateId } }, tokens.collector);
    expect(sent.data!.sendSms).toMatchObject({ __typename: 'SmsMessage', status: 'queued', adapter: 'http', deliveryAttempts: 0 });
    const smsId = sent.data!.sendSms.id;
    const after = await until(
      async () => (await t.gql(MESSAGES, { id: toGlobalId('Account', id) }, tokens.collector)).data!.account.smsMessages[0],
      (m) => m.status !== 'queued',
    );
    expect(after).toMatchObject({ id: smsId, status: 'sent', deliveryAttempts: 2, lastError: null });
    const mine = seen.filter((s) => s.body.to === '13800000001');
    expect(mine).toHaveLength(2);
    expect(after.gatewayRef).toBe(`gw-2-${mine[0].body.reference.slice(0, 8)}`);
    expect(mine.every((s) => s.auth === 'Bearer sms-token-0123456789' && s.key === mine[0].body.reference)).toBe(true);
    expect(mine[0].body.text).toBe('客户1，请致电400-800-1234。');
    const [job] = await t.ownerQuery(`select kind, status, attempts from job_run where subject_id = $1`, [mine[0].body.reference]);
    expect(job).toEqual({ kind: 'sms_delivery', status: 'succeeded', attempts: 2 });
  });

  it('gives up at once when the gateway refuses the message, and records why', async () => {
    const id = bankA.accountIds[8];
    await gqlAt(t, AT_1000, SEND, { input: { accountId: toGlobalId('Account', id), templateId: template.templateId } }, tokens.collector);
    const after = await until(
      async () => (await t.gql(MESSAGES, { id: toGlobalId('Account', id) }, tokens.collector)).data!.account.smsMessages[0],
      (m) => m.status !== 'queued',
    );
    expect(after).toMatchObject({ status: 'failed', deliveryAttempts: 1, lastError: 'The SMS gateway answered HTTP 400' });
    expect(seen.filter((s) => s.body.to === '13800000009')).toHaveLength(1);
  });
});
