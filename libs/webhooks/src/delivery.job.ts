import type { DataSource } from 'typeorm';
import { PermanentJobError, withJobTenant, type JobHandler, type RunLater } from '@arrears/jobs';
import { retryDelayMs, type RetrySchedule } from './backoff.js';
import { postWebhook, type SendResult } from './sender.js';
import { signWebhook, WEBHOOK_HEADERS } from './signing.js';

export interface DeliveryJobOptions {
  retry: RetrySchedule;
  timeoutMs: number;
  /** Private and loopback receivers (tests, development); the configuration refuses it in production. */
  allowPrivateHosts: boolean;
  /** Clock of the attempts (tests). */
  now?: () => Date;
}

interface PendingDelivery {
  client_id: string;
  id: string;
  agency_id: string;
  status: string;
  attempts: number;
  round_attempts: number;
  url: string;
  secret: string;
  subscription_status: string;
  event_id: string;
  event_type: string;
  subject_id: string | null;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * The body a bank receives: the event's id, type, time, bank and subject, and the event's own payload —
 * ids, codes and amounts as the domain wrote them, nothing read from elsewhere.
 */
export function deliveryBody(d: Pick<PendingDelivery, 'event_id' | 'event_type' | 'occurred_at' | 'client_id' | 'subject_id' | 'payload'>): string {
  return JSON.stringify({ id: d.event_id, type: d.event_type, occurredAt: d.occurred_at.toISOString(), clientId: d.client_id, subjectId: d.subject_id, data: d.payload });
}

/**
 * One `webhook_delivery` job per delivery: each run is one HTTP attempt. A 2xx ends it; anything else is
 * logged and the job comes back after the back-off (RunLater) until the attempts of this round are used
 * up, then the delivery is failed. The HTTP request runs outside any transaction; the attempt is recorded
 * afterwards in the bank's own context (platform job, role 'system', under RLS).
 */
export function webhookDeliveryJob(opts: DeliveryJobOptions): JobHandler {
  const now = opts.now ?? (() => new Date());
  const load = (ds: DataSource, clientId: string, id: string) =>
    withJobTenant(ds, clientId, async (db) => {
      const [row]: PendingDelivery[] = await db.query(
        `select d.client_id, d.id, d.agency_id, d.status, d.attempts, d.round_attempts, s.url, s.secret, s.status as subscription_status,
                e.id as event_id, e.type as event_type, e.subject_id, e.payload, e.occurred_at
           from webhook_delivery d
           join webhook_subscription s on s.client_id = d.client_id and s.id = d.subscription_id
           join event_outbox e on e.client_id = d.client_id and e.id = d.event_id
          where d.client_id = $1 and d.id = $2`,
        [clientId, id],
      );
      return row ?? null;
    });

  return {
    async run(ctx): Promise<void | RunLater> {
      const { clientId, subjectId } = ctx.payload;
      if (!subjectId) throw new PermanentJobError('The job names no delivery');
      const d = await load(ctx.dataSource, clientId, subjectId);
      // Deleted with its subscription, or already delivered by an earlier run of this job: nothing to do.
      if (!d || d.status !== 'pending') return;
      let result: SendResult;
      if (d.subscription_status !== 'active') {
        result = { statusCode: null, latencyMs: 0, ok: false, refused: true, error: 'The subscription is paused' };
      } else {
        const body = deliveryBody(d);
        const timestamp = Math.floor(now().getTime() / 1000);
        result = await postWebhook(
          d.url,
          body,
          {
            [WEBHOOK_HEADERS.eventId]: d.event_id,
            [WEBHOOK_HEADERS.eventType]: d.event_type,
            [WEBHOOK_HEADERS.deliveryId]: d.id,
            [WEBHOOK_HEADERS.timestamp]: String(timestamp),
            [WEBHOOK_HEADERS.signature]: signWebhook(d.secret, timestamp, body),
          },
          { timeoutMs: opts.timeoutMs, allowPrivate: opts.allowPrivateHosts },
        );
      }
      const round = d.round_attempts + 1;
      const delay = result.ok || result.refused ? null : retryDelayMs(round, opts.retry);
      const status = result.ok ? 'succeeded' : delay === null ? 'failed' : 'pending';
      const next = delay === null ? null : new Date(now().getTime() + delay);
      await withJobTenant(ctx.dataSource, clientId, async (db) => {
        if (d.subscription_status === 'active') {
          await db.query(
            `insert into webhook_attempt (client_id, agency_id, delivery_id, attempt, status_code, latency_ms, succeeded, error)
             values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (client_id, delivery_id, attempt) do nothing`,
            [d.client_id, d.agency_id, d.id, d.attempts + 1, result.statusCode, result.latencyMs, result.ok, result.error?.slice(0, 500) ?? null],
          );
        }
        await db.query(
          `with u as (update webhook_delivery set status = $3, attempts = attempts + $4, round_attempts = round_attempts + $4,
                  last_status_code = $5, last_error = $6, next_attempt_at = $7,
                  delivered_at = case when $3 = 'succeeded' then now() else delivered_at end, updated_at = now()
            where client_id = $1 and id = $2 and status = 'pending' returning 1) select count(*) from u`,
          [d.client_id, d.id, status, d.subscription_status === 'active' ? 1 : 0, result.statusCode, result.error, next],
        );
      });
      if (status === 'failed' && !result.refused) throw new PermanentJobError(`Delivery failed after ${round} attempts: ${result.error}`);
      if (status === 'failed') throw new PermanentJobError(`Delivery refused: ${result.error}`);
      if (next) return { retryAt: next, reason: `Attempt ${round} of ${opts.retry.maxAttempts}: ${result.error}; next at ${next.toISOString()}` };
    },
  };
}
