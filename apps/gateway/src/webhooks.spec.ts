import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { localDate } from '@arrears/accounts';
import { verifyWebhook } from '@arrears/webhooks';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// Webhooks end to end over real HTTP: a bank subscribes, a collector's payment writes an outbox event,
// the worker delivers it signed to a receiver started here, retries with back-off, logs every attempt.
// Bank A's events never reach Bank B, and another bank's ids behave like missing ones.

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

let t: TestGateway;
let receiver: http.Server;
let base: string;
const received: Received[] = [];
/** Answers per path: the next status codes to give, then 200. */
const script = new Map<string, number[]>();
/** While set, the receiver answers only once it settles: a delivery stays pending until then. */
let hold: Promise<void> | null = null;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<'collector' | 'admin' | 'supervisor' | 'bankA' | 'bankB' | 'rival', string>;
let subA: { id: string; secret: string };
let subB: { id: string; secret: string };

const CREATE = `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
  __typename ... on WebhookSubscriptionWithSecret { secret subscription { id url eventTypes status clientId } } ... on LimitExceeded { code } } }`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(subscriptionId: $id, first: 20) { edges { node { id eventId eventType status attempts lastStatusCode
  attemptLog { attempt statusCode succeeded latencyMs error } } } } }`;
const POST = `mutation($input: PostPaymentInput!) { postPayment(input: $input) { __typename ... on PaymentPosted { payment { id } } ... on NotEligible { code message } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { __typename ... on WebhookDelivery { id status } ... on NotEligible { code } } }`;
const SET_STATUS = `mutation($id: ID!, $s: WebhookSubscriptionStatus!) { setWebhookSubscriptionStatus(id: $id, status: $s) { id status } }`;
const DELETE = `mutation($id: ID!) { deleteWebhookSubscription(id: $id) }`;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pay = async (accountId: string, ref: string) => {
  const r = await t.gql(POST, { input: { accountId: toGlobalId('Account', accountId), bankTxnRef: ref, amount: '12.34', paidOn: localDate('Asia/Shanghai') } }, tokens.collector);
  expect(r.data?.postPayment.__typename, JSON.stringify(r.errors ?? r.data)).toBe('PaymentPosted');
  return r.data!.postPayment.payment.id as string;
};

async function subscribe(token: string, path: string, extra: Record<string, unknown> = {}) {
  const r = await t.gql(CREATE, { input: { url: `${base}${path}`, eventTypes: ['payment.posted', 'payment.reversed'], ...extra } }, token);
  expect(r.data?.createWebhookSubscription.__typename, JSON.stringify(r.errors)).toBe('WebhookSubscriptionWithSecret');
  return { id: r.data!.createWebhookSubscription.subscription.id as string, secret: r.data!.createWebhookSubscription.secret as string };
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      await hold;
      const path = req.url ?? '/';
      const answered = script.get(path)?.shift() ?? 200;
      received.push({ path, headers: req.headers, body, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  // Short back-off so a retried delivery finishes within the test; private receivers are allowed outside production.
  t = await startTestGateway(inject('pgAdminUrl'), { env: { WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_TIMEOUT_MS: '3000' } });
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 3, prefix: 'WA' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 2, prefix: 'WB' });
  await t.ownerQuery(`update account set assigned_collector_id = $1 where id = any($2::uuid[])`, [t.tenants.users.collector, [...bankA.accountIds, ...bankB.accountIds]]);
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    admin: 'admin@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    rival: 'admin@rival-recovery.test',
  });
  subA = await subscribe(tokens.bankA, '/bank-a');
  subB = await subscribe(tokens.bankB, '/bank-b');
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('webhook delivery', () => {
  it('retries a receiver that fails twice, then delivers the event once, signed', async () => {
    script.set('/bank-a', [500, 503]);
    const paymentId = await pay(bankA.accountIds[0], 'WH-A-1');
    const accepted = await until('an accepted delivery to Bank A', async () => received.find((r) => r.path === '/bank-a' && r.answered === 200));
    const attempts = received.filter((r) => r.path === '/bank-a');
    expect(attempts.map((r) => r.answered)).toEqual([500, 503, 200]);

    const event = JSON.parse(accepted.body);
    const [outbox] = await t.ownerQuery(`select id, client_id, type, subject_id, payload from event_outbox where id = $1`, [event.id]);
    // The body is the event itself: its ids and its own payload, nothing more.
    expect(event).toEqual({ id: outbox.id, type: 'payment.posted', occurredAt: expect.any(String), clientId: t.tenants.bankAId, subjectId: outbox.subject_id, data: outbox.payload });
    expect(toGlobalId('Payment', outbox.subject_id)).toBe(paymentId);
    for (const r of attempts) {
      expect(r.headers['x-arrears-event-id']).toBe(event.id);
      expect(r.headers['x-arrears-event-type']).toBe('payment.posted');
      expect(r.body).toBe(accepted.body);
      expect(verifyWebhook(subA.secret, { timestamp: r.headers['x-arrears-timestamp'] as string, signature: r.headers['x-arrears-signature'] as string }, r.body)).toEqual({ ok: true });
      expect(verifyWebhook(subB.secret, { timestamp: r.headers['x-arrears-timestamp'] as string, signature: r.headers['x-arrears-signature'] as string }, r.body)).toMatchObject({ ok: false });
    }

    const log = await until('the delivery recorded as succeeded', async () => {
      const d = (await t.gql(DELIVERIES, { id: subA.id }, tokens.bankA)).data?.webhookDeliveries.edges[0]?.node;
      return d?.status === 'SUCCEEDED' && d;
    });
    expect(log).toMatchObject({ eventId: event.id, eventType: 'payment.posted', attempts: 3, lastStatusCode: 200 });
    expect(log.attemptLog.map((a: { statusCode: number; succeeded: boolean }) => [a.statusCode, a.succeeded])).toEqual([[200, true], [503, false], [500, false]]);
    const [job] = await t.ownerQuery(`select status from job_run where kind = 'webhook_delivery' and subject_id = (select id from webhook_delivery where event_id = $1)`, [event.id]);
    expect(job.status).toBe('succeeded');

    // Exactly once: nothing more arrives after the accepted attempt.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(received.filter((r) => r.path === '/bank-a')).toHaveLength(3);
  });

  it("never sends Bank A's events to Bank B's subscription", async () => {
    await pay(bankB.accountIds[0], 'WH-B-1');
    await pay(bankA.accountIds[1], 'WH-A-2');
    await until('Bank B delivery', async () => received.some((r) => r.path === '/bank-b'));
    await until('second Bank A delivery', async () => received.filter((r) => r.path === '/bank-a' && r.answered === 200).length === 2);
    const atB = received.filter((r) => r.path === '/bank-b').map((r) => JSON.parse(r.body));
    expect(atB).toHaveLength(1);
    expect(atB[0].clientId).toBe(t.tenants.bankBId);
    const atA = received.filter((r) => r.path === '/bank-a').map((r) => JSON.parse(r.body));
    expect(atA.every((e) => e.clientId === t.tenants.bankAId)).toBe(true);
    // In the database too: every delivery of B's subscription is of one of B's events.
    const rows = await t.ownerQuery(`select e.client_id from webhook_delivery d join event_outbox e on e.id = d.event_id join webhook_subscription s on s.id = d.subscription_id where s.client_id = $1`, [t.tenants.bankBId]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.client_id === t.tenants.bankBId)).toBe(true);
  });

  it('redelivers a delivered event with the same event id, and refuses while it is pending', async () => {
    const first = (await t.gql(DELIVERIES, { id: subA.id }, tokens.bankA)).data!.webhookDeliveries.edges.at(-1).node;
    const before = received.filter((r) => r.headers['x-arrears-event-id'] === first.eventId).length;
    // The receiver holds its answer, so the redelivery is still pending when it is asked for again (on a
    // fast machine the worker could otherwise finish it in between, and the second would be allowed).
    let release = () => {};
    hold = new Promise<void>((r) => (release = r));
    try {
      const r = await t.gql(REDELIVER, { id: first.id }, tokens.bankA);
      expect(r.data?.redeliverWebhook).toEqual({ __typename: 'WebhookDelivery', id: first.id, status: 'PENDING' });
      expect((await t.gql(REDELIVER, { id: first.id }, tokens.bankA)).data?.redeliverWebhook).toEqual({ __typename: 'NotEligible', code: 'DELIVERY_PENDING' });
    } finally {
      hold = null;
      release();
    }
    await until('the redelivery', async () => received.filter((x) => x.headers['x-arrears-event-id'] === first.eventId).length === before + 1);
    const again = received.filter((x) => x.headers['x-arrears-event-id'] === first.eventId).at(-1)!;
    expect(verifyWebhook(subA.secret, { timestamp: again.headers['x-arrears-timestamp'] as string, signature: again.headers['x-arrears-signature'] as string }, again.body)).toEqual({ ok: true });
    const d = await until('redelivery recorded', async () => {
      const n = (await t.gql(`query($id: ID!) { node(id: $id) { ... on WebhookDelivery { status attempts } } }`, { id: first.id }, tokens.bankA)).data?.node;
      return n?.status === 'SUCCEEDED' && n;
    });
    expect(d.attempts).toBe(4);
  });

  it('fails a delivery after its attempts are used up', async () => {
    script.set('/bank-b', [500, 500, 500, 500]);
    await pay(bankB.accountIds[1], 'WH-B-2');
    const failed = await until('a failed delivery', async () => {
      const edges = (await t.gql(DELIVERIES, { id: subB.id }, tokens.bankB)).data?.webhookDeliveries.edges ?? [];
      return edges.map((e: { node: { status: string } }) => e.node).find((n: { status: string }) => n.status === 'FAILED');
    });
    expect(failed.attempts).toBe(4);
    expect(failed.attemptLog.every((a: { statusCode: number }) => a.statusCode === 500)).toBe(true);
    const jobs = await t.ownerQuery(`select j.status, j.last_error from job_run j join webhook_delivery d on d.client_id = j.client_id and d.id = j.subject_id where d.client_id = $1 and d.status = 'failed'`, [t.tenants.bankBId]);
    expect(jobs).toEqual([{ status: 'failed', last_error: 'Delivery failed after 4 attempts: The receiver answered 500' }]);
  });

  it("tells the bank of each account it recalled, and only its own bank's subscription", async () => {
    const recalls = await subscribe(tokens.bankA, '/recalls', { eventTypes: ['account.recalled'] });
    const RECALL = `mutation($input: RecallInput!) { recallAccounts(input: $input) { recalled } }`;
    const r = await t.gql(RECALL, { input: { accountIds: [toGlobalId('Account', bankA.accountIds[2])], reason: 'bank decision' } }, tokens.bankA);
    expect(r.data?.recallAccounts.recalled).toBe(1);
    const got = await until('the recall event', async () => received.find((x) => x.path === '/recalls'));
    const event = JSON.parse(got.body);
    expect(event).toMatchObject({ type: 'account.recalled', clientId: t.tenants.bankAId, subjectId: bankA.accountIds[2], data: { placementId: expect.any(String) } });
    expect(verifyWebhook(recalls.secret, { timestamp: got.headers['x-arrears-timestamp'] as string, signature: got.headers['x-arrears-signature'] as string }, got.body)).toEqual({ ok: true });
    // Bank A's payment subscription did not ask for recalls, and Bank B's never sees Bank A.
    expect(received.filter((x) => x.headers['x-arrears-event-type'] === 'account.recalled').map((x) => x.path)).toEqual(['/recalls']);
    expect((await t.gql(DELETE, { id: recalls.id }, tokens.bankA)).data?.deleteWebhookSubscription).toBe(recalls.id);
  });

  it('sends nothing for a paused subscription', async () => {
    expect((await t.gql(SET_STATUS, { id: subA.id, s: 'PAUSED' }, tokens.bankA)).data?.setWebhookSubscriptionStatus.status).toBe('PAUSED');
    const [{ n: before }] = await t.ownerQuery(`select count(*)::int as n from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id where s.client_id = $1`, [t.tenants.bankAId]);
    await pay(bankA.accountIds[1], 'WH-A-3');
    const [{ n: after }] = await t.ownerQuery(`select count(*)::int as n from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id where s.client_id = $1`, [t.tenants.bankAId]);
    expect(after).toBe(before);
    expect((await t.gql(SET_STATUS, { id: subA.id, s: 'ACTIVE' }, tokens.bankA)).data?.setWebhookSubscriptionStatus.status).toBe('ACTIVE');
  });
});

describe('managing subscriptions', () => {
  it('shows the secret once: never readable again, not even by the application role', async () => {
    const [row] = await t.ownerQuery(`select secret from webhook_subscription where client_id = $1`, [t.tenants.bankAId]);
    expect(row.secret).toBe(subA.secret);
    const list = await t.gql(`{ webhookSubscriptions { id url eventTypes status } }`, {}, tokens.bankA);
    expect(JSON.stringify(list.data)).not.toContain(subA.secret);
    await expect(t.dataSource.query('select secret from webhook_subscription')).rejects.toThrow(/permission denied/);
  });

  it('refuses bad URLs and unknown event types', async () => {
    const bad = async (input: Record<string, unknown>) => (await t.gql(CREATE, { input: { url: `${base}/x`, eventTypes: ['payment.posted'], ...input } }, tokens.bankA)).code;
    expect(await bad({ url: 'ftp://bank.example/hook' })).toBe('BAD_USER_INPUT');
    expect(await bad({ url: 'https://user:pw@bank.example/hook' })).toBe('BAD_USER_INPUT');
    expect(await bad({ eventTypes: ['payment.stolen'] })).toBe('BAD_USER_INPUT');
    expect(await bad({ eventTypes: [] })).toBe('BAD_USER_INPUT');
  });

  it('lets the agency admin manage a named bank of its agency, and nobody else', async () => {
    const all = (await t.gql(`{ webhookSubscriptions { id clientId } }`, {}, tokens.admin)).data!.webhookSubscriptions.map((s: { id: string }) => s.id);
    expect(all).toEqual(expect.arrayContaining([subA.id, subB.id]));
    expect((await t.gql(CREATE, { input: { url: `${base}/admin`, eventTypes: ['plan.approved'] } }, tokens.admin)).code).toBe('BAD_USER_INPUT');
    const byAdmin = await t.gql(CREATE, { input: { clientId: toGlobalId('Client', t.tenants.bankBId), url: `${base}/admin`, eventTypes: ['plan.approved'] } }, tokens.admin);
    expect(byAdmin.data?.createWebhookSubscription.subscription.clientId).toBe(toGlobalId('Client', t.tenants.bankBId));
    expect((await t.gql(CREATE, { input: { clientId: toGlobalId('Client', t.tenants.rivalBankId), url: `${base}/rival`, eventTypes: ['plan.approved'] } }, tokens.admin)).code).toBe('NOT_FOUND');
    // A bank user naming another bank: NOT_FOUND, as for a bank that does not exist.
    expect((await t.gql(CREATE, { input: { clientId: toGlobalId('Client', t.tenants.bankBId), url: `${base}/x`, eventTypes: ['plan.approved'] } }, tokens.bankA)).code).toBe('NOT_FOUND');
    expect((await t.gql(`{ webhookSubscriptions { id } }`, {}, tokens.supervisor)).code).toBe('FORBIDDEN');
    expect((await t.gql(`{ webhookSubscriptions { id } }`, {}, tokens.collector)).code).toBe('FORBIDDEN');
    expect((await t.gql(`{ webhookSubscriptions { id } }`, {}, tokens.rival)).data?.webhookSubscriptions).toEqual([]);
  });

  it("treats another bank's subscription and delivery ids exactly like missing ones", async () => {
    const missingSub = toGlobalId('WebhookSubscription', '00000000-0000-4000-8000-000000000000');
    const deliveryA = (await t.gql(DELIVERIES, { id: subA.id }, tokens.bankA)).data!.webhookDeliveries.edges[0].node.id;
    const missingDelivery = toGlobalId('WebhookDelivery', '00000000-0000-4000-8000-000000000000');
    for (const token of [tokens.bankB, tokens.rival]) {
      for (const [query, vars, missing] of [
        [DELIVERIES, { id: subA.id }, { id: missingSub }],
        [SET_STATUS, { id: subA.id, s: 'PAUSED' }, { id: missingSub, s: 'PAUSED' }],
        [DELETE, { id: subA.id }, { id: missingSub }],
        [`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`, { id: subA.id }, { id: missingSub }],
        [REDELIVER, { id: deliveryA }, { id: missingDelivery }],
      ] as const) {
        const foreign = await t.gql(query, vars, token);
        const absent = await t.gql(query, missing, token);
        expect(foreign.code).toBe('NOT_FOUND');
        expect(foreign.errors?.[0].message).toBe(absent.errors?.[0].message);
      }
      expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: subA.id }, token)).data?.node).toBeNull();
      expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: deliveryA }, token)).data?.node).toBeNull();
    }
    // Still there and still active, as the owner sees it: the refusals changed nothing.
    const [row] = await t.ownerQuery(`select status, secret from webhook_subscription where client_id = $1 and url like '%/bank-a'`, [t.tenants.bankAId]);
    expect(row).toEqual({ status: 'active', secret: subA.secret });
  });

  it('deletes a subscription with its log', async () => {
    const extra = await subscribe(tokens.bankA, '/to-delete');
    expect((await t.gql(DELETE, { id: extra.id }, tokens.bankA)).data?.deleteWebhookSubscription).toBe(extra.id);
    expect((await t.gql(DELETE, { id: extra.id }, tokens.bankA)).code).toBe('NOT_FOUND');
  });
});
