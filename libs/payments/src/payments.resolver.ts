import { Decimal } from 'decimal.js';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, decodeCursor, fromGlobalIdOrThrow, LocalDateScalar, NotEligible, notFound, pageSize, perRequestLoader, requirePrincipal, toConnection, toGlobalId } from '@arrears/graphql';
import { Client, loadClient, loadUser, PLATFORM_NODE_TYPES, User } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { LedgerService } from './ledger/ledger.service.js';
import { PaymentRefusal, PaymentService, today } from './payment/payment.service.js';
import { PlanRefusal, PlanService, type InstallmentRow, type PlanStepRow } from './plan/plan.service.js';
import { evaluateDuePromises, PromiseRefusal, PromiseService } from './promise/promise.service.js';
import {
  AccountMoney,
  ApprovalLevelValue,
  BalanceBreakdown,
  LedgerEntry,
  LedgerEntryConnection,
  LedgerMismatchInfo,
  LimitBreach,
  MoneyJobRun,
  Payment,
  PaymentPosted,
  PAYMENTS_NODE_TYPES,
  PlanInstallment,
  PlanPreview,
  PlanPreviewResult,
  PlanResult,
  PlanStep,
  PlanTermsInputType,
  PostPaymentInput,
  PostPaymentResult,
  PromiseKeptRate,
  PromisesTaken,
  PromiseToPay,
  ProposePlanInput,
  RepaymentPlan,
  RepaymentPlanConnection,
  ReversePaymentResult,
  TakePromiseInput,
  TakePromiseResult,
} from './payments.types.js';

const manager = (ctx: RequestContext) => ctx.session.manager();
const accountDbId = (id: string) => fromGlobalIdOrThrow(id, PAYMENTS_NODE_TYPES.account, 'Account');
const refusal = (e: unknown): NotEligible => {
  if (e instanceof PaymentRefusal || e instanceof PlanRefusal || e instanceof PromiseRefusal) return new NotEligible(e.message, e.code);
  throw e;
};

export async function loadPlan(ctx: RequestContext, id: string) {
  return new PlanService(await manager(ctx)).get(id);
}
export async function loadPayment(ctx: RequestContext, id: string) {
  return new PaymentService(await manager(ctx)).get(id);
}

@Resolver(() => AccountMoney)
export class AccountMoneyResolver {
  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Query(() => AccountMoney, { nullable: true, description: "An account's money; null for an id that does not exist or is another tenant's" })
  async accountMoney(@Arg('accountId', () => ID) accountId: string, @Ctx() ctx: RequestContext): Promise<AccountMoney | null> {
    const row = await new LedgerService(await manager(ctx)).account(accountDbId(accountId));
    if (!row) return null;
    return Object.assign(new AccountMoney(), { accountId, currency: row.currency, balance: BalanceBreakdown.fromAccount(row), closeReason: row.close_reason, row });
  }

  @FieldResolver(() => Boolean, { description: 'The balance columns equal the sum of the ledger (recomputed now)' })
  async ledgerMatches(@Root() a: AccountMoney, @Ctx() ctx: RequestContext): Promise<boolean> {
    return (await new LedgerService(await manager(ctx)).verify([a.row.id])).length === 0;
  }

  @FieldResolver(() => LedgerEntryConnection, { description: 'Ledger entries, newest first' })
  async ledger(@Root() a: AccountMoney, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 1);
    const rows = await new LedgerService(await manager(ctx)).entries(a.row.id, first + 1, (after?.[0] as string | undefined) ?? null);
    return toConnection(rows, first, (r) => [r.seq], LedgerEntry.fromRow, !!after);
  }

  @FieldResolver(() => [Payment], { description: 'Payments, newest first (at most 100)' })
  async payments(@Root() a: AccountMoney, @Ctx() ctx: RequestContext): Promise<Payment[]> {
    return (await new PaymentService(await manager(ctx)).forAccount(a.row.id)).map(Payment.fromRow);
  }

  @FieldResolver(() => [PromiseToPay], { description: 'Promises to pay, newest first (at most 100)' })
  async promises(@Root() a: AccountMoney, @Ctx() ctx: RequestContext): Promise<PromiseToPay[]> {
    return (await new PromiseService(await manager(ctx)).forAccount(a.row.id)).map(PromiseToPay.fromRow);
  }

  @FieldResolver(() => [RepaymentPlan], { description: 'Repayment plans, newest first' })
  async plans(@Root() a: AccountMoney, @Ctx() ctx: RequestContext): Promise<RepaymentPlan[]> {
    return (await new PlanService(await manager(ctx)).forAccounts([a.row.id])).map(RepaymentPlan.fromRow);
  }
}

@Resolver(() => RepaymentPlan)
export class RepaymentPlanResolver {
  @FieldResolver(() => [PlanInstallment])
  async installments(@Root() p: RepaymentPlan, @Ctx() ctx: RequestContext): Promise<PlanInstallment[]> {
    const rows = await perRequestLoader<string, InstallmentRow[]>(ctx, 'payments.installments', async (ids) => {
      const all = await new PlanService(await manager(ctx)).installments(ids);
      return ids.map((id) => all.filter((r) => r.plan_id === id));
    }).load(p.row.id);
    return rows.map((r) => PlanInstallment.fromRow(r, p.row.currency));
  }

  @FieldResolver(() => [PlanStep], { description: 'The approval chain and later steps, oldest first' })
  async steps(@Root() p: RepaymentPlan, @Ctx() ctx: RequestContext): Promise<PlanStep[]> {
    const rows = await perRequestLoader<string, PlanStepRow[]>(ctx, 'payments.steps', async (ids) => {
      const all = await new PlanService(await manager(ctx)).steps(ids);
      return ids.map((id) => all.filter((r) => r.plan_id === id));
    }).load(p.row.id);
    return rows.map(PlanStep.fromRow);
  }

  @FieldResolver(() => String, { description: "The account's bank reference" })
  async bankRef(@Root() p: RepaymentPlan, @Ctx() ctx: RequestContext): Promise<string> {
    return perRequestLoader<string, string>(ctx, 'payments.bankRef', async (ids) => {
      const rows: { id: string; bank_ref: string }[] = await (await manager(ctx)).query(`select id, bank_ref from account where id = any($1::uuid[])`, [ids]);
      return ids.map((id) => rows.find((r) => r.id === id)?.bank_ref ?? '');
    }).load(p.row.account_id);
  }

  @FieldResolver(() => Client)
  async client(@Root() p: RepaymentPlan, @Ctx() ctx: RequestContext): Promise<Client> {
    return Client.fromRow((await loadClient(ctx, p.row.client_id))!);
  }

  @FieldResolver(() => User, { nullable: true })
  async proposedBy(@Root() p: RepaymentPlan, @Ctx() ctx: RequestContext): Promise<User | null> {
    const u = await loadUser(ctx, p.row.proposed_by);
    return u ? User.fromRow(u) : null;
  }
}

@Resolver(() => PlanStep)
export class PlanStepResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Who took the step (null when not visible to you, e.g. agency staff for a bank user)' })
  async actor(@Root() s: PlanStep, @Ctx() ctx: RequestContext): Promise<User | null> {
    if (!s.actorId) return null;
    const u = await loadUser(ctx, s.actorId);
    return u ? User.fromRow(u) : null;
  }
}

@Resolver()
export class MoneyResolver {
  @Authorized('agency_admin', 'supervisor', 'collector')
  @Mutation(() => PostPaymentResult, { description: "Post a payment; the bank's transaction reference makes a second posting a no-op that says so" })
  async postPayment(@Arg('input', () => PostPaymentInput) input: PostPaymentInput, @Ctx() ctx: RequestContext): Promise<PaymentPosted | NotEligible> {
    try {
      const out = await new PaymentService(await manager(ctx)).post(requirePrincipal(ctx), {
        accountId: accountDbId(input.accountId),
        bankTxnRef: input.bankTxnRef,
        amount: input.amount,
        currency: input.currency,
        paidOn: input.paidOn,
        channel: input.channel,
        note: input.note,
      });
      if (!out) throw notFound('Account');
      return Object.assign(new PaymentPosted(), { payment: Payment.fromRow(out.payment), duplicate: out.duplicate });
    } catch (e) {
      return refusal(e);
    }
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => ReversePaymentResult, { description: 'Reverse a payment (bounced): undoes exactly its allocation and reopens what it closed' })
  async reversePayment(@Arg('paymentId', () => ID) paymentId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext): Promise<Payment | NotEligible> {
    try {
      const row = await new PaymentService(await manager(ctx)).reverse(requirePrincipal(ctx), fromGlobalIdOrThrow(paymentId, PAYMENTS_NODE_TYPES.payment, 'Payment'), reason);
      if (!row) throw notFound('Payment');
      return Payment.fromRow(row);
    } catch (e) {
      return refusal(e);
    }
  }

  @Authorized('agency_admin', 'supervisor', 'collector')
  @Mutation(() => TakePromiseResult, { description: 'Record a promise to pay (one date or a short series)' })
  async takePromise(@Arg('input', () => TakePromiseInput) input: TakePromiseInput, @Ctx() ctx: RequestContext): Promise<PromisesTaken | NotEligible> {
    try {
      const rows = await new PromiseService(await manager(ctx)).take(
        requirePrincipal(ctx),
        accountDbId(input.accountId),
        input.promises.map((p) => ({ amount: p.amount, dueOn: p.dueOn })),
        today(),
      );
      if (!rows) throw notFound('Account');
      return Object.assign(new PromisesTaken(), { promises: rows.map(PromiseToPay.fromRow) });
    } catch (e) {
      return refusal(e);
    }
  }

  @Authorized('agency_admin', 'supervisor', 'collector')
  @Query(() => PlanPreviewResult, { description: 'The schedule and approver a plan would have, before proposing it' })
  async previewRepaymentPlan(@Arg('input', () => PlanTermsInputType) input: PlanTermsInputType, @Ctx() ctx: RequestContext): Promise<PlanPreview | NotEligible> {
    try {
      const p = await new PlanService(await manager(ctx)).preview({ ...input, accountId: accountDbId(input.accountId), discount: input.discount ?? new Decimal(0) });
      if (!p) throw notFound('Account');
      const c = p.account.currency;
      const money = (v: Decimal) => ({ amount: v.toFixed(2), currency: c });
      return Object.assign(new PlanPreview(), {
        basis: money(p.basis),
        discount: money(p.discount),
        discountPercent: p.discountPercent.toFixed(2),
        total: money(p.total),
        installments: p.installments.map((i) => PlanInstallment.fromRow({ plan_id: '', seq: i.seq, due_on: i.dueOn, amount: i.amount.toFixed(2), paid: '0', paid_at: null }, c)),
        requiredApprover: p.requiredLevel as ApprovalLevelValue,
        routingReason: p.routingReason,
        limitsExceeded: p.breaches.map(LimitBreach.of),
        policyVersion: p.policyVersion,
      });
    } catch (e) {
      return refusal(e);
    }
  }

  @Authorized('agency_admin', 'supervisor', 'collector')
  @Mutation(() => PlanResult, { description: 'Propose a plan; it waits for the approver its terms need (active at once within your own limit)' })
  async proposeRepaymentPlan(@Arg('input', () => ProposePlanInput) input: ProposePlanInput, @Ctx() ctx: RequestContext): Promise<RepaymentPlan | NotEligible> {
    try {
      const row = await new PlanService(await manager(ctx)).propose(requirePrincipal(ctx), { ...input, accountId: accountDbId(input.accountId), discount: input.discount ?? new Decimal(0) });
      if (!row) throw notFound('Account');
      return RepaymentPlan.fromRow(row);
    } catch (e) {
      return refusal(e);
    }
  }

  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Mutation(() => PlanResult, { description: 'Approve a plan waiting for your level; it becomes active and holds the account' })
  async approveRepaymentPlan(@Arg('planId', () => ID) planId: string, @Arg('reason', () => String, { nullable: true }) reason: string | undefined, @Ctx() ctx: RequestContext) {
    return this.decide(ctx, planId, (svc, actor, id) => svc.approve(actor, id, reason));
  }

  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Mutation(() => PlanResult, { description: 'Reject a plan waiting for your level, saying why' })
  async rejectRepaymentPlan(@Arg('planId', () => ID) planId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return this.decide(ctx, planId, (svc, actor, id) => svc.reject(actor, id, reason));
  }

  @Authorized('agency_admin', 'supervisor', 'collector')
  @Mutation(() => PlanResult, { description: 'Withdraw a proposed plan or close a broken one' })
  async cancelRepaymentPlan(@Arg('planId', () => ID) planId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return this.decide(ctx, planId, (svc, actor, id) => svc.cancel(actor, id, reason));
  }

  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Query(() => RepaymentPlanConnection, { description: 'Plans waiting for a decision at your level (the bank user: plans above the agency mandate), oldest first' })
  async pendingPlanApprovals(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const rows = await new PlanService(await manager(ctx)).pendingFor(requirePrincipal(ctx), first + 1, after);
    return toConnection(rows, first, (r) => [r.proposed_at.toISOString(), r.id], RepaymentPlan.fromRow, !!after);
  }

  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Query(() => [PromiseKeptRate], { description: 'Promise-kept rate per collector and bank for promises due in a period' })
  async promiseKeptRates(
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<PromiseKeptRate[]> {
    const cid = clientId ? fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client') : null;
    const rows = await new PromiseService(await manager(ctx)).keptRates(from, to, cid);
    const out: PromiseKeptRate[] = [];
    for (const r of rows) {
      const judged = r.kept + r.partial + r.broken;
      const user = await loadUser(ctx, r.taken_by);
      out.push(
        Object.assign(new PromiseKeptRate(), {
          client: Client.fromRow((await loadClient(ctx, r.client_id))!),
          collector: user ? User.fromRow(user) : null,
          promises: r.promises,
          kept: r.kept,
          partial: r.partial,
          broken: r.broken,
          open: r.open,
          keptRate: judged ? new Decimal(r.kept).div(judged).toDecimalPlaces(4).toFixed(4) : '0.0000',
        }),
      );
    }
    return out;
  }

  @Authorized('agency_admin', 'supervisor')
  @Query(() => [LedgerMismatchInfo], { description: 'Recomputes every visible balance from the ledger; empty when they all match' })
  async ledgerMismatches(@Ctx() ctx: RequestContext): Promise<LedgerMismatchInfo[]> {
    const rows = await new LedgerService(await manager(ctx)).verify();
    return rows.map((r) => Object.assign(new LedgerMismatchInfo(), { ...r, accountId: toGlobalId(PAYMENTS_NODE_TYPES.account, r.accountId) }));
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => MoneyJobRun, { description: 'Evaluate due promises and break plans with installments missed past grace, as of a date (the daily job does it too)' })
  async evaluateArrangements(@Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf: string | undefined, @Ctx() ctx: RequestContext): Promise<MoneyJobRun> {
    const db = await manager(ctx);
    const actor = requirePrincipal(ctx);
    const day = asOf ?? today();
    const promises = await evaluateDuePromises(db, day, actor);
    const plans = await new PlanService(db).breakOverdue(actor, day);
    return Object.assign(new MoneyJobRun(), { promisesChanged: promises.length, plansBroken: plans.length });
  }

  private async decide(ctx: RequestContext, planId: string, act: (svc: PlanService, actor: ReturnType<typeof requirePrincipal>, id: string) => Promise<import('./plan/plan.service.js').PlanRow | null>) {
    try {
      const row = await act(new PlanService(await manager(ctx)), requirePrincipal(ctx), fromGlobalIdOrThrow(planId, PAYMENTS_NODE_TYPES.plan, 'RepaymentPlan'));
      if (!row) throw notFound('RepaymentPlan');
      return RepaymentPlan.fromRow(row);
    } catch (e) {
      return refusal(e);
    }
  }
}
