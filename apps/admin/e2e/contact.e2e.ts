import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, byTestId, DEMO, launch, login, newPage, pickOption, screenshot } from './helpers';

// 21:30 in Shanghai (19:30 in Urumqi) on Tuesday 2026-12-01: the gateway runs with NODE_ENV=test and
// honours this clock header; a production gateway ignores it.
const NOW = '2026-12-01T13:30:00Z';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Every GraphQL request of the page carries the test clock. */
async function atTestClock(page: Page) {
  await page.route('**/graphql', (route) => route.continue({ headers: { ...route.request().headers(), 'x-arrears-test-now': NOW } }));
}

interface QueueData {
  myQueue: { edges: { node: { id: string; bankRef: string; client: { name: string }; debtor: { timeZone: string | null } } }[] };
}

describe("the collector's day under the contact policy", () => {
  it('queue → account blocked at 21:30 debtor time → allowed call → verified promise to pay → next account; the bank next door sees nothing', async () => {
    const token = await apiLogin(DEMO.collector);
    const queue = await api<QueueData>(`{ myQueue(first: 20, includeBlocked: true) { edges { node { id bankRef client { name } debtor { timeZone } } } } }`, {}, token);
    const nodes = queue.myQueue.edges.map((e) => e.node);
    const late = nodes.find((n) => n.client.name === 'Demo Bank A' && n.debtor.timeZone === 'Asia/Shanghai');
    const west = nodes.find((n) => n.client.name === 'Demo Bank A' && n.debtor.timeZone === 'Asia/Urumqi');
    expect(late, 'the demo seed puts a Shanghai debtor of Bank A in the queue').toBeDefined();
    expect(west, 'the demo seed puts an Urumqi debtor of Bank A in the queue').toBeDefined();

    const { context, page } = await newPage(browser, { language: 'en' });
    await atTestClock(page);
    await login(page, DEMO.collector);
    await page.goto('/queue');
    // Contactable now only: the Urumqi debtor (19:30) is there, the Shanghai one (21:30) is not …
    const table = byTestId(page, 'queue-table');
    await table.locator('a', { hasText: west!.bankRef }).waitFor();
    expect(await table.locator('a', { hasText: late!.bankRef }).count()).toBe(0);
    // The earliest blocked one opens at 08:00 in Los Angeles (the demo's debtor there).
    await expect.poll(async () => (await byTestId(page, 'queue-next-opening').textContent()) ?? '').toMatch(/2026-12-02 00:00/);
    // … until the toggle shows blocked accounts with why.
    await byTestId(page, 'queue-include-blocked').click();
    const lateRow = table.locator('tr', { hasText: late!.bankRef });
    await lateRow.waitFor();
    expect(await lateRow.locator('[data-testid="queue-standing"]').getAttribute('data-reason')).toBe('window');
    await screenshot(page, 'contact-queue-blocked');
    await table.locator('a', { hasText: late!.bankRef }).click();

    // Blocked: 21:30 in Shanghai, Bank A's contract allows 08:00–21:00.
    const panel = byTestId(page, 'contact-panel');
    await panel.waitFor();
    const check = byTestId(page, 'contact-check-call-debtor');
    await expect.poll(() => check.getAttribute('data-allowed')).toBe('no');
    expect(await check.locator('[data-rule="window"]').count()).toBe(1);
    expect(await byTestId(page, 'contact-next-call-debtor').textContent()).toContain('2026-12-02 08:00 (Asia/Shanghai)');
    await byTestId(page, 'dial-0').click();
    await byTestId(page, 'contact-blocked').waitFor();
    expect(await byTestId(page, 'contact-blocked-next').textContent()).toContain('2026-12-02 08:00');
    expect(await byTestId(page, 'revealed-number').count()).toBe(0);
    await byTestId(page, 'contact-timeline').locator('tr', { hasText: 'Refused' }).first().waitFor();
    await screenshot(page, 'contact-blocked-2130');

    // Another account: 19:30 in Urumqi, allowed.
    await page.goto('/queue');
    await byTestId(page, 'queue-table').locator('a', { hasText: west!.bankRef }).click();
    await byTestId(page, 'contact-panel').waitFor();
    await expect.poll(() => byTestId(page, 'contact-check-call-debtor').getAttribute('data-allowed')).toBe('yes');
    await byTestId(page, 'dial-0').click();
    const revealed = byTestId(page, 'revealed-number');
    await revealed.waitFor();
    const number = ((await revealed.textContent()) ?? '').trim();
    expect(number).toMatch(/^\d{7,15}$/);
    expect(await byTestId(page, 'tel-link').getAttribute('href')).toBe(`tel:${number}`);
    await screenshot(page, 'contact-in-call');

    // A promise to pay discusses the debt: refused until the right party is verified.
    await pickOption(page, 'outcome-select', 'Promise to pay');
    await byTestId(page, 'outcome-submit').click();
    await byTestId(page, 'contact-problem').waitFor();
    await byTestId(page, 'rpv-checkbox').click();
    await byTestId(page, 'outcome-note').fill('Will pay 1000 on Friday');
    await byTestId(page, 'outcome-submit').click();
    await byTestId(page, 'contact-saved').waitFor();
    expect(await byTestId(page, 'revealed-number').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(number);
    await byTestId(page, 'contact-timeline').locator('tr', { hasText: 'Promise to pay' }).first().waitFor();
    await screenshot(page, 'contact-promise-recorded');

    // The reveal is in the audit log (supervisors read it) and the number appears in no query.
    const after = await api<{ account: { contactPhones: { number: string }[] } }>(`query($id: ID!) { account(id: $id) { contactPhones { number } } }`, { id: west!.id }, token);
    expect(JSON.stringify(after)).not.toContain(number);

    // Next account in the queue.
    await page.goto('/queue');
    // The next contactable account on screen (which one depends on the demo's priorities at that hour).
    await byTestId(page, 'queue-table').locator('a').filter({ hasNotText: west!.bankRef }).first().click();
    await byTestId(page, 'contact-panel').waitFor();
    await byTestId(page, 'contact-checks').waitFor();
    await context.close();

    // Demo Bank B's user sees none of it.
    const bank = await newPage(browser, { language: 'en' });
    await login(bank.page, DEMO.bankB);
    await bank.page.goto(`/accounts/${encodeURIComponent(west!.id)}`);
    await byTestId(bank.page, 'account-not-found').waitFor();
    expect(await bank.page.locator('body').textContent()).not.toContain('Promise to pay');
    await bank.context.close();

    // Demo Bank A's user sees the contact history of its own account (no phones, no dialing).
    const own = await newPage(browser, { language: 'en' });
    await login(own.page, DEMO.bankA);
    await own.page.goto(`/accounts/${encodeURIComponent(west!.id)}`);
    await byTestId(own.page, 'contact-timeline').locator('tr', { hasText: 'Promise to pay' }).first().waitFor();
    expect(await byTestId(own.page, 'dial-0').count()).toBe(0);
    await own.context.close();
  });

  it('a supervisor sees the refusal in the compliance view', async () => {
    const { context, page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.supervisor);
    await page.goto('/contact/compliance');
    await byTestId(page, 'refusals-table').locator('[data-rule="window"]').first().waitFor();
    // The reveal made during the call is counted against the collector's daily limit.
    await byTestId(page, 'reveals-table').locator('tr', { hasText: '张催收' }).first().waitFor();
    await screenshot(page, 'contact-compliance');
    await context.close();
  });

  it('an agency admin tightens a bank policy; a looser one is refused with the rule; versions show what changed', async () => {
    const { context, page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.admin);
    await page.goto('/contact/policy');
    await pickOption(page, 'policy-client', 'Demo Bank A');
    await byTestId(page, 'policy-current-version').waitFor();
    expect(await byTestId(page, 'policy-current-version').textContent()).toContain('1');
    // Version 1 (the seeded bank contract) against the China preset: calls end at 21:00 instead of 22:00.
    await byTestId(page, 'policy-diff-v1').locator('tr', { hasText: 'window.end' }).waitFor();
    const body = byTestId(page, 'policy-body');
    const text = (await body.inputValue()).replace('"end": "21:00"', '"end": "23:00"');
    await body.fill(text);
    await byTestId(page, 'policy-save').click();
    await byTestId(page, 'policy-violations').locator('[data-rule="window.end"]').waitFor();
    await body.fill(text.replace('"end": "23:00"', '"end": "20:30"'));
    await byTestId(page, 'policy-note').fill('Stricter contract from 2027');
    await byTestId(page, 'policy-save').click();
    await byTestId(page, 'policy-saved').waitFor();
    await byTestId(page, 'policy-diff-v2').locator('tr', { hasText: 'window.end' }).waitFor();
    expect(await byTestId(page, 'policy-current-version').textContent()).toContain('2');
    await screenshot(page, 'contact-policy-editor');
    await context.close();
  });
});
