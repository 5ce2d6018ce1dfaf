import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiLogin, CONTACT_HOURS, byTestId, DEMO, launch, login, modalClosed, newPage, pickOption, screenshot } from './helpers';

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

/** Bank A accounts in the collector's queue with no money history yet. */
async function freshBankAAccounts(token: string, n: number): Promise<QueueNode[]> {
  const q = await api<{ myQueue: { edges: { node: QueueNode }[] } }>(`{ myQueue(first: 100) { edges { node { id bankRef client { name } totalDue { amount } } } } }`, {}, token, { now: CONTACT_HOURS });
  const out: QueueNode[] = [];
  for (const { node } of q.myQueue.edges) {
    if (node.client.name !== 'Demo Bank A' || out.length >= n) continue;
    const m = await api<{ accountMoney: { payments: unknown[]; plans: unknown[]; promises: unknown[] } }>(`query($id: ID!) { accountMoney(accountId: $id) { payments { id } plans { id } promises { id } } }`, { id: node.id }, token);
    if (!m.accountMoney.payments.length && !m.accountMoney.plans.length && !m.accountMoney.promises.length) out.push(node);
  }
  if (out.length < n) throw new Error('not enough fresh Bank A accounts in the queue');
  return out;
}

/** Adds 50.00 to a two-decimal amount string, in cents (no floating point). */
const plus50 = (amount: string) => {
  const cents = BigInt(amount.replace('.', '')) + 5000n;
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
};

describe('money: refund a credit, recall with open items', () => {
  it("a supervisor refunds an overpayment; Demo Bank A's user recalls an account with an open promise after the warning", async () => {
    const collector = await apiLogin(DEMO.collector);
    const [paid, promised] = await freshBankAAccounts(collector, 2);
    const stamp = Date.now().toString(36).toUpperCase();
    await api(`mutation($input: PostPaymentInput!) { postPayment(input: $input) { __typename } }`, { input: { accountId: paid.id, bankTxnRef: `E2E-OVER-${stamp}`, amount: plus50(paid.totalDue.amount), paidOn: new Date().toISOString().slice(0, 10) } }, collector);
    await api(`mutation($input: TakePromiseInput!) { takePromise(input: $input) { __typename } }`, { input: { accountId: promised.id, promises: [{ amount: '100.00', dueOn: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) }] } }, collector);

    // The supervisor gives the 50.00 credit back, with the transfer's reference.
    const staff = await newPage(browser, { language: 'en' });
    await login(staff.page, DEMO.supervisor);
    await staff.page.goto(`/accounts/${paid.id}`);
    await byTestId(staff.page, 'refund-credit-open').click();
    expect(await byTestId(staff.page, 'refund-amount').inputValue()).toBe('50.00');
    await byTestId(staff.page, 'refund-reference').fill(`E2E-REFUND-${stamp}`);
    await byTestId(staff.page, 'refund-submit').click();
    await modalClosed(staff.page);
    await expect.poll(() => byTestId(staff.page, 'credit-history').textContent()).toContain(`E2E-REFUND-${stamp}`);
    await expect.poll(() => byTestId(staff.page, 'ledger-check').textContent()).toContain('Balance = ledger');
    await staff.context.close();

    // Demo Bank A's user recalls the promised account: the open promise is shown first.
    const bank = await newPage(browser, { language: 'en' });
    await login(bank.page, DEMO.bankA);
    await bank.page.goto(`/accounts/${promised.id}`);
    await byTestId(bank.page, 'recall-account-open').click();
    await pickOption(bank.page, 'recall-reason-code', 'Dispute');
    await byTestId(bank.page, 'recall-submit').click();
    await byTestId(bank.page, 'recall-open-items').waitFor();
    expect(await byTestId(bank.page, 'recall-open-items').textContent()).toContain('Promise to pay');
    await screenshot(bank.page, 'money2-recall-warning');
    await byTestId(bank.page, 'recall-submit').click();
    await modalClosed(bank.page);
    await byTestId(bank.page, 'recall-done').waitFor();
    await expect.poll(() => byTestId(bank.page, 'account-status').textContent()).toContain('Recalled');
    await bank.context.close();

    const bankToken = await apiLogin(DEMO.bankA);
    const after = await api<{ accountMoney: { accountStatus: string; promises: { status: string }[] } }>(`query($id: ID!) { accountMoney(accountId: $id) { accountStatus promises { status } } }`, { id: promised.id }, bankToken);
    expect(after.accountMoney).toEqual({ accountStatus: 'RECALLED', promises: [{ status: 'WITHDRAWN' }] });
  });
});
