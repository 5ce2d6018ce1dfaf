import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
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

/** A small placement file in a bank's own (Chinese) layout: five good rows and two bad ones. */
async function writePlacementXlsx(): Promise<{ file: string; refs: string[] }> {
  const stamp = Date.now().toString(36).toUpperCase();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('委案');
  sheet.addRow(['账号', '卡号', '客户姓名', '身份证号', '手机号', '本金', '利息', '费用', '逾期金额', '逾期天数']);
  const refs: string[] = [];
  for (let i = 1; i <= 5; i += 1) {
    const ref = `E2E-${stamp}-${i}`;
    refs.push(ref);
    sheet.addRow([ref, `622588000000${String(1000 + i)}`, `测试客户${i}`, '', `1380013800${i}`, `${1000 * i}.50`, '12.30', '0', `${500 * i}.00`, 30 * i]);
  }
  sheet.addRow([`E2E-${stamp}-BAD1`, '', '', '', '', '100.00', '0', '0', '100.00', 10]); // no debtor name
  sheet.addRow([`E2E-${stamp}-BAD2`, '', '坏数据', '', '', 'not-a-number', '0', '0', '100.00', 10]); // principal not a number
  const dir = mkdtempSync(path.join(os.tmpdir(), 'arrears-upload-'));
  const file = path.join(dir, `placement-${stamp}.xlsx`);
  await workbook.xlsx.writeFile(file);
  return { file, refs };
}

describe('placement upload', () => {
  it('supervisor uploads an XLSX file, watches the import finish and downloads the rejections', async () => {
    const { file, refs } = await writePlacementXlsx();
    const { context, page } = await newPage(browser);
    await login(page, DEMO.supervisor);
    await page.click('[data-testid="nav-placements-upload"]');
    await byTestId(page, 'upload-page').waitFor();

    await pickOption(page, 'upload-client', 'Demo Bank A');
    await byTestId(page, 'upload-name').fill('E2E placement');

    // The bank's column mapping: defaults recognise the Chinese headers of this file.
    await byTestId(page, 'mapping-open').click();
    await byTestId(page, 'mapping-table').waitFor();
    await byTestId(page, 'mapping-bankRef').waitFor();
    await screenshot(page, 'upload-column-mapping');
    await page.keyboard.press('Escape');
    await byTestId(page, 'mapping-table').waitFor({ state: 'hidden' });

    await page.locator('input[type="file"]').setInputFiles(file);
    await screenshot(page, 'upload-ready');
    await byTestId(page, 'upload-submit').click();

    await byTestId(page, 'import-progress').waitFor({ timeout: 30_000 });
    await byTestId(page, 'import-done').waitFor({ timeout: 60_000 });
    expect(await byTestId(page, 'rows-read').textContent()).toContain('7');
    expect(await byTestId(page, 'rows-imported').textContent()).toContain('5');
    expect(await byTestId(page, 'rows-rejected').textContent()).toContain('2');
    await screenshot(page, 'upload-done');

    const [download] = await Promise.all([page.waitForEvent('download'), byTestId(page, 'download-rejections').click()]);
    const report = readFileSync(await download.path(), 'utf8');
    // Rows 7 and 8 of the file (the header is row 1): the missing name and the bad principal.
    const lines = report.replace(/^\uFEFF/, '').trim().split('\n');
    // The report is in the user's language (the Chinese UI downloads Chinese headers and reasons).
    expect(lines[0]).toBe('行号,列,原因,值');
    expect(lines.some((l) => l.startsWith('7,客户姓名'))).toBe(true);
    expect(lines.some((l) => l.startsWith('8,本金') && l.endsWith('not-a-number'))).toBe(true);
    expect(await byTestId(page, 'rejections-preview').textContent()).toContain('not-a-number');

    // The imported accounts are there for the bank.
    const token = await apiLogin(DEMO.bankA);
    const found = await api<{ accounts: { totalCount: number } }>(
      'query ($q: String) { accounts(first: 1, filter: { search: $q }) { totalCount } }',
      { q: refs[0] },
      token,
    );
    expect(found.accounts.totalCount).toBe(1);
    await context.close();
  });
});
