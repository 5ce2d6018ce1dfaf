import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, baseURL, byTestId, DEMO, launch, login, modalClosed, newPage, pickOption, placeCsv, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = () => Date.now().toString(36).toUpperCase();

describe('accounts, third pass', () => {
  it('platform admin: sees agencies with their counts and status, suspends one and reactivates it', async () => {
    const platform = await apiLogin(DEMO.platform);
    const name = `E2E Agency ${stamp()}`;
    const email = `admin-${stamp().toLowerCase()}@e2e-agency.test`;
    await api('mutation ($input: CreateAgencyInput!) { createAgency(input: $input) { id } }', { input: { name, adminEmail: email, adminDisplayName: 'E2E Admin', adminPassword: 'e2e-password-123' } }, platform);

    const { context, page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.platform);
    await byTestId(page, 'platform-page').waitFor();
    const row = byTestId(page, 'agencies-table').locator('tr', { hasText: name });
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Active');
    // Demo Collections shows its banks and users, not just a name.
    const demo = byTestId(page, 'agencies-table').locator('tr', { hasText: 'Demo Collections' });
    expect(await demo.textContent()).toMatch(/Active.*\d+ \/ \d+.*2/);

    await byTestId(page, `agency-suspend-${name}`).click();
    await page.locator('.ant-popconfirm .ant-btn-primary, .ant-popover .ant-btn-primary').first().click();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Suspended');
    await screenshot(page, 'accounts3-agency-suspended');
    // Its admin cannot sign in while it is suspended.
    await expect(api('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: email, p: 'e2e-password-123' })).rejects.toThrow(/suspended/);

    await byTestId(page, `agency-reactivate-${name}`).click();
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Active');
    await context.close();
  });

  it('supervisor: adds a member to an existing team on the teams page', async () => {
    const supervisor = await apiLogin(DEMO.supervisor);
    const users = await api<{ users: { edges: Array<{ node: { id: string; email: string } }> } }>('{ users(first: 100) { edges { node { id email } } } }', {}, supervisor);
    const collector = users.users.edges.find((e) => e.node.email === DEMO.collector)!.node.id;
    const team = `E2E 成员 ${stamp()}`;
    await api('mutation ($n: String!, $m: [ID!]!) { createTeam(name: $n, memberIds: $m) { id } }', { n: team, m: [collector] }, supervisor);

    const { context, page } = await newPage(browser, { language: 'zh-CN' });
    await login(page, DEMO.supervisor);
    await page.goto(`${baseURL()}/teams`);
    await byTestId(page, 'teams-page').waitFor();
    const row = byTestId(page, 'teams-table').locator('tr', { hasText: team });
    await row.waitFor();
    expect(await row.textContent()).not.toContain('赵催收');
    await byTestId(page, `team-edit-${team}`).click();
    await pickOption(page, 'team-edit-members', '赵催收');
    await page.locator('.ant-modal-title').first().click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await modalClosed(page);
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('赵催收');
    expect(await row.textContent()).toContain('张催收');
    await context.close();
  });

  it('shows a placed guarantor on the account page', async () => {
    const supervisor = await apiLogin(DEMO.supervisor);
    const me = await api<{ me: { clients: Array<{ id: string; name: string }> } }>('{ me { clients { id name } } }', {}, supervisor);
    const bankA = me.me.clients.find((c) => c.name === 'Demo Bank A')!;
    const ref = `G-${stamp()}`;
    const csv = ['账号,客户姓名,本金,逾期金额,逾期天数,担保人,担保人关系,担保人电话', `${ref},担保测试,1000.00,800.00,40,钱担保,父亲,13612345678`].join('\n');
    await placeCsv(supervisor, bankA.id, `E2E-GUARANTOR-${ref}`, csv);
    const found = await api<{ accounts: { edges: Array<{ node: { id: string } }> } }>('query ($s: String) { accounts(first: 1, filter: { search: $s }) { edges { node { id } } } }', { s: ref }, supervisor);

    const { context, page } = await newPage(browser, { language: 'zh-CN' });
    await login(page, DEMO.supervisor);
    await page.goto(`${baseURL()}/accounts/${encodeURIComponent(found.accounts.edges[0].node.id)}`);
    const card = byTestId(page, 'account-parties');
    await expect.poll(async () => (await card.textContent()) ?? '').toContain('钱担保');
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('担保人');
    expect(text).toContain('父母');
    expect(text).toContain('136****5678');
    await context.close();
  });

  it('collector: searches their queue by a bank reference', async () => {
    const collector = await apiLogin(DEMO.collector);
    const queue = await api<{ myQueue: { edges: Array<{ node: { bankRef: string } }> } }>('{ myQueue(first: 5, includeBlocked: true) { edges { node { bankRef } } } }', {}, collector);
    const ref = queue.myQueue.edges[3].node.bankRef;
    const { context, page } = await newPage(browser, { language: 'zh-CN' });
    await login(page, DEMO.collector);
    await byTestId(page, 'queue-page').waitFor();
    await byTestId(page, 'queue-include-blocked').click();
    await byTestId(page, 'queue-search').locator('input').fill(ref);
    await byTestId(page, 'queue-search').locator('input').press('Enter');
    const links = byTestId(page, 'queue-account-link');
    await expect.poll(async () => (await links.allTextContents()).join(',')).toBe(ref);
    await screenshot(page, 'accounts3-queue-search');
    await context.close();
  });
});
