import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, decodeCursor, fromGlobalId, fromGlobalIdOrThrow, LocalDateScalar, NotEligible, notFound, pageSize, perRequestLoader, requirePrincipal, toConnection } from '@arrears/graphql';
import { loadClient, loadUser, Client, PLATFORM_NODE_TYPES, User } from '@arrears/platform';
import type { Principal, RequestContext } from '@arrears/tenancy';
import type { ComplaintAction } from '../workflow/complaint-workflow.js';
import { listCategories, setCategory } from './categories.js';
import { ComplaintService, type ComplaintCriteria, type ComplaintDetailRow, type ComplaintEntryRow, type ComplaintHistoryRow, type ComplaintRow } from './complaint.service.js';
import { complaintSummary } from './complaint-summary.js';
import {
  Complaint,
  ComplaintCategory,
  ComplaintCategoryResult,
  SetComplaintCategoryInput,
  ComplaintConnection,
  ComplaintDetail,
  ComplaintEntry,
  ComplaintEntryResult,
  ComplaintFilter,
  ComplaintHistoryEntry,
  ComplaintResult,
  ComplaintSummary,
  COMPLAINT_NODE_TYPES,
  RaiseComplaintInput,
  ResolveComplaintInput,
} from './complaint.types.js';

const service = async (ctx: RequestContext) => new ComplaintService(await ctx.session.manager());
const STAFF_AND_BANK = ['agency_admin', 'supervisor', 'collector', 'client_user'] as const;
const HANDLERS = ['agency_admin', 'supervisor'] as const;

export function loadComplaint(ctx: RequestContext, id: string): Promise<ComplaintRow | null> {
  return perRequestLoader<string, ComplaintRow | null>(ctx, 'complaints.complaint', async (ids) => {
    const rows = await (await service(ctx)).byIds(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

/** A global id of `type`, or NOT_FOUND (a foreign or malformed id is a missing one). */
const dbId = (globalId: string | undefined | null, type: string, label: string) => (globalId ? fromGlobalIdOrThrow(globalId, type, label) : null);
/** A plain reference to another domain's row (a contact attempt, a letter): any well-formed id of that type. */
const plainRef = (globalId: string | undefined | null, type: string) => {
  if (!globalId) return null;
  const parsed = fromGlobalId(globalId);
  if (!parsed || parsed.type !== type) throw notFound(type);
  return parsed.id;
};

function criteria(f: ComplaintFilter | undefined): ComplaintCriteria {
  return {
    statuses: f?.statuses,
    categories: f?.categories,
    clientId: dbId(f?.clientId, PLATFORM_NODE_TYPES.client, 'Client'),
    accountId: dbId(f?.accountId, 'Account', 'Account'),
    againstUserId: dbId(f?.collectorId, PLATFORM_NODE_TYPES.user, 'User'),
    handlerId: dbId(f?.handlerId, PLATFORM_NODE_TYPES.user, 'User'),
    dueBefore: f?.dueBefore,
    overdue: f?.overdue,
    dueSoon: f?.dueSoon,
    reference: f?.reference,
  };
}

const toResult = (r: { ok: true; value: ComplaintRow } | { ok: false; code: string; message: string }) => (r.ok ? Complaint.fromRow(r.value) : new NotEligible(r.message, r.code));

@Resolver(() => Complaint)
export class ComplaintResolver {
  @Authorized(...STAFF_AND_BANK)
  @Query(() => ComplaintConnection, { description: 'Complaints the caller may see, earliest regulatory deadline first' })
  async complaints(@Args(() => ConnectionArgs) args: ConnectionArgs, @Arg('filter', () => ComplaintFilter, { nullable: true }) filter: ComplaintFilter | undefined, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const svc = await service(ctx);
    const c = criteria(filter);
    const rows = await svc.list(c, first, after);
    return toConnection(rows, first, (r) => [r.regulatory_due_on, r.id], (r) => Complaint.fromRow(r), Boolean(after), () => svc.count(c));
  }

  @Authorized(...STAFF_AND_BANK)
  @Query(() => Complaint, { nullable: true })
  async complaint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Complaint | null> {
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.type !== COMPLAINT_NODE_TYPES.complaint) return null;
    const row = await loadComplaint(ctx, parsed.id);
    return row && Complaint.fromRow(row);
  }

  @Authorized(...STAFF_AND_BANK)
  @Query(() => [ComplaintCategory], { description: "The agency's complaint categories" })
  async complaintCategories(@Ctx() ctx: RequestContext): Promise<ComplaintCategory[]> {
    return (await listCategories(await ctx.session.manager())).map((c) => Object.assign(new ComplaintCategory(), c));
  }

  @Authorized('agency_admin')
  @Mutation(() => ComplaintCategoryResult, { description: "Add, rename or retire one of the agency's own complaint categories" })
  async setComplaintCategory(@Arg('input', () => SetComplaintCategoryInput) input: SetComplaintCategoryInput, @Ctx() ctx: RequestContext) {
    const actor = requirePrincipal(ctx);
    const r = await setCategory(await ctx.session.manager(), actor.agencyId as string, { ...input, active: input.active ?? true });
    return r.ok ? Object.assign(new ComplaintCategory(), r.value) : new NotEligible(r.message, r.code);
  }

  @Authorized(...STAFF_AND_BANK)
  @Query(() => ComplaintSummary, { description: 'Counts by category, collector and bank, with deadline breaches; received in [from, to] when given' })
  async complaintSummary(
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined,
    @Arg('from', () => LocalDateScalar, { nullable: true }) from: string | undefined,
    @Arg('to', () => LocalDateScalar, { nullable: true }) to: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ComplaintSummary> {
    return complaintSummary(await ctx.session.manager(), { clientId: dbId(clientId, PLATFORM_NODE_TYPES.client, 'Client'), from: from ?? null, to: to ?? null });
  }

  @FieldResolver(() => Client)
  async client(@Root() c: Complaint, @Ctx() ctx: RequestContext) {
    const row = await loadClient(ctx, c.row.client_id);
    return row && Client.fromRow(row);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who it is against (null when none, or not visible to the caller: banks do not see agency staff)' })
  againstCollector(@Root() c: Complaint, @Ctx() ctx: RequestContext) {
    return this.user(ctx, c.row.against_user_id);
  }

  @FieldResolver(() => User, { nullable: true })
  handler(@Root() c: Complaint, @Ctx() ctx: RequestContext) {
    return this.user(ctx, c.row.handler_id);
  }

  @FieldResolver(() => User, { nullable: true })
  raisedBy(@Root() c: Complaint, @Ctx() ctx: RequestContext) {
    return this.user(ctx, c.row.raised_by);
  }

  @FieldResolver(() => ComplaintDetail, { nullable: true, description: 'The body; null when the caller may not read it (the person complained against)' })
  async detail(@Root() c: Complaint, @Ctx() ctx: RequestContext): Promise<ComplaintDetail | null> {
    const row = await perRequestLoader<string, ComplaintDetailRow | null>(ctx, 'complaints.detail', async (ids) => {
      const rows = await (await service(ctx)).details(ids);
      return ids.map((id) => rows.find((r) => r.complaint_id === id) ?? null);
    }).load(c.row.id);
    return row && ComplaintDetail.fromRow(row);
  }

  @FieldResolver(() => [ComplaintEntry], { description: 'Comments and evidence, oldest first (empty for whoever may not read the body)' })
  async entries(@Root() c: Complaint, @Ctx() ctx: RequestContext): Promise<ComplaintEntry[]> {
    const rows = await perRequestLoader<string, ComplaintEntryRow[]>(ctx, 'complaints.entries', async (ids) => {
      const all = await (await service(ctx)).entries(ids);
      return ids.map((id) => all.filter((r) => r.complaint_id === id));
    }).load(c.row.id);
    return rows.map(ComplaintEntry.fromRow);
  }

  @FieldResolver(() => [ComplaintHistoryEntry])
  async history(@Root() c: Complaint, @Ctx() ctx: RequestContext): Promise<ComplaintHistoryEntry[]> {
    const rows = await perRequestLoader<string, ComplaintHistoryRow[]>(ctx, 'complaints.history', async (ids) => {
      const all = await (await service(ctx)).history(ids);
      return ids.map((id) => all.filter((r) => r.complaint_id === id));
    }).load(c.row.id);
    return rows.map(ComplaintHistoryEntry.fromRow);
  }

  private async user(ctx: RequestContext, id: string | null) {
    if (!id) return null;
    const row = await loadUser(ctx, id);
    return row && User.fromRow(row);
  }

  @Authorized(...STAFF_AND_BANK)
  @Mutation(() => ComplaintResult, { description: 'Take a complaint: starts both clocks and holds the account' })
  async raiseComplaint(@Arg('input', () => RaiseComplaintInput) input: RaiseComplaintInput, @Ctx() ctx: RequestContext) {
    const actor = requirePrincipal(ctx);
    const staffOnly = actor.role === 'client_user' && (input.againstCollectorId || input.handlerId);
    if (staffOnly) return new NotEligible('A bank names the collector through againstAssignedCollector and leaves the handler to the agency', 'NOT_ALLOWED_FOR_BANK');
    const r = await (await service(ctx)).raise(actor, {
      clientId: dbId(input.clientId, PLATFORM_NODE_TYPES.client, 'Client'),
      accountId: dbId(input.accountId, 'Account', 'Account'),
      source: input.source,
      regulatorRef: input.regulatorRef,
      category: input.category,
      severity: input.severity,
      againstUserId: dbId(input.againstCollectorId, PLATFORM_NODE_TYPES.user, 'User'),
      againstAssignedCollector: input.againstAssignedCollector,
      againstContactAttemptId: plainRef(input.againstContactAttemptId, COMPLAINT_NODE_TYPES.contactAttempt),
      againstLetterId: plainRef(input.againstLetterId, COMPLAINT_NODE_TYPES.letter),
      handlerId: dbId(input.handlerId, PLATFORM_NODE_TYPES.user, 'User'),
      complainantName: input.complainantName,
      complainantPhone: input.complainantPhone,
      complainantRelation: input.complainantRelation,
      words: input.words,
      doNotCallRequested: input.doNotCallRequested,
      receivedAt: input.receivedAt,
    });
    return toResult(r);
  }

  private async act(ctx: RequestContext, id: string, action: ComplaintAction, extra: Parameters<ComplaintService['act']>[3] = {}) {
    const actor: Principal = requirePrincipal(ctx);
    const dbid = fromGlobalIdOrThrow(id, COMPLAINT_NODE_TYPES.complaint, 'Complaint');
    return toResult(await (await service(ctx)).act(actor, dbid, action, extra));
  }

  @Authorized(...HANDLERS)
  @Mutation(() => ComplaintResult)
  acknowledgeComplaint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return this.act(ctx, id, 'acknowledge');
  }

  @Authorized(...HANDLERS)
  @Mutation(() => ComplaintResult)
  startComplaintInvestigation(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return this.act(ctx, id, 'investigate');
  }

  @Authorized(...HANDLERS)
  @Mutation(() => ComplaintResult, { description: 'Decide: outcome, root cause, remedy; writes the outcome notice with the further channels of redress' })
  resolveComplaint(@Arg('input', () => ResolveComplaintInput) input: ResolveComplaintInput, @Ctx() ctx: RequestContext) {
    return this.act(ctx, input.id, 'resolve', { outcome: input.outcome, rootCause: input.rootCause, remedy: input.remedy, findings: input.findings });
  }

  @Authorized(...HANDLERS)
  @Mutation(() => ComplaintResult, { description: 'Close a resolved complaint: lifts its hold (other holds stay)' })
  closeComplaint(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    return this.act(ctx, id, 'close');
  }

  @Authorized(...HANDLERS)
  @Mutation(() => ComplaintResult, { description: 'The complainant withdrew: stops the clocks and lifts the hold' })
  withdrawComplaint(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return this.act(ctx, id, 'withdraw', { reason });
  }

  @Authorized(...HANDLERS)
  @Mutation(() => ComplaintResult, { description: 'Reopen a decided or withdrawn complaint: back to investigation, clocks restart, the account is held again' })
  reopenComplaint(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return this.act(ctx, id, 'reopen', { reason });
  }

  @Authorized(...HANDLERS)
  @Mutation(() => ComplaintResult, { description: 'Extend the regulatory deadline to the next step the policy allows; records the reason and the approver (the caller)' })
  extendComplaintDeadline(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext) {
    return this.act(ctx, id, 'extend', { reason });
  }

  @Authorized(...HANDLERS)
  @Mutation(() => ComplaintResult, { description: 'Hand the complaint to a supervisor or admin (never the person complained against)' })
  assignComplaintHandler(@Arg('id', () => ID) id: string, @Arg('handlerId', () => ID) handlerId: string, @Ctx() ctx: RequestContext) {
    return this.act(ctx, id, 'assign', { handlerId: fromGlobalIdOrThrow(handlerId, PLATFORM_NODE_TYPES.user, 'User') });
  }

  @Authorized(...STAFF_AND_BANK)
  @Mutation(() => ComplaintEntryResult, { description: 'A comment from staff or the bank' })
  async addComplaintComment(@Arg('id', () => ID) id: string, @Arg('text', () => String) text: string, @Ctx() ctx: RequestContext) {
    const dbid = fromGlobalIdOrThrow(id, COMPLAINT_NODE_TYPES.complaint, 'Complaint');
    const r = await (await service(ctx)).comment(requirePrincipal(ctx), dbid, text);
    return r.ok ? ComplaintEntry.fromRow(r.value) : new NotEligible(r.message, r.code);
  }
}

@Resolver(() => ComplaintEntry)
export class ComplaintEntryResolver {
  @FieldResolver(() => User, { nullable: true, description: 'Null when the caller does not see that user (a bank does not see agency staff)' })
  async author(@Root() e: ComplaintEntry, @Ctx() ctx: RequestContext) {
    const row = await loadUser(ctx, e.authorId);
    return row && User.fromRow(row);
  }
}

@Resolver(() => ComplaintHistoryEntry)
export class ComplaintHistoryResolver {
  @FieldResolver(() => User, { nullable: true })
  async actor(@Root() h: ComplaintHistoryEntry, @Ctx() ctx: RequestContext) {
    const row = await loadUser(ctx, h.actorId);
    return row && User.fromRow(row);
  }
}
