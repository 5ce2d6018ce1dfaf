import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The headers of every delivery. */
export const WEBHOOK_HEADERS = {
  eventId: 'x-arrears-event-id',
  eventType: 'x-arrears-event-type',
  deliveryId: 'x-arrears-delivery-id',
  timestamp: 'x-arrears-timestamp',
  signature: 'x-arrears-signature',
} as const;

/** How old a delivery may be when a receiver checks it (seconds); older ones are replays. */
export const REPLAY_WINDOW_SECONDS = 5 * 60;

/** A new subscription secret: 32 random bytes, shown to the bank once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The signature header value for a body sent at `timestamp` (Unix seconds): `v1=` and the hex
 * HMAC-SHA256 of `<timestamp>.<body>` keyed by the subscription secret. Signing the timestamp with the
 * body is what lets a receiver refuse a captured request replayed later.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'bad_signature' | 'stale' | 'bad_timestamp' };

/**
 * What a receiver does (documented for banks in docs/operations.md): recompute the signature over the
 * raw body, compare in constant time, and refuse a timestamp more than the window away from its clock.
 * Repeated event ids are the receiver's to drop (it keeps the ids it processed).
 */
export function verifyWebhook(secret: string, headers: { timestamp: string | undefined; signature: string | undefined }, body: string, nowSeconds = Math.floor(Date.now() / 1000), windowSeconds = REPLAY_WINDOW_SECONDS): VerifyResult {
  const ts = Number(headers.timestamp);
  if (!headers.timestamp || !Number.isInteger(ts)) return { ok: false, reason: 'bad_timestamp' };
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (Math.abs(nowSeconds - ts) > windowSeconds) return { ok: false, reason: 'stale' };
  return { ok: true };
}
