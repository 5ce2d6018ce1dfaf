import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import type { DataSource } from 'typeorm';
import { localDate } from '@arrears/accounts';
import { PaymentImportService, PaymentService, PlanService, PromiseService } from '@arrears/payments';
import { withTenant } from '@arrears/tenancy';

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo money for Demo Bank A, through the same services the API uses (as the demo collector,
 * supervisor and bank user): payments (one paid directly to the bank, one reversed), promises due
 * today, kept and broken, a plan waiting for Demo Bank A's approval, an active plan and a payment file
 * with a duplicate transaction reference.
 * Idempotent: does nothing once any payment exists for the bank.
 */
export async function seedDemoPayments(owner: DataSource, t: { agencyId: string; bankAId: string; collectorId: string; supervisorId: string }): Promise<void> {
  const [done] = await owner.query(`select 1 from payment where client_id = $1 limit 1`, [t.bankAId]);
  if (done) return;
  const accounts: { id: string; bank_ref: string; total_due: string }[] = await owner.query(
    `select id, bank_ref, total_due from account where client_id = $1 and status = 'active' and assigned_collector_id = $2 and total_due > 2000 order by bank_ref limit 8`,
    [t.bankAId, t.collectorId],
  );
  if (accounts.length < 8) return;
  const today = localDate('Asia/Shanghai');
  const [a1, a2, a3, a4, a5, a6, a7, a8] = accounts.map((a) => a.id);
  await withTenant(owner, { userId: t.collectorId, agencyId: t.agencyId }, async (m, collector) => {
    const pay = new PaymentService(m);
    const promises = new PromiseService(m);
    const plans = new PlanService(m);
    await pay.post(collector, { accountId: a1, bankTxnRef: 'DEMO-TXN-0001', amount: new Decimal('500.00'), paidOn: addDays(today, -3), channel: 'agency', note: '微信转账' });
    await pay.post(collector, { accountId: a2, bankTxnRef: 'DEMO-BANK-0002', amount: new Decimal('1200.00'), paidOn: addDays(today, -1), channel: 'direct_to_bank', note: '客户直接还款至银行' });
    await pay.post(collector, { accountId: a3, bankTxnRef: 'DEMO-TXN-0003', amount: new Decimal('800.00'), paidOn: addDays(today, -2), channel: 'agency' });
    await promises.take(collector, a4, [{ amount: new Decimal('300.00'), dueOn: today }], today);
    await promises.take(collector, a5, [{ amount: new Decimal('200.00'), dueOn: addDays(today, 2) }], today);
    await pay.post(collector, { accountId: a5, bankTxnRef: 'DEMO-TXN-0005', amount: new Decimal('200.00'), paidOn: today, channel: 'agency' });
    await promises.take(collector, a6, [{ amount: new Decimal('1000.00'), dueOn: today }], today);
    // Judged as of next week, the promise of a6 is broken (nothing paid).
    await promises.evaluateAccounts(collector, [a6], addDays(today, 7));
    const basis = new Decimal(accounts[6].total_due);
    await plans.propose(collector, {
      accountId: a7,
      months: 24,
      firstDueOn: addDays(today, 10),
      discount: basis.times('0.3').toDecimalPlaces(2, Decimal.ROUND_DOWN),
      interestFreeze: true,
      agreementRef: 'REC-DEMO-0007',
      note: '客户失业，申请减免三成、停息分24期',
    });
    await plans.propose(collector, { accountId: a8, months: 12, firstDueOn: addDays(today, 5), discount: new Decimal(0), interestFreeze: false, agreementRef: 'AGR-DEMO-0008' });
  });
  await withTenant(owner, { userId: t.supervisorId, agencyId: t.agencyId }, async (m, supervisor) => {
    const [p] = await m.query(`select id from payment where client_id = $1 and bank_txn_ref = 'DEMO-TXN-0003'`, [t.bankAId]);
    await new PaymentService(m).reverse(supervisor, p.id, '银行退票（余额不足）');
    // A bank payment file with the same transaction twice: the second row is reported, not counted.
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'arrears-seed-'));
    const file = path.join(dir, 'demo-bank-a-payments.csv');
    const [r1, r2] = [accounts[0].bank_ref, accounts[1].bank_ref];
    await fs.promises.writeFile(file, ['客户账号,交易流水号,还款金额,还款日期,备注', `${r1},DEMO-FILE-0001,150.00,${today},网银`, `${r2},DEMO-FILE-0002,220.00,${today},柜面`, `${r1},DEMO-FILE-0001,150.00,${today},重复行`].join('\n'));
    try {
      await new PaymentImportService(m).import(supervisor, { clientId: t.bankAId, agencyId: t.agencyId, kind: 'payments', filePath: file, fileName: 'demo-bank-a-payments.csv', format: 'csv' });
    } finally {
      await fs.promises.rm(dir, { recursive: true, force: true });
    }
  });
}
