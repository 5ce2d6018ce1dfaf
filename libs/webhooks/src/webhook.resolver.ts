import net from 'node:net';
import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { badInput, ConnectionArgs, fromGlobalId, fromGlobalIdOrThrow, LimitExceeded, NotEligible, notFound, pageSize, requirePrincipal, resultUnion, type NodeResolvers } from '@arrears/graphql';
import type { RequestContext, Role } from '@arrears/tenancy';
import { isPublicAddress, urlProblem } from './address-guard.js';
import { unknownEventTypes, WEBHOOK_EVENT_TYPES } from './catalog.js';
import { MAX_SUBSCRIPTIONS_PER_CLIENT, WebhookService } from './webhook.service.js';
import {
  CreateWebhookSubscriptionInput,
  UpdateWebhookSubscriptionInput,
  WEBHOOK_NODE_TYPES,
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookDeliveryStatus,
  WebhookSubscription,
  WebhookSubscriptionStatus,
  WebhookSubscriptionWithSecret,
} from './webhook.types.js';

/** The bank's own users and the agency admin manage a bank's webhooks (RLS allows no other role either). */
export const WEBHOOK_ROLES: readonly Role[] = ['client_user', 'agency_admin'];

export interface WebhookDeps {
  /** From the configuration: private and loopback receivers allowed (never in production). */
  webhooks?: { allowPrivateHosts: boolean };
}

export const CreateWebhookSubscriptionResult = resultUnion('CreateWebhookSubscriptionResult', [WebhookSubscriptionWithSecret, LimitExceeded]);
export const RedeliverWebhookResult = resultUnion('RedeliverWebhookResult', [WebhookDelivery, NotEligible]);

const service = async (ctx: RequestContext) => new WebhookService(await ctx.session.manager(), requirePrincipal(ctx));

/** An opaque id of the given type, or null (a foreign or malformed id is simply not found). */
function idOf(id: string, type: string): string | null {
  const parsed = fromGlobalId(id);
  return parsed && parsed.type === type ? parsed.id : null;
}

@Resolver()
export class WebhookResolver {
  constructor(private readonly deps: WebhookDeps = {}) {}

  @Authorized(...WEBHOOK_ROLES)
  @Query(() => [String], { description: 'Event types a subscription may choose' })
  webhookEventTypes(): string[] {
    return [...WEBHOOK_EVENT_TYPES];
  }

  @Authorized(...WEBHOOK_ROLES)
  @Query(() => [WebhookSubscription], { description: `Webhook subscriptions of your banks (at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} per bank), newest first` })
  async webhookSubscriptions(@Arg('clientId', () => ID, { nullable: true }) clientId: string | undefined, @Ctx() ctx: RequestContext): Promise<WebhookSubscription[]> {
    const client = clientId ? fromGlobalIdOrThrow(clientId, 'Client', 'Client') : null;
    const rows = await (await service(ctx)).subscriptions(client);
    return rows.map(WebhookSubscription.fromRow);
  }

  @Authorized(...WEBHOOK_ROLES)
  @Query(() => WebhookDeliveryConnection, { description: 'Deliveries of one subscription, newest first, with their attempts' })
  async webhookDeliveries(
    @Arg('subscriptionId', () => ID) subscriptionId: string,
    @Arg('status', () => WebhookDeliveryStatus, { nullable: true }) status: WebhookDeliveryStatus | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: RequestContext,
  ) {
    const id = idOf(subscriptionId, WEBHOOK_NODE_TYPES.subscription);
    const webhooks = await service(ctx);
    if (!id || !(await webhooks.subscription(id))) throw notFound('Webhook subscription');
    const page = await webhooks.deliveries(id, { status, first: pageSize(args.first), after: args.after });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: WebhookDelivery.fromRow(e.node) })) };
  }

  @Authorized(...WEBHOOK_ROLES)
  @Mutation(() => CreateWebhookSubscriptionResult, { description: 'Subscribe an endpoint of a bank to event types; the answer carries the signing secret, shown this once' })
  async createWebhookSubscription(@Arg('input', () => CreateWebhookSubscriptionInput) input: CreateWebhookSubscriptionInput, @Ctx() ctx: RequestContext): Promise<WebhookSubscriptionWithSecret | LimitExceeded> {
    const webhooks = await service(ctx);
    const client = webhooks.clientFor(input.clientId ? fromGlobalIdOrThrow(input.clientId, 'Client', 'Client') : null);
    if (!client) throw input.clientId ? notFound('Client') : badInput('Name the bank (clientId) the subscription is for');
    const url = this.checkedUrl(input.url);
    this.checkEventTypes(input.eventTypes);
    const description = input.description?.trim() || null;
    if (description && description.length > 200) throw badInput('The description is longer than 200 characters', { field: 'description' });
    if ((await webhooks.countFor(client)) >= MAX_SUBSCRIPTIONS_PER_CLIENT) {
      return new LimitExceeded(`A bank has at most ${MAX_SUBSCRIPTIONS_PER_CLIENT} webhook subscriptions`, 'WEBHOOK_LIMIT');
    }
    const { row, secret } = await webhooks.create({ clientId: client, url, eventTypes: input.eventTypes, description });
    return Object.assign(new WebhookSubscriptionWithSecret(), { subscription: WebhookSubscription.fromRow(row), secret });
  }

  @Authorized(...WEBHOOK_ROLES)
  @Mutation(() => WebhookSubscription, { description: 'Change the URL and/or the event types of a subscription (checked as when subscribing); the secret and the delivery log stay' })
  async updateWebhookSubscription(@Arg('input', () => UpdateWebhookSubscriptionInput) input: UpdateWebhookSubscriptionInput, @Ctx() ctx: RequestContext): Promise<WebhookSubscription> {
    const raw = idOf(input.id, WEBHOOK_NODE_TYPES.subscription);
    const webhooks = await service(ctx);
    // Not found before any input check: another bank's id answers exactly like a missing one.
    if (!raw || !(await webhooks.subscription(raw))) throw notFound('Webhook subscription');
    const url = input.url == null ? undefined : this.checkedUrl(input.url);
    const eventTypes = input.eventTypes == null ? undefined : input.eventTypes;
    if (eventTypes) this.checkEventTypes(eventTypes);
    const row = await webhooks.update(raw, { url, eventTypes });
    if (!row) throw notFound('Webhook subscription');
    return WebhookSubscription.fromRow(row);
  }

  @Authorized(...WEBHOOK_ROLES)
  @Mutation(() => WebhookSubscription, { description: 'Pause or resume a subscription' })
  async setWebhookSubscriptionStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => WebhookSubscriptionStatus) status: WebhookSubscriptionStatus,
    @Ctx() ctx: RequestContext,
  ): Promise<WebhookSubscription> {
    const raw = idOf(id, WEBHOOK_NODE_TYPES.subscription);
    const row = raw ? await (await service(ctx)).setStatus(raw, status) : null;
    if (!row) throw notFound('Webhook subscription');
    return WebhookSubscription.fromRow(row);
  }

  @Authorized(...WEBHOOK_ROLES)
  @Mutation(() => WebhookSubscriptionWithSecret, { description: 'Replace the signing secret; the new one is shown this once and signs every delivery from now on' })
  async rotateWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<WebhookSubscriptionWithSecret> {
    const raw = idOf(id, WEBHOOK_NODE_TYPES.subscription);
    const webhooks = await service(ctx);
    const secret = raw ? await webhooks.rotateSecret(raw) : null;
    const row = raw && secret ? await webhooks.subscription(raw) : null;
    if (!row || !secret) throw notFound('Webhook subscription');
    return Object.assign(new WebhookSubscriptionWithSecret(), { subscription: WebhookSubscription.fromRow(row), secret });
  }

  @Authorized(...WEBHOOK_ROLES)
  @Mutation(() => ID, { description: 'Delete a subscription and its delivery log; returns its id' })
  async deleteWebhookSubscription(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<string> {
    const raw = idOf(id, WEBHOOK_NODE_TYPES.subscription);
    if (!raw || !(await (await service(ctx)).delete(raw))) throw notFound('Webhook subscription');
    return id;
  }

  @Authorized(...WEBHOOK_ROLES)
  @Mutation(() => RedeliverWebhookResult, { description: 'Send a delivered or failed event again (same event id, fresh attempts)' })
  async redeliverWebhook(@Arg('deliveryId', () => ID) deliveryId: string, @Ctx() ctx: RequestContext): Promise<WebhookDelivery | NotEligible> {
    const raw = idOf(deliveryId, WEBHOOK_NODE_TYPES.delivery);
    const result = raw ? await (await service(ctx)).redeliver(raw) : null;
    if (!result) throw notFound('Webhook delivery');
    if (result === 'pending') return new NotEligible('This delivery is still being sent; redeliver it once it has succeeded or failed', 'DELIVERY_PENDING');
    return WebhookDelivery.fromRow(result);
  }

  /** The trimmed URL, or a BAD_USER_INPUT refusal: shape (http(s), no credentials) and, where refused, private destinations. */
  private checkedUrl(raw: string): string {
    const url = raw.trim();
    const problem = urlProblem(url) ?? this.destinationProblem(url);
    if (problem) throw badInput(problem, { field: 'url' });
    return url;
  }

  /** At least one type, all from the catalog. */
  private checkEventTypes(types: string[]): void {
    if (!types.length) throw badInput('Choose at least one event type', { field: 'eventTypes' });
    const unknown = unknownEventTypes(types);
    if (unknown.length) throw badInput(`Unknown event types: ${unknown.join(', ')}`, { field: 'eventTypes', unknown });
  }

  /** Where private receivers are refused, an address literal or localhost is refused when subscribing (names are checked on every send). */
  private destinationProblem(url: string): string | null {
    if (this.deps.webhooks?.allowPrivateHosts) return null;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost' || host.endsWith('.localhost')) return 'The URL must be reachable on the internet (not localhost)';
    if (net.isIP(host) && !isPublicAddress(host)) return 'The URL must not point to a private or reserved address';
    return null;
  }
}

export const webhookNodeResolvers: NodeResolvers = {
  [WEBHOOK_NODE_TYPES.subscription]: async (ctx, id) => {
    if (!WEBHOOK_ROLES.includes(requirePrincipal(ctx).role)) return null;
    const row = await (await service(ctx)).subscription(id);
    return row && WebhookSubscription.fromRow(row);
  },
  [WEBHOOK_NODE_TYPES.delivery]: async (ctx, id) => {
    if (!WEBHOOK_ROLES.includes(requirePrincipal(ctx).role)) return null;
    const row = await (await service(ctx)).delivery(id);
    return row && WebhookDelivery.fromRow(row);
  },
};
