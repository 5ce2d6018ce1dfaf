import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, DateTimeScalar, Node, toGlobalId } from '@arrears/graphql';
import type { AttemptRow, DeliveryRow, SubscriptionRow } from './webhook.service.js';

export const WEBHOOK_NODE_TYPES = { subscription: 'WebhookSubscription', delivery: 'WebhookDelivery' } as const;

export enum WebhookSubscriptionStatus {
  ACTIVE = 'active',
  PAUSED = 'paused',
}
registerEnumType(WebhookSubscriptionStatus, { name: 'WebhookSubscriptionStatus', description: 'A paused subscription gets no new deliveries, and its pending ones stop' });

export enum WebhookDeliveryStatus {
  PENDING = 'pending',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus', description: 'PENDING includes a delivery waiting for its next attempt' });

@ObjectType({ implements: Node, description: "A bank's endpoint for events about its own accounts. Its secret is shown only when generated." })
export class WebhookSubscription extends Node {
  @Field(() => ID, { description: 'The bank (Client)' })
  clientId: string;

  @Field(() => String)
  url: string;

  @Field(() => [String], { description: 'Event types delivered (see webhookEventTypes)' })
  eventTypes: string[];

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => WebhookSubscriptionStatus)
  status: WebhookSubscriptionStatus;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar)
  updatedAt: Date;

  static fromRow(r: SubscriptionRow): WebhookSubscription {
    return Object.assign(new WebhookSubscription(), {
      id: toGlobalId(WEBHOOK_NODE_TYPES.subscription, r.id),
      clientId: toGlobalId('Client', r.client_id),
      url: r.url,
      eventTypes: r.event_types,
      description: r.description,
      status: r.status as WebhookSubscriptionStatus,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    });
  }
}

@ObjectType({ description: 'One HTTP attempt of a delivery' })
export class WebhookAttempt {
  @Field(() => Int)
  attempt: number;

  @Field(() => DateTimeScalar)
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status; null when no answer came" })
  statusCode: number | null;

  @Field(() => Int, { description: 'Milliseconds from the request to the end of the answer' })
  latencyMs: number;

  @Field(() => Boolean)
  succeeded: boolean;

  @Field(() => String, { nullable: true })
  error: string | null;

  static fromRow(a: AttemptRow): WebhookAttempt {
    return Object.assign(new WebhookAttempt(), { attempt: a.attempt, attemptedAt: a.attempted_at, statusCode: a.status_code, latencyMs: a.latency_ms, succeeded: a.succeeded, error: a.error });
  }
}

@ObjectType({ implements: Node, description: 'One event sent (or being sent) to one subscription, with its attempts' })
export class WebhookDelivery extends Node {
  @Field(() => ID)
  subscriptionId: string;

  @Field(() => ID, { description: 'The event id, also sent in the x-arrears-event-id header' })
  eventId: string;

  @Field(() => String)
  eventType: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'HTTP attempts so far, redeliveries included' })
  attempts: number;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => [WebhookAttempt], { description: 'The newest attempts first (at most 25)' })
  attemptLog: WebhookAttempt[];

  static fromRow(r: DeliveryRow): WebhookDelivery {
    return Object.assign(new WebhookDelivery(), {
      id: toGlobalId(WEBHOOK_NODE_TYPES.delivery, r.id),
      subscriptionId: toGlobalId(WEBHOOK_NODE_TYPES.subscription, r.subscription_id),
      eventId: r.event_id,
      eventType: r.event_type,
      status: r.status as WebhookDeliveryStatus,
      attempts: r.attempts,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at,
      deliveredAt: r.delivered_at,
      createdAt: r.created_at,
      attemptLog: (r.attempt_log ?? []).map(WebhookAttempt.fromRow),
    });
  }
}

@ObjectType()
export class WebhookDeliveryConnection extends ConnectionType(WebhookDelivery) {}

@ObjectType({ description: 'A subscription with its newly generated secret: keep it now, it is never shown again' })
export class WebhookSubscriptionWithSecret {
  @Field(() => WebhookSubscription)
  subscription: WebhookSubscription;

  @Field(() => String, { description: 'Signs every delivery (HMAC-SHA256); shown once' })
  secret: string;
}

@InputType()
export class CreateWebhookSubscriptionInput {
  @Field(() => ID, { nullable: true, description: "The bank; a bank user's own by default, required for an agency admin" })
  clientId?: string | null;

  @Field(() => String, { description: 'http(s) URL that receives a POST per event' })
  url: string;

  @Field(() => [String], { description: 'At least one type from webhookEventTypes' })
  eventTypes: string[];

  @Field(() => String, { nullable: true })
  description?: string | null;
}

@InputType()
export class UpdateWebhookSubscriptionInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'A new http(s) URL, checked like a new subscription; unchanged when omitted' })
  url?: string | null;

  @Field(() => [String], { nullable: true, description: 'The new event types (at least one from webhookEventTypes); unchanged when omitted' })
  eventTypes?: string[] | null;
}
