import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// Editing a webhook subscription's URL and event types: the same users and the same checks as
// subscribing (URL shape, private destinations where refused, the event catalog); the secret and the
// log stay; another bank's subscription id behaves exactly like a missing one.

let t: TestGateway;
let tokens: Record<'collector' | 'supervisor' | 'admin' | 'bankA' | 'bankB' | 'rival', string>;
let subA: string;

const CREATE = `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) {
  __typename ... on WebhookSubscriptionWithSecret { secret subscription { id } } } }`;
const UPDATE = `mutation($input: UpdateWebhookSubscriptionInput!) { updateWebhookSubscription(input: $input) { id url eventTypes status clientId } }`;
const row = async (id: string) =>
  (await t.ownerQuery(`select url, event_types, secret, status from webhook_subscription where id = $1`, [id]))[0] as { url: string; event_types: string[]; secret: string; status: string };

beforeAll(async () => {
  // As in production: receivers on private addresses or localhost are refused.
  t = await startTestGateway(inject('pgAdminUrl'), { env: { WEBHOOK_ALLOW_PRIVATE_HOSTS: 'false' } });
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    admin: 'admin@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    rival: 'admin@rival-recovery.test',
  });
  const r = await t.gql(CREATE, { input: { url: 'https://hooks.bank-a.example/arrears', eventTypes: ['payment.posted'] } }, tokens.bankA);
  expect(r.data?.createWebhookSubscription.__typename, JSON.stringify(r.errors)).toBe('WebhookSubscriptionWithSecret');
  subA = r.data!.createWebhookSubscription.subscription.id;
});

afterAll(async () => {
  await t?.close();
});

describe('editing a webhook subscription', () => {
  it('changes the URL and the event types, keeping the secret and the status', async () => {
    const subId = (await t.ownerQuery(`select id from webhook_subscription where client_id = $1`, [t.tenants.bankAId]))[0].id as string;
    const before = await row(subId);
    const r = await t.gql(UPDATE, { input: { id: subA, url: '  https://hooks.bank-a.example/v2  ', eventTypes: ['payment.reversed', 'plan.approved', 'plan.approved'] } }, tokens.bankA);
    expect(r.data?.updateWebhookSubscription, JSON.stringify(r.errors)).toEqual({
      id: subA,
      url: 'https://hooks.bank-a.example/v2',
      eventTypes: ['payment.reversed', 'plan.approved'],
      status: 'ACTIVE',
      clientId: toGlobalId('Client', t.tenants.bankAId),
    });
    // Only the event types: the URL stays.
    const types = await t.gql(UPDATE, { input: { id: subA, eventTypes: ['payment.posted'] } }, tokens.bankA);
    expect(types.data?.updateWebhookSubscription).toMatchObject({ url: 'https://hooks.bank-a.example/v2', eventTypes: ['payment.posted'] });
    expect(await row(subId)).toEqual({ url: 'https://hooks.bank-a.example/v2', event_types: ['payment.posted'], secret: before.secret, status: 'active' });
  });

  it('refuses what subscribing refuses, and changes nothing', async () => {
    const subId = (await t.ownerQuery(`select id from webhook_subscription where client_id = $1`, [t.tenants.bankAId]))[0].id as string;
    const before = await row(subId);
    for (const change of [
      { url: 'ftp://hooks.bank-a.example/x' },
      { url: 'https://user:pw@hooks.bank-a.example/x' },
      { url: 'http://localhost:8080/x' },
      { url: 'http://10.0.0.7/x' },
      { url: 'http://[::1]/x' },
      { eventTypes: ['payment.stolen'] },
      { eventTypes: [] },
      { url: 'https://hooks.bank-a.example/ok', eventTypes: ['payment.posted', 'nope'] },
    ]) {
      const r = await t.gql(UPDATE, { input: { id: subA, ...change } }, tokens.bankA);
      expect(r.code, JSON.stringify(change)).toBe('BAD_USER_INPUT');
    }
    expect(await row(subId)).toEqual(before);
  });

  it('lets the agency admin edit a bank of its agency; other roles are refused', async () => {
    const r = await t.gql(UPDATE, { input: { id: subA, eventTypes: ['payment.posted', 'account.recalled'] } }, tokens.admin);
    expect(r.data?.updateWebhookSubscription.eventTypes).toEqual(['payment.posted', 'account.recalled']);
    expect((await t.gql(UPDATE, { input: { id: subA, eventTypes: ['payment.posted'] } }, tokens.supervisor)).code).toBe('FORBIDDEN');
    expect((await t.gql(UPDATE, { input: { id: subA, eventTypes: ['payment.posted'] } }, tokens.collector)).code).toBe('FORBIDDEN');
  });

  it("treats another bank's subscription id exactly like a missing one, even with invalid input", async () => {
    const subId = (await t.ownerQuery(`select id from webhook_subscription where client_id = $1`, [t.tenants.bankAId]))[0].id as string;
    const before = await row(subId);
    const missing = toGlobalId('WebhookSubscription', '00000000-0000-4000-8000-000000000000');
    for (const token of [tokens.bankB, tokens.rival]) {
      for (const change of [{ url: 'https://evil.example/steal' }, { url: 'http://localhost/x' }, { eventTypes: ['payment.posted'] }]) {
        const foreign = await t.gql(UPDATE, { input: { id: subA, ...change } }, token);
        const absent = await t.gql(UPDATE, { input: { id: missing, ...change } }, token);
        expect(foreign.code).toBe('NOT_FOUND');
        expect(foreign.errors?.[0].message).toBe(absent.errors?.[0].message);
      }
    }
    // A well-formed id of another type is missing too.
    expect((await t.gql(UPDATE, { input: { id: toGlobalId('Client', t.tenants.bankAId), eventTypes: ['payment.posted'] } }, tokens.bankA)).code).toBe('NOT_FOUND');
    expect(await row(subId)).toEqual(before);
  });
});
