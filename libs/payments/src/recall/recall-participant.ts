import type { EntityManager } from 'typeorm';
import { toGlobalId } from '@arrears/graphql';
import { HoldService, registerRecallParticipant, type RecallOpenItem, type RecallParticipant } from '@arrears/accounts';
import type { Principal } from '@arrears/tenancy';
import { PAYMENTS_NODE_TYPES } from '../payments.types.js';
import { PLAN_HOLD_SOURCE } from '../plan/plan.service.js';
import { enterPaymentsWritePath } from '../write-path.js';

const OPEN_PLAN = `status in ('proposed', 'approved', 'active')`;

/**
 * What a recall ends in the money domain: plans not yet ended (proposed, approved, active) are
 * cancelled with the recall as their reason and their hold lifted; open promises are withdrawn (neither
 * kept nor broken: the account is no longer the agency's to collect). The recall lists them first and
 * records them on the account's assignment history.
 */
export const paymentsRecallParticipant: RecallParticipant = {
  async openItems(db: EntityManager, accountIds: readonly string[]): Promise<RecallOpenItem[]> {
    if (!accountIds.length) return [];
    const rows: { kind: 'plan' | 'promise'; id: string; account_id: string; status: string; amount: string; due_on: string | null }[] = await db.query(
      `select 'plan' as kind, id, account_id, status, total::text as amount, first_due_on::text as due_on from repayment_plan where account_id = any($1::uuid[]) and ${OPEN_PLAN}
       union all
       select 'promise', id, account_id, status, amount::text, due_on::text from promise_to_pay where account_id = any($1::uuid[]) and status = 'open'
       order by 3, 1, 6`,
      [accountIds],
    );
    return rows.map((r) => ({
      accountId: r.account_id,
      kind: r.kind,
      id: r.id,
      nodeId: toGlobalId(r.kind === 'plan' ? PAYMENTS_NODE_TYPES.plan : PAYMENTS_NODE_TYPES.promise, r.id),
      status: r.status,
      amount: r.amount,
      dueOn: r.due_on,
    }));
  },

  async recalled(db: EntityManager, actor: Principal, accountIds: readonly string[], why: string): Promise<void> {
    if (!accountIds.length) return;
    // An UPDATE … RETURNING answers [rows, count].
    const [plans]: [{ client_id: string; agency_id: string; id: string }[], number] = await db.query(
      `update repayment_plan set status = 'cancelled', ended_at = now(), end_reason = $2 where account_id = any($1::uuid[]) and ${OPEN_PLAN} returning client_id, agency_id, id`,
      [accountIds, why],
    );
    const holds = new HoldService(db);
    for (const p of plans) {
      await holds.liftBySource(actor, { type: PLAN_HOLD_SOURCE, id: p.id }, why);
      await db.query(`insert into plan_step (client_id, agency_id, plan_id, action, level, actor_id, reason) values ($1, $2, $3, 'cancelled', null, $4, $5)`, [
        p.client_id,
        p.agency_id,
        p.id,
        actor.userId,
        why,
      ]);
    }
    const [, withdrawn] = await db.query(`update promise_to_pay set status = 'withdrawn', evaluated_at = now() where account_id = any($1::uuid[]) and status = 'open'`, [accountIds]);
    if (withdrawn) {
      await enterPaymentsWritePath(db);
      await db.query(`update account set next_promise_due = null where id = any($1::uuid[]) and next_promise_due is not null`, [accountIds]);
    }
  },
};

registerRecallParticipant(paymentsRecallParticipant);
