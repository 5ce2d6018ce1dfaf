import type { MigrationInterface, QueryRunner } from 'typeorm';
import { clientTable, ctx, inClientScope, roleIn } from './rls.js';

/**
 * Accounts domain: placements, debtors and their contacts, accounts, bucket and assignment history,
 * placement imports with their rejections, saved column mappings and teams. Every tenant table is keyed
 * by client first (Citus distribution column) and under forced RLS.
 */
export class Accounts1795536000001 implements MigrationInterface {
  name = 'Accounts1795536000001';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `create table team (
        agency_id uuid not null references agency (id),
        id uuid primary key default gen_random_uuid(),
        name text not null,
        unique (agency_id, name)
      )`,
      `alter table team enable row level security`,
      `alter table team force row level security`,
      `create policy team_visible on team using (agency_id = ${ctx.agencyId}) with check (agency_id = ${ctx.agencyId} and ${roleIn('agency_admin', 'supervisor')})`,
      `grant select, insert, update on team to arrears_app`,
      `create table team_member (
        agency_id uuid not null references agency (id),
        team_id uuid not null references team (id),
        user_id uuid not null references app_user (id),
        primary key (team_id, user_id)
      )`,
      `alter table team_member enable row level security`,
      `alter table team_member force row level security`,
      `create policy team_member_visible on team_member using (agency_id = ${ctx.agencyId}) with check (agency_id = ${ctx.agencyId} and ${roleIn('agency_admin', 'supervisor')})`,
      `grant select, insert, delete on team_member to arrears_app`,

      `create table placement (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        name text not null,
        placed_on date not null,
        expires_on date,
        status text not null default 'active' check (status in ('active', 'recalled')),
        recalled_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        primary key (client_id, id)
      )`,
      `create index placement_id_idx on placement (id)`,
      ...clientTable('placement', 'select, insert, update'),

      `create table debtor (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        full_name text not null,
        national_id_enc text,
        national_id_masked text,
        identity_hash text not null,
        phones text[] not null default '{}',
        addresses jsonb not null default '[]',
        employer text,
        time_zone text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (client_id, id),
        unique (client_id, identity_hash)
      )`,
      `create index debtor_name_idx on debtor (client_id, full_name)`,
      `create index debtor_id_idx on debtor (id)`,
      ...clientTable('debtor', 'select, insert, update'),

      // Phones as rows: equality on text is leakproof, so debtor search by phone can use this index under RLS.
      `create table debtor_phone (
        client_id uuid not null references client (id),
        phone text not null,
        debtor_id uuid not null,
        agency_id uuid not null,
        primary key (client_id, phone, debtor_id),
        foreign key (client_id, debtor_id) references debtor (client_id, id)
      )`,
      `create index debtor_phone_phone_idx on debtor_phone (phone)`,
      ...clientTable('debtor_phone', 'select, insert, delete'),

      // Third parties (emergency contacts, employer) are kept apart and hidden from bank users.
      `create table debtor_contact (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null,
        debtor_id uuid not null,
        relation text not null,
        name text not null,
        phone text,
        primary key (client_id, id),
        foreign key (client_id, debtor_id) references debtor (client_id, id)
      )`,
      `create index debtor_contact_debtor_idx on debtor_contact (client_id, debtor_id)`,
      `alter table debtor_contact enable row level security`,
      `alter table debtor_contact force row level security`,
      `create policy debtor_contact_staff on debtor_contact using (${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'collector')})
         with check (${inClientScope})`,
      `grant select, insert, delete on debtor_contact to arrears_app`,

      `create table account (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        placement_id uuid not null,
        debtor_id uuid not null,
        bank_ref text not null,
        card_last4 char(4) check (card_last4 ~ '^[0-9]{4}$'),
        currency char(3) not null,
        principal numeric(18, 2) not null check (principal >= 0),
        interest numeric(18, 2) not null default 0 check (interest >= 0),
        fees numeric(18, 2) not null default 0 check (fees >= 0),
        total_due numeric(18, 2) generated always as (principal + interest + fees) stored,
        overdue_amount numeric(18, 2) not null check (overdue_amount >= 0),
        placed_amount numeric(18, 2) not null default 0 check (placed_amount >= 0),
        collected numeric(18, 2) not null default 0,
        delinquent_since date not null,
        charge_off_date date,
        last_payment_date date,
        last_payment_amount numeric(18, 2),
        dpd integer not null,
        bucket text not null check (bucket in ('M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6+')),
        aged_on date not null,
        status text not null default 'active' check (status in ('active', 'recalled', 'closed')),
        placed_on date not null,
        recalled_at timestamptz,
        recall_reason text,
        assigned_collector_id uuid references app_user (id),
        assigned_team_id uuid references team (id),
        assigned_at timestamptz,
        last_contact_at timestamptz,
        next_promise_due date,
        broken_promises integer not null default 0,
        priority_score numeric(10, 2) not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (client_id, id),
        unique (client_id, bank_ref),
        foreign key (client_id, placement_id) references placement (client_id, id),
        foreign key (client_id, debtor_id) references debtor (client_id, id)
      )`,
      // The amount placed is the balance when (re)placed: kept by the database so no writer can forget it.
      `create function app.account_placed_amount() returns trigger language plpgsql as $$
         begin
           new.placed_amount := new.principal + new.interest + new.fees;
           return new;
         end $$`,
      `create trigger account_placed_amount before insert or update of placement_id on account
         for each row execute function app.account_placed_amount()`,
      `create index account_id_idx on account (id)`,
      `create index account_bucket_balance_idx on account (agency_id, bucket, total_due desc, id desc)`,
      `create index account_balance_idx on account (agency_id, total_due desc, id desc)`,
      `create index account_queue_idx on account (assigned_collector_id, priority_score desc, id desc) where status = 'active'`,
      `create index account_placement_idx on account (client_id, placement_id)`,
      `create index account_debtor_idx on account (client_id, debtor_id)`,
      `create index account_dpd_idx on account (agency_id, dpd, id)`,
      ...clientTable('account', 'select, insert, update'),

      `create table bucket_history (
        client_id uuid not null references client (id),
        id bigint generated always as identity,
        agency_id uuid not null,
        account_id uuid not null,
        from_bucket text,
        to_bucket text not null,
        dpd integer not null,
        changed_on date not null,
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      `create index bucket_history_account_idx on bucket_history (client_id, account_id, changed_on)`,
      ...clientTable('bucket_history', 'select, insert'),

      `create table assignment_history (
        client_id uuid not null references client (id),
        id bigint generated always as identity,
        agency_id uuid not null,
        account_id uuid not null,
        collector_id uuid,
        team_id uuid,
        assigned_by uuid not null,
        rule text not null,
        assigned_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      `create index assignment_history_account_idx on assignment_history (client_id, account_id, assigned_at)`,
      ...clientTable('assignment_history', 'select, insert'),

      `create table placement_import (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null,
        placement_id uuid,
        file_name text not null,
        format text not null check (format in ('csv', 'xlsx')),
        status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
        rows_read integer not null default 0,
        rows_imported integer not null default 0,
        rows_updated integer not null default 0,
        rows_rejected integer not null default 0,
        error text,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        finished_at timestamptz,
        primary key (client_id, id)
      )`,
      `create index placement_import_id_idx on placement_import (id)`,
      ...clientTable('placement_import', 'select, insert, update'),

      `create table placement_rejection (
        client_id uuid not null references client (id),
        import_id uuid not null,
        row_number integer not null,
        seq smallint not null,
        agency_id uuid not null,
        column_name text,
        reason text not null,
        value text,
        primary key (client_id, import_id, row_number, seq),
        foreign key (client_id, import_id) references placement_import (client_id, id)
      )`,
      ...clientTable('placement_rejection', 'select, insert'),

      // The column layout a bank's files use: Arrears field -> the bank's header text.
      `create table column_mapping (
        client_id uuid not null references client (id),
        agency_id uuid not null,
        mapping jsonb not null,
        updated_by uuid,
        updated_at timestamptz not null default now(),
        primary key (client_id)
      )`,
      ...clientTable('column_mapping', 'select, insert, update'),

      // Pre-aggregated bank view: one row per day, placement month, bucket and currency.
      `create table portfolio_snapshot (
        client_id uuid not null references client (id),
        as_of date not null,
        placement_month date not null,
        bucket text not null,
        currency char(3) not null,
        agency_id uuid not null,
        accounts integer not null,
        active_accounts integer not null,
        placed_amount numeric(20, 2) not null,
        collected numeric(20, 2) not null,
        refreshed_at timestamptz not null default now(),
        primary key (client_id, as_of, placement_month, bucket, currency)
      )`,
      ...clientTable('portfolio_snapshot', 'select, insert, delete'),
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
