import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, CONTACT_HOURS, baseURL, byTestId, DEMO, launch, login, modalClosed, newPage, screenshot, submitUntilClosed } from './helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface QueueNode {
  id: string;
  bankRef: string;
  client: { name: string };
  totalDue: { amount: string };
}

/** A Bank A account in the collector's queue with no money history yet (the demo seed uses a few). */
async function freshBankAAccount(token: string): Promise<QueueNode> {
  const q = await api<{ myQueue: { edges: { node: QueueNode }[] } }>(`{ myQueue(first: 100) { edges { node { id bankRef client { name } totalDue { amount } } } } }`, {}, token, { now: CONTACT_HOURS });
  for (const { node } of q.myQueue.edges) {
    if (node.client.name !== 'Demo Bank A') continue;
    const m = await api<{ accountMoney: { payments: unknown[]; plans: unknown[]; promises: unknown[] } }>(`query($id: ID!) { accountMoney(accountId: $id) { payments { id } plans { id } promises { id } } }`, { id: node.id }, token);
    if (!m.accountMoney.payments.length && !m.accountMoney.plans.length && !m.accountMoney.promises.length) return node;
  }
  throw new Error('no fresh Bank A account in the queue');
}

describe('money: promise, plan up to the bank, idempotent payment, report', () => {
  it("a collector takes a promise and proposes a discounted plan above the supervisor's limit; Demo Bank A's user approves it; the account leaves the queue", async () => {
    const collectorToken = await apiLogin(DEMO.collector);
    const account = await freshBankAAccount(collectorToken);
    // 25% off: above the supervisor's 10% and the agency admin's 20% (the standard approval limits).
    const discount = (Math.floor(Number(account.totalDue.amount) * 25) / 100).toFixed(2);

    const { context, page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.collector);
    await page.goto(`/accounts/${account.id}`);
    await byTestId(page, 'money-panel').waitFor();
    expect(await byTestId(page, 'ledger-check').textContent()).toContain('Balance = ledger');

    // A promise to pay.
    await byTestId(page, 'take-promise-open').click();
    await byTestId(page, 'promise-amount').fill('300.00');
    await byTestId(page, 'take-promise-submit').click();
    await modalClosed(page);
    await page.getByRole('tab', { name: /Promises \(1\)/ }).click();
    await expect.poll(() => byTestId(page, 'promises-table').textContent()).toContain('Open');

    // A payment posted twice counts once. Each submit is repeated until its dialog closes: a repeat can
    // only post the same bank reference again, which changes nothing.
    for (let i = 0; i < 2; i++) {
      await byTestId(page, 'post-payment-open').click();
      await byTestId(page, 'payment-ref').fill(`E2E-TXN-${account.bankRef}`);
      await byTestId(page, 'payment-amount').fill('300.00');
      await submitUntilClosed(page, 'post-payment-submit');
    }
    await page.getByText('This bank transaction was already posted: nothing changed').waitFor();
    await expect.poll(() => byTestId(page, 'money-collected').textContent()).toContain('300.00');
    await page.getByRole('tab', { name: /Payments \(1\)/ }).waitFor();
    await expect.poll(() => byTestId(page, 'promises-table').textContent()).toContain('Kept');
    expect(await byTestId(page, 'ledger-check').textContent()).toContain('Balance = ledger');

    // Propose a plan with the preview first.
    await byTestId(page, 'propose-plan-open').click();
    await byTestId(page, 'plan-discount').fill(discount);
    await byTestId(page, 'plan-agreement').fill(`REC-${account.bankRef}`);
    await byTestId(page, 'plan-preview').click();
    await byTestId(page, 'plan-preview-result').waitFor();
    expect(await byTestId(page, 'plan-preview-result').textContent()).toContain('Needs approval by: The bank');
    await screenshot(page, 'money-plan-preview');
    await byTestId(page, 'propose-plan-submit').click();
    await modalClosed(page);
    await page.getByRole('tab', { name: /Plans \(1\)/ }).click();
    await expect.poll(() => byTestId(page, 'plans').textContent()).toContain('Proposed');
    await context.close();

    // The account is still in the collector's queue while the bank decides.
    const inQueue = async () => (await api<{ myQueue: { edges: { node: { id: string } }[] } }>(`{ myQueue(first: 200) { edges { node { id } } } }`, {}, collectorToken, { now: CONTACT_HOURS })).myQueue.edges.some((e) => e.node.id === account.id);
    expect(await inQueue()).toBe(true);

    // The supervisor cannot approve it (it is not in their inbox).
    const sup = await newPage(browser, { language: 'en' });
    await login(sup.page, DEMO.supervisor);
    await sup.page.goto('/approvals');
    await byTestId(sup.page, 'approvals-page').waitFor();
    await sup.page.waitForTimeout(500);
    expect(await sup.page.locator(`[data-testid="plan-card"][data-bank-ref="${account.bankRef}"]`).count()).toBe(0);
    await sup.context.close();

    // Demo Bank A's user approves it in the bank portal.
    const bank = await newPage(browser);
    await login(bank.page, DEMO.bankA);
    await bank.page.goto('/bank/approvals');
    const card = bank.page.locator(`[data-testid="plan-card"][data-bank-ref="${account.bankRef}"]`);
    await card.waitFor();
    await screenshot(bank.page, 'money-bank-approvals');
    await card.locator('[data-testid="plan-decision-reason"]').fill('同意减免');
    await card.locator('[data-testid="plan-approve"]').click();
    await expect.poll(async () => card.count()).toBe(0);

    // The daily collection report (CSV) shows the payment and the plan.
    const bankToken = await apiLogin(DEMO.bankA);
    const me = await api<{ me: { clients: { id: string; name: string }[] } }>(`{ me { clients { id name } } }`, {}, bankToken);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const csv = await (await fetch(`${baseURL()}/api/clients/${me.me.clients[0].id}/collection-report.csv?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${bankToken}` } })).text();
    expect(csv).toContain(`E2E-TXN-${account.bankRef}`);
    expect(csv.split('\n').filter((l) => l.startsWith('plan,') && l.includes(account.bankRef))).toHaveLength(1);
    await bank.page.goto('/bank/collections');
    await byTestId(bank.page, 'collections-page').waitFor();
    await screenshot(bank.page, 'money-bank-collections');
    await bank.context.close();

    // Active plan: the account is held and has left the queue.
    expect(await inQueue()).toBe(false);
    const after = await api<{ accountMoney: { plans: { status: string; steps: { action: string; level: string | null }[] }[] } }>(
      `query($id: ID!) { accountMoney(accountId: $id) { plans { status steps { action level } } } }`,
      { id: account.id },
      collectorToken,
    );
    expect(after.accountMoney.plans[0].status).toBe('ACTIVE');
    expect(after.accountMoney.plans[0].steps.map((s) => `${s.action}:${s.level ?? ''}`)).toEqual(['proposed:COLLECTOR', 'approved:BANK', 'activated:']);
  });

  it('a supervisor uploads a payment file twice: it counts once, and the duplicate is reported', async () => {
    const supToken = await apiLogin(DEMO.supervisor);
    const q = await api<{ accounts: { edges: { node: { bankRef: string; client: { name: string } } }[] } }>(`{ accounts(first: 20) { edges { node { bankRef client { name } } } } }`, {}, supToken);
    const ref = q.accounts.edges.find((e) => e.node.client.name === 'Demo Bank A')!.node.bankRef;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const csv = Buffer.from(`客户账号,交易流水号,还款金额,还款日期,备注\n${ref},E2E-FILE-${ref},88.80,${today},网银\n`, 'utf8');

    const { page } = await newPage(browser, { language: 'en' });
    await login(page, DEMO.supervisor);
    await page.goto('/payments/upload');
    await byTestId(page, 'payment-file-page').waitFor();
    const send = async () => {
      await byTestId(page, 'payment-file-input').setInputFiles({ name: 'bank-a-payments.csv', mimeType: 'text/csv', buffer: csv });
      await byTestId(page, 'payment-file-result').waitFor();
      return (await byTestId(page, 'payment-file-result').textContent()) ?? '';
    };
    expect(await send()).toContain('1 rows: 1 posted, 0 already posted, 0 rejected');
    await page.waitForTimeout(300);
    expect(await send()).toContain('1 rows: 0 posted, 1 already posted, 0 rejected');
    await expect.poll(async () => byTestId(page, 'payment-imports').locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'money-payment-file');
  });
});
