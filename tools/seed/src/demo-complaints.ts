import type { DataSource } from 'typeorm';
import { ComplaintService } from '@arrears/complaints';
import type { Principal } from '@arrears/tenancy';
import type { DemoTenants } from './demo-seed.js';

const DAY = 86_400_000;

/**
 * Demo complaints: one in every state, one extended, one late, a 12378 referral, a third party's
 * complaint with no account, and one against the demo collector. Written through ComplaintService (as
 * the owner, so no tenant context is needed) so clocks, holds, history and events are the real ones.
 * Idempotent: nothing happens when the demo agency has complaints already.
 */
export async function seedDemoComplaints(owner: DataSource, t: DemoTenants): Promise<number> {
  return owner.transaction(async (m) => {
    const [{ n }] = await m.query(`select count(*)::int as n from complaint where agency_id = $1`, [t.demoAgencyId]);
    if (n > 0) return 0;
    const accountsOf = async (clientId: string): Promise<string[]> =>
      (await m.query(`select id from account where client_id = $1 and assigned_collector_id = $2 and status = 'active' order by bank_ref limit 8`, [clientId, t.users.collector])).map(
        (r: { id: string }) => r.id,
      );
    const a = await accountsOf(t.bankAId);
    const b = await accountsOf(t.bankBId);
    if (a.length < 6 || b.length < 2) return 0;

    const as = (userId: string, role: Principal['role']): Principal => ({ userId, agencyId: t.demoAgencyId, role, clientIds: [t.bankAId, t.bankBId], lawFirmId: null, email: '', displayName: '' });
    const supervisor = as(t.users.supervisor, 'supervisor');
    const admin = as(t.users.admin, 'agency_admin');
    const svc = new ComplaintService(m);
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    const raise = async (input: Parameters<ComplaintService['raise']>[1], by: Principal = supervisor) => {
      const r = await svc.raise(by, input);
      if (!r.ok) throw new Error(`demo complaint refused: ${r.code} ${r.message}`);
      return r.value.id;
    };
    const step = async (id: string, action: Parameters<ComplaintService['act']>[2], input: Parameters<ComplaintService['act']>[3] = {}, by: Principal = supervisor) => {
      const r = await svc.act(by, id, action, input);
      if (!r.ok) throw new Error(`demo complaint step ${action} refused: ${r.code} ${r.message}`);
    };

    // Against the demo collector, just received.
    await raise({ accountId: a[0], source: 'debtor', category: 'harassment', severity: 'high', againstAssignedCollector: true, complainantName: '持卡人', words: '催收员在电话中使用侮辱性语言，还威胁要通知我的单位。' });
    // Acknowledged, Bank B.
    const ack = await raise({ accountId: b[0], source: 'debtor', category: 'outside_hours', severity: 'medium', words: '晚上十点半还接到催收电话。', receivedAt: ago(2) });
    await step(ack, 'acknowledge');
    // A 12378 referral under investigation.
    const referral = await raise({ accountId: a[1], source: 'regulator', regulatorRef: '12378-2026-004512', category: 'wrong_amount', severity: 'high', words: '监管转办：持卡人对欠款金额（含违约金）有异议。', receivedAt: ago(6) });
    await step(referral, 'acknowledge');
    await step(referral, 'investigate');
    // Extended: complex, waiting for the bank's statements.
    const extended = await raise({ accountId: a[2], source: 'debtor', category: 'not_my_debt', severity: 'critical', words: '我从未申请过这张信用卡，怀疑身份被冒用。', receivedAt: ago(20) });
    await step(extended, 'acknowledge');
    await step(extended, 'investigate');
    await step(extended, 'extend', { reason: '需银行调取开卡申请材料核实身份' });
    // Late: received 25 days ago, never extended.
    const late = await raise({ accountId: b[1], source: 'bank', category: 'staff_attitude', severity: 'medium', words: '银行转来：持卡人反映催收员态度恶劣。', receivedAt: ago(25) });
    await step(late, 'acknowledge');
    // A third party with no account, asking not to be called again.
    await raise({
      clientId: t.bankAId,
      source: 'third_party',
      category: 'third_party_disclosure',
      severity: 'high',
      complainantName: '刘女士',
      complainantPhone: '13911112222',
      complainantRelation: '欠款人同事',
      words: '我只是同事，催收员向我透露了他的欠款情况，请不要再打给我。',
      doNotCallRequested: true,
      receivedAt: ago(1),
    });
    // Resolved (not upheld), closed (upheld), withdrawn.
    const resolved = await raise({ accountId: a[3], source: 'debtor', category: 'wrong_amount', severity: 'low', words: '我认为利息计算有误。', receivedAt: ago(12) });
    await step(resolved, 'acknowledge');
    await step(resolved, 'investigate');
    await step(resolved, 'resolve', { outcome: 'not_upheld', rootCause: '利息按合同约定计收，计算无误', findings: '核对银行对账单，金额一致' });
    const closed = await raise({ accountId: a[4], source: 'debtor', category: 'harassment', severity: 'high', againstAssignedCollector: true, words: '一天内接到十几个电话。', receivedAt: ago(30) });
    await step(closed, 'acknowledge');
    await step(closed, 'investigate');
    await step(closed, 'resolve', { outcome: 'upheld', rootCause: '外呼频次未按策略限制', remedy: '调整外呼策略，向持卡人致歉' });
    await step(closed, 'close', {}, admin);
    const withdrawn = await raise({ accountId: a[5], source: 'debtor', category: 'privacy', severity: 'low', words: '催收短信内容被家人看到。', receivedAt: ago(4) });
    await step(withdrawn, 'withdraw', { reason: '投诉人来电表示已与银行协商解决，撤回投诉' });
    return 9;
  });
}
