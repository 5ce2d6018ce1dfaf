import type { MigrationInterface, QueryRunner } from 'typeorm';
import { clientTable, ctx, inAgency, inClientScope, roleIn } from './rls.js';

/** A lawyer's own rows: their firm's, within their agency. Legal tables carry law_firm_id so this stays a plain predicate. */
const lawyerOwn = `(${inAgency} and ${roleIn('lawyer')} and law_firm_id = ${ctx.lawFirmId})`;
const staff = roleIn('agency_admin', 'supervisor');
const ACTIVE = `'awaiting_authorisation', 'referred', 'accepted', 'pre_suit_mediation', 'filed', 'hearing', 'judgment', 'enforcement'`;
const TERMINAL = `'closed', 'withdrawn', 'returned', 'declined', 'authorisation_declined'`;

/** A legal table read by staff in scope, the bank (its own) and the lawyer of the firm it was referred to. */
function legalTable(table: string, grants: string): string[] {
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy ${table}_read on ${table} for select using (${inClientScope} or ${lawyerOwn})`,
    `grant ${grants} on ${table} to arrears_app`,
  ];
}

/**
 * Legal-case handoff: law firm details, the bank's plaintiff entity and documents, legal cases with
 * their immutable case files, court documents, status history, costs and recoveries. Lawyers have no
 * client scope: every legal table admits them by law_firm_id, and nothing else does.
 */
export class Legal1795536000011 implements MigrationInterface {
  name = 'Legal1795536000011';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `alter table law_firm
         add column contact_name text,
         add column contact_phone text,
         add column contact_email text,
         add column regions text[] not null default '{}',
         add column courts text[] not null default '{}',
         add column fee_basis text not null default 'contingency' check (fee_basis in ('contingency', 'risk_agency', 'fixed')),
         add column fee_rate numeric(6, 4) check (fee_rate is null or (fee_rate >= 0 and fee_rate <= 1)),
         add column fixed_fee numeric(18, 2) check (fixed_fee is null or fixed_fee >= 0),
         add column fee_currency char(3) not null default 'CNY',
         add column updated_at timestamptz not null default now()`,

      // The plaintiff as a court knows it (the bank's legal entity), snapshotted into each case file.
      `create table legal_plaintiff (
        client_id uuid not null references client (id),
        agency_id uuid not null references agency (id),
        legal_name text not null check (length(trim(legal_name)) between 1 and 300),
        credit_code text,
        registered_address text,
        representative text,
        updated_by uuid not null references app_user (id),
        updated_at timestamptz not null default now(),
        primary key (client_id)
      )`,
      ...clientTable('legal_plaintiff', 'select, insert, update'),
      `create policy legal_plaintiff_writers on legal_plaintiff as restrictive for insert with check (${roleIn('agency_admin', 'client_user')})`,
      `create policy legal_plaintiff_updaters on legal_plaintiff as restrictive for update using (${roleIn('agency_admin', 'client_user')})`,

      // Documents the bank uploads per account (card agreement, application); copied into a case file at referral.
      `create table legal_bank_document (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        kind text not null check (kind in ('card_agreement', 'application', 'other')),
        file_name text not null,
        content_type text not null,
        storage_key text not null,
        sha256 char(64) not null,
        size_bytes bigint not null,
        uploaded_by uuid not null references app_user (id),
        uploaded_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      `create index legal_bank_document_account_idx on legal_bank_document (client_id, account_id, kind)`,
      `create index legal_bank_document_id_idx on legal_bank_document (id)`,
      ...clientTable('legal_bank_document', 'select, insert'),
      `create policy legal_bank_document_uploaders on legal_bank_document as restrictive for insert with check (${roleIn('agency_admin', 'client_user')})`,

      `create table legal_case (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        law_firm_id uuid not null references law_firm (id),
        -- Names as they were at referral: the bank sees who handles its case without reading law_firm or app_user.
        law_firm_name text not null,
        referred_by_name text not null,
        status text not null check (status in (${ACTIVE}, ${TERMINAL})),
        firm_visible boolean not null default false,
        authorisation_required boolean not null,
        authorised_by uuid references app_user (id),
        authorised_at timestamptz,
        authorisation_note text,
        referred_by uuid not null references app_user (id),
        referred_at timestamptz not null default now(),
        policy_version integer not null,
        currency char(3) not null,
        claim_amount numeric(18, 2) not null,
        decline_reason text,
        court text,
        court_case_no text,
        status_changed_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      // One active case per account.
      `create unique index legal_case_active_uq on legal_case (client_id, account_id) where status in (${ACTIVE})`,
      `create index legal_case_id_idx on legal_case (id)`,
      `create index legal_case_firm_idx on legal_case (agency_id, law_firm_id, referred_at desc, id desc)`,
      `create index legal_case_client_idx on legal_case (client_id, referred_at desc, id desc)`,
      `alter table legal_case enable row level security`,
      `alter table legal_case force row level security`,
      // A lawyer sees a case once it is handed to the firm (after the bank's authorisation where required).
      `create policy legal_case_read on legal_case for select using (${inClientScope} or (${lawyerOwn} and firm_visible))`,
      `create policy legal_case_refer on legal_case for insert with check (${inClientScope} and ${staff})`,
      `create policy legal_case_update on legal_case for update
         using ((${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'client_user')}) or (${lawyerOwn} and firm_visible))
         with check (${inClientScope} or (${lawyerOwn} and firm_visible))`,
      `grant select, insert, update on legal_case to arrears_app`,

      // The case file: written once at handoff, never updated (no UPDATE grant at all).
      `create table legal_case_file (
        client_id uuid not null references client (id),
        case_id uuid not null,
        agency_id uuid not null references agency (id),
        law_firm_id uuid not null references law_firm (id),
        snapshot jsonb not null,
        manifest jsonb not null,
        manifest_sha256 char(64) not null,
        created_by uuid not null references app_user (id),
        created_at timestamptz not null default now(),
        primary key (client_id, case_id),
        foreign key (client_id, case_id) references legal_case (client_id, id)
      )`,
      `create index legal_case_file_case_idx on legal_case_file (case_id)`,
      ...legalTable('legal_case_file', 'select, insert'),
      `create policy legal_case_file_write on legal_case_file for insert with check (${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'client_user')})`,

      `create table legal_case_document (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        case_id uuid not null,
        law_firm_id uuid not null references law_firm (id),
        kind text not null check (kind in ('statement_pdf', 'case_file_json', 'manifest', 'card_agreement', 'application', 'bank_document', 'authorisation', 'court_document')),
        in_case_file boolean not null,
        file_name text not null,
        content_type text not null,
        storage_key text not null,
        sha256 char(64) not null,
        size_bytes bigint not null,
        uploaded_by uuid not null references app_user (id),
        created_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, case_id) references legal_case (client_id, id)
      )`,
      `create index legal_case_document_case_idx on legal_case_document (client_id, case_id, created_at)`,
      `create index legal_case_document_id_idx on legal_case_document (id)`,
      ...legalTable('legal_case_document', 'select, insert'),
      `create policy legal_case_document_write on legal_case_document for insert with check (
         (${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'client_user')})
         or (${lawyerOwn} and kind = 'court_document' and not in_case_file))`,

      `create table legal_case_status (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        case_id uuid not null,
        law_firm_id uuid not null references law_firm (id),
        from_status text,
        to_status text not null,
        note text,
        changed_by uuid not null references app_user (id),
        changed_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, case_id) references legal_case (client_id, id)
      )`,
      `create index legal_case_status_case_idx on legal_case_status (client_id, case_id, changed_at)`,
      ...legalTable('legal_case_status', 'select, insert'),
      `create policy legal_case_status_write on legal_case_status for insert with check (${inClientScope} or ${lawyerOwn})`,

      `create table legal_cost (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        case_id uuid not null,
        law_firm_id uuid not null references law_firm (id),
        kind text not null check (kind in ('court_fee', 'preservation_fee', 'enforcement_fee', 'service_fee', 'other')),
        amount numeric(18, 2) not null check (amount > 0),
        currency char(3) not null,
        incurred_on date not null,
        note text,
        recorded_by uuid not null references app_user (id),
        recorded_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, case_id) references legal_case (client_id, id)
      )`,
      `create index legal_cost_case_idx on legal_cost (client_id, case_id)`,
      ...legalTable('legal_cost', 'select, insert'),
      `create policy legal_cost_write on legal_cost for insert with check ((${inClientScope} and ${staff}) or ${lawyerOwn})`,

      `create table legal_recovery (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        case_id uuid not null,
        law_firm_id uuid not null references law_firm (id),
        account_id uuid not null,
        amount numeric(18, 2) not null check (amount > 0),
        currency char(3) not null,
        received_on date not null,
        note text,
        status text not null default 'recorded' check (status in ('recorded', 'confirmed', 'rejected')),
        recorded_by uuid not null references app_user (id),
        recorded_at timestamptz not null default now(),
        decided_by uuid references app_user (id),
        decided_at timestamptz,
        decision_note text,
        primary key (client_id, id),
        foreign key (client_id, case_id) references legal_case (client_id, id)
      )`,
      `create index legal_recovery_case_idx on legal_recovery (client_id, case_id)`,
      `create index legal_recovery_id_idx on legal_recovery (id)`,
      ...legalTable('legal_recovery', 'select, insert, update'),
      `create policy legal_recovery_write on legal_recovery for insert with check ((${inClientScope} and ${staff}) or ${lawyerOwn})`,
      // Only agency staff confirm or reject a recovery.
      `create policy legal_recovery_decide on legal_recovery for update using (${inClientScope} and ${staff}) with check (${inClientScope})`,

      // A confirmed recovery as posted: the primary key is what makes the posting happen once.
      `create table legal_recovery_posting (
        client_id uuid not null references client (id),
        recovery_id uuid not null,
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        amount numeric(18, 2) not null check (amount > 0),
        currency char(3) not null,
        posted_by uuid not null references app_user (id),
        posted_at timestamptz not null default now(),
        primary key (client_id, recovery_id),
        foreign key (client_id, recovery_id) references legal_recovery (client_id, id)
      )`,
      ...clientTable('legal_recovery_posting', 'select, insert'),
      `create policy legal_recovery_posting_staff on legal_recovery_posting as restrictive for insert with check (${staff})`,

      // Lawyers have no client scope, so what their case changes outside legal tables (the outbox event,
      // lifting the case's hold when it ends) goes through this one narrow function, for their own case only.
      `create function app.legal_firm_effects(p_client_id uuid, p_case_id uuid, p_event_type text, p_payload jsonb)
         returns integer language sql volatile security definer set search_path = public, pg_temp as $$
           with c as (
             select lc.client_id, lc.id, lc.agency_id, lc.status from legal_case lc
              where lc.client_id = p_client_id and lc.id = p_case_id and lc.firm_visible
                and current_setting('app.role', true) = 'lawyer'
                and lc.agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
                and lc.law_firm_id = nullif(current_setting('app.law_firm_id', true), '')::uuid
           ), ev as (
             insert into event_outbox (agency_id, client_id, type, subject_id, payload, actor_user_id)
             select c.agency_id, c.client_id, p_event_type, c.id, coalesce(p_payload, '{}'::jsonb), nullif(current_setting('app.user_id', true), '')::uuid
               from c where p_event_type like 'legal.%'
             returning 1
           ), lifted as (
             update account_hold h set lifted_at = now(), lifted_by = nullif(current_setting('app.user_id', true), '')::uuid, lift_note = 'legal case ' || c.status
               from c
              where h.client_id = c.client_id and h.source_type = 'legal_case' and h.source_id = c.id and h.lifted_at is null
                and c.status in (${TERMINAL})
             returning 1
           )
           select (select count(*) from c)::int + 0 * ((select count(*) from ev) + (select count(*) from lifted))::int
         $$`,
      `revoke all on function app.legal_firm_effects(uuid, uuid, text, jsonb) from public`,
      `grant execute on function app.legal_firm_effects(uuid, uuid, text, jsonb) to arrears_app`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
