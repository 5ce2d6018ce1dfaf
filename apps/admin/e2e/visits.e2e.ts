import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, baseURL, byTestId, DEMO, launch, login, modalClosed, newPage, pickOption, screenshot } from './helpers';

// 10:00 in Shanghai on Tuesday 2026-12-01 (the gateway honours the test clock under NODE_ENV=test).
const NOW = '2026-12-01T02:00:00Z';
const PLANNED = '2026-12-01T06:00:00Z';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function atTestClock(page: Page) {
  await page.route('**/graphql', (route) => route.continue({ headers: { ...route.request().headers(), 'x-arrears-test-now': NOW } }));
}

async function apiAt<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const res = await fetch(`${baseURL()}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': NOW }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

describe('field visits and the outcome list', () => {
  it('admin adds an outcome; a planned visit is recorded by its collector with that outcome and a photo', async () => {
    // The agency admin adds an outcome code.
    const admin = await newPage(browser, { language: 'en' });
    await login(admin.page, DEMO.admin);
    await admin.page.goto('/contact/outcomes');
    await byTestId(admin.page, 'outcomes-table').locator('tr', { hasText: 'debt_acknowledged' }).waitFor();
    await byTestId(admin.page, 'outcome-add').click();
    await byTestId(admin.page, 'outcome-code').fill('visited_left_card');
    await byTestId(admin.page, 'outcome-label-zh').fill('上门留卡');
    await byTestId(admin.page, 'outcome-label-en').fill('Visited, left a card');
    await byTestId(admin.page, 'outcome-save').click();
    await modalClosed(admin.page);
    await byTestId(admin.page, 'outcomes-table').locator('tr', { hasText: 'visited_left_card' }).waitFor();
    // The same page chooses the dialer (built-in until an admin configures an HTTP one).
    await byTestId(admin.page, 'dialer-settings').getByText('Built-in (number shown for the call)').waitFor();
    await screenshot(admin.page, 'visits-outcomes');
    await admin.context.close();

    // A supervisor plans a visit to one of the collector's Shanghai accounts at 14:00.
    const collectorToken = await apiLogin(DEMO.collector);
    const queue = await api<{ myQueue: { edges: { node: { id: string; bankRef: string; debtor: { timeZone: string | null } } }[] }; me: { user: { id: string } } }>(
      `{ me { user { id } } myQueue(first: 50, includeBlocked: true) { edges { node { id bankRef debtor { timeZone } } } } }`,
      {},
      collectorToken,
    );
    const target = queue.myQueue.edges.map((e) => e.node).find((n) => n.debtor.timeZone === 'Asia/Shanghai');
    expect(target, 'the demo seed gives the collector a Shanghai debtor').toBeDefined();
    const supervisor = await apiLogin(DEMO.supervisor);
    const planned = await apiAt<{ scheduleVisit: { __typename: string } }>(
      `mutation($input: ScheduleVisitInput!) { scheduleVisit(input: $input) { __typename } }`,
      { input: { accountId: target!.id, address: '上海市黄浦区南京东路 100 号', collectorIds: [queue.me.user.id], plannedAt: PLANNED } },
      supervisor,
    );
    expect(planned.scheduleVisit.__typename).toBe('FieldVisit');

    // The collector records the result with the new outcome and adds a photo.
    const { page } = await newPage(browser, { language: 'en' });
    await atTestClock(page);
    await login(page, DEMO.collector);
    await page.goto('/visits');
    const row = byTestId(page, 'visits-table').locator('tr', { hasText: '南京东路 100 号' }).first();
    await row.waitFor();
    await row.locator('[data-testid="visit-record"]').click();
    await byTestId(page, 'visit-met').getByText('Nobody').click();
    await pickOption(page, 'visit-outcome', 'Visited, left a card');
    await byTestId(page, 'visit-result-save').click();
    await modalClosed(page);
    await expect.poll(async () => (await row.locator('[data-testid="visit-status"]').textContent()) ?? '').toBe('Done');
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Visited, left a card');

    await row.locator('input[type=file]').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) });
    await row.locator('[data-testid="visit-photo"]', { hasText: 'door.png' }).waitFor();
    await screenshot(page, 'visits-recorded');
  });
});
