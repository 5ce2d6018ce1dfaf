import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Max, Min } from 'class-validator';
import { DateTimeScalar, ErrorResult, fromGlobalId, fromGlobalIdOrThrow, NotEligible, notFound, perRequestLoader, requirePrincipal, resultUnion, toGlobalId } from '@arrears/graphql';
import { Account, ACCOUNT_NODE_TYPES, accountsNodeResolvers } from '@arrears/accounts';
import { loadUser, User } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { contactServiceFor } from '../attempts/contact.resolver.js';
import { ContactAttempt, ContactBlocked, ContactRule } from '../attempts/contact.types.js';
import type { Party } from '../policy/contact-policy.js';
import type { ContactDecision } from '../attempts/contact.service.js';
import { VisitService, type VisitPhotoRow, type VisitRow } from './visit.service.js';

export const VISIT_NODE_TYPES = { visit: 'FieldVisit', photo: 'FieldVisitPhoto' } as const;
const STAFF = ['agency_admin', 'supervisor', 'collector'] as const;

export enum VisitMetValue {
  DEBTOR = 'debtor',
  GUARANTOR = 'guarantor',
  ATTORNEY = 'attorney',
  THIRD_PARTY = 'third_party',
  NOBODY = 'nobody',
}
registerEnumType(VisitMetValue, { name: 'VisitMet', description: 'Whom the collector met at the visit' });

@ObjectType({ description: 'A photo taken at a field visit (kept in the document store)' })
export class FieldVisitPhoto {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  fileName: string;

  @Field(() => String)
  contentType: string;

  @Field(() => Int)
  sizeBytes: number;

  @Field(() => String)
  sha256: string;

  @Field(() => DateTimeScalar)
  uploadedAt: Date;

  @Field(() => String, { description: 'GET with the bearer token (audited download)' })
  downloadPath: string;

  static fromRow(r: VisitPhotoRow): FieldVisitPhoto {
    const visitId = toGlobalId(VISIT_NODE_TYPES.visit, r.visit_id);
    const id = toGlobalId(VISIT_NODE_TYPES.photo, r.id);
    return Object.assign(new FieldVisitPhoto(), {
      id,
      fileName: r.file_name,
      contentType: r.content_type,
      sizeBytes: Number(r.size_bytes),
      sha256: r.sha256,
      uploadedAt: r.uploaded_at,
      downloadPath: `/api/visits/${encodeURIComponent(visitId)}/photos/${encodeURIComponent(id)}`,
    });
  }
}

@ObjectType({ description: 'A field visit (上门): planned under the contact policy, its result recorded as a contact attempt of channel visit' })
export class FieldVisit {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  address: string;

  @Field(() => [ID])
  collectorIds: string[];

  @Field(() => DateTimeScalar)
  plannedAt: Date;

  @Field(() => String, { description: 'scheduled, completed, cancelled' })
  status: string;

  @Field(() => VisitMetValue, { nullable: true })
  met: VisitMetValue | null;

  @Field(() => DateTimeScalar, { nullable: true })
  checkedInAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Decimal degrees' })
  latitude: string | null;

  @Field(() => String, { nullable: true, description: 'Decimal degrees' })
  longitude: string | null;

  @Field(() => Int, { description: 'The contact policy version the plan was checked under' })
  policyVersion: number;

  @Field(() => String, { nullable: true, description: 'Why the visit was called off (cancelled visits only)' })
  cancelReason: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  cancelledAt: Date | null;

  row: VisitRow;

  static fromRow(r: VisitRow): FieldVisit {
    return Object.assign(new FieldVisit(), {
      id: toGlobalId(VISIT_NODE_TYPES.visit, r.id),
      row: r,
      address: r.address,
      collectorIds: r.collector_ids.map((u) => toGlobalId('User', u)),
      plannedAt: r.planned_at,
      status: r.status,
      met: r.met as VisitMetValue | null,
      checkedInAt: r.checked_in_at,
      latitude: r.latitude,
      longitude: r.longitude,
      policyVersion: r.policy_version,
      cancelReason: r.cancel_reason,
      cancelledAt: r.cancelled_at,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'The contact policy would not allow a visit at the planned time' })
export class VisitNotAllowed extends ErrorResult {
  @Field(() => [ContactRule])
  rules: ContactRule[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'The next time a visit would be allowed' })
  nextAllowedAt: Date | null;

  @Field(() => Int)
  policyVersion: number;
}

export const ScheduleVisitResult = resultUnion('ScheduleVisitResult', [FieldVisit, VisitNotAllowed, NotEligible]);
export const RecordVisitResult = resultUnion('RecordVisitResult', [FieldVisit, ContactBlocked, NotEligible]);
export const ReplanVisitResult = resultUnion('ReplanVisitResult', [FieldVisit, VisitNotAllowed, NotEligible]);
export const CancelVisitResult = resultUnion('CancelVisitResult', [FieldVisit, NotEligible]);

@InputType()
export class ReplanVisitInput {
  @Field(() => ID)
  visitId: string;

  @Field(() => DateTimeScalar)
  plannedAt: Date;
}

@InputType()
export class ScheduleVisitInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => String)
  @Length(1, 500)
  address: string;

  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  collectorIds: string[];

  @Field(() => DateTimeScalar)
  plannedAt: Date;
}

@InputType()
export class RecordVisitResultInput {
  @Field(() => ID)
  visitId: string;

  @Field(() => VisitMetValue)
  met: VisitMetValue;

  @Field(() => String)
  @Length(1, 60)
  outcome: string;

  @Field(() => Boolean)
  rightPartyVerified: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 4000)
  note?: string;

  @Field(() => Number, { nullable: true })
  @IsOptional()
  @Min(-90)
  @Max(90)
  latitude?: number;

  @Field(() => Number, { nullable: true })
  @IsOptional()
  @Min(-180)
  @Max(180)
  longitude?: number;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  nextActionAt?: Date;
}

function visitNotAllowed(d: ContactDecision): VisitNotAllowed {
  return Object.assign(new VisitNotAllowed(), {
    code: 'COMPLIANCE_BLOCKED',
    message: d.blocks.map((b) => b.message).join('; '),
    rules: d.blocks.map((b) => Object.assign(new ContactRule(), b)),
    nextAllowedAt: d.nextAllowedAt,
    policyVersion: d.policy.version,
  });
}

const visitDbId = (id: string) => fromGlobalIdOrThrow(id, VISIT_NODE_TYPES.visit, 'Visit');
const userDbId = (id: string) => {
  const p = fromGlobalId(id);
  return p && p.type === 'User' ? p.id : '00000000-0000-0000-0000-000000000000';
};
const svc = async (ctx: RequestContext) => new VisitService(await ctx.session.manager(), requirePrincipal(ctx));

@Resolver(() => FieldVisit)
export class VisitResolver {
  @Authorized(...STAFF)
  @Query(() => [FieldVisit], { description: 'Field visits: open ones first by planned time (at most 200); mine: visits I am sent on' })
  async fieldVisits(
    @Arg('mine', () => Boolean, { nullable: true, defaultValue: false }) mine: boolean,
    @Arg('accountId', () => ID, { nullable: true }) accountId: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<FieldVisit[]> {
    const rows = await (await svc(ctx)).list({ mine, accountId: accountId ? fromGlobalIdOrThrow(accountId, ACCOUNT_NODE_TYPES.account, 'Account') : null, first: 200 });
    return rows.map(FieldVisit.fromRow);
  }

  @Authorized(...STAFF)
  @Query(() => FieldVisit, { nullable: true })
  async fieldVisit(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<FieldVisit | null> {
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.type !== VISIT_NODE_TYPES.visit) return null;
    const row = await (await svc(ctx)).get(parsed.id);
    return row && FieldVisit.fromRow(row);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => ScheduleVisitResult, { description: 'Plan a field visit; refused when the contact policy would not allow a visit at the planned time' })
  async scheduleVisit(@Arg('input', () => ScheduleVisitInput) input: ScheduleVisitInput, @Ctx() ctx: RequestContext) {
    const now = (await contactServiceFor(ctx)).now;
    if (input.plannedAt.getTime() <= now.getTime()) return new NotEligible('Plan the visit for a time in the future', 'PLANNED_IN_PAST');
    const planning = await contactServiceFor(ctx, input.plannedAt);
    const out = await (await svc(ctx)).schedule(planning, {
      accountId: fromGlobalIdOrThrow(input.accountId, ACCOUNT_NODE_TYPES.account, 'Account'),
      address: input.address,
      collectorIds: input.collectorIds.map(userDbId),
      plannedAt: input.plannedAt,
    });
    if (!out) throw notFound('Account');
    if ('problem' in out) return new NotEligible(out.problem, out.code);
    if ('blocked' in out) return visitNotAllowed(out.blocked);
    return FieldVisit.fromRow(out.visit);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => ReplanVisitResult, { description: 'Move a planned visit to another time; checked by the contact policy at the new time, like scheduling' })
  async replanVisit(@Arg('input', () => ReplanVisitInput) input: ReplanVisitInput, @Ctx() ctx: RequestContext) {
    const visits = await svc(ctx);
    const visit = await visits.get(visitDbId(input.visitId));
    if (!visit) throw notFound('Visit');
    const now = (await contactServiceFor(ctx)).now;
    if (input.plannedAt.getTime() <= now.getTime()) return new NotEligible('Plan the visit for a time in the future', 'PLANNED_IN_PAST');
    const out = await visits.replan(await contactServiceFor(ctx, input.plannedAt), visit, input.plannedAt);
    if ('problem' in out) return new NotEligible(out.problem, out.code);
    if ('blocked' in out) return visitNotAllowed(out.blocked);
    return FieldVisit.fromRow(out.visit);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => CancelVisitResult, { description: 'Call off a planned visit, saying why; a cancelled visit cannot be recorded' })
  async cancelVisit(
    @Arg('visitId', () => ID) visitId: string,
    @Arg('reason', () => String, { description: 'Why the visit is called off (1–500 characters)' }) reason: string,
    @Ctx() ctx: RequestContext,
  ) {
    const visits = await svc(ctx);
    const visit = await visits.get(visitDbId(visitId));
    if (!visit) throw notFound('Visit');
    const out = await visits.cancel(visit, reason);
    if ('problem' in out) return new NotEligible(out.problem, out.code);
    return FieldVisit.fromRow(out.visit);
  }

  @Authorized(...STAFF)
  @Mutation(() => RecordVisitResult, { description: 'Record what happened at a visit (once): a contact attempt of channel visit, checked by the contact policy now' })
  async recordVisitResult(@Arg('input', () => RecordVisitResultInput) input: RecordVisitResultInput, @Ctx() ctx: RequestContext) {
    const visits = await svc(ctx);
    const visit = await visits.get(visitDbId(input.visitId));
    if (!visit) throw notFound('Visit');
    const out = await visits.record(await contactServiceFor(ctx), visit, {
      met: input.met as Party | 'nobody',
      outcome: input.outcome,
      rightPartyVerified: input.rightPartyVerified,
      note: input.note,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      nextActionAt: input.nextActionAt ?? null,
    });
    if ('blocked' in out) return ContactBlocked.of(out.refusal);
    if ('problem' in out) return new NotEligible(out.problem.map((p) => p.message).join('; '), out.problem[0].rule.toUpperCase());
    return FieldVisit.fromRow(out.visit);
  }

  @FieldResolver(() => Account, { nullable: true })
  async account(@Root() v: FieldVisit, @Ctx() ctx: RequestContext): Promise<Account | null> {
    return (await accountsNodeResolvers[ACCOUNT_NODE_TYPES.account](ctx, v.row.account_id)) as Account | null;
  }

  @FieldResolver(() => [User])
  async collectors(@Root() v: FieldVisit, @Ctx() ctx: RequestContext): Promise<User[]> {
    const rows = await Promise.all(v.row.collector_ids.map((id) => loadUser(ctx, id)));
    return rows.filter((r) => r !== null).map((r) => User.fromRow(r));
  }

  @FieldResolver(() => ContactAttempt, { nullable: true, description: 'The contact attempt the result was recorded as' })
  async attempt(@Root() v: FieldVisit, @Ctx() ctx: RequestContext): Promise<ContactAttempt | null> {
    if (!v.row.attempt_id) return null;
    const row = await (await contactServiceFor(ctx)).attempt(v.row.attempt_id);
    return row && ContactAttempt.fromRow(row);
  }

  @FieldResolver(() => [FieldVisitPhoto])
  async photos(@Root() v: FieldVisit, @Ctx() ctx: RequestContext): Promise<FieldVisitPhoto[]> {
    const rows = await perRequestLoader<string, VisitPhotoRow[]>(ctx, 'visits.photos', async (ids) => {
      const m = await (await svc(ctx)).photos(ids);
      return ids.map((id) => m.get(id) ?? []);
    }).load(v.row.id);
    return rows.map(FieldVisitPhoto.fromRow);
  }
}
