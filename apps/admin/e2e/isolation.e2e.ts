import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, byTestId, DEMO, launch, login, newPage, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The client names shown on every page of the bank's account list (walking the cursor pages). */
async function clientNamesOnAllPages(page: Page): Promise<Set<string>> {
  const table = byTestId(page, 'bank-accounts-table');
  const names = new Set<string>();
  for (let i = 0; i < 50; i += 1) {
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    for (const name of await table.locator('[data-testid="account-client"]').allTextContents()) names.add(name);
    const next = byTestId(page, 'bank-accounts-table-next');
    if (!(await next.isEnabled())) break;
    const before = await table.locator('tbody tr.ant-table-row').first().textContent();
    await next.click();
    await expect.poll(() => table.locator('tbody tr.ant-table-row').first().textContent()).not.toBe(before);
  }
  return names;
}

describe("a bank never sees another bank's accounts", () => {
  it("Demo Bank A's user sees only Demo Bank A, cannot find or open Demo Bank B's accounts", async () => {
    // One of Demo Bank B's accounts, as Demo Bank B's own user sees it.
    const tokenB = await apiLogin(DEMO.bankB);
    const b = await api<{ accounts: { edges: Array<{ node: { id: string; bankRef: string; client: { name: string } } }> } }>(
      '{ accounts(first: 1) { edges { node { id bankRef client { name } } } } }',
      {},
      tokenB,
    );
    const bAccount = b.accounts.edges[0]?.node;
    expect(bAccount?.client.name).toBe('Demo Bank B');

    const { context, page } = await newPage(browser);
    await login(page, DEMO.bankA);
    await byTestId(page, 'portfolio-page').waitFor();
    expect(await byTestId(page, 'page-title').textContent()).toContain('Demo Bank A');
    expect(await page.locator('body').textContent()).not.toContain('Demo Bank B');

    await page.goto('/bank/accounts');
    const names = await clientNamesOnAllPages(page);
    expect([...names]).toEqual(['Demo Bank A']);

    // Searching for Demo Bank B's account reference finds nothing.
    await page.goto(`/bank/accounts?q=${encodeURIComponent(bAccount!.bankRef)}`);
    await byTestId(page, 'bank-accounts-table-empty').waitFor();
    await screenshot(page, 'isolation-search-empty');

    // A deep link to Demo Bank B's account behaves like an account that does not exist.
    await page.goto(`/accounts/${encodeURIComponent(bAccount!.id)}`);
    await byTestId(page, 'account-not-found').waitFor();
    expect(await page.locator('body').textContent()).not.toContain(bAccount!.bankRef);
    await screenshot(page, 'isolation-deep-link');

    await page.goto('/bank/placements');
    await byTestId(page, 'placements-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await byTestId(page, 'placements-table').textContent()).not.toContain('Demo Bank B');
    await context.close();
  });

  it("Demo Bank B's user sees only Demo Bank B", async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.bankB);
    await page.goto('/bank/accounts');
    const names = await clientNamesOnAllPages(page);
    expect([...names]).toEqual(['Demo Bank B']);
    await context.close();
  });
});
