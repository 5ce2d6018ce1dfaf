import { Decimal } from 'decimal.js';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, DateTimeScalar, DecimalScalar, LocalDateScalar, Money, Node, NotEligible, resultUnion, toGlobalId } from '@arrears/graphql';
import { Client, PLATFORM_NODE_TYPES, User } from '@arrears/platform';
import type { AccountMoneyRow, LedgerEntryRow } from './ledger/ledger.service.js';
import type { PaymentRow } from './payment/payment.service.js';
import type { InstallmentRow, PlanRow, PlanStepRow } from './plan/plan.service.js';
import type { PromiseRow } from './promise/promise.service.js';

export const PAYMENTS_NODE_TYPES = { payment: 'Payment', plan: 'RepaymentPlan', promise: 'PromiseToPay', account: 'Account', placement: 'Placement' } as const;

export enum LedgerKindValue {
  PLACEMENT_OPENING = 'placement_opening',
  BANK_BALANCE_UPDATE = 'bank_balance_update',
  PAYMENT = 'payment',
  REVERSAL = 'reversal',
  INTEREST_FREEZE = 'interest_freeze',
  DISCOUNT = 'discount',
  WRITE_OFF = 'write_off',
  LEGAL_COST = 'legal_cost',
  ADJUSTMENT = 'adjustment',
  REFUND = 'refund',
  CREDIT_TRANSFER = 'credit_transfer',
}
registerEnumType(LedgerKindValue, { name: 'LedgerKind', description: 'What changed what the debtor owes' });

export enum PaymentChannelValue {
  AGENCY = 'agency',
  DIRECT_TO_BANK = 'direct_to_bank',
}
registerEnumType(PaymentChannelValue, { name: 'PaymentChannel', description: 'Collected through the agency, or paid by the debtor directly to the bank (still counted)' });

export enum PaymentStatusValue {
  POSTED = 'posted',
  REVERSED = 'reversed',
}
registerEnumType(PaymentStatusValue, { name: 'PaymentStatus' });

export enum PromiseStatusValue {
  OPEN = 'open',
  KEPT = 'kept',
  PARTIAL = 'partial',
  BROKEN = 'broken',
  /** The account was recalled while the promise was open. */
  WITHDRAWN = 'withdrawn',
}
registerEnumType(PromiseStatusValue, { name: 'PromiseStatus' });

export enum PlanStatusValue {
  PROPOSED = 'proposed',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  ACTIVE = 'active',
  COMPLETED = 'completed',
  BROKEN = 'broken',
  CANCELLED = 'cancelled',
}
registerEnumType(PlanStatusValue, { name: 'RepaymentPlanStatus' });

export enum ApprovalLevelValue {
  COLLECTOR = 'collector',
  SUPERVISOR = 'supervisor',
  AGENCY_ADMIN = 'agency_admin',
  BANK = 'bank',
}
registerEnumType(ApprovalLevelValue, { name: 'ApprovalLevel', description: "Who may approve a plan; BANK: above the agency's mandate, the bank's own user" });

@ObjectType({ description: 'A limit of an agency level that the plan exceeds: why the chain goes higher' })
export class LimitBreach {
  @Field(() => ApprovalLevelValue) level: ApprovalLevelValue;
  @Field(() => String, { description: 'discount, discount_percent, months or interest_freeze' }) rule: string;
  @Field(() => String) limit: string;
  @Field(() => String) actual: string;

  static of(b: { level: string; rule: string; limit: string; actual: string }): LimitBreach {
    return Object.assign(new LimitBreach(), { ...b, level: b.level as ApprovalLevelValue });
  }
}

const m = (v: string | Decimal, currency: string) => Money.of(new Decimal(v).toFixed(2), currency);

@ObjectType({ description: 'What the debtor owes, by component; the ledger sums to it' })
export class BalanceBreakdown {
  @Field(() => Money) principal: Money;
  @Field(() => Money) interest: Money;
  @Field(() => Money) fees: Money;
  @Field(() => Money, { description: 'Late-payment charges (违约金/滞纳金), apart from other fees' }) lateCharges: Money;
  @Field(() => Money, { description: 'Legal and collection costs' }) costs: Money;
  @Field(() => Money) totalDue: Money;
  @Field(() => Money, { description: 'Overpaid money held for the debtor (to refund or apply); never a negative principal' }) credit: Money;
  @Field(() => Money) collected: Money;
  @Field(() => Money) overdueAmount: Money;

  static fromAccount(a: AccountMoneyRow): BalanceBreakdown {
    const c = a.currency;
    return Object.assign(new BalanceBreakdown(), {
      principal: m(a.principal, c),
      interest: m(a.interest, c),
      fees: m(a.fees, c),
      lateCharges: m(a.late_charges, c),
      costs: m(a.costs, c),
      totalDue: m(a.total_due, c),
      credit: m(a.credit, c),
      collected: m(a.collected, c),
      overdueAmount: m(a.overdue_amount, c),
    });
  }
}

@ObjectType({ description: 'One append-only ledger entry: signed changes of what is owed (a payment is negative)' })
export class LedgerEntry {
  @Field(() => ID) id: string;
  @Field(() => LedgerKindValue) kind: LedgerKindValue;
  @Field(() => DecimalScalar) principal: string;
  @Field(() => DecimalScalar) interest: string;
  @Field(() => DecimalScalar) fees: string;
  @Field(() => DecimalScalar) lateCharges: string;
  @Field(() => DecimalScalar) costs: string;
  @Field(() => DecimalScalar, { description: 'Change of the credit held for the debtor' }) credit: string;
  @Field(() => DecimalScalar, { description: 'Change of the total due' }) total: string;
  @Field(() => LocalDateScalar) effectiveOn: string;
  @Field(() => ID, { nullable: true }) paymentId: string | null;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => DateTimeScalar) createdAt: Date;

  static fromRow(r: LedgerEntryRow): LedgerEntry {
    const total = ['principal', 'interest', 'fees', 'late_charges', 'costs'].reduce((s, c) => s.plus(r[c as 'principal']), new Decimal(0));
    return Object.assign(new LedgerEntry(), {
      id: toGlobalId('LedgerEntry', r.id),
      kind: r.kind as LedgerKindValue,
      principal: r.principal,
      interest: r.interest,
      fees: r.fees,
      lateCharges: r.late_charges,
      costs: r.costs,
      credit: r.credit,
      total: total.toFixed(2),
      effectiveOn: r.effective_on,
      paymentId: r.payment_id ? toGlobalId(PAYMENTS_NODE_TYPES.payment, r.payment_id) : null,
      note: r.note,
      createdAt: r.created_at,
    });
  }
}

@ObjectType()
export class LedgerEntryConnection extends ConnectionType(LedgerEntry) {}

@ObjectType({ description: 'What a payment paid: components, plan installments and any credit' })
export class PaymentAllocation {
  @Field(() => DecimalScalar) principal: string;
  @Field(() => DecimalScalar) interest: string;
  @Field(() => DecimalScalar) fees: string;
  @Field(() => DecimalScalar) lateCharges: string;
  @Field(() => DecimalScalar) costs: string;
  @Field(() => DecimalScalar) credit: string;
  @Field(() => [Int], { description: 'Plan installments it paid into' }) installments: number[];
}

@ObjectType({ implements: Node, description: 'Money received for an account, posted once per bank transaction reference' })
export class Payment extends Node {
  @Field(() => String, { description: "The bank's transaction reference (the idempotency key)" }) bankTxnRef: string;
  @Field(() => Money) amount: Money;
  @Field(() => LocalDateScalar) paidOn: string;
  @Field(() => PaymentChannelValue) channel: PaymentChannelValue;
  @Field(() => PaymentStatusValue) status: PaymentStatusValue;
  @Field(() => ID, { description: 'The placement (episode) the payment is credited to' }) placementId: string;
  @Field(() => PaymentAllocation) allocation: PaymentAllocation;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => DateTimeScalar) postedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) reversedAt: Date | null;
  @Field(() => String, { nullable: true }) reversalReason: string | null;
  @Field(() => ID) accountId: string;
  row: PaymentRow;

  static fromRow(r: PaymentRow): Payment {
    const a = r.allocation;
    return Object.assign(new Payment(), {
      id: toGlobalId(PAYMENTS_NODE_TYPES.payment, r.id),
      row: r,
      bankTxnRef: r.bank_txn_ref,
      amount: m(r.amount, r.currency),
      paidOn: r.paid_on,
      channel: r.channel as PaymentChannelValue,
      status: r.status as PaymentStatusValue,
      placementId: toGlobalId(PAYMENTS_NODE_TYPES.placement, r.placement_id),
      allocation: Object.assign(new PaymentAllocation(), {
        principal: a.components.principal,
        interest: a.components.interest,
        fees: a.components.fees,
        lateCharges: a.components.late_charges,
        costs: a.components.costs,
        credit: a.credit,
        installments: a.installments.map((i) => i.seq),
      }),
      note: r.note,
      postedAt: r.posted_at,
      reversedAt: r.reversed_at,
      reversalReason: r.reversal_reason,
      accountId: toGlobalId(PAYMENTS_NODE_TYPES.account, r.account_id),
    });
  }
}

@ObjectType({ description: 'The outcome of posting: the payment, and whether it had been posted before (then nothing changed)' })
export class PaymentPosted {
  @Field(() => Payment) payment: Payment;
  @Field(() => Boolean, { description: 'True when this bank transaction was already posted: nothing was changed' }) duplicate: boolean;
}
export const PostPaymentResult = resultUnion('PostPaymentResult', [PaymentPosted, NotEligible]);
export const ReversePaymentResult = resultUnion('ReversePaymentResult', [Payment, NotEligible]);

@ObjectType({ implements: Node, description: 'A promise to pay (承诺还款): an amount by a date' })
export class PromiseToPay extends Node {
  @Field(() => ID, { description: 'Promises taken together as a short series share it' }) seriesId: string;
  @Field(() => Int) seq: number;
  @Field(() => Money) amount: Money;
  @Field(() => LocalDateScalar) dueOn: string;
  @Field(() => PromiseStatusValue) status: PromiseStatusValue;
  @Field(() => Money) paid: Money;
  @Field(() => Int) graceDays: number;
  @Field(() => DateTimeScalar) takenAt: Date;
  row: PromiseRow;

  static fromRow(r: PromiseRow): PromiseToPay {
    return Object.assign(new PromiseToPay(), {
      id: toGlobalId(PAYMENTS_NODE_TYPES.promise, r.id),
      row: r,
      seriesId: toGlobalId('PromiseSeries', r.series_id),
      seq: r.seq,
      amount: m(r.amount, r.currency),
      dueOn: r.due_on,
      status: r.status as PromiseStatusValue,
      paid: m(r.paid, r.currency),
      graceDays: r.grace_days,
      takenAt: r.taken_at,
    });
  }
}

@ObjectType()
export class PromisesTaken {
  @Field(() => [PromiseToPay]) promises: PromiseToPay[];
}
export const TakePromiseResult = resultUnion('TakePromiseResult', [PromisesTaken, NotEligible]);

@ObjectType()
export class PlanInstallment {
  @Field(() => Int) seq: number;
  @Field(() => LocalDateScalar) dueOn: string;
  @Field(() => Money) amount: Money;
  @Field(() => Money) paid: Money;
  @Field(() => Boolean) settled: boolean;

  static fromRow(r: InstallmentRow, currency: string): PlanInstallment {
    return Object.assign(new PlanInstallment(), { seq: r.seq, dueOn: r.due_on, amount: m(r.amount, currency), paid: m(r.paid, currency), settled: new Decimal(r.paid).gte(r.amount) });
  }
}

@ObjectType({ description: 'One step of a plan: who did what, when and why' })
export class PlanStep {
  @Field(() => String, { description: 'proposed, approved, rejected, activated, broken, completed, cancelled, reopened' }) action: string;
  @Field(() => ApprovalLevelValue, { nullable: true }) level: ApprovalLevelValue | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => DateTimeScalar) at: Date;
  actorId: string | null;

  static fromRow(r: PlanStepRow): PlanStep {
    return Object.assign(new PlanStep(), { action: r.action, level: r.level as ApprovalLevelValue | null, reason: r.reason, at: r.at, actorId: r.actor_id });
  }
}

@ObjectType({ implements: Node, description: 'A repayment plan (分期/协商还款) with its schedule and approval chain' })
export class RepaymentPlan extends Node {
  @Field(() => ID) accountId: string;
  @Field(() => PlanStatusValue) status: PlanStatusValue;
  @Field(() => Money, { description: 'What was owed when proposed' }) basis: Money;
  @Field(() => Money, { description: 'Settlement discount (减免), granted on completion' }) discount: Money;
  @Field(() => DecimalScalar) discountPercent: string;
  @Field(() => Money, { description: 'What the installments add up to' }) total: Money;
  @Field(() => Int) months: number;
  @Field(() => LocalDateScalar) firstDueOn: string;
  @Field(() => Boolean, { description: 'Interest frozen (停息挂账) while the plan is kept' }) interestFreeze: boolean;
  @Field(() => ApprovalLevelValue, { description: 'Where the approval chain stops for these terms' }) requiredApprover: ApprovalLevelValue;
  @Field(() => String) routingReason: string;
  @Field(() => [LimitBreach], { description: 'The limits below the required approver that the plan exceeds' }) limitsExceeded: LimitBreach[];
  @Field(() => Int) policyVersion: number;
  @Field(() => String, { description: 'Signed agreement or oral-agreement recording reference (Art. 70)' }) agreementRef: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => DateTimeScalar) proposedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) endedAt: Date | null;
  @Field(() => String, { nullable: true }) endReason: string | null;
  row: PlanRow;

  static fromRow(r: PlanRow): RepaymentPlan {
    const pct = new Decimal(r.discount).div(r.basis).times(100).toDecimalPlaces(2, Decimal.ROUND_UP);
    return Object.assign(new RepaymentPlan(), {
      id: toGlobalId(PAYMENTS_NODE_TYPES.plan, r.id),
      row: r,
      accountId: toGlobalId(PAYMENTS_NODE_TYPES.account, r.account_id),
      status: r.status as PlanStatusValue,
      basis: m(r.basis, r.currency),
      discount: m(r.discount, r.currency),
      discountPercent: pct.toFixed(2),
      total: m(r.total, r.currency),
      months: r.months,
      firstDueOn: r.first_due_on,
      interestFreeze: r.interest_freeze,
      requiredApprover: r.required_level as ApprovalLevelValue,
      routingReason: r.routing_reason,
      limitsExceeded: (r.routing ?? []).map(LimitBreach.of),
      policyVersion: r.policy_version,
      agreementRef: r.agreement_ref,
      note: r.note,
      proposedAt: r.proposed_at,
      decidedAt: r.decided_at,
      endedAt: r.ended_at,
      endReason: r.end_reason,
    });
  }
}

@ObjectType()
export class RepaymentPlanConnection extends ConnectionType(RepaymentPlan) {}
export const PlanResult = resultUnion('RepaymentPlanResult', [RepaymentPlan, NotEligible]);

@ObjectType({ description: 'A schedule before proposing: installments, total and who would have to approve it' })
export class PlanPreview {
  @Field(() => Money) basis: Money;
  @Field(() => Money) discount: Money;
  @Field(() => DecimalScalar) discountPercent: string;
  @Field(() => Money) total: Money;
  @Field(() => [PlanInstallment]) installments: PlanInstallment[];
  @Field(() => ApprovalLevelValue) requiredApprover: ApprovalLevelValue;
  @Field(() => String) routingReason: string;
  @Field(() => [LimitBreach]) limitsExceeded: LimitBreach[];
  @Field(() => Int) policyVersion: number;
}
export const PlanPreviewResult = resultUnion('PlanPreviewResult', [PlanPreview, NotEligible]);

@ObjectType({ description: "An account's money: balances by component, ledger, payments, promises and plans" })
export class AccountMoney {
  @Field(() => ID) accountId: string;
  @Field(() => String) currency: string;
  @Field(() => BalanceBreakdown) balance: BalanceBreakdown;
  @Field(() => String, { nullable: true, description: 'paid_in_full or settled when the account was closed by payments' }) closeReason: string | null;
  row: AccountMoneyRow;
}

@ObjectType({ description: 'Promise-kept rate for one collector at one bank' })
export class PromiseKeptRate {
  @Field(() => Client) client: Client;
  @Field(() => User, { nullable: true }) collector: User | null;
  @Field(() => Int) promises: number;
  @Field(() => Int) kept: number;
  @Field(() => Int) partial: number;
  @Field(() => Int) broken: number;
  @Field(() => Int) open: number;
  @Field(() => DecimalScalar, { description: 'Kept ÷ judged (kept + partial + broken), 4 decimals' }) keptRate: string;
}

@ObjectType({ description: 'A balance column that differs from the sum of its ledger entries' })
export class LedgerMismatchInfo {
  @Field(() => ID) accountId: string;
  @Field(() => String) column: string;
  @Field(() => DecimalScalar) balance: string;
  @Field(() => DecimalScalar) ledgerSum: string;
}

@ObjectType()
export class MoneyJobRun {
  @Field(() => Int) promisesChanged: number;
  @Field(() => Int) plansBroken: number;
}

@InputType()
export class PostPaymentInput {
  @Field(() => ID) accountId: string;
  @Field(() => String, { description: "The bank's transaction reference: posting it again changes nothing" }) bankTxnRef: string;
  @Field(() => DecimalScalar) amount: Decimal;
  @Field(() => String, { nullable: true, description: "Defaults to the account's currency; another is refused" }) currency?: string;
  @Field(() => LocalDateScalar) paidOn: string;
  @Field(() => PaymentChannelValue, { defaultValue: PaymentChannelValue.AGENCY }) channel: PaymentChannelValue;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class PromiseItemInput {
  @Field(() => DecimalScalar) amount: Decimal;
  @Field(() => LocalDateScalar) dueOn: string;
}

@InputType()
export class TakePromiseInput {
  @Field(() => ID) accountId: string;
  @Field(() => [PromiseItemInput], { description: 'One date, or a short series (at most 6)' }) promises: PromiseItemInput[];
}

@InputType()
export class PlanTermsInputType {
  @Field(() => ID) accountId: string;
  @Field(() => Int, { description: '1 to 60 monthly installments' }) months: number;
  @Field(() => LocalDateScalar) firstDueOn: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'Settlement discount (减免), granted on completion' }) discount?: Decimal;
  @Field(() => Boolean, { defaultValue: false, description: 'Interest freeze (停息挂账)' }) interestFreeze: boolean;
}

@InputType()
export class ProposePlanInput extends PlanTermsInputType {
  @Field(() => String, { description: 'Signed agreement or recording reference (Art. 70)' }) agreementRef: string;
  @Field(() => String, { nullable: true }) note?: string;
}

export { PLATFORM_NODE_TYPES };
