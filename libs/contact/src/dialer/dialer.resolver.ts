import { Arg, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { DateTimeScalar, fromGlobalIdOrThrow, NotEligible, notFound, perRequestLoader, requirePrincipal, resultUnion, badInput, toGlobalId } from '@arrears/graphql';
import { ACCOUNT_NODE_TYPES } from '@arrears/accounts';
import type { RequestContext } from '@arrears/tenancy';
import { contactConfiguration, contactServiceFor } from '../attempts/contact.resolver.js';
import { ContactAttempt, ContactBlocked, CONTACT_NODE_TYPES } from '../attempts/contact.types.js';
import { protectedDataFor } from '../clock.js';
import { DialerService, dialerUrlProblem, type DialerCallRow } from './dialer.service.js';

const STAFF = ['agency_admin', 'supervisor', 'collector'] as const;

export enum DialerAdapterValue {
  BUILTIN = 'builtin',
  HTTP = 'http',
}
registerEnumType(DialerAdapterValue, { name: 'DialerAdapter', description: 'BUILTIN: the number is revealed to the collector for the call; HTTP: a click-to-dial service bridges the call' });

@ObjectType({ description: "The agency's dialer (the shared secret is never returned)" })
export class DialerSettings {
  @Field(() => DialerAdapterValue)
  adapter: DialerAdapterValue;

  @Field(() => String, { nullable: true, description: 'The HTTP dialer URL (agency admins only)' })
  url: string | null;

  @Field(() => Boolean)
  hasSecret: boolean;

  @Field(() => String, { nullable: true, description: "Your own softphone extension, which the dialer bridges" })
  myExtension: string | null;
}

@ObjectType({ description: 'What the HTTP dialer reported about a call' })
export class DialerCall {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  extension: string;

  @Field(() => DateTimeScalar, { nullable: true })
  answeredAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  hungUpAt: Date | null;

  @Field(() => Number, { nullable: true })
  durationSeconds: number | null;

  @Field(() => String, { nullable: true })
  recordingRef: string | null;

  @Field(() => String, { nullable: true })
  hangupCause: string | null;

  static fromRow(r: DialerCallRow): DialerCall {
    return Object.assign(new DialerCall(), {
      id: toGlobalId('DialerCall', r.id),
      extension: r.extension,
      answeredAt: r.answered_at,
      hungUpAt: r.hung_up_at,
      durationSeconds: r.duration_seconds,
      recordingRef: r.recording_ref,
      hangupCause: r.hangup_cause,
    });
  }
}

@ObjectType({ description: 'The dialer is bridging your extension to the debtor; the number never reaches the browser' })
export class DialBridged {
  @Field(() => ContactAttempt)
  attempt: ContactAttempt;

  @Field(() => DialerCall)
  call: DialerCall;
}

export const BridgeCallResult = resultUnion('BridgeCallResult', [DialBridged, ContactBlocked, NotEligible]);

const deps = () => contactConfiguration() ?? { dataEncryptionKey: '00'.repeat(32), testClock: false, revealsPerUserPerDay: 0 };
const svc = async (ctx: RequestContext) => new DialerService(await ctx.session.manager(), requirePrincipal(ctx), protectedDataFor(deps()));

/** Where the dialer posts call events (configured on the dialer's side as https://<gateway>/api/dialer/callback). */
export const DIALER_CALLBACK_PATH = '/api/dialer/callback';

@Resolver()
export class DialerResolver {
  @Authorized(...STAFF)
  @Query(() => DialerSettings, { description: "The agency's dialer adapter and your extension" })
  async dialerSettings(@Ctx() ctx: RequestContext): Promise<DialerSettings> {
    const s = await svc(ctx);
    const row = await s.setting();
    const admin = requirePrincipal(ctx).role === 'agency_admin';
    return Object.assign(new DialerSettings(), {
      adapter: (row?.adapter ?? 'builtin') as DialerAdapterValue,
      url: admin ? (row?.url ?? null) : null,
      hasSecret: !!row?.secret_sealed,
      myExtension: await s.myExtension(),
    });
  }

  @Authorized('agency_admin')
  @Mutation(() => DialerSettings, { description: "Choose the agency's dialer; HTTP needs a URL and a shared secret (kept sealed, never shown again)" })
  async setDialerSettings(
    @Arg('adapter', () => DialerAdapterValue) adapter: DialerAdapterValue,
    @Arg('url', () => String, { nullable: true }) url: string | undefined,
    @Arg('secret', () => String, { nullable: true }) secret: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<DialerSettings> {
    const s = await svc(ctx);
    if (adapter === DialerAdapterValue.HTTP) {
      const problem = url ? dialerUrlProblem(url) : 'Give the dialer URL';
      if (problem) throw badInput(problem);
      const current = await s.setting();
      if (!secret && !current?.secret_sealed) throw badInput('Give the shared secret');
      if (secret && (secret.length < 16 || secret.length > 200)) throw badInput('The shared secret is 16 to 200 characters');
    }
    const row = await s.setSetting(adapter, url ?? null, secret ?? null);
    return Object.assign(new DialerSettings(), { adapter: row.adapter as DialerAdapterValue, url: row.url, hasSecret: !!row.secret_sealed, myExtension: await s.myExtension() });
  }

  @Authorized(...STAFF)
  @Mutation(() => String, { description: 'Set your softphone extension for the HTTP dialer' })
  async setMyDialerExtension(@Arg('extension', () => String) extension: string, @Ctx() ctx: RequestContext): Promise<string> {
    if (!/^[0-9A-Za-z*#+@._-]{1,64}$/.test(extension.trim())) throw badInput('An extension is 1–64 digits, letters or *#+@._-');
    return (await svc(ctx)).setMyExtension(extension);
  }

  @Authorized(...STAFF)
  @Mutation(() => BridgeCallResult, { description: "Call a debtor's phone through the agency's HTTP dialer: checks eligibility, records the call as started and asks the dialer to bridge your extension" })
  async bridgeCall(@Arg('accountId', () => ID) accountId: string, @Arg('phoneId', () => ID) phoneId: string, @Ctx() ctx: RequestContext) {
    const out = await (await svc(ctx)).bridge(
      await contactServiceFor(ctx),
      fromGlobalIdOrThrow(accountId, ACCOUNT_NODE_TYPES.account, 'Account'),
      fromGlobalIdOrThrow(phoneId, CONTACT_NODE_TYPES.phone, 'Phone'),
    );
    if (!out) throw notFound('Phone');
    if ('blocked' in out) return ContactBlocked.of(out.refusal);
    if ('problem' in out) return new NotEligible(out.problem, out.code);
    return Object.assign(new DialBridged(), { attempt: ContactAttempt.fromRow(out.attempt), call: DialerCall.fromRow(out.call) });
  }
}

@Resolver(() => ContactAttempt)
export class AttemptDialerCallResolver {
  @FieldResolver(() => DialerCall, { nullable: true, description: 'What the HTTP dialer reported (answered, duration, recording), when the call went through it' })
  async dialerCall(@Root() a: ContactAttempt, @Ctx() ctx: RequestContext): Promise<DialerCall | null> {
    const row = await perRequestLoader<string, DialerCallRow | null>(ctx, 'contact.dialerCall', async (ids) => {
      const m = await (await svc(ctx)).callOf(ids);
      return ids.map((id) => m.get(id) ?? null);
    }).load(a.row.id);
    return row && DialerCall.fromRow(row);
  }
}
