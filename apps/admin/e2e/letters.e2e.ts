import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, baseURL, byTestId, DEMO, launch, login, newPage, pickOption, screenshot } from './helpers';

// 10:00 in Shanghai on Tuesday 2026-12-01 (the gateway runs with NODE_ENV=test and honours this header).
const NOW = '2026-12-01T02:00:00Z';

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

interface QueueNode {
  id: string;
  client: { name: string };
  contactChecks: { channel: string; party: string; allowed: boolean }[];
}

describe('SMS and letter templates', () => {
  it('the agency drafts and submits, the bank approves in its portal, the collector sends the SMS and a letter from the contact panel', async () => {
    const name = `Reminder ${Date.now().toString(36)}`;
    const admin = await newPage(browser, { language: 'en' });
    await login(admin.page, DEMO.admin);
    await admin.page.goto('/contact/templates');
    await pickOption(admin.page, 'templates-bank', 'Demo Bank A');
    await byTestId(admin.page, 'template-name').fill(name);
    await byTestId(admin.page, 'template-phone').fill('400-800-1234');
    await byTestId(admin.page, 'template-body').fill('{{debtorName}}，您的账户{{reference}}尚欠{{amountDue}}，请致电{{agencyPhone}}。');
    await byTestId(admin.page, 'template-save').click();
    const card = admin.page.locator(`[data-testid="template-card"][data-name="${name}"]`);
    await card.locator('[data-status="DRAFT"]').waitFor();
    await card.locator('[data-testid^="submit-"]').click();
    await card.locator('[data-status="SUBMITTED"]').waitFor();
    await admin.context.close();

    const bank = await newPage(browser, { language: 'en' });
    await login(bank.page, DEMO.bankA);
    await bank.page.goto('/bank/templates');
    const bankCard = bank.page.locator(`[data-testid="template-card"][data-name="${name}"]`);
    await bankCard.locator('[data-testid="approve-version"]').click();
    await bankCard.locator('[data-status="APPROVED"]').waitFor();
    await screenshot(bank.page, 'letters-bank-approved');
    await bank.context.close();

    // An account of Bank A the collector may text at 10:00 debtor time.
    const token = await apiLogin(DEMO.collector);
    const res = await fetch(`${baseURL()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': NOW },
      body: JSON.stringify({ query: `{ myQueue(first: 30) { edges { node { id client { name } contactChecks { channel party allowed } } } } }` }),
    });
    const nodes = ((await res.json()) as { data: { myQueue: { edges: { node: QueueNode }[] } } }).data.myQueue.edges.map((e) => e.node);
    const target = nodes.find((n) => n.client.name === 'Demo Bank A' && n.contactChecks.some((c) => c.channel === 'SMS' && c.party === 'DEBTOR' && c.allowed));
    expect(target, 'the demo queue has a Bank A account open for SMS at 10:00').toBeDefined();

    const { context, page } = await newPage(browser, { language: 'en' });
    await atTestClock(page);
    await login(page, DEMO.collector);
    await page.goto(`/accounts/${encodeURIComponent(target!.id)}`);
    await byTestId(page, 'messages-card').waitFor();
    await pickOption(page, 'sms-template', name);
    await byTestId(page, 'send-sms').click();
    await byTestId(page, 'sms-sent').waitFor();
    await expect.poll(async () => (await byTestId(page, 'sms-list').textContent()) ?? '').toContain('，您的账户');
    expect(await byTestId(page, 'sms-list').textContent()).toContain('400-800-1234');
    // A letter from the demo's approved letter template: generated, registered, listed with its PDF.
    await pickOption(page, 'letter-template', '催收函');
    await byTestId(page, 'generate-letter').click();
    await byTestId(page, 'letter-generated').waitFor();
    await byTestId(page, 'letter-pdf-0').waitFor();
    await screenshot(page, 'letters-sms-sent');
    await context.close();
  });
});
