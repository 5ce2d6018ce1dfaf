import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx, inAgency, inClientScope, roleIn } from './rls.js';

const STAFF = roleIn('agency_admin', 'supervisor', 'collector');
const ADMIN = roleIn('agency_admin');
const PLANNERS = roleIn('agency_admin', 'supervisor');

/**
 * Contact, second part: the agency's own outcome list, field visits with photo evidence, the HTTP
 * click-to-dial adapter (per-agency settings, calls and their signed call events, replay-protected by a
 * unique event id), and a narrow function that puts a complainant's number on the do-not-call list in
 * the complaint's own transaction.
 */
export class VisitsDialer1795536000018 implements MigrationInterface {
  name = 'VisitsDialer1795536000018';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // Outcome codes an agency uses; when it has none, the built-in defaults apply (docs/contact.md).
      `create table contact_outcome (
        agency_id uuid not null references agency (id),
        code text not null check (code ~ '^[a-z][a-z0-9_]{1,59}$'),
        label_zh text not null check (length(label_zh) between 1 and 100),
        label_en text not null check (length(label_en) between 1 and 100),
        connected boolean not null,
        discloses_debt boolean not null,
        kind text not null check (kind in ('contact', 'promise', 'refusal', 'acknowledgement', 'wrong_number', 'no_contact', 'third_party', 'dispute', 'deceased', 'hardship', 'call_back', 'other')),
        places_hold text check (places_hold in ('deceased', 'dispute', 'hardship')),
        built_in boolean not null default false,
        active boolean not null default true,
        sort integer not null default 100,
        updated_by uuid references app_user (id),
        updated_at timestamptz not null default now(),
        primary key (agency_id, code),
        -- Legal reads "debt acknowledged" for limitation periods: only that built-in code may be one.
        check ((kind = 'acknowledgement') = (code = 'debt_acknowledged'))
      )`,
      `alter table contact_outcome enable row level security`,
      `alter table contact_outcome force row level security`,
      `create policy contact_outcome_read on contact_outcome for select using (${inAgency})`,
      `create policy contact_outcome_add on contact_outcome for insert with check (${inAgency} and ${ADMIN})`,
      `create policy contact_outcome_edit on contact_outcome for update using (${inAgency} and ${ADMIN}) with check (${inAgency})`,
      `grant select, insert on contact_outcome to arrears_app`,
      `grant update (label_zh, label_en, connected, discloses_debt, kind, places_hold, active, sort, updated_by, updated_at) on contact_outcome to arrears_app`,

      // The agency's dialer: the built-in reveal adapter, or an HTTP click-to-dial service. The shared
      // secret (signs our requests and its callbacks) is kept sealed with the data key, never returned.
      `create table dialer_setting (
        agency_id uuid primary key references agency (id),
        adapter text not null check (adapter in ('builtin', 'http')),
        url text,
        secret_sealed text,
        updated_by uuid not null references app_user (id),
        updated_at timestamptz not null default now(),
        check (adapter = 'builtin' or (url is not null and secret_sealed is not null))
      )`,
      `alter table dialer_setting enable row level security`,
      `alter table dialer_setting force row level security`,
      `create policy dialer_setting_read on dialer_setting for select using (${inAgency} and ${STAFF})`,
      `create policy dialer_setting_add on dialer_setting for insert with check (${inAgency} and ${ADMIN} and updated_by = ${ctx.userId})`,
      `create policy dialer_setting_edit on dialer_setting for update using (${inAgency} and ${ADMIN}) with check (${inAgency} and updated_by = ${ctx.userId})`,
      `grant select, insert, update on dialer_setting to arrears_app`,

      // A collector's softphone extension, which the dialer bridges to the debtor.
      `create table dialer_extension (
        agency_id uuid not null references agency (id),
        user_id uuid not null references app_user (id),
        extension text not null check (extension ~ '^[0-9A-Za-z*#+@._-]{1,64}$'),
        updated_at timestamptz not null default now(),
        primary key (agency_id, user_id)
      )`,
      `alter table dialer_extension enable row level security`,
      `alter table dialer_extension force row level security`,
      `create policy dialer_extension_read on dialer_extension for select using (${inAgency} and ${STAFF})`,
      `create policy dialer_extension_add on dialer_extension for insert with check (${inAgency} and ${STAFF} and (user_id = ${ctx.userId} or ${ADMIN}))`,
      `create policy dialer_extension_edit on dialer_extension for update using (${inAgency} and ${STAFF} and (user_id = ${ctx.userId} or ${ADMIN})) with check (${inAgency})`,
      `grant select, insert, update on dialer_extension to arrears_app`,

      // One call the HTTP dialer placed, and what its call events said.
      `create table dialer_call (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        attempt_id uuid not null,
        made_by uuid not null references app_user (id),
        extension text not null,
        requested_at timestamptz not null default now(),
        answered_at timestamptz,
        hung_up_at timestamptz,
        duration_seconds integer check (duration_seconds >= 0),
        recording_ref text,
        hangup_cause text,
        primary key (client_id, id),
        unique (client_id, attempt_id),
        foreign key (client_id, attempt_id) references contact_attempt (client_id, id)
      )`,
      `create index dialer_call_id_idx on dialer_call (id)`,
      `alter table dialer_call enable row level security`,
      `alter table dialer_call force row level security`,
      `create policy dialer_call_read on dialer_call for select using (${inClientScope})`,
      `create policy dialer_call_make on dialer_call for insert with check (${inClientScope} and ${STAFF} and made_by = ${ctx.userId})`,
      // Call events are applied in the caller's (the collector's) context.
      `create policy dialer_call_events on dialer_call for update using (${inClientScope} and made_by = ${ctx.userId}) with check (${inClientScope})`,
      `grant select, insert on dialer_call to arrears_app`,
      `grant update (answered_at, hung_up_at, duration_seconds, recording_ref, hangup_cause) on dialer_call to arrears_app`,

      // Every call event taken, by the dialer's unique event id: a replayed event is refused.
      `create table dialer_call_event (
        client_id uuid not null references client (id),
        event_id text not null check (length(event_id) between 1 and 200),
        agency_id uuid not null references agency (id),
        call_id uuid not null,
        type text not null,
        signed_at timestamptz not null,
        received_at timestamptz not null default now(),
        payload jsonb not null,
        primary key (client_id, event_id),
        foreign key (client_id, call_id) references dialer_call (client_id, id)
      )`,
      `alter table dialer_call_event enable row level security`,
      `alter table dialer_call_event force row level security`,
      `create policy dialer_call_event_read on dialer_call_event for select using (${inClientScope})`,
      `create policy dialer_call_event_add on dialer_call_event for insert with check (${inClientScope})`,
      `grant select, insert on dialer_call_event to arrears_app`,

      // Where the unauthenticated callback finds whose call it is, before anything else is trusted:
      // the sealed secret to check the signature with, and the collector to act as.
      `create function app.dialer_call_target(p_call_id uuid)
         returns table (agency_id uuid, client_id uuid, made_by uuid, attempt_id uuid, secret_sealed text)
         language sql stable security definer set search_path = public, pg_temp as $$
           select c.agency_id, c.client_id, c.made_by, c.attempt_id, s.secret_sealed
             from dialer_call c join dialer_setting s on s.agency_id = c.agency_id and s.adapter = 'http'
            where c.id = p_call_id
         $$`,
      `revoke all on function app.dialer_call_target(uuid) from public`,
      `grant execute on function app.dialer_call_target(uuid) to arrears_app`,

      // Field visits: planned by a supervisor for one or more collectors, recorded once with the result.
      `create table field_visit (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        address text not null check (length(address) between 1 and 500),
        collector_ids uuid[] not null check (cardinality(collector_ids) between 1 and 5),
        planned_at timestamptz not null,
        planned_by uuid not null references app_user (id),
        policy_version integer not null,
        status text not null default 'scheduled' check (status in ('scheduled', 'completed', 'cancelled')),
        attempt_id uuid,
        met text check (met in ('debtor', 'guarantor', 'attorney', 'third_party', 'nobody')),
        checked_in_at timestamptz,
        latitude numeric(9, 6) check (latitude between -90 and 90),
        longitude numeric(9, 6) check (longitude between -180 and 180),
        recorded_by uuid references app_user (id),
        created_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id),
        foreign key (client_id, attempt_id) references contact_attempt (client_id, id),
        check ((status = 'completed') = (attempt_id is not null))
      )`,
      `create index field_visit_id_idx on field_visit (id)`,
      `create index field_visit_planned_idx on field_visit (client_id, planned_at)`,
      `create index field_visit_collectors_idx on field_visit using gin (collector_ids)`,
      `alter table field_visit enable row level security`,
      `alter table field_visit force row level security`,
      `create policy field_visit_read on field_visit for select using (${inClientScope} and ${STAFF})`,
      `create policy field_visit_plan on field_visit for insert with check (${inClientScope} and ${PLANNERS} and planned_by = ${ctx.userId})`,
      `create policy field_visit_record on field_visit for update
         using (${inClientScope} and (${PLANNERS} or ${ctx.userId} = any (collector_ids))) with check (${inClientScope})`,
      `grant select, insert on field_visit to arrears_app`,
      `grant update (status, attempt_id, met, checked_in_at, latitude, longitude, recorded_by) on field_visit to arrears_app`,

      `create table field_visit_photo (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        visit_id uuid not null,
        document_key text not null,
        file_name text not null,
        content_type text not null,
        size_bytes bigint not null,
        sha256 text not null,
        uploaded_by uuid not null references app_user (id),
        uploaded_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, visit_id) references field_visit (client_id, id)
      )`,
      `create index field_visit_photo_visit_idx on field_visit_photo (client_id, visit_id)`,
      `alter table field_visit_photo enable row level security`,
      `alter table field_visit_photo force row level security`,
      `create policy field_visit_photo_read on field_visit_photo for select using (${inClientScope} and ${STAFF})`,
      `create policy field_visit_photo_add on field_visit_photo for insert with check (${inClientScope} and ${STAFF} and uploaded_by = ${ctx.userId})`,
      `grant select, insert on field_visit_photo to arrears_app`,

      // A complaint that asks for no more calls puts the complainant's number (as its keyed hash, computed
      // by the application) on the agency's list, in the complaint's own transaction, whoever raised it.
      `create function app.do_not_call_from_complaint(p_complaint_id uuid, p_number_hash text)
         returns boolean language sql volatile security definer set search_path = public, pg_temp as $$
           with c as (
             select c.agency_id, c.reference, c.raised_by from complaint c
              where c.id = p_complaint_id and c.do_not_call_requested
                and c.agency_id = ${ctx.agencyId} and c.client_id = any (${ctx.clientIds})
           ), ins as (
             insert into do_not_call (agency_id, number_hash, reason, added_by)
             select c.agency_id, p_number_hash, 'complaint ' || c.reference, c.raised_by from c
             on conflict do nothing returning 1
           )
           select exists (select 1 from c)
         $$`,
      `revoke all on function app.do_not_call_from_complaint(uuid, text) from public`,
      `grant execute on function app.do_not_call_from_complaint(uuid, text) to arrears_app`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
