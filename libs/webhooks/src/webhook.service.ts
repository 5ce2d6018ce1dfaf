import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import { decodeCursor, toConnection, type ConnectionResult } from '@arrears/graphql';
import { queueJob } from '@arrears/jobs';
import { newWebhookSecret } from './signing.js';

/** A bank keeps a handful of endpoints; the limit also bounds the subscription list. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 20;

export interface SubscriptionRow {
  id: string;
  client_id: string;
  url: string;
  event_types: string[];
  description: string | null;
  status: 'active' | 'paused';
  created_at: Date;
  updated_at: Date;
}

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  attempted_at: Date;
  status_code: number | null;
  latency_ms: number;
  succeeded: boolean;
  error: string | null;
}

export interface DeliveryRow {
  id: string;
  client_id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  attempt_log?: AttemptRow[];
}

// Never the secret: the application role cannot read that column at all.
const SUBSCRIPTION_COLUMNS = 's.id, s.client_id, s.url, s.event_types, s.description, s.status, s.created_at, s.updated_at';
const DELIVERY_COLUMNS = 'd.id, d.client_id, d.subscription_id, d.event_id, d.event_type, d.status, d.attempts, d.last_status_code, d.last_error, d.next_attempt_at, d.delivered_at, d.created_at';
/** The newest attempts shown per delivery (the whole log stays in the table). */
const ATTEMPTS_SHOWN = 25;

/**
 * A bank's webhook subscriptions and their delivery log, in the request's transaction: RLS limits every
 * statement to the banks of the user (a bank user: its own; an agency admin: the agency's), and to the
 * roles that manage webhooks. An id of another bank finds nothing, exactly like a missing one.
 */
export class WebhookService {
  constructor(
    private readonly db: EntityManager,
    private readonly actor: Principal,
  ) {}

  /** The bank a request acts for: a bank user's own; an agency admin names one of its banks. Null: none of yours. */
  clientFor(clientId: string | null | undefined): string | null {
    if (this.actor.role === 'client_user') {
      const own = this.actor.clientIds[0] ?? null;
      return clientId && clientId !== own ? null : own;
    }
    return clientId && this.actor.clientIds.includes(clientId) ? clientId : null;
  }

  async subscriptions(clientId: string | null): Promise<SubscriptionRow[]> {
    return this.db.query(
      `select ${SUBSCRIPTION_COLUMNS} from webhook_subscription s where ($1::uuid is null or s.client_id = $1) order by s.created_at desc, s.id desc limit $2`,
      [clientId, MAX_SUBSCRIPTIONS_PER_CLIENT * 50],
    );
  }

  async subscription(id: string): Promise<SubscriptionRow | null> {
    const [row] = await this.db.query(`select ${SUBSCRIPTION_COLUMNS} from webhook_subscription s where s.id = $1`, [id]);
    return row ?? null;
  }

  async countFor(clientId: string): Promise<number> {
    const [{ n }] = await this.db.query('select count(*)::int as n from webhook_subscription where client_id = $1', [clientId]);
    return n;
  }

  /** Creates an active subscription with a fresh secret; the secret is returned here and never again. */
  async create(input: { clientId: string; url: string; eventTypes: string[]; description: string | null }): Promise<{ row: SubscriptionRow; secret: string }> {
    const secret = newWebhookSecret();
    const [{ id }] = await this.db.query(
      `insert into webhook_subscription (client_id, agency_id, url, event_types, description, secret, created_by)
       select c.id, c.agency_id, $2, $3::text[], $4, $5, $6 from client c where c.id = $1
       returning id`,
      [input.clientId, input.url, [...new Set(input.eventTypes)], input.description, secret, this.actor.userId],
    );
    return { row: (await this.subscription(id)) as SubscriptionRow, secret };
  }

  /** Changes the URL and/or event types; the secret and the delivery log stay. Null when there is none (or not yours). */
  async update(id: string, change: { url?: string; eventTypes?: string[] }): Promise<SubscriptionRow | null> {
    const [{ n }] = await this.db.query(
      `with u as (update webhook_subscription set url = coalesce($2, url), event_types = coalesce($3::text[], event_types), updated_at = now()
                   where id = $1 returning 1) select count(*)::int as n from u`,
      [id, change.url ?? null, change.eventTypes ? [...new Set(change.eventTypes)] : null],
    );
    return n ? this.subscription(id) : null;
  }

  async setStatus(id: string, status: 'active' | 'paused'): Promise<SubscriptionRow | null> {
    await this.db.query(`with u as (update webhook_subscription set status = $2, updated_at = now() where id = $1 returning 1) select count(*) from u`, [id, status]);
    return this.subscription(id);
  }

  async rotateSecret(id: string): Promise<string | null> {
    const secret = newWebhookSecret();
    const [{ n }] = await this.db.query(`with u as (update webhook_subscription set secret = $2, updated_at = now() where id = $1 returning 1) select count(*)::int as n from u`, [id, secret]);
    return n ? secret : null;
  }

  /** Deletes a subscription with its delivery log. False when there is none (or not yours). */
  async delete(id: string): Promise<boolean> {
    const [{ n }] = await this.db.query(`with d as (delete from webhook_subscription where id = $1 returning 1) select count(*)::int as n from d`, [id]);
    return n > 0;
  }

  async deliveries(subscriptionId: string, opts: { status?: string | null; first: number; after?: string | null }): Promise<ConnectionResult<DeliveryRow>> {
    const cursor = decodeCursor(opts.after, 2) as [string, string] | null;
    const rows: DeliveryRow[] = await this.db.query(
      `select ${DELIVERY_COLUMNS} from webhook_delivery d
        where d.subscription_id = $1 and ($2::text is null or d.status = $2)
          and ($4::timestamptz is null or (d.created_at, d.id) < ($4::timestamptz, $5::uuid))
        order by d.created_at desc, d.id desc limit $3`,
      [subscriptionId, opts.status ?? null, opts.first + 1, cursor?.[0] ?? null, cursor?.[1] ?? null],
    );
    await this.attachAttempts(rows.slice(0, opts.first));
    return toConnection(rows, opts.first, (r) => [r.created_at.toISOString(), r.id], (r) => r, !!cursor);
  }

  async delivery(id: string): Promise<DeliveryRow | null> {
    const [row]: DeliveryRow[] = await this.db.query(`select ${DELIVERY_COLUMNS} from webhook_delivery d where d.id = $1`, [id]);
    if (row) await this.attachAttempts([row]);
    return row ?? null;
  }

  /** The page's attempt logs in one statement (newest first, the last few per delivery). */
  private async attachAttempts(rows: DeliveryRow[]): Promise<void> {
    if (!rows.length) return;
    const attempts: AttemptRow[] = await this.db.query(
      `select delivery_id, attempt, attempted_at, status_code, latency_ms, succeeded, error from (
         select a.*, row_number() over (partition by a.delivery_id order by a.attempt desc) as n
           from webhook_attempt a where a.client_id = any ($1::uuid[]) and a.delivery_id = any ($2::uuid[])
       ) x where n <= $3 order by delivery_id, attempt desc`,
      [[...new Set(rows.map((r) => r.client_id))], rows.map((r) => r.id), ATTEMPTS_SHOWN],
    );
    const by = new Map<string, AttemptRow[]>();
    for (const a of attempts) by.set(a.delivery_id, [...(by.get(a.delivery_id) ?? []), a]);
    for (const r of rows) r.attempt_log = by.get(r.id) ?? [];
  }

  /**
   * Sends a finished delivery (succeeded or failed) again with a fresh retry budget, as a new job.
   * 'pending' when it is still being delivered; null when there is no such delivery.
   */
  async redeliver(id: string): Promise<DeliveryRow | 'pending' | null> {
    const row = await this.delivery(id);
    if (!row) return null;
    if (row.status === 'pending') return 'pending';
    await this.db.query(
      `with u as (update webhook_delivery set status = 'pending', round_attempts = 0, next_attempt_at = now(), updated_at = now()
                   where client_id = $1 and id = $2 and status <> 'pending' returning 1) select count(*) from u`,
      [row.client_id, id],
    );
    const [{ agency_id }] = await this.db.query('select agency_id from webhook_delivery where client_id = $1 and id = $2', [row.client_id, id]);
    await queueJob(this.db, { kind: 'webhook_delivery', clientId: row.client_id, agencyId: agency_id, subjectId: id, requestedBy: this.actor.userId, maxAttempts: 3 });
    return this.delivery(id);
  }
}
