import { WebhookResolver } from './webhook.resolver.js';

export { WEBHOOK_EVENT_TYPES, unknownEventTypes, type WebhookEventType } from './catalog.js';
export { newWebhookSecret, signWebhook, verifyWebhook, REPLAY_WINDOW_SECONDS, WEBHOOK_HEADERS, type VerifyResult } from './signing.js';
export { retryDelayMs, DEFAULT_RETRY_SCHEDULE, type RetrySchedule } from './backoff.js';
export { isPublicAddress, urlProblem } from './address-guard.js';
export { postWebhook, type SendOptions, type SendResult } from './sender.js';
export { webhookDeliveryJob, deliveryBody, type DeliveryJobOptions } from './delivery.job.js';
export { WebhookService, MAX_SUBSCRIPTIONS_PER_CLIENT } from './webhook.service.js';
export { WEBHOOK_ROLES, webhookNodeResolvers, type WebhookDeps } from './webhook.resolver.js';
export { WEBHOOK_NODE_TYPES, WebhookDelivery, WebhookSubscription } from './webhook.types.js';

export const webhookResolvers = [WebhookResolver] as const;
export { deliveryCutoff, purgeWebhookDeliveries } from './retention.js';
