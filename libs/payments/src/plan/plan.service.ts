import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { HoldService } from '@arrears/accounts';
import { emitEvent } from '@arrears/events';
import { PolicyService } from '@arrears/platform';
import type { Principal } from '@arrears/tenancy';
import { levelOfRole, mayDecide, requiredApprover, type ApprovalLevel, type LimitBreach } from '../rules/approval.js';
import { COMPONENTS, type Component, zero } from '../rules/components.js';
import { APPROVAL_LIMITS, PROMISE_RULES } from '../rules/policies.js';
import { buildSchedule, discountPercent, ScheduleError, type ScheduledInstallment } from '../rules/schedule.js';
import { LedgerService, type AccountMoneyRow } from '../ledger/ledger.service.js';

export type PlanStatus = 'proposed' | 'approved' | 'rejected' | 'active' | 'completed' | 'broken' | 'cancelled';

export interface PlanRow {
  id: string;
  client_id: string;
  agency_id: string;
  account_id: string;
  status: PlanStatus;
  currency: string;
  basis: string;
  discount: string;
  total: string;
  months: number;
  first_due_on: string;
  interest_freeze: boolean;
  required_level: ApprovalLevel;
  routing_reason: string;
  routing: LimitBreach[];
  policy_version: number;
  agreement_ref: string;
  note: string | null;
  proposed_by: string;
  proposed_at: Date;
  decided_at: Date | null;
  activated_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
}

export interface InstallmentRow {
  plan_id: string;
  seq: number;
  due_on: string;
  amount: string;
  paid: string;
  paid_at: Date | null;
}

export interface PlanStepRow {
  id: string;
  plan_id: string;
  action: string;
  level: string | null;
  actor_id: string | null;
  reason: string | null;
  at: Date;
}

const PLAN_COLUMNS = `id, client_id, agency_id, account_id, status, currency, basis, discount, total, months, first_due_on::text, interest_freeze,
  required_level, routing_reason, routing, policy_version, agreement_ref, note, proposed_by, proposed_at, decided_at, activated_at, ended_at, end_reason`;

export const PLAN_HOLD_SOURCE = 'repayment_plan';

/** Why a plan cannot be proposed or decided: returned to the caller as a NotEligible result. */
export class PlanRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PlanTermsInput {
  accountId: string;
  months: number;
  firstDueOn: string;
  discount: Decimal;
  interestFreeze: boolean;
}

export interface PlanPreview {
  account: AccountMoneyRow;
  basis: Decimal;
  discount: Decimal;
  total: Decimal;
  discountPercent: Decimal;
  installments: ScheduledInstallment[];
  requiredLevel: ApprovalLevel;
  routingReason: string;
  breaches: LimitBreach[];
  policyVersion: number;
}

/** The order a discount waives components in: interest and charges before principal. */
const DISCOUNT_ORDER: readonly Component[] = ['interest', 'late_charges', 'fees', 'costs', 'principal'];

/**
 * Repayment plans: preview, propose, the approval chain (collector → supervisor → agency admin → the
 * bank above the agency's mandate), activation with a hold on the account, completion with the
 * discount, and breaking when an installment is missed past grace.
 */
export class PlanService {
  private readonly ledger: LedgerService;
  private readonly policies: PolicyService;

  constructor(private readonly db: EntityManager) {
    this.ledger = new LedgerService(db);
    this.policies = new PolicyService(db);
  }

  async preview(input: PlanTermsInput): Promise<PlanPreview | null> {
    const account = await this.ledger.account(input.accountId);
    if (!account) return null;
    return this.previewFor(account, input);
  }

  private async previewFor(account: AccountMoneyRow, input: PlanTermsInput): Promise<PlanPreview> {
    if (account.status !== 'active') throw new PlanRefusal('ACCOUNT_NOT_ACTIVE', `The account is ${account.status}`);
    const basis = new Decimal(account.total_due);
    let schedule;
    try {
      schedule = buildSchedule({ basis, discount: input.discount, months: input.months, firstDueOn: input.firstDueOn });
    } catch (e) {
      if (e instanceof ScheduleError) throw new PlanRefusal(e.code, e.message);
      throw e;
    }
    const limits = await this.policies.current(APPROVAL_LIMITS, account.client_id);
    const pct = discountPercent(basis, input.discount);
    const route = requiredApprover(limits.body, { discount: input.discount, discountPercent: pct, months: input.months, interestFreeze: input.interestFreeze });
    return {
      account,
      basis,
      discount: input.discount,
      total: schedule.total,
      discountPercent: pct,
      installments: schedule.installments,
      requiredLevel: route.level,
      routingReason: route.reason,
      breaches: route.breaches,
      policyVersion: limits.version,
    };
  }

  /** Proposes a plan; when the proposer's own level covers it, it is approved and active at once. */
  async propose(actor: Principal, input: PlanTermsInput & { agreementRef: string; note?: string | null }): Promise<PlanRow | null> {
    const account = await this.ledger.lockAccount(input.accountId);
    if (!account) return null;
    if (!input.agreementRef.trim()) throw new PlanRefusal('AGREEMENT_REQUIRED', 'Keep the signed agreement or the recording reference with the plan (Art. 70)');
    const p = await this.previewFor(account, input);
    const [open] = await this.db.query(`select id from repayment_plan where account_id = $1 and status in ('proposed', 'approved', 'active')`, [account.id]);
    if (open) throw new PlanRefusal('PLAN_ALREADY_OPEN', 'This account already has a plan in negotiation or in force');
    const [plan]: PlanRow[] = await this.db.query(
      `insert into repayment_plan (client_id, agency_id, account_id, status, currency, basis, discount, total, months, first_due_on, interest_freeze,
                                   required_level, routing_reason, routing, policy_version, agreement_ref, note, proposed_by)
       values ($1, $2, $3, 'proposed', $4, $5, $6, $7, $8, $9, $10, $11, $12, $17::jsonb, $13, $14, $15, $16) returning ${PLAN_COLUMNS}`,
      [
        account.client_id,
        account.agency_id,
        account.id,
        account.currency,
        p.basis.toFixed(2),
        p.discount.toFixed(2),
        p.total.toFixed(2),
        input.months,
        input.firstDueOn,
        input.interestFreeze,
        p.requiredLevel,
        p.routingReason,
        p.policyVersion,
        input.agreementRef.trim(),
        input.note?.trim() || null,
        actor.userId,
        JSON.stringify(p.breaches),
      ],
    );
    await this.db.query(
      `insert into plan_installment (client_id, agency_id, plan_id, seq, due_on, amount)
       select $1, $2, $3, * from unnest($4::int[], $5::date[], $6::numeric[])`,
      [account.client_id, account.agency_id, plan.id, p.installments.map((i) => i.seq), p.installments.map((i) => i.dueOn), p.installments.map((i) => i.amount.toFixed(2))],
    );
    await this.step(plan, 'proposed', actor, levelOfRole(actor.role), input.note ?? null);
    await emitEvent(this.db, {
      agencyId: plan.agency_id,
      clientId: plan.client_id,
      type: 'plan.proposed',
      subjectId: plan.id,
      actorUserId: actor.userId,
      payload: { accountId: plan.account_id, total: plan.total, discount: plan.discount, months: plan.months, requiredLevel: plan.required_level },
    });
    const own = levelOfRole(actor.role);
    if (own && mayDecide(own, p.requiredLevel)) return this.activate(actor, plan, account, 'within the proposer\'s own limit');
    return plan;
  }

  async get(planId: string): Promise<PlanRow | null> {
    const [row]: PlanRow[] = await this.db.query(`select ${PLAN_COLUMNS} from repayment_plan where id = $1`, [planId]);
    return row ?? null;
  }

  async forAccounts(accountIds: readonly string[]): Promise<PlanRow[]> {
    return this.db.query(`select ${PLAN_COLUMNS} from repayment_plan where account_id = any($1::uuid[]) order by proposed_at desc, id desc limit 50`, [accountIds]);
  }

  async installments(planIds: readonly string[]): Promise<InstallmentRow[]> {
    return this.db.query(`select plan_id, seq, due_on::text, amount, paid, paid_at from plan_installment where plan_id = any($1::uuid[]) order by plan_id, seq`, [planIds]);
  }

  async steps(planIds: readonly string[]): Promise<PlanStepRow[]> {
    return this.db.query(`select id::text, plan_id, action, level, actor_id, reason, at from plan_step where plan_id = any($1::uuid[]) order by plan_id, id`, [planIds]);
  }

  /** Plans waiting for a decision the caller may take, oldest first (keyset on proposed_at, id). */
  async pendingFor(actor: Principal, first: number, after: [string, string] | null): Promise<PlanRow[]> {
    const own = levelOfRole(actor.role);
    if (!own) return [];
    const levels = (['collector', 'supervisor', 'agency_admin', 'bank'] as const).filter((l) => mayDecide(own, l));
    return this.db.query(
      `select ${PLAN_COLUMNS} from repayment_plan
        where status = 'proposed' and required_level = any($1::text[])
          and ($2::timestamptz is null or (proposed_at, id) > ($2::timestamptz, $3::uuid))
        order by proposed_at, id limit $4`,
      [levels, after?.[0] ?? null, after?.[1] ?? null, first],
    );
  }

  async approve(actor: Principal, planId: string, reason?: string | null): Promise<PlanRow | null> {
    const plan = await this.lockPlan(planId);
    if (!plan) return null;
    this.assertDecidable(actor, plan);
    const account = await this.ledger.lockAccount(plan.account_id);
    if (!account) return null;
    await this.db.query(`update repayment_plan set status = 'approved', decided_at = now() where client_id = $1 and id = $2`, [plan.client_id, plan.id]);
    await this.step(plan, 'approved', actor, levelOfRole(actor.role), reason);
    await emitEvent(this.db, { agencyId: plan.agency_id, clientId: plan.client_id, type: 'plan.approved', subjectId: plan.id, actorUserId: actor.userId, payload: { accountId: plan.account_id, level: levelOfRole(actor.role) } });
    return this.activate(actor, plan, account, null);
  }

  async reject(actor: Principal, planId: string, reason: string): Promise<PlanRow | null> {
    const plan = await this.lockPlan(planId);
    if (!plan) return null;
    this.assertDecidable(actor, plan);
    if (!reason.trim()) throw new PlanRefusal('REASON_REQUIRED', 'Say why the plan is rejected');
    const [[row]]: [PlanRow[], number] = await this.db.query(
      `update repayment_plan set status = 'rejected', decided_at = now(), ended_at = now(), end_reason = $3 where client_id = $1 and id = $2 returning ${PLAN_COLUMNS}`,
      [plan.client_id, plan.id, reason.trim()],
    );
    await this.step(plan, 'rejected', actor, levelOfRole(actor.role), reason);
    await emitEvent(this.db, { agencyId: plan.agency_id, clientId: plan.client_id, type: 'plan.rejected', subjectId: plan.id, actorUserId: actor.userId, payload: { accountId: plan.account_id } });
    return row;
  }

  /** A proposed plan withdrawn, or a broken plan closed off: cancelled, never to be reopened. */
  async cancel(actor: Principal, planId: string, reason: string): Promise<PlanRow | null> {
    const plan = await this.lockPlan(planId);
    if (!plan) return null;
    if (plan.status !== 'proposed' && plan.status !== 'broken') throw new PlanRefusal('PLAN_NOT_CANCELLABLE', `A ${plan.status} plan cannot be cancelled`);
    const [[row]]: [PlanRow[], number] = await this.db.query(
      `update repayment_plan set status = 'cancelled', ended_at = coalesce(ended_at, now()), end_reason = coalesce(end_reason, $3) where client_id = $1 and id = $2 returning ${PLAN_COLUMNS}`,
      [plan.client_id, plan.id, reason.trim() || null],
    );
    await this.step(plan, 'cancelled', actor, levelOfRole(actor.role), reason);
    return row;
  }

  /**
   * Breaks active plans with an installment unpaid past its grace days as of `asOf`: the plan's hold
   * is lifted, so the account returns to the queue, with the reason on the plan and in the event.
   */
  async breakOverdue(actor: Principal | null, asOf: string): Promise<PlanRow[]> {
    const candidates: PlanRow[] = await this.db.query(
      `select distinct ${PLAN_COLUMNS.split(',').map((c) => `p.${c.trim()}`).join(', ')} from repayment_plan p
         join plan_installment i on i.client_id = p.client_id and i.plan_id = p.id
        where p.status = 'active' and i.paid < i.amount and i.due_on < $1::date`,
      [asOf],
    );
    const grace = await this.policies.currentFor(PROMISE_RULES, [...new Set(candidates.map((c) => c.client_id))]);
    const broken: PlanRow[] = [];
    for (const plan of candidates) {
      const days = grace.get(plan.client_id)!.body.installmentGraceDays;
      const [missed] = await this.db.query(
        `select seq, due_on::text from plan_installment where client_id = $1 and plan_id = $2 and paid < amount and due_on + $3::int < $4::date order by seq limit 1`,
        [plan.client_id, plan.id, days, asOf],
      );
      if (!missed) continue;
      const reason = `installment ${missed.seq} due ${missed.due_on} unpaid after ${days} days' grace`;
      const [[row]]: [PlanRow[], number] = await this.db.query(
        `update repayment_plan set status = 'broken', ended_at = now(), end_reason = $3 where client_id = $1 and id = $2 returning ${PLAN_COLUMNS}`,
        [plan.client_id, plan.id, reason],
      );
      await new HoldService(this.db).liftBySource(actor, { type: PLAN_HOLD_SOURCE, id: plan.id }, `plan broken: ${reason}`);
      await this.step(plan, 'broken', actor, null, reason);
      await emitEvent(this.db, { agencyId: plan.agency_id, clientId: plan.client_id, type: 'plan.broken', subjectId: plan.id, actorUserId: actor?.userId ?? null, payload: { accountId: plan.account_id, reason } });
      broken.push(row);
    }
    return broken;
  }

  /**
   * Completes an active plan once every installment is paid: the settlement discount is written off the
   * balance (interest and charges before principal), the hold lifted. Called by payment posting.
   */
  async completeIfPaid(actor: Principal, plan: PlanRow, account: AccountMoneyRow, effectiveOn: string): Promise<boolean> {
    const [{ open }] = await this.db.query(`select count(*)::int as open from plan_installment where client_id = $1 and plan_id = $2 and paid < amount`, [plan.client_id, plan.id]);
    if (open > 0) return false;
    await this.db.query(`update repayment_plan set status = 'completed', ended_at = now(), end_reason = 'all installments paid' where client_id = $1 and id = $2`, [plan.client_id, plan.id]);
    const discount = Decimal.min(new Decimal(plan.discount), new Decimal(account.total_due));
    if (discount.gt(0)) {
      const deltas = zero();
      let left = discount;
      for (const c of DISCOUNT_ORDER) {
        const take = Decimal.min(new Decimal(account[c]), left);
        deltas[c] = take.negated();
        left = left.minus(take);
      }
      await this.ledger.post(account, { kind: 'discount', deltas, effectiveOn, planId: plan.id, note: 'settlement discount on plan completion', actorId: actor.userId });
    }
    await new HoldService(this.db).liftBySource(actor, { type: PLAN_HOLD_SOURCE, id: plan.id }, 'plan completed');
    await this.step(plan, 'completed', actor, null, 'all installments paid');
    await emitEvent(this.db, { agencyId: plan.agency_id, clientId: plan.client_id, type: 'plan.completed', subjectId: plan.id, actorUserId: actor.userId, payload: { accountId: plan.account_id, discount: discount.toFixed(2) } });
    return true;
  }

  /** Undoes a completion when the payment that completed the plan is reversed: discount back, hold back. */
  async reopen(actor: Principal, plan: PlanRow, account: AccountMoneyRow, effectiveOn: string): Promise<void> {
    await this.db.query(`update repayment_plan set status = 'active', ended_at = null, end_reason = null where client_id = $1 and id = $2`, [plan.client_id, plan.id]);
    const [entry] = await this.db.query(
      `select principal, interest, fees, late_charges, costs from ledger_entry where client_id = $1 and plan_id = $2 and kind = 'discount' order by seq desc limit 1`,
      [plan.client_id, plan.id],
    );
    if (entry) {
      const deltas = zero();
      for (const c of COMPONENTS) deltas[c] = new Decimal(entry[c]).negated();
      await this.ledger.post(account, { kind: 'adjustment', deltas, effectiveOn, planId: plan.id, note: 'settlement discount withdrawn: the completing payment was reversed', actorId: actor.userId });
    }
    await new HoldService(this.db).place(actor, { accountId: plan.account_id, reason: 'installment_plan', note: 'repayment plan reopened', source: { type: PLAN_HOLD_SOURCE, id: plan.id } });
    await this.step(plan, 'reopened', actor, null, 'the completing payment was reversed');
  }

  async activePlan(accountId: string): Promise<PlanRow | null> {
    const [row]: PlanRow[] = await this.db.query(`select ${PLAN_COLUMNS} from repayment_plan where account_id = $1 and status = 'active'`, [accountId]);
    return row ?? null;
  }

  private async activate(actor: Principal, plan: PlanRow, account: AccountMoneyRow, reason: string | null): Promise<PlanRow> {
    if (plan.status === 'proposed' && reason) {
      await this.db.query(`update repayment_plan set decided_at = now() where client_id = $1 and id = $2`, [plan.client_id, plan.id]);
      await this.step(plan, 'approved', actor, levelOfRole(actor.role), reason);
    }
    const [[row]]: [PlanRow[], number] = await this.db.query(
      `update repayment_plan set status = 'active', activated_at = now() where client_id = $1 and id = $2 returning ${PLAN_COLUMNS}`,
      [plan.client_id, plan.id],
    );
    await new HoldService(this.db).place(actor, { accountId: plan.account_id, reason: 'installment_plan', note: 'repayment plan active', source: { type: PLAN_HOLD_SOURCE, id: plan.id } });
    if (plan.interest_freeze) {
      // Interest stops accruing from today: a marker entry (no amount) that later balance updates are judged against.
      await this.ledger.post(account, { kind: 'interest_freeze', deltas: zero(), effectiveOn: new Date().toISOString().slice(0, 10), planId: plan.id, note: '停息挂账: interest frozen while the plan is kept', actorId: actor.userId });
    }
    await this.step(plan, 'activated', actor, null, null);
    return row;
  }

  private async lockPlan(planId: string): Promise<PlanRow | null> {
    const [row]: PlanRow[] = await this.db.query(`select ${PLAN_COLUMNS} from repayment_plan where id = $1 for update`, [planId]);
    return row ?? null;
  }

  private assertDecidable(actor: Principal, plan: PlanRow): void {
    if (plan.status !== 'proposed') throw new PlanRefusal('PLAN_NOT_PENDING', `The plan is ${plan.status}, not waiting for a decision`);
    const own = levelOfRole(actor.role);
    if (!own || !mayDecide(own, plan.required_level)) {
      throw new PlanRefusal('ABOVE_YOUR_LIMIT', plan.required_level === 'bank' ? "This plan is above the agency's mandate: the bank decides" : `This plan needs a ${plan.required_level} or above`);
    }
  }

  private async step(plan: PlanRow, action: string, actor: Principal | null, level: ApprovalLevel | null, reason?: string | null): Promise<void> {
    await this.db.query(`insert into plan_step (client_id, agency_id, plan_id, action, level, actor_id, reason) values ($1, $2, $3, $4, $5, $6, $7)`, [
      plan.client_id,
      plan.agency_id,
      plan.id,
      action,
      level,
      actor?.userId ?? null,
      reason?.trim() || null,
    ]);
  }
}
