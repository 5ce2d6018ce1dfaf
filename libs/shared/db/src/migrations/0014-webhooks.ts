import type { MigrationInterface, QueryRunner } from 'typeorm';
import { JOB_KINDS } from './0007-operations.js';
import { clientTable, roleIn } from './rls.js';

/** Who may see and manage a bank's webhooks: the bank's own users, the agency admin, and the delivery job. */
const WEBHOOK_ROLES = roleIn('client_user', 'agency_admin', 'system');

/**
 * Webhooks for banks: subscriptions, one delivery per (subscription, outbox event) and the log of every
 * HTTP attempt. All three are client tables (client_id in every key, RLS forced) readable only by
 * WEBHOOK_ROLES, so a collector or supervisor never sees a bank's endpoint, and a bank sees only its own.
 *
 * - The subscription secret signs deliveries. The application role may write it but never read it back
 *   (column grants): the API shows it once, when it is generated. The worker role reads it to sign.
 * - Fan-out happens in the transaction that writes the event: a statement trigger on event_outbox creates
 *   the deliveries of the client's active subscriptions to that event type and queues one
 *   `webhook_delivery` job per delivery (job_run rows, whose own trigger adds the queue job). It runs as
 *   the owner because the writer of an event (a collector, a lawyer) may not read the bank's subscriptions;
 *   it copies only rows of the event's own client.
 */
export class Webhooks1795536000013 implements MigrationInterface {
  name = 'Webhooks1795536000013';

  async up(q: QueryRunner): Promise<void> {
    const kinds = [...JOB_KINDS, 'webhook_delivery'].map((k) => `'${k}'`).join(', ');
    const statements = [
      `alter table job_run drop constraint job_run_kind_check`,
      `alter table job_run add constraint job_run_kind_check check (kind in (${kinds}))`,

      `create table webhook_subscription (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        url text not null check (url ~ '^https?://' and length(url) <= 2000),
        event_types text[] not null check (cardinality(event_types) between 1 and 100),
        description text check (length(description) <= 200),
        secret text not null check (length(secret) >= 32),
        status text not null default 'active' check (status in ('active', 'paused')),
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (client_id, id)
      )`,
      `create index webhook_subscription_id_idx on webhook_subscription (id)`,
      `create index webhook_subscription_types_idx on webhook_subscription using gin (event_types) where status = 'active'`,
      ...clientTable('webhook_subscription', 'insert, delete'),
      `create policy webhook_subscription_roles on webhook_subscription as restrictive using (${WEBHOOK_ROLES}) with check (${WEBHOOK_ROLES})`,
      `grant select (client_id, id, agency_id, url, event_types, description, status, created_by, created_at, updated_at) on webhook_subscription to arrears_app`,
      `grant update (url, event_types, description, status, secret, updated_at) on webhook_subscription to arrears_app`,
      `grant select (secret) on webhook_subscription to arrears_worker`,

      `create table webhook_delivery (
        client_id uuid not null,
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null,
        subscription_id uuid not null,
        event_id uuid not null,
        event_type text not null,
        status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
        attempts integer not null default 0,
        -- Attempts since the delivery was (re)queued: the retry limit counts these.
        round_attempts integer not null default 0,
        last_status_code integer,
        last_error text,
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (client_id, id),
        unique (client_id, subscription_id, event_id),
        foreign key (client_id, subscription_id) references webhook_subscription (client_id, id) on delete cascade,
        foreign key (client_id, event_id) references event_outbox (client_id, id)
      )`,
      `create index webhook_delivery_id_idx on webhook_delivery (id)`,
      `create index webhook_delivery_list_idx on webhook_delivery (client_id, subscription_id, created_at desc, id desc)`,
      ...clientTable('webhook_delivery', 'select, update'),
      `create policy webhook_delivery_roles on webhook_delivery as restrictive using (${WEBHOOK_ROLES}) with check (${WEBHOOK_ROLES})`,

      `create table webhook_attempt (
        client_id uuid not null,
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null,
        delivery_id uuid not null,
        attempt integer not null,
        attempted_at timestamptz not null default now(),
        status_code integer,
        latency_ms integer not null,
        succeeded boolean not null,
        error text check (length(error) <= 500),
        primary key (client_id, id),
        unique (client_id, delivery_id, attempt),
        foreign key (client_id, delivery_id) references webhook_delivery (client_id, id) on delete cascade
      )`,
      ...clientTable('webhook_attempt', 'select, insert'),
      `create policy webhook_attempt_roles on webhook_attempt as restrictive using (${WEBHOOK_ROLES}) with check (${WEBHOOK_ROLES})`,
      // Only the delivery job records attempts.
      `create policy webhook_attempt_system on webhook_attempt as restrictive for insert with check (${roleIn('system')})`,

      `create function app.webhook_fan_out() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
       begin
         with d as (
           insert into webhook_delivery (client_id, agency_id, subscription_id, event_id, event_type)
           select s.client_id, s.agency_id, s.id, e.id, e.type
             from inserted e
             join webhook_subscription s on s.client_id = e.client_id and s.agency_id = e.agency_id
            where s.status = 'active' and e.type = any (s.event_types)
           on conflict do nothing
           returning client_id, agency_id, id
         )
         insert into job_run (client_id, agency_id, kind, subject_id, max_attempts)
         select client_id, agency_id, 'webhook_delivery', id, 3 from d;
         return null;
       end $$`,
      `revoke all on function app.webhook_fan_out() from public`,
      `create trigger event_outbox_webhooks after insert on event_outbox referencing new table as inserted
         for each statement execute function app.webhook_fan_out()`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
