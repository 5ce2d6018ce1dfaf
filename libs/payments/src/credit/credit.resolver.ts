import type { Decimal } from 'decimal.js';
import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { DateTimeScalar, DecimalScalar, fromGlobalIdOrThrow, LocalDateScalar, NotEligible, notFound, requirePrincipal, resultUnion, toGlobalId } from '@arrears/graphql';
import type { RequestContext } from '@arrears/tenancy';
import { AccountMoney, PAYMENTS_NODE_TYPES } from '../payments.types.js';
import { CreditRefusal, CreditService, type CreditRefundRow, type CreditTransferRow } from './credit.service.js';

@ObjectType({ description: "A credit given back to the debtor (the transfer's reference), approved by a supervisor or an agency admin" })
export class CreditRefund {
  @Field(() => ID) id: string;
  @Field(() => DecimalScalar) amount: string;
  @Field(() => String) reference: string;
  @Field(() => LocalDateScalar) refundedOn: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => DateTimeScalar) createdAt: Date;

  static fromRow(r: CreditRefundRow): CreditRefund {
    return Object.assign(new CreditRefund(), { id: toGlobalId('CreditRefund', r.id), amount: r.amount, reference: r.reference, refundedOn: r.refunded_on, note: r.note, createdAt: r.created_at });
  }
}

@ObjectType({ description: 'The outcome of a refund: it, and whether its reference had been refunded before (then nothing changed)' })
export class CreditRefunded {
  @Field(() => CreditRefund) refund: CreditRefund;
  @Field(() => Boolean) duplicate: boolean;
}

@ObjectType({ description: "A credit applied to another account of the same debtor at the same bank" })
export class CreditTransfer {
  @Field(() => ID) id: string;
  @Field(() => ID) fromAccountId: string;
  @Field(() => ID) toAccountId: string;
  @Field(() => DecimalScalar) amount: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => DateTimeScalar) createdAt: Date;

  static fromRow(r: CreditTransferRow): CreditTransfer {
    return Object.assign(new CreditTransfer(), {
      id: toGlobalId('CreditTransfer', r.id),
      fromAccountId: toGlobalId(PAYMENTS_NODE_TYPES.account, r.from_account_id),
      toAccountId: toGlobalId(PAYMENTS_NODE_TYPES.account, r.to_account_id),
      amount: r.amount,
      note: r.note,
      createdAt: r.created_at,
    });
  }
}

@ObjectType({ description: "Another active account of the same debtor at the same bank, where the credit may be applied" })
export class CreditTarget {
  @Field(() => ID) accountId: string;
  @Field(() => String) bankRef: string;
  @Field(() => DecimalScalar) totalDue: string;
}

export const RefundCreditResult = resultUnion('RefundCreditResult', [CreditRefunded, NotEligible]);
export const ApplyCreditResult = resultUnion('ApplyCreditResult', [CreditTransfer, NotEligible]);

@InputType()
export class RefundCreditInput {
  @Field(() => ID) accountId: string;
  @Field(() => DecimalScalar) amount: Decimal;
  @Field(() => String, { description: 'The reference of the transfer to the debtor: refunding it again changes nothing' })
  @MaxLength(100)
  reference: string;
  @Field(() => LocalDateScalar, { nullable: true, description: "Defaults to today" }) refundedOn?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType()
export class ApplyCreditInput {
  @Field(() => ID) fromAccountId: string;
  @Field(() => ID, { description: 'Another account of the same debtor at the same bank' }) toAccountId: string;
  @Field(() => DecimalScalar) amount: Decimal;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

const accountDbId = (id: string) => fromGlobalIdOrThrow(id, PAYMENTS_NODE_TYPES.account, 'Account');
const refusal = (e: unknown): NotEligible => {
  if (e instanceof CreditRefusal) return new NotEligible(e.message, e.code);
  throw e;
};

@Resolver(() => AccountMoney)
export class AccountCreditResolver {
  @FieldResolver(() => String, { description: 'ACTIVE, RECALLED or CLOSED' })
  accountStatus(@Root() a: AccountMoney): string {
    return a.row.status.toUpperCase();
  }

  @FieldResolver(() => [CreditRefund], { description: 'Credits refunded, newest first (at most 100)' })
  async refunds(@Root() a: AccountMoney, @Ctx() ctx: RequestContext): Promise<CreditRefund[]> {
    return (await new CreditService(await ctx.session.manager()).refundsOf(a.row.id)).map(CreditRefund.fromRow);
  }

  @FieldResolver(() => [CreditTransfer], { description: 'Credits applied from or to this account, newest first (at most 100)' })
  async creditTransfers(@Root() a: AccountMoney, @Ctx() ctx: RequestContext): Promise<CreditTransfer[]> {
    return (await new CreditService(await ctx.session.manager()).transfersOf(a.row.id)).map(CreditTransfer.fromRow);
  }

  @FieldResolver(() => [CreditTarget], { description: "The same debtor's other active accounts at this bank (at most 50)" })
  async creditTargets(@Root() a: AccountMoney, @Ctx() ctx: RequestContext): Promise<CreditTarget[]> {
    const rows = await new CreditService(await ctx.session.manager()).sameDebtorAccounts(a.row.id);
    return rows.map((r) => Object.assign(new CreditTarget(), { accountId: toGlobalId(PAYMENTS_NODE_TYPES.account, r.id), bankRef: r.bank_ref, totalDue: r.total_due }));
  }
}

@Resolver()
export class CreditResolver {
  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => RefundCreditResult, { description: "Refund (part of) an account's credit to the debtor, with the transfer's reference" })
  async refundCredit(@Arg('input', () => RefundCreditInput) input: RefundCreditInput, @Ctx() ctx: RequestContext): Promise<CreditRefunded | NotEligible> {
    try {
      const out = await new CreditService(await ctx.session.manager()).refund(requirePrincipal(ctx), {
        accountId: accountDbId(input.accountId),
        amount: input.amount,
        reference: input.reference,
        refundedOn: input.refundedOn,
        note: input.note,
      });
      if (!out) throw notFound('Account');
      return Object.assign(new CreditRefunded(), { refund: CreditRefund.fromRow(out.refund), duplicate: out.duplicate });
    } catch (e) {
      return refusal(e);
    }
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => ApplyCreditResult, { description: "Apply (part of) an account's credit to another account of the same debtor at the same bank" })
  async applyCredit(@Arg('input', () => ApplyCreditInput) input: ApplyCreditInput, @Ctx() ctx: RequestContext): Promise<CreditTransfer | NotEligible> {
    try {
      const out = await new CreditService(await ctx.session.manager()).apply(requirePrincipal(ctx), {
        fromAccountId: accountDbId(input.fromAccountId),
        toAccountId: accountDbId(input.toAccountId),
        amount: input.amount,
        note: input.note,
      });
      if (!out) throw notFound('Account');
      return CreditTransfer.fromRow(out);
    } catch (e) {
      return refusal(e);
    }
  }
}
