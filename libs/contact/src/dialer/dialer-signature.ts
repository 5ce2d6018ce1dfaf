import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a dialer message's signature: `t=<unix seconds>,v1=<hex HMAC-SHA-256>`. */
export const SIGNATURE_HEADER = 'x-arrears-signature';
/** How far a signed timestamp may be from our clock (either way). */
export const SIGNATURE_WINDOW_SECONDS = 300;

/** HMAC-SHA-256 over `<timestamp>.<raw body>`: the timestamp is covered, so an old message cannot be re-dated. */
export function signDialerMessage(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export type SignatureCheck = { ok: true; signedAt: Date } | { ok: false; reason: 'malformed' | 'stale' | 'mismatch' };

/** Checks a signature header against the raw body, the shared secret and the clock. */
export function verifyDialerSignature(secret: string, header: string | undefined, body: Buffer, now: Date, windowSeconds = SIGNATURE_WINDOW_SECONDS): SignatureCheck {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header?.trim() ?? '');
  if (!m) return { ok: false, reason: 'malformed' };
  const t = Number(m[1]);
  if (Math.abs(now.getTime() / 1000 - t) > windowSeconds) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signDialerMessage(secret, t, body).slice(-64), 'hex');
  const given = Buffer.from(m[2], 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true, signedAt: new Date(t * 1000) };
}

/** The call events a dialer reports. */
export const CALL_EVENT_TYPES = ['answered', 'hung_up', 'recording'] as const;
export type CallEventType = (typeof CALL_EVENT_TYPES)[number];

export interface CallEvent {
  eventId: string;
  callId: string;
  type: CallEventType;
  durationSeconds: number | null;
  recordingRef: string | null;
  cause: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a call event body; null when it is not one. */
export function parseCallEvent(body: unknown): CallEvent | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const str = (v: unknown, max: number) => (typeof v === 'string' && v.length >= 1 && v.length <= max ? v : null);
  const eventId = str(b.eventId, 200);
  const callId = str(b.callId, 36);
  const type = CALL_EVENT_TYPES.find((t) => t === b.type);
  if (!eventId || !callId || !UUID.test(callId) || !type) return null;
  const d = b.durationSeconds;
  const durationSeconds = typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 86_400 ? d : null;
  if (d !== undefined && d !== null && durationSeconds === null) return null;
  return { eventId, callId: callId.toLowerCase(), type, durationSeconds, recordingRef: str(b.recordingRef, 500), cause: str(b.cause, 60) };
}

/** Outcome of a call that was never answered, from the dialer's hang-up cause. */
export function unansweredOutcome(cause: string | null): 'busy' | 'no_answer' {
  return cause === 'busy' ? 'busy' : 'no_answer';
}
