import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, ConnectionType, decodeCursor, fromGlobalIdOrThrow, toGlobalId, LimitExceeded, NotEligible, notFound, pageSize, perRequestLoader, requirePrincipal, toConnection, DateTimeScalar } from '@arrears/graphql';
import { Account, ACCOUNT_NODE_TYPES, accountsNodeResolvers, registerQueueGate, type QueueStanding } from '@arrears/accounts';
import { contactableNowFilter, queueStanding } from './queue-gate.js';
import { OutcomeService } from '../outcomes/outcome.service.js';
import { loadPolicyInForce, loadUser, PLATFORM_NODE_TYPES, User } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { contactNow, DEFAULT_REVEALS_PER_USER_PER_DAY, protectedDataFor, type ContactDeps } from '../clock.js';
import { CHANNELS, CONTACT_POLICY, type Channel, type Party } from '../policy/contact-policy.js';
import { ContactService, type AttemptRow, type PhoneRow, type RefusalRow } from './contact.service.js';
import {
  CompleteContactAttemptInput,
  CompleteContactResult,
  ContactAttempt,
  ContactBlocked,
  ContactChannelValue,
  ContactEligibility,
  ContactOutcomeCode,
  ContactPartyValue,
  ContactPhone,
  ContactRefusal,
  CONTACT_NODE_TYPES,
  DialResult,
  DialStarted,
  QueueStandingType,
  RevealCount,
  RecordContactAttemptInput,
  RecordContactResult,
} from './contact.types.js';

@ObjectType()
export class ContactRefusalConnection extends ConnectionType(ContactRefusal) {}

const STAFF = ['agency_admin', 'supervisor', 'collector'] as const;

/** Resolvers get the gateway's dependencies; the contact part may be absent in tools that only print the schema. */
export interface ContactResolverDeps {
  contact?: ContactDeps;
}

let configured: ContactDeps | undefined;

/**
 * Gives the contact domain its configuration and registers the queue gate (queues then list only
 * accounts contactable now). Called once by the app that assembles the schema.
 */
export function configureContact(deps: ContactDeps | undefined): void {
  configured = deps;
  // The policies through the request's policy loader: a work queue reads its queue weights in the same statement.
  registerQueueGate(async (ctx) => {
    const versions = await Promise.all(requirePrincipal(ctx).clientIds.map((id) => loadPolicyInForce(ctx, CONTACT_POLICY, id)));
    return contactableNowFilter(contactNow(configured, ctx), versions);
  });
}

function serviceFor(deps: ContactResolverDeps, ctx: RequestContext) {
  return async () => {
    const d = deps.contact ?? { dataEncryptionKey: '00'.repeat(32), testClock: false, revealsPerUserPerDay: DEFAULT_REVEALS_PER_USER_PER_DAY };
    return new ContactService(await ctx.session.manager(), requirePrincipal(ctx), { now: contactNow(d, ctx), protectedData: protectedDataFor(d), revealsPerUserPerDay: d.revealsPerUserPerDay });
  };
}

const accountDbId = (id: string) => fromGlobalIdOrThrow(id, ACCOUNT_NODE_TYPES.account, 'Account');
const isStaff = (ctx: RequestContext) => (STAFF as readonly string[]).includes(requirePrincipal(ctx).role);

/** The parties the contact panel pre-checks, per channel. */
const PRECHECK: { channel: Channel; party: Party }[] = [
  ...CHANNELS.map((channel) => ({ channel, party: 'debtor' as Party })),
  { channel: 'call', party: 'guarantor' },
  { channel: 'call', party: 'third_party' },
];

@Resolver()
export class ContactResolver {
  constructor(private readonly deps: ContactResolverDeps) {}

  @Authorized(...STAFF)
  @Query(() => ContactEligibility, { description: 'Whether this contact is allowed now: every blocking rule, the next allowed time and the policy version' })
  async contactEligibility(
    @Arg('accountId', () => ID) accountId: string,
    @Arg('channel', () => ContactChannelValue) channel: ContactChannelValue,
    @Arg('party', () => ContactPartyValue) party: ContactPartyValue,
    @Ctx() ctx: RequestContext,
  ): Promise<ContactEligibility> {
    const svc = await serviceFor(this.deps, ctx)();
    const account = await svc.account(accountDbId(accountId));
    if (!account) throw notFound('Account');
    return ContactEligibility.of(channel, party, await svc.decide(account, channel as Channel, party as Party));
  }

  @Authorized(...STAFF, 'client_user')
  @Query(() => [ContactOutcomeCode], { description: "Outcome codes a contact attempt may record (the agency's active list; see contactOutcomes for labels)" })
  async contactOutcomeCodes(@Ctx() ctx: RequestContext): Promise<ContactOutcomeCode[]> {
    return (await new OutcomeService(await ctx.session.manager()).list()).filter((o) => o.active).map((o) => Object.assign(new ContactOutcomeCode(), { code: o.code, connected: o.connected, disclosesDebt: o.disclosesDebt }));
  }

  @Authorized('agency_admin', 'supervisor')
  @Query(() => ContactRefusalConnection, { description: 'Contacts the policy refused, newest first (compliance view)' })
  async contactRefusals(@Args(() => ConnectionArgs) args: ConnectionArgs, @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined, @Ctx() ctx: RequestContext) {
    const first = pageSize(args.first);
    const after = decodeCursor(args.after, 2) as [string, string] | null;
    const rows = await (await serviceFor(this.deps, ctx)()).refusals(first, after, clientId ? fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client') : undefined);
    return toConnection(rows, first, (r) => [r.attempted_at.toISOString(), r.id], ContactRefusal.fromRow, !!after);
  }

  @Authorized(...STAFF)
  @Mutation(() => RecordContactResult, { description: 'Record a contact (or a correction); refused by policy: ContactBlocked, kept as evidence' })
  async recordContactAttempt(@Arg('input', () => RecordContactAttemptInput) input: RecordContactAttemptInput, @Ctx() ctx: RequestContext) {
    const svc = await serviceFor(this.deps, ctx)();
    const out = await svc.record({
      accountId: accountDbId(input.accountId),
      channel: input.channel as Channel,
      party: input.party as Party,
      direction: input.direction ?? 'outbound',
      phoneId: input.phoneId ? fromGlobalIdOrThrow(input.phoneId, CONTACT_NODE_TYPES.phone, 'Phone') : null,
      correctsId: input.correctsId ? fromGlobalIdOrThrow(input.correctsId, CONTACT_NODE_TYPES.attempt, 'Contact attempt') : null,
      outcome: input.outcome,
      rightPartyVerified: input.rightPartyVerified,
      note: input.note,
      durationSeconds: input.durationSeconds,
      recordingRef: input.recordingRef,
      nextActionAt: input.nextActionAt,
    });
    if (!out) throw notFound('Account');
    if ('blocked' in out) return ContactBlocked.of(out.refusal);
    if ('problem' in out) return new NotEligible(out.problem.map((p) => p.message).join('; '), out.problem[0].rule.toUpperCase());
    return ContactAttempt.fromRow(out.attempt);
  }

  @Authorized(...STAFF)
  @Mutation(() => DialResult, { description: 'Call a phone of the debtor: checks eligibility, records the call as started and reveals the number for this call (audited)' })
  async dial(@Arg('accountId', () => ID) accountId: string, @Arg('phoneId', () => ID) phoneId: string, @Ctx() ctx: RequestContext) {
    const svc = await serviceFor(this.deps, ctx)();
    const out = await svc.dial(accountDbId(accountId), fromGlobalIdOrThrow(phoneId, CONTACT_NODE_TYPES.phone, 'Phone'));
    if (!out) throw notFound('Phone');
    if ('blocked' in out) return ContactBlocked.of(out.refusal);
    if ('limit' in out) return new LimitExceeded(`You have revealed ${out.limit} numbers today, the daily limit; a supervisor can see the count`, 'REVEAL_LIMIT');
    return Object.assign(new DialStarted(), { attempt: ContactAttempt.fromRow(out.attempt), revealedNumber: out.number, telLink: `tel:${out.number}`, adapter: 'builtin', revealsLeftToday: out.revealsLeft });
  }

  @Authorized(...STAFF)
  @Mutation(() => CompleteContactResult, { description: 'Record the outcome of a call you started; once only, later changes are corrections' })
  async completeContactAttempt(@Arg('input', () => CompleteContactAttemptInput) input: CompleteContactAttemptInput, @Ctx() ctx: RequestContext) {
    const svc = await serviceFor(this.deps, ctx)();
    const out = await svc.complete(fromGlobalIdOrThrow(input.attemptId, CONTACT_NODE_TYPES.attempt, 'Contact attempt'), {
      outcome: input.outcome,
      rightPartyVerified: input.rightPartyVerified,
      note: input.note,
      durationSeconds: input.durationSeconds,
      recordingRef: input.recordingRef,
      nextActionAt: input.nextActionAt,
      party: (input.party as Party | undefined) ?? null,
    });
    if (!out) throw notFound('Contact attempt');
    if ('problem' in out) return new NotEligible(out.problem.map((p) => p.message).join('; '), out.problem[0].rule.toUpperCase());
    return ContactAttempt.fromRow(out.attempt);
  }

  @Authorized('collector', 'supervisor')
  @Query(() => DateTimeScalar, { nullable: true, description: 'When the next blocked account of your queue opens (among your 500 highest-priority accounts not on hold)' })
  async myQueueNextOpening(@Ctx() ctx: RequestContext): Promise<Date | null> {
    const db = await ctx.session.manager();
    const rows: { id: string }[] = await db.query(
      `select a.id from account a where a.assigned_collector_id = $1 and a.status = 'active' order by a.priority_score desc, a.id desc limit 500`,
      [requirePrincipal(ctx).userId],
    );
    const m = await queueStanding(db, await serviceFor(this.deps, ctx)(), rows.map((r) => r.id));
    const times = [...m.values()].filter((s) => !s.open && s.opensAt).map((s) => s.opensAt!.getTime());
    return times.length ? new Date(Math.min(...times)) : null;
  }

  @Authorized('agency_admin', 'supervisor')
  @Query(() => [RevealCount], { description: 'Numbers revealed per user per UTC day over the last 7 days, from the audit log (most first)' })
  async contactRevealCounts(@Ctx() ctx: RequestContext): Promise<RevealCount[]> {
    const rows: { user_id: string; display_name: string; day: string; n: number }[] = await (await ctx.session.manager()).query(
      `select l.actor_user_id as user_id, u.display_name, to_char(l.occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n
         from audit_log l join app_user u on u.id = l.actor_user_id
        where l.kind = 'reveal' and l.operation = 'dial' and l.occurred_at >= now() - interval '7 days'
        group by 1, 2, 3 order by day desc, n desc limit 500`,
    );
    const limit = (this.deps.contact ?? configured)?.revealsPerUserPerDay ?? DEFAULT_REVEALS_PER_USER_PER_DAY;
    return rows.map((r) => Object.assign(new RevealCount(), { userId: toGlobalId(PLATFORM_NODE_TYPES.user, r.user_id), displayName: r.display_name, day: r.day, reveals: r.n, limit }));
  }

  @Authorized(...STAFF)
  @Mutation(() => Boolean, { description: "Put a number on the agency's do-not-call list (kept only as a keyed hash)" })
  async addToDoNotCall(@Arg('number', () => String) number: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return (await serviceFor(this.deps, ctx)()).addDoNotCall(number, reason);
  }
}

@Resolver(() => Account)
export class AccountContactResolver {
  constructor(private readonly deps: ContactResolverDeps) {}

  @FieldResolver(() => [ContactEligibility], { description: 'Pre-checked eligibility for each channel and party (agency staff; empty for banks)' })
  async contactChecks(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<ContactEligibility[]> {
    if (!isStaff(ctx)) return [];
    const svc = await serviceFor(this.deps, ctx)();
    const account = await svc.account(a.row.id);
    if (!account) return [];
    const out: ContactEligibility[] = [];
    for (const p of PRECHECK) out.push(ContactEligibility.of(p.channel, p.party, await svc.decide(account, p.channel, p.party)));
    return out;
  }

  @FieldResolver(() => [ContactPhone], { description: "The debtor's phones, masked (agency staff; empty for banks)" })
  async contactPhones(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<ContactPhone[]> {
    if (!isStaff(ctx)) return [];
    const rows = await perRequestLoader<string, PhoneRow[]>(ctx, 'contact.phones', async (ids) => {
      const m = await (await serviceFor(this.deps, ctx)()).phones(ids);
      return ids.map((id) => m.get(id) ?? []);
    }).load(a.row.id);
    return rows.map(ContactPhone.fromRow);
  }

  @FieldResolver(() => [ContactAttempt], { description: 'Contact attempts, newest first (at most 100); third-party details hidden from banks' })
  async contactAttempts(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<ContactAttempt[]> {
    const rows = await perRequestLoader<string, AttemptRow[]>(ctx, 'contact.attempts', async (ids) => {
      const m = await (await serviceFor(this.deps, ctx)()).attemptsOf(ids);
      return ids.map((id) => m.get(id) ?? []);
    }).load(a.row.id);
    const mask = !isStaff(ctx);
    return rows.map((r) => ContactAttempt.fromRow(r, { maskThirdParty: mask }));
  }

  @FieldResolver(() => [ContactRefusal], { description: 'Contacts the policy refused, newest first (at most 100)' })
  async contactRefusals(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<ContactRefusal[]> {
    const rows = await perRequestLoader<string, RefusalRow[]>(ctx, 'contact.refusals', async (ids) => {
      const m = await (await serviceFor(this.deps, ctx)()).refusalsOf(ids);
      return ids.map((id) => m.get(id) ?? []);
    }).load(a.row.id);
    return rows.map(ContactRefusal.fromRow);
  }

  @FieldResolver(() => QueueStandingType, { nullable: true, description: 'Whether the account can be worked now (a call to the debtor), and if not why and from when (agency staff)' })
  async queueStanding(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<QueueStandingType | null> {
    if (!isStaff(ctx)) return null;
    const s = await perRequestLoader<string, QueueStanding | null>(ctx, 'contact.queueStanding', async (ids) => {
      const m = await queueStanding(await ctx.session.manager(), await serviceFor(this.deps, ctx)(), ids);
      return ids.map((id) => m.get(id) ?? null);
    }).load(a.row.id);
    return s && Object.assign(new QueueStandingType(), s);
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: 'When the next follow-up is due (from the last contact attempt that set one)' })
  async nextActionAt(@Root() a: Account, @Ctx() ctx: RequestContext): Promise<Date | null> {
    return perRequestLoader<string, Date | null>(ctx, 'contact.nextAction', async (ids) => {
      const rows: { id: string; next_action_at: Date | null }[] = await (await ctx.session.manager()).query(`select id, next_action_at from account where id = any($1::uuid[])`, [ids]);
      return ids.map((id) => rows.find((r) => r.id === id)?.next_action_at ?? null);
    }).load(a.row.id);
  }
}

@Resolver(() => ContactAttempt)
export class ContactAttemptResolver {
  @FieldResolver(() => User, { nullable: true })
  async madeBy(@Root() a: ContactAttempt, @Ctx() ctx: RequestContext): Promise<User | null> {
    const row = await loadUser(ctx, a.row.made_by);
    return row && User.fromRow(row);
  }
}

@Resolver(() => ContactRefusal)
export class ContactRefusalResolver {
  @FieldResolver(() => Account, { nullable: true })
  async account(@Root() r: ContactRefusal, @Ctx() ctx: RequestContext): Promise<Account | null> {
    return (await accountsNodeResolvers[ACCOUNT_NODE_TYPES.account](ctx, r.row.account_id)) as Account | null;
  }

  @FieldResolver(() => User, { nullable: true })
  async attemptedBy(@Root() r: ContactRefusal, @Ctx() ctx: RequestContext): Promise<User | null> {
    const row = await loadUser(ctx, r.row.attempted_by);
    return row && User.fromRow(row);
  }
}

/** A contact attempt by its opaque id (null for another tenant's, like a missing one). */
export async function loadAttemptNode(ctx: RequestContext, id: string): Promise<ContactAttempt | null> {
  const [row]: AttemptRow[] = await (await ctx.session.manager()).query(
    `select client_id, id, account_id, channel, direction, party, phone_id, status, outcome_code, connected, right_party_verified, note, duration_seconds, recording_ref,
            next_action_at, corrects_id, policy_version, made_by, started_at, completed_at from contact_attempt where id = $1`,
    [id],
  );
  const principal = ctx.principal;
  return row ? ContactAttempt.fromRow(row, { maskThirdParty: !principal || !(STAFF as readonly string[]).includes(principal.role) }) : null;
}

/** The contact service of one request (visits and the dialer use it); `now` moves the clock (a planned visit). */
export async function contactServiceFor(ctx: RequestContext, now?: Date): Promise<ContactService> {
  const d = configured ?? { dataEncryptionKey: '00'.repeat(32), testClock: false, revealsPerUserPerDay: DEFAULT_REVEALS_PER_USER_PER_DAY };
  return new ContactService(await ctx.session.manager(), requirePrincipal(ctx), { now: now ?? contactNow(d, ctx), protectedData: protectedDataFor(d), revealsPerUserPerDay: d.revealsPerUserPerDay });
}

/** The contact configuration the gateway gave (undefined in schema-only tools). */
export const contactConfiguration = (): ContactDeps | undefined => configured;
