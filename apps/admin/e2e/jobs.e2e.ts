import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, baseURL, byTestId, DEMO, launch, login, newPage, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A file the importer refuses as a whole (no known columns): its job fails with a clear reason. */
async function uploadMalformedFile(): Promise<void> {
  const token = await apiLogin(DEMO.bankA);
  const me = await api<{ me: { clients: { id: string }[] } }>('{ me { clients { id } } }', {}, token);
  const form = new FormData();
  form.append('clientId', me.me.clients[0].id);
  form.append('file', new Blob(['这不是,委案文件\n1,2\n']), `not-a-placement-${Date.now()}.csv`);
  // The bank goes in the URL: checked before a byte of the body is read.
  const res = await fetch(`${baseURL()}/api/placements/upload?clientId=${encodeURIComponent(me.me.clients[0].id)}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  expect(res.status).toBe(202);
}

describe('jobs screen', () => {
  it('a supervisor sees a failed import job with its reason and retries it', async () => {
    await uploadMalformedFile();
    const { context, page } = await newPage(browser);
    await login(page, DEMO.supervisor);
    await page.click('[data-testid="nav-jobs"]');
    await byTestId(page, 'jobs-page').waitFor();
    await page.getByText('失败', { exact: true }).first().click();
    // The table polls: the failed job shows up with the importer's reason.
    await byTestId(page, 'job-reason').first().waitFor({ timeout: 30_000 });
    await expect(byTestId(page, 'job-status-FAILED').first().textContent()).resolves.toBe('失败');
    await expect(byTestId(page, 'job-reason').first().textContent()).resolves.toMatch(/\S/);
    await screenshot(page, 'jobs-failed');

    await byTestId(page, 'job-retry').first().click();
    await page.getByText('任务已重新排队').waitFor();
    await context.close();
  });

  it('is not offered to a collector', async () => {
    const { context, page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.collector);
    await page.waitForLoadState('networkidle');
    expect(await byTestId(page, 'nav-jobs').count()).toBe(0);
    await page.goto('/jobs');
    expect(await byTestId(page, 'jobs-page').count()).toBe(0);
    await context.close();
  });
});
