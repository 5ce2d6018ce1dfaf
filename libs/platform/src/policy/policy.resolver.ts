import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { DateTimeScalar, ErrorResult, fromGlobalIdOrThrow, JSONObjectScalar, notFound, requirePrincipal, resultUnion, toGlobalId } from '@arrears/graphql';
import type { RequestContext } from '@arrears/tenancy';
import { NODE_TYPES } from '../platform.types.js';
import { loadClient } from '../platform.resolver.js';
import { findPolicyKind, registeredPolicyKinds, type PolicyViolation as Violation } from './policy-kind.js';
import { PolicyService, type PolicyVersion } from './policy.service.js';

@ObjectType({ description: 'A rule a proposed policy breaks' })
export class PolicyViolation {
  @Field(() => String, { description: 'The rule, as a path in the policy body' })
  rule: string;

  @Field(() => String)
  message: string;
}

@ObjectType({ description: 'One version of a client\'s policy of one kind; version 0 is the preset in force before any change' })
export class ClientPolicy {
  @Field(() => ID)
  clientId: string;

  @Field(() => String)
  kind: string;

  @Field(() => Int)
  version: number;

  @Field(() => String, { description: 'The preset this version tightens' })
  preset: string;

  @Field(() => JSONObjectScalar)
  body: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  createdAt: Date | null;

  static from(v: PolicyVersion): ClientPolicy {
    return Object.assign(new ClientPolicy(), { ...v, clientId: toGlobalId(NODE_TYPES.client, v.clientId), body: v.body as Record<string, unknown> });
  }
}

@ObjectType()
export class PolicyPreset {
  @Field(() => String)
  name: string;

  @Field(() => JSONObjectScalar)
  body: Record<string, unknown>;
}

@ObjectType({ description: 'A kind of per-client policy a domain defines' })
export class PolicyKindInfo {
  @Field(() => String)
  kind: string;

  @Field(() => String)
  description: string;

  @Field(() => String)
  defaultPreset: string;

  @Field(() => [PolicyPreset])
  presets: PolicyPreset[];
}

@ObjectType({ implements: ErrorResult, description: 'The proposed policy is malformed or looser than its preset; nothing was stored' })
export class PolicyRejected extends ErrorResult {
  @Field(() => [PolicyViolation])
  violations: PolicyViolation[];

  constructor(violations: Violation[]) {
    super();
    this.code = 'POLICY_LOOSER_THAN_PRESET';
    this.message = violations.map((v) => `${v.rule}: ${v.message}`).join('; ');
    this.violations = violations.map((v) => Object.assign(new PolicyViolation(), v));
  }
}

export const SetClientPolicyResult = resultUnion('SetClientPolicyResult', [ClientPolicy, PolicyRejected]);

@InputType()
export class SetClientPolicyInput {
  @Field(() => ID)
  clientId: string;

  @Field(() => String)
  kind: string;

  @Field(() => String, { description: 'The preset the body tightens' })
  preset: string;

  @Field(() => JSONObjectScalar)
  body: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: 'Why it changed (kept with the version)' })
  note?: string;
}

/** A client id the caller may see, or NOT_FOUND (a foreign bank looks exactly like a missing one). */
async function visibleClientId(ctx: RequestContext, clientId: string): Promise<string> {
  const id = fromGlobalIdOrThrow(clientId, NODE_TYPES.client, 'Client');
  if (!(await loadClient(ctx, id))) throw notFound('Client');
  return id;
}

function kindOrThrow(kind: string) {
  const k = findPolicyKind(kind);
  if (!k) throw notFound(`Policy kind ${kind}`);
  return k;
}

@Resolver()
export class PolicyResolver {
  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Query(() => [PolicyKindInfo], { description: 'Every kind of per-client policy, with its presets' })
  policyKinds(): PolicyKindInfo[] {
    return registeredPolicyKinds().map((k) =>
      Object.assign(new PolicyKindInfo(), {
        kind: k.kind,
        description: k.description,
        defaultPreset: k.defaultPreset,
        presets: Object.entries(k.presets).map(([name, body]) => Object.assign(new PolicyPreset(), { name, body })),
      }),
    );
  }

  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Query(() => ClientPolicy, { description: "The version of a client's policy in force now" })
  async clientPolicy(@Arg('clientId', () => ID) clientId: string, @Arg('kind', () => String) kind: string, @Ctx() ctx: RequestContext): Promise<ClientPolicy> {
    const id = await visibleClientId(ctx, clientId);
    return ClientPolicy.from(await new PolicyService(await ctx.session.manager()).current(kindOrThrow(kind), id));
  }

  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Query(() => [ClientPolicy], { description: 'Every stored version, newest first (at most 100)' })
  async clientPolicyVersions(@Arg('clientId', () => ID) clientId: string, @Arg('kind', () => String) kind: string, @Ctx() ctx: RequestContext): Promise<ClientPolicy[]> {
    const id = await visibleClientId(ctx, clientId);
    kindOrThrow(kind);
    return (await new PolicyService(await ctx.session.manager()).history(kind, id)).map(ClientPolicy.from);
  }

  @Authorized('agency_admin')
  @Mutation(() => SetClientPolicyResult, { description: 'Store a new version of a client policy; it may only tighten its preset' })
  async setClientPolicy(@Arg('input', () => SetClientPolicyInput) input: SetClientPolicyInput, @Ctx() ctx: RequestContext): Promise<ClientPolicy | PolicyRejected> {
    const id = await visibleClientId(ctx, input.clientId);
    const result = await new PolicyService(await ctx.session.manager()).propose(requirePrincipal(ctx), { ...input, clientId: id });
    return result.ok ? ClientPolicy.from(result.version) : new PolicyRejected(result.violations);
  }
}
