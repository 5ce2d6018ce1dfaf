import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, CONTACT_HOURS, byTestId, DEMO, launch, login, newPage, pickOption, screenshot } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const QUEUE = `{ myQueue(first: 200) { totalCount edges { node { id bankRef client { name } } } } }`;
type Queue = { myQueue: { totalCount: number; edges: Array<{ node: { id: string; bankRef: string; client: { name: string } } }> } };

describe('complaints', () => {
  it('Bank A raises a harassment complaint; the account leaves the queue; the supervisor resolves it with a root cause; the hold is lifted; Bank B never sees it', async () => {
    const collectorToken = await apiLogin(DEMO.collector);
    const before = await api<Queue>(QUEUE, {}, collectorToken, { now: CONTACT_HOURS });
    const target = before.myQueue.edges.map((e) => e.node).find((a) => a.client.name === 'Demo Bank A');
    expect(target, 'the demo collector works a Bank A account').toBeTruthy();
    const account = target!;

    // Demo Bank A's user raises it from the account page, naming the account's collector.
    const bank = await newPage(browser, { language: 'zh-CN' });
    await login(bank.page, DEMO.bankA);
    await bank.page.goto(`/accounts/${account.id}`);
    await byTestId(bank.page, 'account-raise-complaint').click();
    await byTestId(bank.page, 'new-complaint-drawer').waitFor();
    await byTestId(bank.page, 'complaint-account-chosen').waitFor();
    await pickOption(bank.page, 'complaint-category', '骚扰或辱骂');
    await pickOption(bank.page, 'complaint-severity', '高');
    await byTestId(bank.page, 'complaint-against-collector').click();
    await byTestId(bank.page, 'complaint-words').fill('持卡人反映催收员在电话中辱骂，并在晚上十点后多次来电。');
    await screenshot(bank.page, 'complaint-new-bank');
    await byTestId(bank.page, 'complaint-submit').click();
    await byTestId(bank.page, 'complaint-page').waitFor();
    const complaintId = decodeURIComponent(bank.page.url().split('/bank/complaints/')[1]);
    expect(await byTestId(bank.page, 'complaint-status').textContent()).toContain('已受理');
    await byTestId(bank.page, 'complaint-holds').waitFor();
    expect(await byTestId(bank.page, 'complaint-regulatory-clock').textContent()).toContain('剩余 15 天');
    expect(await byTestId(bank.page, 'complaint-contractual-clock').textContent()).toContain('工作日');
    const reference = (await byTestId(bank.page, 'complaint-title').textContent())!.match(/TS-\d{4}-\d{6}/)![0];
    // The bank co-handles: a comment and a piece of evidence.
    await byTestId(bank.page, 'complaint-comment-input').fill('已调取通话录音，见附件。');
    await byTestId(bank.page, 'complaint-comment-add').click();
    await expect.poll(() => byTestId(bank.page, 'complaint-entries').textContent()).toContain('已调取通话录音');
    await bank.page.locator('[data-testid="complaint-entries"] input[type="file"]').setInputFiles({ name: 'recording.txt', mimeType: 'text/plain', buffer: Buffer.from('call recording transcript') });
    await expect.poll(() => byTestId(bank.page, 'complaint-entries').textContent()).toContain('recording.txt');
    await screenshot(bank.page, 'complaint-bank-detail');

    // The collector can no longer contact it: it left the queue, and opening it shows a header only.
    const held = await api<Queue>(QUEUE, {}, collectorToken, { now: CONTACT_HOURS });
    expect(held.myQueue.totalCount).toBe(before.myQueue.totalCount - 1);
    expect(held.myQueue.edges.map((e) => e.node.id)).not.toContain(account.id);
    const collector = await newPage(browser, { language: 'zh-CN' });
    await login(collector.page, DEMO.collector);
    await collector.page.goto(`/accounts/${account.id}`);
    await expect.poll(() => byTestId(collector.page, 'account-complaints').textContent()).toContain(reference);
    await collector.page.goto(`/complaints/${encodeURIComponent(complaintId)}`);
    await byTestId(collector.page, 'complaint-body-hidden').waitFor();
    expect(await collector.page.content()).not.toContain('辱骂，并在晚上十点后');
    await collector.context.close();

    // The supervisor finds it in the list and works it: acknowledge, investigate, resolve with a root cause, close.
    const sup = await newPage(browser, { language: 'zh-CN' });
    await login(sup.page, DEMO.supervisor);
    await sup.page.click('[data-testid="nav-complaints"]');
    await byTestId(sup.page, 'complaints-page').waitFor();
    await byTestId(sup.page, `complaint-link-${reference}`).waitFor();
    await screenshot(sup.page, 'complaints-supervisor-list');
    await byTestId(sup.page, `complaint-link-${reference}`).click();
    await byTestId(sup.page, 'complaint-body').waitFor();
    expect(await byTestId(sup.page, 'complaint-words-text').textContent()).toContain('辱骂');
    expect(await byTestId(sup.page, 'complaint-entries').textContent()).toContain('recording.txt');

    await byTestId(sup.page, 'complaint-acknowledge').click();
    await expect.poll(() => byTestId(sup.page, 'complaint-status').textContent()).toContain('已确认');
    await byTestId(sup.page, 'complaint-investigate').click();
    await expect.poll(() => byTestId(sup.page, 'complaint-status').textContent()).toContain('调查中');
    await byTestId(sup.page, 'complaint-resolve').click();
    await pickOption(sup.page, 'complaint-outcome-select', '投诉成立');
    await byTestId(sup.page, 'complaint-root-cause-input').fill('催收员未按话术规范沟通，且系统未拦截 22 点后的外呼');
    await byTestId(sup.page, 'complaint-remedy-input').fill('更换催收员，向持卡人致歉');
    await byTestId(sup.page, 'complaint-resolve-ok').click();
    await expect.poll(() => byTestId(sup.page, 'complaint-status').textContent()).toContain('已处理');
    expect(await byTestId(sup.page, 'complaint-root-cause').textContent()).toContain('话术规范');
    expect(await byTestId(sup.page, 'complaint-notice').textContent()).toContain('12378');
    await byTestId(sup.page, 'complaint-close').click();
    await expect.poll(() => byTestId(sup.page, 'complaint-status').textContent()).toContain('已办结');
    await byTestId(sup.page, 'complaint-holds').waitFor({ state: 'detached' });
    await screenshot(sup.page, 'complaint-closed');
    await sup.context.close();

    // The hold is lifted: the account is back in the collector's queue.
    const after = await api<Queue>(QUEUE, {}, collectorToken, { now: CONTACT_HOURS });
    expect(after.myQueue.totalCount).toBe(before.myQueue.totalCount);

    // Bank A sees the outcome and the root cause.
    await bank.page.reload();
    await expect.poll(() => byTestId(bank.page, 'complaint-status').textContent()).toContain('已办结');
    expect(await byTestId(bank.page, 'complaint-root-cause').textContent()).toContain('话术规范');
    await bank.context.close();

    // Demo Bank B's user never sees it: not by its address, not in its list.
    const other = await newPage(browser, { language: 'zh-CN' });
    await login(other.page, DEMO.bankB);
    await other.page.goto(`/bank/complaints/${encodeURIComponent(complaintId)}`);
    await byTestId(other.page, 'complaint-not-found').waitFor();
    await other.page.click('[data-testid="nav-bank-complaints"]');
    await byTestId(other.page, 'complaints-table').waitFor();
    await other.page.waitForTimeout(500);
    expect(await byTestId(other.page, 'complaints-table').textContent()).not.toContain(reference);
    const bankBToken = await apiLogin(DEMO.bankB);
    const list = await api<{ complaints: { edges: Array<{ node: { reference: string } }> } }>(`{ complaints(first: 200) { edges { node { reference } } } }`, {}, bankBToken);
    expect(list.complaints.edges.map((e) => e.node.reference)).not.toContain(reference);
    await other.context.close();
  });

  it('supervisor records a third party’s complaint found by phone number, without an account', async () => {
    const { context, page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.supervisor);
    await page.goto('/complaints');
    await byTestId(page, 'complaint-new').click();
    await byTestId(page, 'new-complaint-drawer').waitFor();
    await byTestId(page, 'complaint-account-search').locator('input').fill('13999999999');
    await byTestId(page, 'complaint-account-search').locator('input').press('Enter');
    await byTestId(page, 'complaint-no-match').waitFor();
    await pickOption(page, 'complaint-client', 'Demo Bank A');
    await pickOption(page, 'complaint-source', 'Third party');
    await pickOption(page, 'complaint-category', 'Disclosure to a third party');
    await byTestId(page, 'complaint-complainant-phone').fill('13999999999');
    await byTestId(page, 'complaint-words').fill('I am not the debtor; stop calling my number.');
    await byTestId(page, 'complaint-dnc').click();
    await byTestId(page, 'complaint-submit').click();
    await byTestId(page, 'complaint-page').waitFor();
    expect(await byTestId(page, 'complaint-status').textContent()).toContain('Received');
    await page.goto('/complaints');
    await byTestId(page, 'complaints-tab-late').click();
    await byTestId(page, 'complaints-table').waitFor();
    await screenshot(page, 'complaints-late-view');
    await context.close();
  });
});
