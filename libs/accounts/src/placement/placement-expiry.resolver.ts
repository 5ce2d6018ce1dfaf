import { Arg, Authorized, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { MaxLength, MinLength } from 'class-validator';
import { DateTimeScalar, fromGlobalId, fromGlobalIdOrThrow, LocalDateScalar, notFound, perRequestLoader, requirePrincipal, resultUnion, toGlobalId } from '@arrears/graphql';
import { Client, loadClient, loadUser, PLATFORM_NODE_TYPES, User } from '@arrears/platform';
import type { RequestContext } from '@arrears/tenancy';
import { localDate } from '../aging/aging.js';
import { normalisePhone } from '../protected-data.js';
import { ACCOUNT_NODE_TYPES, Placement, type PlacementRow } from '../account/account.types.js';
import { loadPlacement } from '../account/account.resolver.js';
import { daysToExpiry } from './expiry.js';
import { Refused } from '../refusal.types.js';
import { PlacementExpiryService, updatedRows, type ExtensionRow } from './placement-expiry.service.js';
import { refreshPortfolioSnapshot } from '../portfolio/portfolio.service.js';

export const EXTENSION_NODE_TYPE = 'PlacementExtension';

const MESSAGES: Record<string, (p: Record<string, string>) => string> = {
  PLACEMENT_NOT_ACTIVE: (p) => `The placement is ${p.status}, not active`,
  PLACEMENT_HAS_NO_EXPIRY: () => 'The placement has no expiry date to extend',
  EXTENSION_ALREADY_REQUESTED: () => 'An extension of this placement is already waiting for the bank',
  EXTENSION_NOT_LATER: (p) => `The extension must end after the current expiry (${p.expiresOn})`,
  EXTENSION_IN_THE_PAST: (p) => `The extension must end after today (${p.today})`,
  EXTENSION_ALREADY_DECIDED: (p) => `The bank has already decided this request (${p.status})`,
};
const refused = (r: { code: string; params: Record<string, string> }) => Refused.of(r.code, r.params, MESSAGES[r.code]?.(r.params) ?? r.code);

@ObjectType({ description: 'A request to keep a placement past its expiry (留案), decided by the bank' })
export class PlacementExtension {
  @Field(() => ID)
  id: string;

  @Field(() => LocalDateScalar)
  requestedUntil: string;

  @Field(() => String)
  reason: string;

  @Field(() => String, { description: 'requested, approved or rejected' })
  status: string;

  @Field(() => DateTimeScalar)
  requestedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;

  row: ExtensionRow;

  static fromRow(r: ExtensionRow): PlacementExtension {
    return Object.assign(new PlacementExtension(), {
      id: toGlobalId(EXTENSION_NODE_TYPE, r.id),
      row: r,
      requestedUntil: r.requested_until,
      reason: r.reason,
      status: r.status,
      requestedAt: r.requested_at,
      decidedAt: r.decided_at,
    });
  }
}

const ExtensionResult = resultUnion('PlacementExtensionResult', [PlacementExtension, Refused]);

@InputType()
export class RequestExtensionInput {
  @Field(() => ID)
  placementId: string;

  @Field(() => LocalDateScalar)
  until: string;

  @Field(() => String)
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

@ObjectType()
export class ReturnRun {
  @Field(() => Int)
  placements: number;

  @Field(() => Int)
  accounts: number;
}

@ObjectType({ description: 'What an inbound call needs to route a caller: whose account, no balance, no address' })
export class InboundMatch {
  @Field(() => ID, { description: 'The account id (opening it needs the right to see it)' })
  accountId: string;

  @Field(() => Client)
  client: Client;

  @Field(() => String)
  bankRef: string;

  @Field(() => String, { description: 'The first character of the name, the rest masked' })
  debtorNameMasked: string;

  @Field(() => String)
  status: string;

  @Field(() => User, { nullable: true, description: 'Who works the account (to transfer the call)' })
  assignedCollector: User | null;

  clientId: string;
}

const service = async (ctx: RequestContext) => new PlacementExpiryService(await ctx.session.manager());

function extensionsOf(ctx: RequestContext, placementId: string): Promise<ExtensionRow[]> {
  return perRequestLoader<string, ExtensionRow[]>(ctx, 'accounts.placementExtensions', async (ids) => {
    const rows = await (await service(ctx)).extensions(ids);
    return ids.map((id) => rows.filter((r) => r.placement_id === id));
  }).load(placementId);
}

@Resolver(() => Placement)
export class PlacementExpiryResolver {
  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Query(() => [Placement], { description: "Active placements expiring within `withinDays` of the bank's today, or already expired, soonest first (at most 200)" })
  async expiringPlacements(
    @Arg('withinDays', () => Int, { defaultValue: 30 }) withinDays: number,
    @Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<Placement[]> {
    const client = clientId ? fromGlobalIdOrThrow(clientId, PLATFORM_NODE_TYPES.client, 'Client') : undefined;
    const rows = await (await service(ctx)).expiringSoon(Math.max(0, Math.min(withinDays, 365)), client);
    const placements = await Promise.all(rows.map((r) => loadPlacement(ctx, r.id)));
    return placements.filter((p): p is PlacementRow => p !== null).map(Placement.fromRow);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Days from the bank's today to the expiry (negative once expired)" })
  async daysToExpiry(@Root() p: Placement, @Ctx() ctx: RequestContext): Promise<number | null> {
    if (!p.expiresOn) return null;
    const client = await loadClient(ctx, p.row.client_id);
    return daysToExpiry(p.expiresOn, localDate(client?.time_zone ?? 'Asia/Shanghai'));
  }

  @FieldResolver(() => [PlacementExtension], { description: 'Extension requests (留案), newest first' })
  async extensions(@Root() p: Placement, @Ctx() ctx: RequestContext): Promise<PlacementExtension[]> {
    return (await extensionsOf(ctx, p.row.id)).map(PlacementExtension.fromRow);
  }

  @Authorized('agency_admin', 'supervisor', 'client_user')
  @Mutation(() => Placement, { description: 'Set the date a placement expires (the bank’s contract); NOT_FOUND for a placement you cannot see' })
  async setPlacementExpiry(@Arg('placementId', () => ID) placementId: string, @Arg('expiresOn', () => LocalDateScalar) expiresOn: string, @Ctx() ctx: RequestContext): Promise<Placement> {
    const id = fromGlobalIdOrThrow(placementId, ACCOUNT_NODE_TYPES.placement, 'Placement');
    const db = await ctx.session.manager();
    const [updated] = updatedRows<PlacementRow>(
      await db.query(
        `update placement set expires_on = $2 where id = $1 and status = 'active'
         returning id, client_id, name, placed_on::text, expires_on::text, status, recalled_at, created_at`,
        [id, expiresOn],
      ),
    );
    if (!updated) throw notFound('Placement');
    return Placement.fromRow(updated);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => ExtensionResult, { description: 'Ask the bank to keep a placement past its expiry (留案)' })
  async requestPlacementExtension(@Arg('input', () => RequestExtensionInput) input: RequestExtensionInput, @Ctx() ctx: RequestContext) {
    const id = fromGlobalIdOrThrow(input.placementId, ACCOUNT_NODE_TYPES.placement, 'Placement');
    const out = await (await service(ctx)).request(requirePrincipal(ctx), id, input.until, input.reason);
    if (!out) throw notFound('Placement');
    return 'code' in out ? refused(out) : PlacementExtension.fromRow(out);
  }

  @Authorized('client_user')
  @Mutation(() => ExtensionResult, { description: "The bank's decision on an extension request; an approval moves the placement's expiry" })
  async decidePlacementExtension(@Arg('id', () => ID) id: string, @Arg('approve', () => Boolean) approve: boolean, @Ctx() ctx: RequestContext) {
    const parsed = fromGlobalId(id);
    if (!parsed || parsed.type !== EXTENSION_NODE_TYPE) throw notFound('Extension');
    const out = await (await service(ctx)).decide(requirePrincipal(ctx), parsed.id, approve);
    if (!out) throw notFound('Extension');
    return 'code' in out ? refused(out) : PlacementExtension.fromRow(out);
  }

  @Authorized('agency_admin', 'supervisor')
  @Mutation(() => ReturnRun, { description: "Return to the bank the accounts of placements that expired without an extension (the daily job does it too)" })
  async returnExpiredPlacements(@Ctx() ctx: RequestContext): Promise<ReturnRun> {
    const db = await ctx.session.manager();
    const out = await new PlacementExpiryService(db).returnExpired();
    const clients = [...new Set(out.placements.map((p) => p.client_id))];
    if (clients.length) await refreshPortfolioSnapshot(db, clients);
    return Object.assign(new ReturnRun(), { placements: out.placements.length, accounts: out.placements.reduce((s, p) => s + p.returned, 0) });
  }

  @Authorized('agency_admin', 'supervisor', 'collector')
  @Query(() => [InboundMatch], { description: 'Who works this account? For an inbound call: exact phone or bank reference, at most 20, masked' })
  async inboundLookup(
    @Arg('phone', () => String, { nullable: true }) phone: string | undefined,
    @Arg('bankRef', () => String, { nullable: true }) bankRef: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<InboundMatch[]> {
    const p = phone ? normalisePhone(phone) : null;
    const ref = bankRef?.trim() || null;
    if (!p && !ref) return [];
    const db = await ctx.session.manager();
    const rows: { account_id: string; client_id: string; bank_ref: string; debtor_name_masked: string; status: string; assigned_collector_id: string | null }[] = await db.query(
      'select * from app.inbound_lookup($1, $2)',
      [p, ref],
    );
    return Promise.all(
      rows.map(async (r) => {
        const [client, collector] = await Promise.all([loadClient(ctx, r.client_id), r.assigned_collector_id ? loadUser(ctx, r.assigned_collector_id) : null]);
        return Object.assign(new InboundMatch(), {
          accountId: toGlobalId(ACCOUNT_NODE_TYPES.account, r.account_id),
          clientId: r.client_id,
          client: Client.fromRow(client!),
          bankRef: r.bank_ref,
          debtorNameMasked: r.debtor_name_masked,
          status: r.status,
          assignedCollector: collector ? User.fromRow(collector) : null,
        });
      }),
    );
  }
}
