import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { applyAgingAfterBalanceChange, creditPlacementEpisode, localDate } from '@arrears/accounts';
import { emitEvent } from '@arrears/events';
import { PolicyService } from '@arrears/platform';
import type { Principal } from '@arrears/tenancy';
import { allocatePayment, allocateToInstallments } from '../rules/allocation.js';
import { COMPONENTS, type Component, negate, zero } from '../rules/components.js';
import { ALLOCATION_ORDER } from '../rules/policies.js';
import { LedgerService, type AccountMoneyRow } from '../ledger/ledger.service.js';
import { PlanService, PLAN_HOLD_SOURCE } from '../plan/plan.service.js';
import { PromiseService } from '../promise/promise.service.js';
import { enterPaymentsWritePath } from '../write-path.js';

export type PaymentChannel = 'agency' | 'direct_to_bank';

/** Exactly what a payment did, so that its reversal undoes exactly that. */
export interface StoredAllocation {
  components: Record<Component, string>;
  credit: string;
  overdueReduced: string;
  installments: { planId: string; seq: number; amount: string; closed: boolean }[];
  completedPlanId: string | null;
  closedAccount: boolean;
}

export interface PaymentRow {
  id: string;
  client_id: string;
  agency_id: string;
  account_id: string;
  placement_id: string;
  bank_txn_ref: string;
  amount: string;
  currency: string;
  paid_on: string;
  channel: PaymentChannel;
  status: 'posted' | 'reversed';
  allocation: StoredAllocation;
  plan_id: string | null;
  policy_version: number;
  note: string | null;
  posted_by: string;
  posted_at: Date;
  reversed_by: string | null;
  reversed_at: Date | null;
  reversal_reason: string | null;
}

const PAYMENT_COLUMNS = `id, client_id, agency_id, account_id, placement_id, bank_txn_ref, amount, currency, paid_on::text, channel, status, allocation,
  plan_id, policy_version, note, posted_by, posted_at, reversed_by, reversed_at, reversal_reason`;

export class PaymentRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PostPaymentInput {
  accountId: string;
  bankTxnRef: string;
  amount: Decimal;
  currency?: string | null;
  paidOn: string;
  channel: PaymentChannel;
  note?: string | null;
}

/**
 * Posting and reversing payments. Concurrency: every posting first locks the account row
 * (`SELECT … FOR UPDATE`), so postings to one account are serialised and each allocates against the
 * balances the previous one left; the idempotency key (the bank's transaction reference) is claimed
 * by a unique constraint in the same transaction, so a replay — concurrent or later — posts nothing.
 */
export class PaymentService {
  private readonly ledger: LedgerService;
  private readonly plans: PlanService;

  constructor(private readonly db: EntityManager) {
    this.ledger = new LedgerService(db);
    this.plans = new PlanService(db);
  }

  async post(actor: Principal, input: PostPaymentInput): Promise<{ payment: PaymentRow; duplicate: boolean } | null> {
    const ref = input.bankTxnRef.trim();
    if (!ref) throw new PaymentRefusal('REFERENCE_REQUIRED', "The bank's transaction reference is required");
    if (input.amount.lte(0) || input.amount.decimalPlaces() > 2) throw new PaymentRefusal('BAD_AMOUNT', 'A payment is a positive amount in cents');
    const account = await this.ledger.lockAccount(input.accountId);
    if (!account) return null;
    const existing = await this.byRef(account.client_id, ref);
    if (existing) return { payment: existing, duplicate: true };
    if (account.status === 'closed') throw new PaymentRefusal('ACCOUNT_CLOSED', `The account is closed (${account.close_reason ?? 'closed'})`);
    if (input.currency && input.currency !== account.currency) throw new PaymentRefusal('CURRENCY_MISMATCH', `The account is in ${account.currency}`);

    const order = await new PolicyService(this.db).current(ALLOCATION_ORDER, account.client_id);
    const alloc = allocatePayment(input.amount, LedgerService.balancesOf(account), order.body.order);
    const plan = await this.plans.activePlan(account.id);
    let installments: StoredAllocation['installments'] = [];
    if (plan) {
      const state = (await this.plans.installments([plan.id])).map((i) => ({ seq: i.seq, amount: new Decimal(i.amount), paid: new Decimal(i.paid) }));
      installments = allocateToInstallments(input.amount, state).map((i) => ({ planId: plan.id, seq: i.seq, amount: i.amount.toFixed(2), closed: i.closed }));
    }
    const overdueReduced = Decimal.min(new Decimal(account.overdue_amount), input.amount);
    const stored: StoredAllocation = {
      components: Object.fromEntries(COMPONENTS.map((c) => [c, alloc.applied[c].toFixed(2)])) as Record<Component, string>,
      credit: alloc.credit.toFixed(2),
      overdueReduced: overdueReduced.toFixed(2),
      installments,
      completedPlanId: null,
      closedAccount: false,
    };
    const [inserted]: PaymentRow[] = await this.db.query(
      `insert into payment (client_id, agency_id, account_id, placement_id, bank_txn_ref, amount, currency, paid_on, channel, allocation, plan_id, policy_version, note, posted_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14)
       on conflict (client_id, bank_txn_ref) do nothing returning ${PAYMENT_COLUMNS}`,
      [account.client_id, account.agency_id, account.id, account.placement_id, ref, input.amount.toFixed(2), account.currency, input.paidOn, input.channel, JSON.stringify(stored), plan?.id ?? null, order.version, input.note?.trim() || null, actor.userId],
    );
    if (!inserted) return { payment: (await this.byRef(account.client_id, ref))!, duplicate: true };

    await this.ledger.post(account, { kind: 'payment', deltas: negate(alloc.applied), credit: alloc.credit, effectiveOn: input.paidOn, paymentId: inserted.id, note: `payment ${ref}`, actorId: actor.userId });
    await enterPaymentsWritePath(this.db);
    await this.db.query(
      `update account set collected = collected + $2, overdue_amount = overdue_amount - $3,
              last_payment_date = greatest(coalesce(last_payment_date, $4::date), $4::date),
              last_payment_amount = case when last_payment_date is null or $4::date >= last_payment_date then $5::numeric else last_payment_amount end
        where id = $1`,
      [account.id, input.amount.toFixed(2), overdueReduced.toFixed(2), input.paidOn, input.amount.toFixed(2)],
    );
    await this.afterMoneyMoved(account.id, account.placement_id, input.amount);
    for (const i of installments) {
      await this.db.query(
        `update plan_installment set paid = paid + $4, paid_at = case when paid + $4 >= amount then now() else paid_at end where client_id = $1 and plan_id = $2 and seq = $3`,
        [account.client_id, i.planId, i.seq, i.amount],
      );
    }
    if (plan && installments.length && (await this.plans.completeIfPaid(actor, plan, account, input.paidOn))) stored.completedPlanId = plan.id;
    if (new Decimal(account.total_due).lte(0)) {
      const reason = stored.completedPlanId && new Decimal(plan!.discount).gt(0) ? 'settled' : 'paid_in_full';
      await this.closeAccount(actor, account, reason);
      stored.closedAccount = true;
    }
    const [[payment]]: [PaymentRow[], number] = await this.db.query(`update payment set allocation = $3::jsonb where client_id = $1 and id = $2 returning ${PAYMENT_COLUMNS}`, [
      account.client_id,
      inserted.id,
      JSON.stringify(stored),
    ]);
    await emitEvent(this.db, {
      agencyId: account.agency_id,
      clientId: account.client_id,
      type: 'payment.posted',
      subjectId: payment.id,
      actorUserId: actor.userId,
      payload: { accountId: account.id, placementId: account.placement_id, amount: payment.amount, currency: payment.currency, paidOn: payment.paid_on, channel: payment.channel, credit: stored.credit },
    });
    await new PromiseService(this.db).evaluateAccounts(actor, [account.id], input.paidOn > today() ? input.paidOn : today());
    return { payment, duplicate: false };
  }

  /** Undoes exactly what the payment did: balances, credit, installments (reopened), plan completion, closure. */
  async reverse(actor: Principal, paymentId: string, reason: string): Promise<PaymentRow | null> {
    const [found]: PaymentRow[] = await this.db.query(`select ${PAYMENT_COLUMNS} from payment where id = $1`, [paymentId]);
    if (!found) return null;
    if (!reason.trim()) throw new PaymentRefusal('REASON_REQUIRED', 'Say why the payment is reversed');
    const account = await this.ledger.lockAccount(found.account_id);
    if (!account) return null;
    const [p]: PaymentRow[] = await this.db.query(`select ${PAYMENT_COLUMNS} from payment where client_id = $1 and id = $2 for update`, [found.client_id, found.id]);
    if (p.status === 'reversed') throw new PaymentRefusal('ALREADY_REVERSED', 'This payment was already reversed');
    const a = p.allocation;
    if (new Decimal(account.credit).lt(a.credit)) throw new PaymentRefusal('CREDIT_USED', "The payment's credit has already been used");
    const effectiveOn = today();
    if (a.closedAccount && account.status === 'closed') {
      await enterPaymentsWritePath(this.db);
      await this.db.query(`update account set status = 'active', closed_at = null, close_reason = null where id = $1`, [account.id]);
      account.status = 'active';
    }
    if (a.completedPlanId) {
      const plan = await this.plans.get(a.completedPlanId);
      if (plan && plan.status === 'completed') await this.plans.reopen(actor, plan, account, effectiveOn);
    }
    const deltas = zero();
    for (const c of COMPONENTS) deltas[c] = new Decimal(a.components[c]);
    await this.ledger.post(account, { kind: 'reversal', deltas, credit: new Decimal(a.credit).negated(), effectiveOn: p.paid_on, paymentId: p.id, note: `reversal of ${p.bank_txn_ref}: ${reason.trim()}`, actorId: actor.userId });
    await enterPaymentsWritePath(this.db);
    await this.db.query(`update account set collected = collected - $2, overdue_amount = overdue_amount + $3 where id = $1`, [account.id, p.amount, a.overdueReduced]);
    await this.afterMoneyMoved(account.id, p.placement_id, new Decimal(p.amount).negated());
    for (const i of a.installments) {
      await this.db.query(`update plan_installment set paid = paid - $4, paid_at = case when paid - $4 < amount then null else paid_at end where client_id = $1 and plan_id = $2 and seq = $3`, [
        p.client_id,
        i.planId,
        i.seq,
        i.amount,
      ]);
    }
    const [[row]]: [PaymentRow[], number] = await this.db.query(
      `update payment set status = 'reversed', reversed_by = $3, reversed_at = now(), reversal_reason = $4 where client_id = $1 and id = $2 returning ${PAYMENT_COLUMNS}`,
      [p.client_id, p.id, actor.userId, reason.trim()],
    );
    await emitEvent(this.db, {
      agencyId: p.agency_id,
      clientId: p.client_id,
      type: 'payment.reversed',
      subjectId: p.id,
      actorUserId: actor.userId,
      payload: { accountId: p.account_id, placementId: p.placement_id, amount: p.amount, currency: p.currency, reason: reason.trim() },
    });
    return row;
  }

  async get(paymentId: string): Promise<PaymentRow | null> {
    const [row]: PaymentRow[] = await this.db.query(`select ${PAYMENT_COLUMNS} from payment where id = $1`, [paymentId]);
    return row ?? null;
  }

  async forAccount(accountId: string, limit = 100): Promise<PaymentRow[]> {
    return this.db.query(`select ${PAYMENT_COLUMNS} from payment where account_id = $1 order by paid_on desc, posted_at desc limit $2`, [accountId, limit]);
  }

  private async byRef(clientId: string, ref: string): Promise<PaymentRow | null> {
    const [row]: PaymentRow[] = await this.db.query(`select ${PAYMENT_COLUMNS} from payment where client_id = $1 and bank_txn_ref = $2`, [clientId, ref]);
    return row ?? null;
  }

  /**
   * Money moved on an account: it is credited to the placement episode that earned it (the placement the
   * payment was posted under, so a later re-placement does not move old collections into a new month),
   * and aging's one rule cures or rolls back its days past due and bucket, with history.
   */
  private async afterMoneyMoved(accountId: string, placementId: string, amount: Decimal): Promise<void> {
    await creditPlacementEpisode(this.db, { accountId, placementId, amount: amount.toFixed(2) });
    await enterPaymentsWritePath(this.db);
    await applyAgingAfterBalanceChange(this.db, [accountId]);
  }

  /** Paid or settled in full: closed with its reason, out of every queue (queues list active accounts), reported. */
  private async closeAccount(actor: Principal, account: AccountMoneyRow, reason: 'paid_in_full' | 'settled'): Promise<void> {
    await enterPaymentsWritePath(this.db);
    await this.db.query(`update account set status = 'closed', closed_at = now(), close_reason = $2 where id = $1`, [account.id, reason]);
    account.status = 'closed';
    await emitEvent(this.db, {
      agencyId: account.agency_id,
      clientId: account.client_id,
      type: 'account.closed',
      subjectId: account.id,
      actorUserId: actor.userId,
      payload: { reason, placementId: account.placement_id },
    });
  }
}

/** The business day in China, where the demo banks keep their books (client time zones default to it). */
export const today = () => localDate('Asia/Shanghai');
export { PLAN_HOLD_SOURCE };
