import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx, inAgency, inClientScope, roleIn } from './rls.js';

/**
 * Complaints. The header (`complaint`: who, what category, which account, status, clocks) is seen by
 * agency staff and the bank in scope, so a collector sees why an account is held. The body — the
 * complainant's identity and words, the investigation, comments and evidence — lives in tables of its
 * own whose policy also hides it from the collector the complaint is against (`against_user_id`,
 * copied onto each body row so the policy stays a plain predicate). Lawyers see none of it.
 */
const STAFF_AND_BANK = roleIn('agency_admin', 'supervisor', 'collector', 'client_user');
const HANDLERS = roleIn('agency_admin', 'supervisor');
/** The body of a complaint: never to the person complained against (collector or not), never to lawyers. */
const BODY_VISIBLE = `${inClientScope} and ${STAFF_AND_BANK} and (against_user_id is null or against_user_id <> ${ctx.userId})`;

export class Complaints1795536000010 implements MigrationInterface {
  name = 'Complaints1795536000010';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // The agency's own categories on top of the built-in ones (which live in code, so every agency has them).
      `create table complaint_category (
        agency_id uuid not null references agency (id),
        code text not null check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
        name_en text not null check (length(trim(name_en)) between 1 and 100),
        name_zh text not null check (length(trim(name_zh)) between 1 and 100),
        active boolean not null default true,
        created_at timestamptz not null default now(),
        primary key (agency_id, code)
      )`,
      `alter table complaint_category enable row level security`,
      `alter table complaint_category force row level security`,
      `create policy complaint_category_read on complaint_category for select using (${inAgency})`,
      `create policy complaint_category_write on complaint_category for insert with check (${inAgency} and ${roleIn('agency_admin')})`,
      `create policy complaint_category_update on complaint_category for update using (${inAgency} and ${roleIn('agency_admin')})`,
      `grant select, insert, update on complaint_category to arrears_app`,

      `create table complaint (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        reference text not null,
        source text not null check (source in ('debtor', 'third_party', 'bank', 'regulator', 'other')),
        regulator_ref text,
        category text not null,
        severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
        status text not null default 'received' check (status in ('received', 'acknowledged', 'investigating', 'resolved', 'closed', 'withdrawn')),
        outcome text check (outcome in ('upheld', 'partly_upheld', 'not_upheld')),
        account_id uuid,
        debtor_id uuid,
        against_user_id uuid references app_user (id),
        against_contact_attempt_id uuid,
        against_letter_id uuid,
        handler_id uuid references app_user (id),
        raised_by uuid not null references app_user (id),
        raised_by_role text not null,
        received_at timestamptz not null default now(),
        clock_started_on date not null,
        policy_version integer not null,
        policy_preset text not null,
        regulatory_basis text not null check (regulatory_basis in ('calendar', 'working')),
        regulatory_due_on date not null,
        extension_level integer not null default 0,
        contractual_basis text check (contractual_basis in ('calendar', 'working')),
        contractual_due_on date,
        clock_approximate boolean not null default false,
        due_soon_days integer not null default 3,
        acknowledged_at timestamptz,
        decided_on date,
        resolved_at timestamptz,
        closed_at timestamptz,
        withdrawn_at timestamptz,
        reopened_count integer not null default 0,
        do_not_call_requested boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (client_id, id),
        unique (client_id, reference),
        foreign key (client_id, account_id) references account (client_id, id),
        foreign key (client_id, debtor_id) references debtor (client_id, id),
        check ((status in ('resolved', 'closed')) = (outcome is not null))
      )`,
      `create index complaint_due_idx on complaint (client_id, regulatory_due_on, id)`,
      `create index complaint_id_idx on complaint (id)`,
      `create index complaint_account_idx on complaint (client_id, account_id) where account_id is not null`,
      `create index complaint_against_idx on complaint (client_id, against_user_id) where against_user_id is not null`,
      `alter table complaint enable row level security`,
      `alter table complaint force row level security`,
      `create policy complaint_read on complaint for select using (${inClientScope} and ${STAFF_AND_BANK})`,
      // Staff take complaints from anyone; the bank raises them on its own accounts.
      `create policy complaint_raise on complaint for insert with check (${inClientScope} and ${STAFF_AND_BANK} and raised_by = ${ctx.userId})`,
      `create policy complaint_handle on complaint for update using (${inClientScope} and ${HANDLERS}) with check (${inClientScope})`,
      `grant select, insert, update on complaint to arrears_app`,

      // The body: one row per complaint.
      `create table complaint_detail (
        client_id uuid not null references client (id),
        complaint_id uuid not null,
        agency_id uuid not null references agency (id),
        against_user_id uuid,
        complainant_name text,
        complainant_phone text,
        complainant_relation text,
        words text not null check (length(words) between 1 and 20000),
        findings text,
        remedy text,
        root_cause text,
        outcome_notice text,
        updated_at timestamptz not null default now(),
        primary key (client_id, complaint_id),
        foreign key (client_id, complaint_id) references complaint (client_id, id)
      )`,
      `alter table complaint_detail enable row level security`,
      `alter table complaint_detail force row level security`,
      `create policy complaint_detail_read on complaint_detail for select using (${BODY_VISIBLE})`,
      `create policy complaint_detail_write on complaint_detail for insert with check (${BODY_VISIBLE})`,
      `create policy complaint_detail_update on complaint_detail for update using (${BODY_VISIBLE} and ${HANDLERS}) with check (${inClientScope})`,
      `grant select, insert, update on complaint_detail to arrears_app`,

      // Comments and evidence, from staff and from the bank that co-handles.
      `create table complaint_entry (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        complaint_id uuid not null,
        against_user_id uuid,
        kind text not null check (kind in ('comment', 'evidence')),
        author_id uuid not null references app_user (id),
        author_role text not null,
        body text check (body is null or length(body) <= 20000),
        document_key text,
        file_name text,
        content_type text,
        size_bytes bigint,
        sha256 text,
        created_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, complaint_id) references complaint (client_id, id),
        check ((kind = 'evidence') = (document_key is not null)),
        check (kind = 'evidence' or body is not null)
      )`,
      `create index complaint_entry_complaint_idx on complaint_entry (client_id, complaint_id, created_at)`,
      `alter table complaint_entry enable row level security`,
      `alter table complaint_entry force row level security`,
      `create policy complaint_entry_read on complaint_entry for select using (${BODY_VISIBLE})`,
      `create policy complaint_entry_write on complaint_entry for insert with check (${BODY_VISIBLE} and author_id = ${ctx.userId})`,
      `grant select, insert on complaint_entry to arrears_app`,

      // What happened when: transitions, extensions (reason, approver), reassignments. No complainant data.
      `create table complaint_history (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        complaint_id uuid not null,
        action text not null,
        from_status text,
        to_status text not null,
        reason text,
        actor_id uuid not null references app_user (id),
        at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, complaint_id) references complaint (client_id, id)
      )`,
      `create index complaint_history_complaint_idx on complaint_history (client_id, complaint_id, at)`,
      `alter table complaint_history enable row level security`,
      `alter table complaint_history force row level security`,
      `create policy complaint_history_read on complaint_history for select using (${inClientScope} and ${STAFF_AND_BANK})`,
      `create policy complaint_history_write on complaint_history for insert with check (${inClientScope} and ${STAFF_AND_BANK} and actor_id = ${ctx.userId})`,
      `grant select, insert on complaint_history to arrears_app`,

      // The body rows carry the header's against_user_id for their policy; the database copies it, so no
      // writer can leave it out, and it never changes after the complaint is raised.
      `create function app.complaint_body_against() returns trigger language plpgsql as $$
       begin
         new.against_user_id := (select c.against_user_id from complaint c where c.client_id = new.client_id and c.id = new.complaint_id);
         return new;
       end $$`,
      `create trigger complaint_detail_against before insert or update on complaint_detail for each row execute function app.complaint_body_against()`,
      `create trigger complaint_entry_against before insert on complaint_entry for each row execute function app.complaint_body_against()`,
      `create function app.complaint_against_fixed() returns trigger language plpgsql as $$
       begin
         if new.against_user_id is distinct from old.against_user_id then
           raise exception 'who a complaint is against is fixed when it is raised' using errcode = '23514';
         end if;
         return new;
       end $$`,
      `create trigger complaint_against_fixed before update on complaint for each row execute function app.complaint_against_fixed()`,

    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
