import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, byTestId, DEMO, launch, login, newPage, pickOption, placeCsv, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const rows = (scope: ReturnType<typeof byTestId>) => scope.locator('tbody tr.ant-table-row');

describe('agency staff', () => {
  it('supervisor: filters accounts (kept in the URL), pages, bulk-assigns and opens an account', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.supervisor);
    await byTestId(page, 'accounts-page').waitFor();
    const table = byTestId(page, 'accounts-table');
    await rows(table).first().waitFor();
    await screenshot(page, 'supervisor-accounts');

    // Filter by bucket: the URL carries it, and a reload keeps it.
    await pickOption(page, 'filter-bucket', 'M1');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).toContain('bucket=M1');
    await expect
      .poll(async () => (await table.locator('tbody .ant-tag').allTextContents()).filter((x) => /^M\d/.test(x)).every((x) => x === 'M1'))
      .toBe(true);
    await page.reload();
    await rows(table).first().waitFor();
    expect(page.url()).toContain('bucket=M1');
    expect(await byTestId(page, 'filter-bucket').textContent()).toContain('M1');

    // Cursor paging.
    const firstPage = await rows(table).first().textContent();
    if (await byTestId(page, 'accounts-table-next').isEnabled()) {
      await byTestId(page, 'accounts-table-next').click();
      await expect.poll(() => byTestId(page, 'accounts-table-page').textContent()).toContain('2');
      await expect.poll(() => rows(table).first().textContent()).not.toBe(firstPage);
      await byTestId(page, 'accounts-table-prev').click();
      await expect.poll(() => rows(table).first().textContent()).toBe(firstPage);
    }

    // Bulk assignment of the first two rows to a collector.
    await rows(table).nth(0).locator('input[type="checkbox"]').check();
    await rows(table).nth(1).locator('input[type="checkbox"]').check();
    await byTestId(page, 'assign-open').click();
    await pickOption(page, 'assign-collector', 'collector@demo-agency.test');
    await byTestId(page, 'assign-submit').click();
    await byTestId(page, 'assign-result').waitFor();
    expect(await byTestId(page, 'assign-result').textContent()).toMatch(/\d/);
    await screenshot(page, 'supervisor-assign');
    await byTestId(page, 'assign-done').click();

    await rows(table).first().locator('[data-testid="account-link"]').click();
    await byTestId(page, 'account-page').waitFor();
    await byTestId(page, 'debtor-national-id').waitFor();
    expect(await byTestId(page, 'debtor-national-id').textContent()).toContain('*');
    await screenshot(page, 'supervisor-account');
    await context.close();
  });

  it('collector: my queue and an account with masked protected fields and its histories', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.collector);
    await byTestId(page, 'queue-page').waitFor();
    expect(page.url()).toContain('/queue');
    const table = byTestId(page, 'queue-table');
    await rows(table).first().waitFor();
    await screenshot(page, 'collector-queue');

    await rows(table).first().locator('[data-testid="queue-account-link"]').click();
    await byTestId(page, 'account-page').waitFor();
    const nationalId = (await byTestId(page, 'debtor-national-id').textContent()) ?? '';
    expect(nationalId).toMatch(/\*{4,}/);
    expect(nationalId).not.toMatch(/\d{17}[\dX]/);
    const phones = (await byTestId(page, 'debtor-phones').textContent()) ?? '';
    expect(phones).toContain('*');
    await byTestId(page, 'bucket-history').locator('tbody tr').first().waitFor();
    await byTestId(page, 'assignment-history').locator('tbody tr').first().waitFor();
    expect(await byTestId(page, 'account-total-due').textContent()).toMatch(/[¥$].*\d\.\d{2}$/);
    await screenshot(page, 'collector-account');

    // Not offered and not reachable: the supervisor's pages.
    expect(await byTestId(page, 'nav').textContent()).not.toContain('委案导入');
    await page.goto('/placements/upload');
    await byTestId(page, 'no-access').waitFor();
    await context.close();
  });
});

describe('bank portal', () => {
  it('bank user: portfolio dashboard with charts, its accounts, placements and recalls', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.bankA);
    await byTestId(page, 'portfolio-page').waitFor();
    expect(page.url()).toContain('/bank');
    await byTestId(page, 'kpi-placed').waitFor();
    expect(await byTestId(page, 'kpi-placed').textContent()).toMatch(/¥[\d,]+\.\d{2}/);
    await byTestId(page, 'chart-by-month').locator('canvas').first().waitFor();
    await byTestId(page, 'chart-by-bucket').locator('canvas').first().waitFor();
    await screenshot(page, 'bank-portfolio');

    await page.click('[data-testid="nav-bank-accounts"]');
    const accounts = byTestId(page, 'bank-accounts-table');
    await rows(accounts).first().waitFor();
    await screenshot(page, 'bank-accounts');
    await rows(accounts).first().locator('[data-testid="account-link"]').click();
    await byTestId(page, 'account-page').waitFor();
    expect(await byTestId(page, 'debtor-national-id').textContent()).toContain('*');
    expect(await byTestId(page, 'account-balances').textContent()).toContain('Demo Bank A');
    await screenshot(page, 'bank-account');

    await page.click('[data-testid="nav-bank-placements"]');
    const placements = byTestId(page, 'placements-table');
    await rows(placements).first().waitFor();
    await screenshot(page, 'bank-placements');

    await page.click('[data-testid="nav-bank-recalls"]');
    await byTestId(page, 'recalls-page').waitFor();
    await byTestId(page, 'recalls-table').waitFor();
    await screenshot(page, 'bank-recalls');
    await context.close();
  });

  it('bank user: recalls a placement; its accounts show on the recalls page', async () => {
    // A small placement of Demo Bank A's, uploaded by the supervisor, to recall without touching the demo data.
    const supervisor = await apiLogin(DEMO.supervisor);
    const me = await api<{ me: { clients: Array<{ id: string; name: string }> } }>('{ me { clients { id name } } }', {}, supervisor);
    const bankA = me.me.clients.find((c) => c.name === 'Demo Bank A');
    const stamp = Date.now().toString(36).toUpperCase();
    const name = `E2E-RECALL-${stamp}`;
    const csv = ['bankRef,debtorName,principal,overdueAmount,daysPastDue', `R-${stamp}-1,回收测试一,1000.00,800.00,40`, `R-${stamp}-2,回收测试二,2000.00,900.00,70`].join('\n');
    await placeCsv(supervisor, bankA!.id, name, csv);

    const { context, page } = await newPage(browser);
    await login(page, DEMO.bankA);
    await page.click('[data-testid="nav-bank-placements"]');
    await byTestId(page, `recall-${name}`).click();
    await byTestId(page, 'recall-reason').fill('E2E: bank takes the batch back');
    await byTestId(page, 'recall-submit').click();
    await expect.poll(async () => byTestId(page, `recall-${name}`).count(), { timeout: 10_000 }).toBe(0);

    await page.click('[data-testid="nav-bank-recalls"]');
    const recalls = byTestId(page, 'recalls-table');
    await page.goto(`/bank/recalls?q=${encodeURIComponent(`R-${stamp}-1`)}`);
    await rows(recalls).first().waitFor();
    expect(await rows(recalls).first().textContent()).toContain('E2E: bank takes the batch back');
    await screenshot(page, 'bank-recalled');
    await context.close();
  });
});
