import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, byTestId, clickToOpen, DEMO, launch, login, newPage, PASSWORD, submitUntilClosed } from './helpers';

// Sessions in the browser: the access token lives in memory only, a reload is signed in again through
// the HttpOnly refresh cookie, sign-out ends the session on the server, passwords can be changed, and
// an admin's reset forces a change at the next sign-in. Each test has a user of its own.

let browser: Browser;
let adminToken: string;
const run = Date.now().toString(36);

async function createCollector(name: string): Promise<string> {
  const email = `${name}-${run}@demo-agency.test`;
  await api(
    'mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }',
    { input: { email, displayName: `${name} ${run}`, password: PASSWORD, role: 'COLLECTOR' } },
    adminToken,
  );
  return email;
}

/** Signs in through the login page and returns the access token the server handed to the page. */
async function loginCapturingToken(page: Page, email: string, password = PASSWORD): Promise<string> {
  const response = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('"operationName":"Login"'));
  await login(page, email, password);
  const body = (await (await response).json()) as { data: { login: { token: string } } };
  return body.data.login.token;
}

/** Every key and value a script of the page can read from Web Storage and document.cookie. */
const readableState = (page: Page) =>
  page.evaluate(() => {
    const dump = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i) as string).map((k) => [k, s.getItem(k)]));
    return { local: dump(window.localStorage), session: dump(window.sessionStorage), cookie: document.cookie };
  });

beforeAll(async () => {
  browser = await launch();
  adminToken = await apiLogin(DEMO.admin);
});
afterAll(async () => {
  await browser?.close();
});

describe('sessions', () => {
  it('a reload keeps the session, and no token is where a script can read it', async () => {
    const email = await createCollector('reload');
    const { context, page } = await newPage(browser, { language: 'en' });
    const token = await loginCapturingToken(page, email);
    await page.reload();
    await byTestId(page, 'current-user').waitFor();
    expect(page.url()).toContain('/queue');

    const state = await readableState(page);
    expect(Object.keys(state.local).filter((k) => k !== 'arrears.language')).toEqual([]);
    expect(state.session).toEqual({});
    expect(JSON.stringify(state)).not.toContain(token.slice(-20));
    expect(state.cookie).not.toContain('arrears_refresh');
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'arrears_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth/refresh' });
    await context.close();
  });

  it('sign-out ends the session: back and reload show the login page and the old token is refused', async () => {
    const email = await createCollector('signout');
    const { context, page } = await newPage(browser, { language: 'en' });
    const token = await loginCapturingToken(page, email);
    // Another page of the app by a full load, so that "back" returns to the signed-in queue page.
    await page.goto('/account/password');
    await byTestId(page, 'change-password-page').waitFor();
    await byTestId(page, 'sign-out').click();
    await byTestId(page, 'login-card').waitFor();
    expect(await byTestId(page, 'session-notice').textContent()).toContain('You have signed out');

    await page.goBack();
    expect(page.url()).toContain('/queue');
    await byTestId(page, 'login-card').waitFor();
    await page.reload();
    await byTestId(page, 'login-card').waitFor();
    expect(page.url()).toContain('/login');
    expect((await context.cookies()).filter((c) => c.name === 'arrears_refresh')).toEqual([]);
    await expect(api('{ me { user { email } } }', {}, token)).rejects.toThrow(/session/i);
    await context.close();
  });

  it('change password, then sign in with the new one (the old one is refused)', async () => {
    const email = await createCollector('change');
    const { context, page } = await newPage(browser, { language: 'zh-CN' });
    await login(page, email);
    await byTestId(page, 'change-password').click();
    await byTestId(page, 'change-password-page').waitFor();
    await byTestId(page, 'password-current').fill(PASSWORD);
    await byTestId(page, 'password-new').fill('short');
    await byTestId(page, 'password-confirm').fill('short');
    await byTestId(page, 'password-submit').click();
    await expect.poll(async () => byTestId(page, 'password-error').textContent().catch(() => '')).toBe('密码至少需要 10 个字符。');

    await byTestId(page, 'password-new').fill('my-new-password-1');
    await byTestId(page, 'password-confirm').fill('my-new-password-1');
    await byTestId(page, 'password-submit').click();
    await page.getByText('密码已修改').waitFor();
    // The session goes on with the new token and refresh cookie, also across a reload.
    await page.reload();
    await byTestId(page, 'change-password-page').waitFor();
    await byTestId(page, 'sign-out').click();
    await byTestId(page, 'login-card').waitFor();

    await byTestId(page, 'login-email').fill(email);
    await byTestId(page, 'login-password').fill(PASSWORD);
    await byTestId(page, 'login-submit').click();
    await byTestId(page, 'login-error').waitFor();
    await login(page, email, 'my-new-password-1');
    await context.close();
  });

  it("an admin's reset signs the user out and forces a new password at the next sign-in", async () => {
    const email = await createCollector('reset');
    const user = await newPage(browser, { language: 'en' });
    await login(user.page, email);

    const admin = await newPage(browser, { language: 'en' });
    await login(admin.page, DEMO.admin);
    await admin.page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    await clickToOpen(admin.page, `user-reset-password-${email}`, 'reset-password-value');
    const temporary = () => byTestId(admin.page, 'reset-password-value').fill('temporary-pass-1');
    await temporary();
    await submitUntilClosed(admin.page, 'reset-password-submit', temporary);
    await admin.context.close();

    // The user's open session has ended: the next request (a reload) lands on the login page.
    await user.page.reload();
    await byTestId(user.page, 'login-card').waitFor();
    await byTestId(user.page, 'login-email').fill(email);
    await byTestId(user.page, 'login-password').fill('temporary-pass-1');
    await byTestId(user.page, 'login-submit').click();
    await byTestId(user.page, 'forced-password-change').waitFor();
    await byTestId(user.page, 'password-current').fill('temporary-pass-1');
    await byTestId(user.page, 'password-new').fill('temporary-pass-1');
    await byTestId(user.page, 'password-confirm').fill('temporary-pass-1');
    await byTestId(user.page, 'password-submit').click();
    await expect.poll(async () => byTestId(user.page, 'password-error').textContent().catch(() => '')).toBe('The new password must differ from the current one.');
    await byTestId(user.page, 'password-new').fill('my-own-password-2');
    await byTestId(user.page, 'password-confirm').fill('my-own-password-2');
    await byTestId(user.page, 'password-submit').click();
    await byTestId(user.page, 'nav').waitFor();
    expect(user.page.url()).toContain('/queue');
    await user.context.close();
  });
});
