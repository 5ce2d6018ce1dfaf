import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, byTestId, clickToOpen, closeDropdown, confirmUntil, DEMO, launch, login, modalClosed, newPage, pickOption, screenshot, submitUntilClosed } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('each role signs in to its own portal', () => {
  it('platform admin: the agencies on the platform', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.platform);
    await byTestId(page, 'platform-page').waitFor();
    expect(page.url()).toContain('/platform');
    await byTestId(page, 'agencies-table').locator('tbody tr.ant-table-row').first().waitFor();
    await screenshot(page, 'platform-agencies');
    await context.close();
  });

  it('agency admin: clients, and a user created, re-scoped, promoted and disabled', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.admin);
    await byTestId(page, 'users-page').waitFor();
    expect(page.url()).toContain('/admin/users');
    const table = byTestId(page, 'users-table');
    await table.locator('tbody tr.ant-table-row', { hasText: DEMO.collector }).waitFor();
    await screenshot(page, 'admin-users');

    const email = `e2e-${Date.now()}@demo-agency.test`;
    await byTestId(page, 'user-create').click();
    await byTestId(page, 'user-display-name').fill('E2E Collector');
    await byTestId(page, 'user-email').fill(email);
    await byTestId(page, 'user-password').fill('a-long-password-1');
    await pickOption(page, 'user-clients', 'Demo Bank A');
    await closeDropdown(page);
    await byTestId(page, 'user-create-submit').click();
    await modalClosed(page);
    await byTestId(page, 'users-filter-search').locator('input').fill(email);
    await byTestId(page, 'users-filter-search').locator('input').press('Enter');
    await expect.poll(() => page.url()).toContain('q=');
    const row = table.locator('tbody tr.ant-table-row', { hasText: email });
    await row.waitFor();
    expect(await row.textContent()).toContain('Demo Bank A');
    expect(await row.textContent()).not.toContain('Demo Bank B');

    await clickToOpen(page, `user-edit-${email}`, 'user-edit-role');
    await pickOption(page, 'user-edit-role', '主管');
    await pickOption(page, 'user-clients', 'Demo Bank B');
    await closeDropdown(page);
    await submitUntilClosed(page, 'user-edit-submit');
    await expect.poll(async () => byTestId(page, `user-role-${email}`).textContent(), { timeout: 10_000 }).toBe('主管');
    expect(await row.textContent()).toContain('Demo Bank B');

    await confirmUntil(byTestId(page, `user-disable-${email}`), byTestId(page, 'confirm-disable'), async () => (await byTestId(page, `user-status-${email}`).textContent()) === '已停用');

    // The disabled user cannot sign in.
    const other = await newPage(browser);
    await other.page.goto('/login');
    await byTestId(other.page, 'login-email').fill(email);
    await byTestId(other.page, 'login-password').fill('a-long-password-1');
    await byTestId(other.page, 'login-submit').click();
    await byTestId(other.page, 'login-error').waitFor();
    await other.context.close();

    await page.goto('/admin/clients');
    const clients = byTestId(page, 'clients-table');
    await clients.locator('tbody tr.ant-table-row', { hasText: 'Demo Bank A' }).waitFor();
    expect(await clients.textContent()).toContain('Demo Bank B');
    await screenshot(page, 'admin-clients');
    await context.close();
  });

  it('lawyer: the cases page, and no way into agency pages', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.lawyer);
    await byTestId(page, 'cases-page').waitFor();
    expect(page.url()).toContain('/legal/cases');
    expect(await byTestId(page, 'nav').textContent()).not.toContain('用户');
    await screenshot(page, 'lawyer-cases');
    await page.goto('/admin/users');
    await byTestId(page, 'no-access').waitFor();
    expect(await byTestId(page, 'no-access').textContent()).toContain('您无权访问此页面');
    await context.close();
  });

  it('a wrong password is refused with a clear message', async () => {
    const { context, page } = await newPage(browser);
    await page.goto('/login');
    await byTestId(page, 'login-email').fill(DEMO.admin);
    await byTestId(page, 'login-password').fill('not-the-password');
    await byTestId(page, 'login-submit').click();
    await byTestId(page, 'login-error').waitFor();
    expect(await byTestId(page, 'login-error').textContent()).toContain('邮箱或密码错误');
    await screenshot(page, 'login-refused');
    await context.close();
  });

  it('a session ended elsewhere sends the user back to the login page with a message at the next request', async () => {
    const { context, page } = await newPage(browser);
    await login(page, DEMO.lawyer);
    await byTestId(page, 'cases-page').waitFor();
    // The same user signs out in another browser: every session of theirs ends on the server.
    await api('mutation { signOut }', {}, await apiLogin(DEMO.lawyer));
    await page.reload();
    await byTestId(page, 'session-notice').waitFor();
    expect(await byTestId(page, 'session-notice').textContent()).toContain('登录状态已失效');
    expect(page.url()).toContain('/login');
    await screenshot(page, 'login-expired');
    await context.close();
  });
});
