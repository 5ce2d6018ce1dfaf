import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { badInput, notFound, ConnectionArgs, ConnectionType, fromGlobalId, fromGlobalIdOrThrow, LocalDateScalar, Money, NotEligible, pageSize, perRequestLoader, requirePrincipal, selectedFields, selectsPath, toConnection, toGlobalId, type ConnectionResult } from '@arrears/graphql';
import { Client, loadClient, loadUser, PLATFORM_NODE_TYPES, primeClient, User } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { maskPhone } from '../protected-data.js';
import { localDate, type Bucket } from '../aging/aging.js';
import { recomputeAging } from '../aging/aging.service.js';
import { priorityFactors, QUEUE_WEIGHTS, type QueueWeights } from '../queue/priority.js';
import { loadPolicyInForce, type PolicyVersion } from '@arrears/platform';
import { breakdown, episodeLinesByBucketAtPlacement, readSnapshot, refreshPortfolioSnapshot } from '../portfolio/portfolio.service.js';
import { AssignmentService, type AssignmentTarget } from '../assignment/assignment.service.js';
import type { AssignmentRule } from '../assignment/assignment-rule.js';
import { AccountService, type AccountJoins } from './account.service.js';
import { queueGate } from '../queue/contactability.js';
import type { AccountCriteria } from './account-query.js';
import { QueueFilter, AccountFilter, AccountOrder, AccountOrderField, AssignAccountsInput, AssignmentRuleKind, OrderDirection, RecallInput, type AssignmentRuleInput } from './account.inputs.js';
import { Account, accountColumnsFor, ACCOUNT_NODE_TYPES, CLIENT_COLUMNS, clientColumnsFor, debtorColumnsFor, AssignmentChange, BucketChange, BucketValue, Debtor, Placement, QueuePriority, ThirdPartyContact, type AccountRow, type DebtorRow, type JoinedClientRow, type PlacementRow } from './account.types.js';
import { AgingRun, AssignmentResult, AssignmentSummary, CollectorAssignmentCount, PortfolioBreakdown, PortfolioSummary, RecallOpenItem, RecallSummary } from './results.types.js';
import { recallAccounts, type RecallReasonCode } from '../assignment/recall.js';

@ObjectType()
export class AccountConnection extends ConnectionType(Account) {}
@ObjectType()
export class PlacementConnection extends ConnectionType(Placement) {}

const accounts = async (ctx: RequestContext) => new AccountService(await ctx.session.manager());
const dbId = (id: string | undefined, type: string, label: string) => (id ? fromGlobalIdOrThrow(id, type, label) : undefined);

/** Opaque ids of a filter to database ids; a foreign id matches nothing, like a missing one. */
export function toCriteria(f: AccountFilter | undefined): AccountCriteria {
  if (!f) return {};
  return {
    clientId: dbId(f.clientId, PLATFORM_NODE_TYPES.client, 'Client'),
    placementId: dbId(f.placementId, ACCOUNT_NODE_TYPES.placement, 'Placement'),
    buckets: f.buckets as Bucket[] | undefined,
    dpdMin: f.dpdMin,
    dpdMax: f.dpdMax,
    balanceMin: f.balanceMin?.toFixed(),
    balanceMax: f.balanceMax?.toFixed(),
    statuses: f.statuses,
    assignedCollectorId: dbId(f.assignedCollectorId, PLATFORM_NODE_TYPES.user, 'User'),
    unassigned: f.unassigned ?? undefined,
    search: f.search,
  };
}

function toRule(r: AssignmentRuleInput): AssignmentRule {
  const user = (id: string) => fromGlobalIdOrThrow(id, PLATFORM_NODE_TYPES.user, 'User');
  switch (r.kind) {
    case AssignmentRuleKind.ROUND_ROBIN:
      return { kind: 'round_robin', collectorIds: (r.collectorIds ?? []).map(user) };
    case AssignmentRuleKind.BALANCE_BAND:
      return { kind: 'balance_band', bands: (r.bands ?? []).map((b) => ({ collectorId: user(b.collectorId), min: b.min?.toFixed() ?? null, max: b.max?.toFixed() ?? null })) };
    case AssignmentRuleKind.BUCKET:
      return { kind: 'bucket', routes: (r.buckets ?? []).map((b) => ({ collectorId: user(b.collectorId), buckets: b.buckets as Bucket[] })) };
  }
}

export function loadAccount(ctx: RequestContext, id: string): Promise<AccountRow | null> {
  return perRequestLoader<string, AccountRow | null>(ctx, 'accounts.account', async (ids) => {
    const rows = await (await accounts(ctx)).byIds(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

export function loadDebtor(ctx: RequestContext, id: string): Promise<Debtor | null> {
  return debtorLoader(ctx).load(id);
}

function debtorLoader(ctx: RequestContext) {
  return perRequestLoader<string, Debtor | null>(ctx, 'accounts.debtor', async (ids) => {
    const rows = await (await accounts(ctx)).debtorsByIds(ids);
    const showEmployer = employerVisible(ctx);
    return ids.map((id) => {
      const r = rows.find((x) => x.id === id);
      return r ? debtorFromRow(r, showEmployer) : null;
    });
  });
}

/**
 * The columns and joins a read of accounts needs for the fields asked for under `accountPath`
 * (look-ahead); `always` are columns the read itself needs (a cursor's sort key).
 */
function joinsFor(info: GraphQLResolveInfo, accountPath: readonly string[], always: readonly string[] = []): AccountJoins {
  const client = selectsPath(info, [...accountPath, 'client']);
  // priority reads the bank's time zone.
  const priority = selectsPath(info, [...accountPath, 'priority']);
  return {
    debtor: selectsPath(info, [...accountPath, 'debtor']),
    debtorColumns: debtorColumnsFor(selectedFields(info, [...accountPath, 'debtor'])),
    client: client || priority,
    clientColumns: clientColumnsFor(client ? selectedFields(info, [...accountPath, 'client']) : new Set(), priority ? ['time_zone'] : []),
    columns: accountColumnsFor(selectedFields(info, accountPath), always),
  };
}

/**
 * Hands the request's client loader the banks the accounts' query joined whole (a bank joined with only
 * the columns asked for is not a ClientRow other readers could use). Joined debtors need no priming:
 * the debtor field returns them directly.
 */
function primeJoined(ctx: RequestContext, rows: Iterable<AccountRow>): void {
  let last: JoinedClientRow | undefined;
  for (const r of rows) {
    const bank = r.joined_client;
    if (bank && bank !== last && CLIENT_COLUMNS.every((c) => bank[c] !== undefined)) primeClient(ctx, bank);
    last = bank;
  }
}

/**
 * The bank of a joined row as its GraphQL object, built once per joined bank: the rows of a page that
 * share a bank share its joined object (splitJoined), so a page builds as many as it has banks.
 */
const joinedClients = new WeakMap<JoinedClientRow, Client>();
function joinedClient(row: JoinedClientRow): Client {
  let client = joinedClients.get(row);
  if (!client) joinedClients.set(row, (client = Client.fromRow(row)));
  return client;
}

function primeConnection(ctx: RequestContext, connection: ConnectionResult<Account>): ConnectionResult<Account> {
  primeJoined(ctx, connection.edges.map((e) => e.node.row));
  return connection;
}

/** The queue weights in force for a client, once per request. */
function loadQueueWeights(ctx: RequestContext, clientId: string): Promise<PolicyVersion<QueueWeights>> {
  return loadPolicyInForce(ctx, QUEUE_WEIGHTS, clientId);
}

/** A queue account's priority now: the factors under its bank's weights, on its bank's calendar. */
function priorityOf(row: AccountRow, timeZone: string, weights: PolicyVersion<QueueWeights>): QueuePriority {
  const factors = priorityFactors(
    { dpd: row.dpd, totalDue: Number(row.total_due), nextPromiseDue: row.next_promise_due, brokenPromises: row.broken_promises, lastContactAt: row.last_contact_at },
    localDate(timeZone),
    new Date(),
    weights.body,
  );
  // The score shown is the sum of the factors shown, also for an account never aged or assigned.
  const score = Math.round(factors.reduce((s, f) => s + f.points, 0) * 100) / 100;
  return Object.assign(new QueuePriority(), { score, factors, weightsPreset: weights.preset, weightsVersion: weights.version });
}

export function loadPlacement(ctx: RequestContext, id: string): Promise<PlacementRow | null> {
  return perRequestLoader<string, PlacementRow | null>(ctx, 'accounts.placement', async (ids) => {
    const rows = await (await accounts(ctx)).placementsByIds(ids);
    return ids.map((id) => rows.find((r) => r.id === id) ?? null);
  }).load(id);
}

/** One batch's rows, grouped back to the keys the DataLoader asked for (in order; empty for none). */
function groupBy<R>(keys: readonly string[], rows: R[], keyOf: (r: R) => string): R[][] {
  const byKey = new Map<string, R[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = byKey.get(k);
    if (list) list.push(r);
    else byKey.set(k, [r]);
  }
  return keys.map((k) => byKey.get(k) ?? []);
}

/** The employer is a third party: banks do not see it (docs/accounts.md). */
function employerVisible(ctx: RequestContext): boolean {
  return ctx.principal?.role !== 'client_user';
}

function debtorFromRow(r: DebtorRow, showEmployer: boolean): Debtor {
  const addresses = Array.isArray(r.addresses) ? r.addresses.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))) : [];
  return Object.assign(new Debtor(), {
    id: toGlobalId(ACCOUNT_NODE_TYPES.debtor, r.id),
    row: r,
    name: r.full_name,
    nationalIdMasked: r.national_id_masked,
    // A joined debtor carries only the columns the operation asked for (debtorColumnsFor).
    phones: r.phones ? r.phones.map(maskPhone) : [],
    addresses,
    employer: showEmployer ? r.employer : null,
    timeZone: r.time_zone,
    idDocumentType: r.id_document_type,
    identityMatch: r.identity_match,
  });
}

@Resolver(() => Account)
export class AccountResolver {
  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Query(() => AccountConnection, { description: 'Accounts you may see, filtered and sorted (keyset pagination)' })
  async accounts(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('filter', () => AccountFilter, { nullable: true }) filter: AccountFilter | undefined,
    @Arg('orderBy', () => AccountOrder, { nullable: true }) orderBy: AccountOrder | undefined,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    const sort = orderBy?.field ?? AccountOrderField.BALANCE;
    const page = await (await accounts(ctx)).list({
      first: pageSize(args.first),
      after: args.after,
      criteria: toCriteria(filter),
      sort,
      direction: orderBy?.direction ?? OrderDirection.DESC,
      joins: joinsFor(info, ['edges', 'node'], [sort]),
    });
    return primeConnection(ctx, page);
  }

  @Authorized('agency_admin', 'supervisor', 'collector', 'client_user')
  @Query(() => Account, { nullable: true, description: "One account; null for an id that does not exist or is another tenant's" })
  async account(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<Account | null> {
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.type !== ACCOUNT_NODE_TYPES.account) return null;
    const [row] = await (await accounts(ctx)).byIds([parsed.id], joinsFor(info, []));
    if (!row) return null;
    primeJoined(ctx, [row]);
    return Account.fromRow(row);
  }

  @Authorized('collector', 'supervisor')
  @Query(() => AccountConnection, { description: 'Your work queue, highest priority first (see Account.priority for why): only accounts contactable now or due a follow-up, unless includeBlocked (then held and exhausted ones too, see Account.queueStanding)' })
  async myQueue(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Arg('includeBlocked', () => Boolean, { nullable: true, defaultValue: false }) includeBlocked: boolean,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => QueueFilter, { nullable: true }) filter: QueueFilter | undefined,
    @Info() info: GraphQLResolveInfo,
  ) {
    const gate = queueGate();
    const principal = requirePrincipal(ctx);
    // Asked in the same tick as the gate's contact policies, so one statement reads both (loadPolicyInForce).
    const weights = selectsPath(info, ['edges', 'node', 'priority']) ? Promise.all(principal.clientIds.map((id) => loadQueueWeights(ctx, id))) : null;
    weights?.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled if the gate fails first
    // The contact rules become SQL conditions: one statement gives a full page of open accounts, another its count.
    const contactable = gate && !includeBlocked ? await gate(ctx) : null;
    const page = await (await accounts(ctx)).queue({
      collectorId: principal.userId,
      first: pageSize(args.first),
      after: args.after,
      joins: joinsFor(info, ['edges', 'node'], ['priority_score']),
      includeBlocked,
      contactable,
      criteria: filter,
    });
    if (weights) {
      const byBank = new Map((await weights).map((w) => [w.clientId, w]));
      for (const edge of page.edges) edge.node.row.queue_weights = byBank.get(edge.node.row.client_id);
    }
    return primeConnection(ctx, page);
  }

  // Synchronous when the accounts' query joined the row: no promise per row for graphql-js to await.
  @FieldResolver(() => Client)
  client(@Root() a: Account, @Ctx() ctx: RequestContext): Client | Promise<Client> {
    if (a.row.joined_client) return joinedClient(a.row.joined_client);
    return loadClient(ctx, a.row.client_id).then((row) => Client.fromRow(row!));
  }

  @FieldResolver(() => Placement)
  async placement(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<Placement> {
    return Placement.fromRow((await loadPlacement(ctx, a.row.placement_id))!);
  }

  @FieldResolver(() => Debtor)
  debtor(@Root() a: Account, @Ctx() ctx: RequestContext): Debtor | Promise<Debtor> {
    if (a.row.joined_debtor) return debtorFromRow(a.row.joined_debtor, employerVisible(ctx));
    return loadDebtor(ctx, a.row.debtor_id).then((d) => d!);
  }

  @FieldResolver(() => User, { nullable: true })
  async assignedCollector(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<User | null> {
    if (!a.row.assigned_collector_id) return null;
    const row = await loadUser(ctx, a.row.assigned_collector_id);
    return row && User.fromRow(row);
  }

  @FieldResolver(() => QueuePriority, { description: 'The queue priority score and the factors behind it' })
  priority(@Root() a: Account, @Ctx() ctx: RequestContext): QueuePriority | Promise<QueuePriority> {
    // Synchronous on a work queue's page, which comes with its bank and its weights: no promise per row.
    const { joined_client: bank, queue_weights: weights } = a.row;
    if (bank && weights) return priorityOf(a.row, bank.time_zone, weights);
    const timeZone = bank ? bank.time_zone : loadClient(ctx, a.row.client_id).then((client) => client?.time_zone ?? 'Asia/Shanghai');
    return Promise.all([timeZone, loadQueueWeights(ctx, a.row.client_id)]).then(([zone, w]) => priorityOf(a.row, zone, w));
  }

  // The cap the loader applies, for the query cost limit.
  @Extensions({ listSize: 100 })
  @FieldResolver(() => [BucketChange], { description: 'Bucket changes, newest first (at most 100)' })
  async bucketHistory(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<BucketChange[]> {
    const rows = await perRequestLoader(ctx, 'accounts.bucketHistory', async (ids: readonly string[]) => groupBy(ids, await (await accounts(ctx)).bucketHistoryOf(ids), (r) => r.account_id)).load(a.row.id);
    return rows.map((r) =>
      Object.assign(new BucketChange(), { fromBucket: r.from_bucket as BucketValue | null, toBucket: r.to_bucket as BucketValue, daysPastDue: r.dpd, changedOn: r.changed_on, cause: r.cause }),
    );
  }

  // The cap the loader applies, for the query cost limit.
  @Extensions({ listSize: 100 })
  @FieldResolver(() => [AssignmentChange], { description: 'Assignments, newest first (at most 100)' })
  async assignmentHistory(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<AssignmentChange[]> {
    const rows = await perRequestLoader(ctx, 'accounts.assignmentHistory', async (ids: readonly string[]) =>
      groupBy(ids, await (await accounts(ctx)).assignmentHistoryOf(ids), (r) => r.account_id),
    ).load(a.row.id);
    return rows.map((r) => Object.assign(new AssignmentChange(), { rule: r.rule, assignedAt: r.assigned_at, collectorId: r.collector_id, assignedById: r.assigned_by, teamId: r.team_id }));
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => AssignmentResult, { description: 'Assign accounts (by ids or filter) to a collector, a team, or by a rule' })
  async assignAccounts(@Arg('input', () => AssignAccountsInput) input: AssignAccountsInput, @Ctx() ctx: RequestContext): Promise<AssignmentSummary | NotEligible> {
    const me = requirePrincipal(ctx);
    const chosen = [input.collectorId, input.teamId, input.rule].filter((x) => x !== undefined && x !== null).length;
    if (chosen !== 1) return new NotEligible('Give exactly one of collectorId, teamId or rule', 'ONE_TARGET');
    if (!input.accountIds?.length && !input.filter) return new NotEligible('Give accountIds or a filter', 'NO_SELECTION');
    const target: AssignmentTarget = input.collectorId
      ? { collectorId: fromGlobalIdOrThrow(input.collectorId, PLATFORM_NODE_TYPES.user, 'User') }
      : input.teamId
        ? { teamId: fromGlobalIdOrThrow(input.teamId, ACCOUNT_NODE_TYPES.team, 'Team') }
        : { rule: toRule(input.rule!) };
    const accountIds = input.accountIds?.map((id) => fromGlobalIdOrThrow(id, ACCOUNT_NODE_TYPES.account, 'Account'));
    const out = await new AssignmentService(await ctx.session.manager()).assign(me, { accountIds, criteria: input.filter ? toCriteria(input.filter) : undefined, limit: input.limit }, target);
    if ('refused' in out) return new NotEligible(out.refused, out.code);
    const perCollector = await Promise.all(
      out.perCollector.map(async (c) => Object.assign(new CollectorAssignmentCount(), { collector: User.fromRow((await loadUser(ctx, c.collectorId))!), count: c.count })),
    );
    return Object.assign(new AssignmentSummary(), { ...out, perCollector });
  }

  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Mutation(() => RecallSummary, {
    description: 'The bank takes accounts back with a reason and an effective date: they leave every queue and stay in history. Open plans or promises are listed and nothing changes until confirmOpenItems',
  })
  async recallAccounts(@Arg('input', () => RecallInput) input: RecallInput, @Ctx() ctx: RequestContext): Promise<RecallSummary> {
    const db = await ctx.session.manager();
    const out = await recallAccounts(db, requirePrincipal(ctx), {
      accountIds: input.accountIds?.map((id) => fromGlobalIdOrThrow(id, ACCOUNT_NODE_TYPES.account, 'Account')),
      placementId: dbId(input.placementId, ACCOUNT_NODE_TYPES.placement, 'Placement'),
      reasonCode: input.reasonCode.toLowerCase() as RecallReasonCode,
      effectiveOn: input.effectiveOn,
      note: input.reason,
      confirmOpenItems: input.confirmOpenItems,
    });
    if ('refused' in out) throw badInput(out.refused, { reason: out.code });
    if (out.clientIds.length) await refreshPortfolioSnapshot(db, out.clientIds);
    return Object.assign(new RecallSummary(), {
      recalled: out.recalled,
      needsConfirmation: out.needsConfirmation,
      blockedByLegalCase: out.blockedByLegalCase,
      recallIds: out.recallIds.map((id) => toGlobalId(ACCOUNT_NODE_TYPES.recall, id)),
      openItems: out.openItems.map((i) =>
        Object.assign(new RecallOpenItem(), { accountId: toGlobalId(ACCOUNT_NODE_TYPES.account, i.accountId), kind: i.kind.toUpperCase(), itemId: i.nodeId, status: i.status.toUpperCase(), amount: i.amount, dueOn: i.dueOn }),
      ),
    });
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => AgingRun, { description: "Re-age your banks' accounts now, as of each bank's local today (the daily job does it at night). No other date: aging cannot be back- or future-dated" })
  async recomputeAging(@Ctx() ctx: RequestContext): Promise<AgingRun> {
    const db = await ctx.session.manager();
    const out = await recomputeAging(db);
    await refreshPortfolioSnapshot(db, requirePrincipal(ctx).clientIds);
    return Object.assign(new AgingRun(), out);
  }
}

@Resolver(() => Debtor)
export class DebtorResolver {
  // The cap the loader applies, for the query cost limit.
  @Extensions({ listSize: 50 })
  @FieldResolver(() => [ThirdPartyContact], { description: 'Emergency contacts and employer: agency staff only; empty for banks' })
  async contacts(@Root() d: Debtor, @Ctx() ctx: RequestContext): Promise<ThirdPartyContact[]> {
    const rows = await perRequestLoader(ctx, 'accounts.debtorContacts', async (ids: readonly string[]) => groupBy(ids, await (await accounts(ctx)).contactsOf(ids), (r) => r.debtor_id)).load(
      d.row.id,
    );
    return rows.map((r) => Object.assign(new ThirdPartyContact(), { relation: r.relation, name: r.name, phone: r.phone ? maskPhone(r.phone) : null }));
  }
}

@Resolver(() => Placement)
export class PlacementResolver {
  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Query(() => PlacementConnection, { description: 'Placements, newest first' })
  async placements(@Args(() => ConnectionArgs) args: ConnectionArgs, @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const { rows, after } = await (await accounts(ctx)).placements({ first, after: args.after, clientId: dbId(clientId, PLATFORM_NODE_TYPES.client, 'Client') });
    return toConnection(rows, first, (r) => [r.placed_on, r.id], Placement.fromRow, !!after);
  }

  @FieldResolver(() => Client)
  async client(@Root() p: Placement, @Ctx() ctx: RequestContext): Promise<Client> {
    return Client.fromRow((await loadClient(ctx, p.row.client_id))!);
  }

  @FieldResolver(() => Int)
  async accountCount(@Root() p: Placement, @Ctx() ctx: RequestContext): Promise<number> {
    return (await placementStats(ctx, p.row.id))?.accounts ?? 0;
  }

  @FieldResolver(() => Int)
  async activeAccountCount(@Root() p: Placement, @Ctx() ctx: RequestContext): Promise<number> {
    return (await placementStats(ctx, p.row.id))?.active ?? 0;
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Sum of the amounts placed' })
  async placedAmount(@Root() p: Placement, @Ctx() ctx: RequestContext): Promise<Money | null> {
    const s = await placementStats(ctx, p.row.id);
    return s ? Money.of(s.placed, s.currency) : null;
  }
}

function placementStats(ctx: RequestContext, id: string) {
  return perRequestLoader<string, { accounts: number; active: number; placed: string; currency: string } | null>(ctx, 'accounts.placementStats', async (ids) => {
    const rows = await (await accounts(ctx)).placementStats(ids);
    return ids.map((id) => rows.find((r) => r.placement_id === id) ?? null);
  }).load(id);
}

@Resolver()
export class PortfolioResolver {
  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Query(() => PortfolioSummary, { description: "A bank's placed portfolio: placed, collected, liquidation, by bucket and placement month" })
  async portfolioSummary(
    @Arg('clientId', () => ID) clientId: string,
    @Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<PortfolioSummary> {
    const id = fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client');
    const db = await ctx.session.manager();
    // One statement in the common case; the bank itself is read only when there is no snapshot to show.
    let snap = await readSnapshot(db, id, asOf ?? null);
    let day = snap?.asOf;
    if (!snap) {
      const client = await loadClient(ctx, id);
      if (!client) throw notFound('Client');
      day = asOf ?? localDate(client.time_zone);
      // First look at a bank with no snapshot yet: build today's, then read it.
      await refreshPortfolioSnapshot(db, [id]);
      snap = await readSnapshot(db, id, day);
    }
    const lines = snap?.lines ?? [];
    const toLine = (b: ReturnType<typeof breakdown>[number]) =>
      Object.assign(new PortfolioBreakdown(), { ...b, placed: Money.of(b.placed, b.currency), collected: Money.of(b.collected, b.currency) });
    return Object.assign(new PortfolioSummary(), {
      clientDbId: id,
      asOf: snap?.asOf ?? day,
      refreshedAt: snap?.refreshedAt ?? null,
      totals: breakdown(lines, () => 'total').map(toLine),
      byBucket: breakdown(lines, (l) => l.bucket).map(toLine),
      byPlacementMonth: breakdown(lines, (l) => l.placement_month).map(toLine),
    });
  }
}

/** The bank and the live episode lines, each read only when asked for (the rest of the summary is a snapshot read). */
@Resolver(() => PortfolioSummary)
export class PortfolioSummaryResolver {
  @FieldResolver(() => Client)
  async client(@Root() summary: PortfolioSummary, @Ctx() ctx: RequestContext): Promise<Client> {
    const row = await loadClient(ctx, summary.clientDbId);
    if (!row) throw notFound('Client');
    return Client.fromRow(row);
  }

  @FieldResolver(() => [PortfolioBreakdown])
  async byBucketAtPlacement(@Root() summary: PortfolioSummary, @Ctx() ctx: RequestContext): Promise<PortfolioBreakdown[]> {
    const lines = await episodeLinesByBucketAtPlacement(await ctx.session.manager(), summary.clientDbId);
    return breakdown(lines, (l) => l.bucket).map((b) =>
      Object.assign(new PortfolioBreakdown(), { ...b, placed: Money.of(b.placed, b.currency), collected: Money.of(b.collected, b.currency) }),
    );
  }
}

@Resolver(() => AssignmentChange)
export class AssignmentChangeResolver {
  @FieldResolver(() => User, { nullable: true })
  async collector(@Root() c: AssignmentChange, @Ctx() ctx: RequestContext): Promise<User | null> {
    const row = c.collectorId ? await loadUser(ctx, c.collectorId) : null;
    return row && User.fromRow(row);
  }

  @FieldResolver(() => User, { nullable: true })
  async assignedBy(@Root() c: AssignmentChange, @Ctx() ctx: RequestContext): Promise<User | null> {
    const row = await loadUser(ctx, c.assignedById);
    return row && User.fromRow(row);
  }
}
