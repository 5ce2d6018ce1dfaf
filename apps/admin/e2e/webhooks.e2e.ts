import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, byTestId, closeDropdown, DEMO, launch, login, modalClosed, newPage, pickOption, screenshot } from './helpers';

let browser: Browser;
let receiver: http.Server;
let receiverUrl: string;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  browser = await launch();
  // The bank's system: a receiver on loopback (allowed outside production) that accepts everything.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/arrears-events`;
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

/** A payment on one of Bank A's accounts, posted by the agency admin: the event a bank subscribes to. */
async function postBankAPayment(): Promise<void> {
  const token = await apiLogin(DEMO.admin);
  const accounts = await api<{ accounts: { edges: { node: { id: string; client: { name: string } } }[] } }>(`{ accounts(first: 100) { edges { node { id client { name } } } } }`, {}, token);
  const paidOn = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  for (const { node } of accounts.accounts.edges.filter((e) => e.node.client.name === 'Demo Bank A')) {
    const r = await api<{ postPayment: { __typename: string } }>(
      `mutation($input: PostPaymentInput!) { postPayment(input: $input) { __typename } }`,
      { input: { accountId: node.id, bankTxnRef: `E2E-WH-${Date.now()}`, amount: '1.00', paidOn } },
      token,
    );
    if (r.postPayment.__typename === 'PaymentPosted') return;
  }
  throw new Error('no Bank A account took a payment');
}

describe('webhooks page', () => {
  it('a bank user subscribes, keeps the secret shown once, and sees the delivery in the log', async () => {
    const { context, page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.bankA);
    await page.click('[data-testid="nav-webhooks"]');
    await byTestId(page, 'webhooks-page').waitFor();
    await byTestId(page, 'webhook-new').click();
    await byTestId(page, 'webhook-url-input').fill(receiverUrl);
    await pickOption(page, 'webhook-types', 'payment.posted');
    await closeDropdown(page);
    await page.click('#webhook-create');
    const secret = (await byTestId(page, 'webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have saved it' }).click();
    await modalClosed(page);
    await expect.poll(async () => byTestId(page, 'webhook-url').allTextContents()).toContain(receiverUrl);

    await postBankAPayment();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(received[0].headers['x-arrears-event-type']).toBe('payment.posted');
    // The log polls: the delivery appears as delivered, with its attempt.
    await byTestId(page, 'delivery-status-SUCCEEDED').first().waitFor({ timeout: 30_000 });
    await expect(byTestId(page, 'delivery-event').first().textContent()).resolves.toBe('payment.posted');
    await expect(byTestId(page, 'delivery-attempts').first().textContent()).resolves.toMatch(/#1 · 204/);
    await screenshot(page, 'webhooks-delivered');
    // The secret is never shown again: not even kept in the closed dialog.
    await expect.poll(async () => (await page.content()).includes(secret)).toBe(false);
    await context.close();
  });
});
