import { Arg, Authorized, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { NotEligible, requirePrincipal, resultUnion } from '@arrears/graphql';
import type { RequestContext } from '@arrears/tenancy';
import { ACKNOWLEDGEMENT_CODE, OUTCOME_KINDS, type AgencyOutcome, type OutcomeKind } from './outcome-list.js';
import { OutcomeService } from './outcome.service.js';

const KIND_VALUES = Object.fromEntries(OUTCOME_KINDS.map((k) => [k.toUpperCase(), k])) as Record<string, OutcomeKind>;
registerEnumType(KIND_VALUES, { name: 'ContactOutcomeKind', description: 'What an outcome means: a promise, a refusal, an acknowledgement of the debt, a wrong number, …' });

@ObjectType({ description: "An entry of the agency's outcome list (labels in both languages)" })
export class ContactOutcome {
  @Field(() => String)
  code: string;

  @Field(() => String)
  labelZh: string;

  @Field(() => String)
  labelEn: string;

  @Field(() => Boolean, { description: 'A conversation took place (counted apart from attempts)' })
  connected: boolean;

  @Field(() => Boolean, { description: 'Discusses the debt: needs a verified right party, never a third party' })
  disclosesDebt: boolean;

  @Field(() => KIND_VALUES)
  kind: OutcomeKind;

  @Field(() => Boolean, { description: 'The debt was acknowledged (legal restarts limitation periods on it); only the built-in debt_acknowledged' })
  acknowledgesDebt: boolean;

  @Field(() => String, { nullable: true, description: 'The hold this outcome places (built-in outcomes only)' })
  placesHold: string | null;

  @Field(() => Boolean, { description: 'A built-in outcome: its meaning is fixed, its labels and use are not' })
  builtIn: boolean;

  @Field(() => Boolean)
  active: boolean;

  @Field(() => Int)
  sort: number;

  static of(o: AgencyOutcome): ContactOutcome {
    return Object.assign(new ContactOutcome(), {
      code: o.code,
      labelZh: o.labelZh,
      labelEn: o.labelEn,
      connected: o.connected,
      disclosesDebt: o.disclosesDebt,
      kind: o.kind,
      acknowledgesDebt: o.code === ACKNOWLEDGEMENT_CODE && o.kind === 'acknowledgement',
      placesHold: o.placesHold ?? null,
      builtIn: o.builtIn,
      active: o.active,
      sort: o.sort,
    });
  }
}

@InputType()
export class SetContactOutcomeInput {
  @Field(() => String)
  @Length(2, 60)
  code: string;

  @Field(() => String)
  @Length(1, 100)
  labelZh: string;

  @Field(() => String)
  @Length(1, 100)
  labelEn: string;

  @Field(() => Boolean)
  connected: boolean;

  @Field(() => Boolean)
  disclosesDebt: boolean;

  @Field(() => KIND_VALUES)
  kind: OutcomeKind;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  @IsOptional()
  active?: boolean;

  @Field(() => Int, { nullable: true, defaultValue: 100 })
  @IsOptional()
  @Min(0)
  @Max(10_000)
  sort?: number;
}

export const SetContactOutcomeResult = resultUnion('SetContactOutcomeResult', [ContactOutcome, NotEligible]);

@Resolver()
export class OutcomeResolver {
  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Query(() => [ContactOutcome], { description: "The agency's outcome list (the built-in defaults until an admin edits it); inactive ones only on request" })
  async contactOutcomes(@Arg('includeInactive', () => Boolean, { nullable: true, defaultValue: false }) includeInactive: boolean, @Ctx() ctx: RequestContext): Promise<ContactOutcome[]> {
    const list = await new OutcomeService(await ctx.session.manager()).list();
    return list.filter((o) => includeInactive || o.active).map(ContactOutcome.of);
  }

  @Authorized('agency_admin')
  @Mutation(() => SetContactOutcomeResult, { description: "Add or change an outcome of the agency's list; a built-in outcome keeps its meaning" })
  async setContactOutcome(@Arg('input', () => SetContactOutcomeInput) input: SetContactOutcomeInput, @Ctx() ctx: RequestContext) {
    const out = await new OutcomeService(await ctx.session.manager()).set(requirePrincipal(ctx), {
      code: input.code.trim(),
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      connected: input.connected,
      disclosesDebt: input.disclosesDebt,
      kind: input.kind,
      active: input.active ?? true,
      sort: input.sort ?? 100,
    });
    if ('problems' in out) return new NotEligible(out.problems.map((p) => p.message).join('; '), out.problems[0].code);
    return ContactOutcome.of(out.outcome);
  }
}
