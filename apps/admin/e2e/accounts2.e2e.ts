import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, byTestId, DEMO, launch, login, newPage, pickOption, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A CSV in a bank's Chinese layout: two good rows and one whose national id has a wrong check digit. */
function writeCsv(stamp: string): string {
  const rows = [
    '账号,客户姓名,身份证号,手机号,本金,逾期金额,逾期天数',
    `DUP-${stamp}-1,测试甲,,13900001111,1000.00,500.00,12`,
    `DUP-${stamp}-2,测试乙,,13900002222,2000.00,800.00,45`,
    `DUP-${stamp}-3,测试丙,110101199003077777,13900003333,3000.00,900.00,70`,
  ];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arrears-dup-'));
  const file = path.join(dir, `placement-${stamp}.csv`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

async function uploadFile(page: import('playwright-core').Page, file: string) {
  await page.locator('input[type="file"]').setInputFiles(file);
  await byTestId(page, 'upload-submit').click();
}

describe('accounts, second pass', () => {
  it('warns about a file already imported, and shows rejection reasons in the user’s language', async () => {
    const stamp = Date.now().toString(36).toUpperCase();
    const file = writeCsv(stamp);
    const { context, page } = await newPage(browser, { language: 'zh-CN' });
    await login(page, DEMO.supervisor);
    await page.click('[data-testid="nav-placements-upload"]');
    await byTestId(page, 'upload-page').waitFor();
    // The page says which columns a file needs, in the user's language.
    expect(await byTestId(page, 'required-columns').textContent()).toContain('逾期金额');
    await pickOption(page, 'upload-client', 'Demo Bank A');
    await uploadFile(page, file);
    await byTestId(page, 'import-done').waitFor({ timeout: 60_000 });
    // The bad national id is explained in Chinese, not in the server's English.
    const reason = await byTestId(page, 'rejection-reason').first().textContent();
    expect(reason).toContain('校验位不正确');
    expect(reason).not.toContain('check digit');
    // The finished import does not invite a second click on the same button.
    expect(await byTestId(page, 'upload-submit').isDisabled()).toBe(true);

    // The same file again: a warning first, nothing imported until confirmed.
    await byTestId(page, 'upload-again').click();
    await uploadFile(page, file);
    await byTestId(page, 'duplicate-warning').waitFor();
    expect(await byTestId(page, 'duplicate-warning').textContent()).toContain(path.basename(file));
    await screenshot(page, 'accounts2-duplicate-warning');
    await byTestId(page, 'upload-anyway').click();
    await byTestId(page, 'import-done').waitFor({ timeout: 60_000 });
    // Nothing changed: no placement was created for it.
    expect(await byTestId(page, 'import-done').textContent()).toContain('未创建新的委案批次');

    // In English the same rejection reads in English.
    await page.evaluate(() => window.localStorage.setItem('arrears.language', 'en'));
    await context.close();
    const english = await newPage(browser, { language: 'en' });
    await login(english.page, DEMO.supervisor);
    await english.page.click('[data-testid="nav-placements-upload"]');
    await pickOption(english.page, 'upload-client', 'Demo Bank A');
    const other = writeCsv(`${stamp}EN`);
    await uploadFile(english.page, other);
    await byTestId(english.page, 'import-done').waitFor({ timeout: 60_000 });
    expect(await byTestId(english.page, 'rejection-reason').first().textContent()).toContain('has an invalid check digit');
    await english.context.close();
  });

  it('lets Demo Bank A approve an extension (留案) the agency asked for', async () => {
    const { context, page } = await newPage(browser, { language: 'zh-CN' });
    await login(page, DEMO.bankA);
    await page.goto('/placements/expiring');
    await byTestId(page, 'expiring-table').waitFor();
    // The demo has one request waiting for the bank and one it approved.
    const approve = page.locator('[data-testid^="approve-"]').first();
    await approve.waitFor();
    const name = ((await approve.getAttribute('data-testid')) ?? '').replace(/^approve-/, '');
    await approve.click();
    await page.getByText('已同意留案').first().waitFor();
    // The decision is the bank's record; the placement may also leave the 30-day list once its expiry moves out.
    const token = await apiLogin(DEMO.bankA);
    const decided = async () => {
      const r = await api<{ expiringPlacements: Array<{ name: string; extensions: Array<{ status: string }> }> }>('{ expiringPlacements(withinDays: 365) { name extensions { status } } }', {}, token);
      return r.expiringPlacements.find((p) => p.name === name)?.extensions.map((x) => x.status) ?? [];
    };
    await expect.poll(decided).toContain('approved');
    await screenshot(page, 'accounts2-extension-approved');
    await context.close();
  });

  it('lets a supervisor create a team of collectors on the team screen', async () => {
    const { context, page } = await newPage(browser, { language: 'zh-CN' });
    await login(page, DEMO.supervisor);
    await page.click('[data-testid="nav-teams"]');
    await byTestId(page, 'teams-page').waitFor();
    const name = `E2E 团队 ${Date.now().toString(36)}`;
    await byTestId(page, 'team-create-open').click();
    await byTestId(page, 'team-name').fill(name);
    await pickOption(page, 'team-members', '张催收');
    // Close the member list by clicking elsewhere in the form (Escape would close the dialog).
    await byTestId(page, 'team-name').click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(async () => (await byTestId(page, 'teams-table').textContent()) ?? '', { timeout: 15_000 }).toContain(name);
    expect(await byTestId(page, 'teams-table').textContent()).toContain('张催收');
    await context.close();
  });

  it('finds accounts by a name prefix, a bank reference prefix and a card’s last four', async () => {
    const token = await apiLogin(DEMO.supervisor);
    const sample = await api<{ accounts: { edges: Array<{ node: { bankRef: string; cardLast4: string | null; debtor: { name: string } } }> } }>(
      '{ accounts(first: 1) { edges { node { bankRef cardLast4 debtor { name } } } } }',
      {},
      token,
    );
    const account = sample.accounts.edges[0].node;
    const { context, page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.supervisor);
    await page.goto('/accounts');
    await byTestId(page, 'accounts-page').waitFor();
    const search = byTestId(page, 'filter-search').locator('input');
    // The whole English placeholder fits.
    const fits = await search.evaluate((el: HTMLInputElement) => {
      const span = document.createElement('span');
      span.style.font = getComputedStyle(el).font;
      span.textContent = el.placeholder;
      document.body.appendChild(span);
      const ok = span.getBoundingClientRect().width <= el.clientWidth;
      span.remove();
      return ok;
    });
    expect(fits).toBe(true);

    for (const term of [account.debtor.name.slice(0, 2), account.bankRef.slice(0, account.bankRef.length - 1), account.cardLast4 ?? '']) {
      if (!term) continue;
      await search.fill(term);
      await search.press('Enter');
      await expect.poll(async () => (await byTestId(page, 'account-link').allTextContents()).includes(account.bankRef), { timeout: 15_000 }).toBe(true);
    }
    await screenshot(page, 'accounts2-search');
    await context.close();
  });
});
