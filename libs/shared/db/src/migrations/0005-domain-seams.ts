import type { MigrationInterface, QueryRunner } from 'typeorm';
import { clientTable, inClientScope, roleIn } from './rls.js';

/**
 * What every later domain stands on: the versioned per-client policy store (platform), account holds
 * (accounts' HoldService) and the event outbox that bank webhooks are delivered from.
 */
export class DomainSeams1795536000004 implements MigrationInterface {
  name = 'DomainSeams1795536000004';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // One row per version: a change never overwrites, so every decision can name the version it used.
      `create table client_policy (
        client_id uuid not null references client (id),
        kind text not null,
        version integer not null check (version > 0),
        agency_id uuid not null references agency (id),
        preset text not null,
        body jsonb not null,
        note text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        primary key (client_id, kind, version)
      )`,
      `alter table client_policy enable row level security`,
      `alter table client_policy force row level security`,
      // Everybody in scope reads the rules they work under (the bank sees its own); only agency admins write.
      `create policy client_policy_read on client_policy for select using (${inClientScope})`,
      `create policy client_policy_write on client_policy for insert with check (${inClientScope} and ${roleIn('agency_admin')})`,
      `grant select, insert on client_policy to arrears_app`,

      `create table account_hold (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        reason text not null check (reason in ('complaint', 'dispute', 'hardship', 'installment_plan', 'legal_case',
          'cease_request', 'attorney_represented', 'bankruptcy', 'deceased', 'other')),
        note text,
        source_type text,
        source_id uuid,
        placed_by uuid not null references app_user (id),
        placed_at timestamptz not null default now(),
        ends_at timestamptz,
        lifted_by uuid references app_user (id),
        lifted_at timestamptz,
        lift_note text,
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id),
        check ((lifted_at is null) = (lifted_by is null))
      )`,
      `create index account_hold_open_idx on account_hold (client_id, account_id) where lifted_at is null`,
      `create index account_hold_source_idx on account_hold (client_id, source_type, source_id) where source_id is not null`,
      `create index account_hold_id_idx on account_hold (id)`,
      `alter table account_hold enable row level security`,
      `alter table account_hold force row level security`,
      `create policy account_hold_read on account_hold for select using (${inClientScope})`,
      // Bank users place holds only through the domains that let them (a complaint they raise); lawyers never.
      `create policy account_hold_place on account_hold for insert with check (${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'collector', 'client_user')})`,
      `create policy account_hold_lift on account_hold for update using (${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'collector', 'client_user')})
         with check (${inClientScope})`,
      `grant select, insert, update on account_hold to arrears_app`,

      // Events are written in the same transaction as the change they describe; delivery is a job.
      `create table event_outbox (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        type text not null,
        subject_id uuid,
        payload jsonb not null default '{}',
        actor_user_id uuid,
        occurred_at timestamptz not null default now(),
        primary key (client_id, id)
      )`,
      `create index event_outbox_time_idx on event_outbox (client_id, occurred_at, id)`,
      ...clientTable('event_outbox', 'select, insert'),
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
