import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, inject, onTestFailed, onTestFinished } from 'vitest';

export const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const resultsDir = path.join(appRoot, 'test-results');
export const PASSWORD = 'arrears-demo';

export const DEMO = {
  platform: 'platform@arrears.test',
  admin: 'admin@demo-agency.test',
  supervisor: 'supervisor@demo-agency.test',
  collector: 'collector@demo-agency.test',
  bankA: 'bank-a@demo-bank-a.test',
  bankB: 'bank-b@demo-bank-b.test',
  lawyer: 'lawyer@demo-lawfirm.test',
} as const;

export function baseURL(): string {
  return inject('baseURL');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh context (no stored session) with the app's language preset, a fixed viewport and time zone. */
export async function newPage(browser: Browser, options: { language?: 'zh-CN' | 'en' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: { width: 1440, height: 900 },
    timezoneId: 'Asia/Shanghai',
    locale: options.language ?? 'zh-CN',
    acceptDownloads: true,
  });
  if (options.language) {
    await context.addInitScript((lang) => {
      if (!window.localStorage.getItem('arrears.language')) window.localStorage.setItem('arrears.language', lang);
    }, options.language);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  // An uncaught exception in the page fails the test, even when the screen looked right.
  // So does a text the app has no translation for (i18n.ts warns about each).
  const pageErrors: string[] = [];
  const missingTexts: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.text().startsWith('[i18n] missing')) missingTexts.push(message.text());
  });
  onTestFinished(() => {
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
    expect([...new Set(missingTexts)], 'texts without a translation').toEqual([]);
  });
  // When the test fails, keep what the page showed.
  onTestFailed(async ({ task }) => {
    if (page.isClosed()) return;
    mkdirSync(resultsDir, { recursive: true });
    const name = task.name.replace(/[^\w-]+/g, '-').slice(0, 80);
    await page.screenshot({ path: path.join(resultsDir, `FAILED-${name}.png`), fullPage: true }).catch(() => undefined);
  });
  return { context, page };
}

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await byTestId(page, 'login-email').fill(email);
  await byTestId(page, 'login-password').fill(password);
  await byTestId(page, 'login-submit').click();
  await byTestId(page, 'current-user').waitFor();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(resultsDir, { recursive: true });
  // Let charts and transitions settle (ECharts animation is off under navigator.webdriver).
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage: true });
}

/** Calls the GraphQL API directly (for setting up or cross-checking what the UI shows). */
/**
 * 10:00 on a working Tuesday in Shanghai. Queue reads pass it as the contact gate's clock (honoured only
 * with NODE_ENV=test): the queue holds only accounts contactable now, and CI runs at any hour.
 */
export const CONTACT_HOURS = '2026-12-01T02:00:00Z';

export async function api<T = unknown>(query: string, variables: Record<string, unknown> = {}, token?: string, options: { now?: string } = {}): Promise<T> {
  const response = await fetch(`${baseURL()}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.now ? { 'x-arrears-test-now': options.now } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

export async function apiLogin(email: string): Promise<string> {
  const data = await api<{ login: { token: string } }>(
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    { email, password: PASSWORD },
  );
  return data.login.token;
}

/**
 * Picks an option of an antd Select (opened by clicking the element with the test id) and waits
 * until the Select shows it. Retried: options re-render while their data arrives or the dropdown
 * animates, and a click can land on an element that is being replaced.
 */
export async function pickOption(page: Page, testId: string, label: string) {
  const select = byTestId(page, testId);
  const input = select.locator('input[role="combobox"]').first();
  for (let attempt = 1; ; attempt += 1) {
    if ((await input.getAttribute('aria-expanded')) !== 'true') await select.click();
    // This Select's own dropdown (another one may still be closing): the one holding its listbox.
    const listId = await input.getAttribute('aria-controls');
    const dropdown = page.locator(`.ant-select-dropdown:has([id="${listId}"])`);
    const option = dropdown.locator('.ant-select-item-option', { hasText: label }).first();
    await option.waitFor({ state: 'visible' });
    await page.waitForTimeout(150); // the dropdown's open animation
    // A multiple Select stays open after a pick: clicking a chosen option again would unselect it.
    if ((await option.getAttribute('aria-selected')) !== 'true') await option.click();
    try {
      await expect.poll(async () => (await select.textContent()) ?? '', { timeout: 5000 }).toContain(label);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * Clicks the element (a test id or a locator) until the element it opens is visible. A click that lands while
 * a table re-renders (its data refetched after a filter) can be lost; a second click is harmless.
 */
export async function clickToOpen(page: Page, trigger: string | Locator, openedTestId: string) {
  for (let attempt = 1; ; attempt += 1) {
    await (typeof trigger === 'string' ? byTestId(page, trigger) : trigger).click();
    try {
      await byTestId(page, openedTestId).first().waitFor({ state: 'visible', timeout: 5000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * Opens a confirmation (an antd Popconfirm) with `trigger`, confirms it and waits until `done` holds. A
 * click that lands while the table under it re-renders can be lost and leave the confirmation open: it is
 * confirmed again (at most three times), only while `done` does not hold yet.
 */
export async function confirmUntil(trigger: Locator, confirm: Locator, done: () => Promise<boolean>) {
  for (let attempt = 1; ; attempt += 1) {
    if (!(await confirm.isVisible())) await trigger.click();
    await confirm.click();
    try {
      await expect.poll(done, { timeout: 5000 }).toBe(true);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/**
 * Clicks a dialog's submit button until the dialog closes, at most three times, filling it again before
 * each retry when `refill` is given: on CI's two loaded cores a click can land before the form is ready.
 * If the dialog never closes, what it shows (a validation or server message) is part of the failure.
 */
export async function submitUntilClosed(page: Page, submitTestId: string, refill?: () => Promise<void>) {
  for (let attempt = 1; ; attempt += 1) {
    if (attempt > 1 && refill) await refill();
    await byTestId(page, submitTestId).click();
    try {
      await page.waitForFunction(() => !document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal'), undefined, { timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt >= 3) {
        const shown = await page.locator('.ant-modal').first().innerText().catch(() => '');
        throw new Error(`the dialog stayed open after ${attempt} submits; it shows: ${shown}`, { cause: error });
      }
    }
  }
}

/** Waits until no antd modal is open (after a submit; focus returns to the page only then). */
export async function modalClosed(page: Page) {
  await page.waitForFunction(() => !document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal'));
}

/** Closes an open Select dropdown without closing the modal around it. */
export async function closeDropdown(page: Page) {
  await page.locator('.ant-modal-title').first().click();
}

/** Places a small CSV file through the REST upload (as the given user) and waits for the import to finish. */
export async function placeCsv(token: string, clientId: string, name: string, csv: string): Promise<{ importId: string; placementId: string }> {
  const form = new FormData();
  form.append('clientId', clientId);
  form.append('name', name);
  form.append('file', new Blob([csv], { type: 'text/csv' }), `${name}.csv`);
  const response = await fetch(`${baseURL()}/api/placements/upload?clientId=${encodeURIComponent(clientId)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    body: form,
  });
  const body = (await response.json()) as { importId?: string; error?: { message: string } };
  if (!body.importId) throw new Error(`upload refused: ${body.error?.message ?? response.status}`);
  for (let i = 0; i < 120; i += 1) {
    const data = await api<{ placementImport: { status: string; placementId: string | null; error: string | null } }>(
      'query ($id: ID!) { placementImport(id: $id) { status placementId error } }',
      { id: body.importId },
      token,
    );
    if (data.placementImport.status === 'SUCCEEDED' && data.placementImport.placementId) {
      return { importId: body.importId, placementId: data.placementImport.placementId };
    }
    if (data.placementImport.status === 'FAILED') throw new Error(`import failed: ${data.placementImport.error}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('import did not finish');
}
