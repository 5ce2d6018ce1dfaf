import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { badInput, DateTimeScalar, fromGlobalIdOrThrow, notFound, perRequestLoader, requirePrincipal, toGlobalId } from '@arrears/graphql';
import { PLATFORM_NODE_TYPES } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { Account, ACCOUNT_NODE_TYPES } from '../account/account.types.js';
import { HoldService, type HoldReason, type HoldRow } from './hold.service.js';

export enum HoldReasonValue {
  COMPLAINT = 'complaint',
  DISPUTE = 'dispute',
  HARDSHIP = 'hardship',
  INSTALLMENT_PLAN = 'installment_plan',
  LEGAL_CASE = 'legal_case',
  CEASE_REQUEST = 'cease_request',
  ATTORNEY_REPRESENTED = 'attorney_represented',
  BANKRUPTCY = 'bankruptcy',
  DECEASED = 'deceased',
  OTHER = 'other',
}
registerEnumType(HoldReasonValue, { name: 'HoldReason', description: 'Why an account may not be worked' });

export const HOLD_NODE_TYPE = 'AccountHold';

/** Reasons other domains place and lift themselves: staff cannot place or lift them by hand. */
const DOMAIN_REASONS: readonly HoldReason[] = ['complaint', 'installment_plan', 'legal_case'];

@ObjectType({ description: 'A hold: while in force the account is not contactable and in no queue' })
export class AccountHold {
  @Field(() => ID)
  id: string;

  @Field(() => HoldReasonValue)
  reason: HoldReasonValue;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'What placed it (complaint, repayment plan, legal case), when a domain did' })
  sourceType: string | null;

  @Field(() => ID, { nullable: true })
  placedById: string;

  @Field(() => DateTimeScalar)
  placedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  endsAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  liftedAt: Date | null;

  static fromRow(r: HoldRow): AccountHold {
    return Object.assign(new AccountHold(), {
      id: toGlobalId(HOLD_NODE_TYPE, r.id),
      reason: r.reason as HoldReasonValue,
      note: r.note,
      sourceType: r.source_type,
      placedById: toGlobalId(PLATFORM_NODE_TYPES.user, r.placed_by),
      placedAt: r.placed_at,
      endsAt: r.ends_at,
      liftedAt: r.lifted_at,
    });
  }
}

@InputType()
export class PlaceHoldInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => HoldReasonValue)
  reason: HoldReasonValue;

  @Field(() => String, { nullable: true })
  note?: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the hold ends by itself (none: until lifted)' })
  endsAt?: Date;
}

@Resolver(() => Account)
export class AccountHoldsResolver {
  @FieldResolver(() => [AccountHold], { description: 'Holds in force now' })
  async holds(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<AccountHold[]> {
    const rows = await perRequestLoader<string, HoldRow[]>(ctx, 'accounts.holds', async (ids) => {
      const byAccount = await new HoldService(await ctx.session.manager()).inForce(ids);
      return ids.map((id) => byAccount.get(id) ?? []);
    }).load(a.row.id);
    return rows.map(AccountHold.fromRow);
  }
}

@Resolver()
export class HoldResolver {
  @Authorized('agency_admin', 'supervisor', 'collector')
  @Mutation(() => AccountHold, { description: 'Hold an account (hardship, dispute, cease request, …); complaint, plan and legal holds come from their own domains' })
  async placeHold(@Arg('input', () => PlaceHoldInput) input: PlaceHoldInput, @Ctx() ctx: RequestContext): Promise<AccountHold> {
    if (DOMAIN_REASONS.includes(input.reason as HoldReason)) throw badInput(`A ${input.reason} hold is placed by its own workflow`, { reason: 'HOLD_BY_WORKFLOW' });
    const accountId = fromGlobalIdOrThrow(input.accountId, ACCOUNT_NODE_TYPES.account, 'Account');
    const row = await new HoldService(await ctx.session.manager()).place(requirePrincipal(ctx), { accountId, reason: input.reason as HoldReason, note: input.note, endsAt: input.endsAt });
    if (!row) throw notFound('Account');
    return AccountHold.fromRow(row);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => AccountHold, { description: 'Lift a hold placed by hand' })
  async liftHold(@Arg('holdId', () => ID) holdId: string, @Arg('note', () => String, { nullable: true }) note: string | undefined, @Ctx() ctx: RequestContext): Promise<AccountHold> {
    const id = fromGlobalIdOrThrow(holdId, HOLD_NODE_TYPE, 'Hold');
    const svc = new HoldService(await ctx.session.manager());
    const current = await svc.get(id);
    if (!current || current.lifted_at) throw notFound('Hold');
    if (current.source_type) throw badInput(`This hold is lifted by its ${current.source_type}`, { reason: 'HOLD_BY_WORKFLOW' });
    const row = await svc.lift(requirePrincipal(ctx), id, note);
    if (!row) throw notFound('Hold');
    return AccountHold.fromRow(row);
  }
}
