import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byTestId, DEMO, launch, login, newPage, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('language', () => {
  it('starts in Chinese, switches to English, remembers it across a reload and a new sign-in', async () => {
    const { context, page } = await newPage(browser);
    await page.goto('/login');
    expect(await byTestId(page, 'login-title').textContent()).toBe('登录 Arrears');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await screenshot(page, 'login-zh');

    await byTestId(page, 'lang-en').click();
    await expect.poll(() => byTestId(page, 'login-title').textContent()).toBe('Sign in to Arrears');
    await screenshot(page, 'login-en');

    await login(page, DEMO.admin);
    expect(await byTestId(page, 'nav').textContent()).toContain('Users');
    expect(await byTestId(page, 'current-role').textContent()).toBe('Agency admin');
    await page.reload();
    await byTestId(page, 'users-page').waitFor();
    expect(await byTestId(page, 'page-title').textContent()).toBe('Users');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await byTestId(page, 'lang-zh').click();
    await expect.poll(() => byTestId(page, 'page-title').textContent()).toBe('用户');
    await byTestId(page, 'sign-out').click();
    await byTestId(page, 'session-notice').waitFor();
    expect(await byTestId(page, 'session-notice').textContent()).toContain('您已退出登录');
    await context.close();
  });
});
