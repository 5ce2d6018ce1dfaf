import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, baseURL, byTestId, clickToOpen, DEMO, launch, login, modalClosed, newPage } from './helpers';

// A supervisor re-plans (refused at night, then moved) and cancels a visit; a bank user edits a
// webhook subscription's URL. 10:00 in Shanghai on Tuesday 2026-12-01 is the test clock.
const NOW = '2026-12-01T02:00:00Z';
const ADDRESS = '杭州市西湖区龙井路 9 号';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function apiAt<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await fetch(`${baseURL()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': NOW }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

async function typeDate(page: Page, value: string) {
  const input = page.locator('.ant-modal .ant-picker input').first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(async () => input.inputValue()).toBe(value);
}

describe('re-planning and cancelling visits, editing webhooks', () => {
  it('a supervisor moves a visit (the night is refused) and cancels it', async () => {
    const collectorToken = await apiLogin(DEMO.collector);
    const queue = await api<{ myQueue: { edges: { node: { id: string; debtor: { timeZone: string | null } } }[] }; me: { user: { id: string } } }>(
      `{ me { user { id } } myQueue(first: 50, includeBlocked: true) { edges { node { id debtor { timeZone } } } } }`,
      {},
      collectorToken,
    );
    const target = queue.myQueue.edges.map((e) => e.node).find((n) => n.debtor.timeZone === 'Asia/Shanghai');
    expect(target).toBeDefined();
    const supervisor = await apiLogin(DEMO.supervisor);
    const planned = await apiAt<{ scheduleVisit: { __typename: string; id: string } }>(
      `mutation($input: ScheduleVisitInput!) { scheduleVisit(input: $input) { __typename ... on FieldVisit { id } } }`,
      { input: { accountId: target!.id, address: ADDRESS, collectorIds: [queue.me.user.id], plannedAt: '2026-12-01T06:00:00Z' } },
      supervisor,
    );
    expect(planned.scheduleVisit.__typename).toBe('FieldVisit');
    const plannedAt = async () => (await apiAt<{ fieldVisit: { plannedAt: string; status: string } }>(`query($id: ID!) { fieldVisit(id: $id) { plannedAt status } }`, { id: planned.scheduleVisit.id }, supervisor)).fieldVisit;

    const { page } = await newPage(browser, { language: 'en' });
    await page.route('**/graphql', (route) => route.continue({ headers: { ...route.request().headers(), 'x-arrears-test-now': NOW } }));
    await login(page, DEMO.supervisor);
    await page.goto('/visits');
    const row = byTestId(page, 'visits-table').locator('tr', { hasText: ADDRESS }).first();
    await row.waitFor();

    await row.locator('[data-testid="visit-replan"]').click();
    await typeDate(page, '2026-12-01 22:30');
    await byTestId(page, 'visit-replan-save').click();
    await byTestId(page, 'visit-replan-problem').getByText('No visit at that time:').waitFor();
    await typeDate(page, '2026-12-02 11:00');
    await byTestId(page, 'visit-replan-save').click();
    await modalClosed(page);
    await expect.poll(async () => (await plannedAt()).plannedAt).toBe('2026-12-02T03:00:00.000Z');

    await clickToOpen(page, row.locator('[data-testid="visit-cancel"]'), 'visit-cancel-reason');
    // No reason, no cancellation: the button stays disabled until one is typed.
    expect(await byTestId(page, 'visit-cancel-confirm').isDisabled()).toBe(true);
    await byTestId(page, 'visit-cancel-reason').fill('The debtor has moved away');
    await byTestId(page, 'visit-cancel-confirm').click();
    await modalClosed(page);
    await expect.poll(async () => (await row.locator('[data-testid="visit-status"]').textContent()) ?? '').toBe('Cancelled');
    expect(await row.locator('[data-testid="visit-cancel-reason-shown"]').textContent()).toBe('The debtor has moved away');
    expect((await plannedAt()).status).toBe('cancelled');
    await expect.poll(async () => row.locator('[data-testid="visit-record"]').count()).toBe(0);
  });

  it('a bank user edits the URL of a subscription', async () => {
    const token = await apiLogin(DEMO.bankB);
    await api(`mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { __typename } }`, { input: { url: 'https://hooks.bank-b.example/old', eventTypes: ['payment.posted'] } }, token);
    const { page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.bankB);
    await page.click('[data-testid="nav-webhooks"]');
    const row = byTestId(page, 'webhook-subscriptions').locator('tr', { hasText: 'https://hooks.bank-b.example/old' });
    await row.waitFor();
    await row.locator('[data-testid="webhook-edit"]').click();
    await byTestId(page, 'webhook-edit-url').fill('https://hooks.bank-b.example/new');
    await page.click('#webhook-save');
    await modalClosed(page);
    await byTestId(page, 'webhook-subscriptions').locator('tr', { hasText: 'https://hooks.bank-b.example/new' }).waitFor();
    const subs = await api<{ webhookSubscriptions: { url: string }[] }>(`{ webhookSubscriptions { url } }`, {}, token);
    expect(subs.webhookSubscriptions.map((s) => s.url)).toContain('https://hooks.bank-b.example/new');
    expect(subs.webhookSubscriptions.map((s) => s.url)).not.toContain('https://hooks.bank-b.example/old');
  });
});
