import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx, inAgency, inClientScope, roleIn } from './rls.js';

const STAFF = roleIn('agency_admin', 'supervisor', 'collector');
/** Hold reasons that belong to the person, not to one bank's account (DOMAIN.md, holds). */
const PERSON_LEVEL = `('deceased', 'bankruptcy', 'cease_request', 'attorney_represented')`;

/**
 * Contact: attempts (append-only once complete), refusals kept as evidence, phones as records, the
 * agency-wide do-not-call list, and two narrow SECURITY DEFINER functions through which the same person's
 * contact counts and person-level holds cross from one bank to another without anything else crossing.
 */
export class Contact1795536000008 implements MigrationInterface {
  name = 'Contact1795536000008';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `alter table account add column next_action_at timestamptz`,
      `create index debtor_identity_idx on debtor (agency_id, identity_hash)`,

      // Phones become records with an id, a type, a status, where they came from and the last outcome.
      `alter table debtor_phone
         add column id uuid not null default gen_random_uuid(),
         add column phone_type text not null default 'mobile' check (phone_type in ('mobile', 'home', 'work', 'other')),
         add column status text not null default 'valid' check (status in ('valid', 'wrong_number', 'out_of_service', 'do_not_call')),
         add column source text not null default 'placement' check (source in ('placement', 'debtor', 'repair')),
         add column last_outcome text,
         add column last_outcome_at timestamptz,
         add column created_at timestamptz not null default now()`,
      `alter table debtor_phone add constraint debtor_phone_id_key unique (client_id, id)`,
      `create index debtor_phone_id_idx on debtor_phone (id)`,
      `grant update (status, last_outcome, last_outcome_at) on debtor_phone to arrears_app`,

      // Agency-wide do-not-call list: numbers kept only as a keyed hash (HMAC), never in clear.
      `create table do_not_call (
        agency_id uuid not null references agency (id),
        number_hash text not null,
        reason text not null,
        added_by uuid not null references app_user (id),
        added_at timestamptz not null default now(),
        primary key (agency_id, number_hash)
      )`,
      `alter table do_not_call enable row level security`,
      `alter table do_not_call force row level security`,
      `create policy do_not_call_read on do_not_call for select using (${inAgency} and ${STAFF})`,
      `create policy do_not_call_add on do_not_call for insert with check (${inAgency} and ${STAFF} and added_by = ${ctx.userId})`,
      `grant select, insert on do_not_call to arrears_app`,

      `create table contact_attempt (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        debtor_id uuid not null,
        channel text not null check (channel in ('call', 'sms', 'letter', 'email', 'visit')),
        direction text not null check (direction in ('outbound', 'inbound')),
        party text not null check (party in ('debtor', 'guarantor', 'attorney', 'third_party')),
        phone_id uuid,
        status text not null check (status in ('started', 'completed')),
        outcome_code text,
        connected boolean not null default false,
        right_party_verified boolean not null default false,
        note text,
        duration_seconds integer check (duration_seconds >= 0),
        recording_ref text,
        next_action_at timestamptz,
        corrects_id uuid,
        policy_version integer not null,
        made_by uuid not null references app_user (id),
        started_at timestamptz not null,
        completed_at timestamptz,
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id),
        foreign key (client_id, debtor_id) references debtor (client_id, id),
        foreign key (client_id, corrects_id) references contact_attempt (client_id, id),
        check ((status = 'completed') = (completed_at is not null)),
        check (status = 'started' or outcome_code is not null)
      )`,
      `create index contact_attempt_account_idx on contact_attempt (client_id, account_id, started_at desc)`,
      `create index contact_attempt_debtor_idx on contact_attempt (client_id, debtor_id, started_at desc)`,
      `create index contact_attempt_id_idx on contact_attempt (id)`,
      `alter table contact_attempt enable row level security`,
      `alter table contact_attempt force row level security`,
      // The bank reads the contact history of its own accounts; only agency staff make attempts.
      `create policy contact_attempt_read on contact_attempt for select using (${inClientScope})`,
      `create policy contact_attempt_make on contact_attempt for insert with check (${inClientScope} and ${STAFF} and made_by = ${ctx.userId})`,
      `create policy contact_attempt_complete on contact_attempt for update using (${inClientScope} and ${STAFF} and made_by = ${ctx.userId}) with check (${inClientScope})`,
      `grant select, insert on contact_attempt to arrears_app`,
      `grant update (status, outcome_code, connected, right_party_verified, note, duration_seconds, recording_ref, next_action_at, completed_at) on contact_attempt to arrears_app`,
      // Append-only: a started call is completed once; after that a correction is a new attempt.
      `create function app.contact_attempt_complete_once() returns trigger language plpgsql as $$
         begin
           if old.status = 'completed' then
             raise exception 'a completed contact attempt is never changed; record a correction' using errcode = '23514';
           end if;
           return new;
         end $$`,
      `create trigger contact_attempt_complete_once before update on contact_attempt for each row execute function app.contact_attempt_complete_once()`,

      // A contact the policy refused, kept as evidence with the rules and the version it was decided under.
      `create table contact_refusal (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        channel text not null,
        party text not null,
        rules jsonb not null,
        next_allowed_at timestamptz,
        policy_version integer not null,
        attempted_by uuid not null references app_user (id),
        attempted_at timestamptz not null,
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      `create index contact_refusal_time_idx on contact_refusal (client_id, attempted_at desc, id)`,
      `create index contact_refusal_account_idx on contact_refusal (client_id, account_id, attempted_at desc)`,
      `alter table contact_refusal enable row level security`,
      `alter table contact_refusal force row level security`,
      `create policy contact_refusal_read on contact_refusal for select using (${inClientScope})`,
      `create policy contact_refusal_write on contact_refusal for insert with check (${inClientScope} and ${STAFF} and attempted_by = ${ctx.userId})`,
      `grant select, insert on contact_refusal to arrears_app`,

      // The same person's outbound contact across every bank of the agency, as counts and "free at"
      // times only: no bank, account, collector, outcome or note crosses. The caller must see the debtor.
      `create function app.contact_person_load(p_client_id uuid, p_debtor_id uuid, p_channel text, p_day_start timestamptz, p_now timestamptz,
                                               p_attempts_week_limit integer, p_connected_week_limit integer)
         returns table (attempts_day integer, connected_day integer, attempts_week integer, connected_week integer,
                        attempts_week_free_at timestamptz, connected_week_free_at timestamptz, last_attempt_at timestamptz, last_connected_at timestamptz)
         language sql stable security definer set search_path = public, pg_temp as $$
           with me as (
             select d.agency_id, d.identity_hash from debtor d
              where d.client_id = p_client_id and d.id = p_debtor_id
                and d.agency_id = ${ctx.agencyId} and d.client_id = any (${ctx.clientIds})
           ), hist as (
             select a.started_at, a.connected from contact_attempt a
               join debtor o on o.client_id = a.client_id and o.id = a.debtor_id
               join me on o.agency_id = me.agency_id and o.identity_hash = me.identity_hash
              where a.agency_id = me.agency_id and a.channel = p_channel and a.direction = 'outbound' and a.corrects_id is null
                and a.started_at > p_now - interval '7 days' and a.started_at <= p_now
           ), ranked as (
             select started_at, connected,
                    row_number() over (order by started_at desc) as n_all,
                    row_number() over (partition by connected order by started_at desc) as n_conn
               from hist
           )
           select
             (count(*) filter (where started_at >= p_day_start))::int,
             (count(*) filter (where connected and started_at >= p_day_start))::int,
             count(*)::int,
             (count(*) filter (where connected))::int,
             max(started_at + interval '7 days') filter (where n_all = p_attempts_week_limit),
             max(started_at + interval '7 days') filter (where connected and n_conn = p_connected_week_limit),
             max(started_at),
             max(started_at) filter (where connected)
           from ranked
           where exists (select 1 from me)
         $$`,
      // Whether a person-level hold (deceased, bankruptcy, cease request, attorney) is in force at another
      // bank of the agency for the same person: a yes or no, never which bank or why.
      `create function app.person_held_elsewhere(p_client_id uuid, p_debtor_id uuid)
         returns boolean language sql stable security definer set search_path = public, pg_temp as $$
           select exists (
             select 1 from debtor me
               join debtor o on o.agency_id = me.agency_id and o.identity_hash = me.identity_hash and o.client_id <> me.client_id
               join account oa on oa.client_id = o.client_id and oa.debtor_id = o.id
               join account_hold h on h.client_id = oa.client_id and h.account_id = oa.id
              where me.client_id = p_client_id and me.id = p_debtor_id
                and me.agency_id = ${ctx.agencyId} and me.client_id = any (${ctx.clientIds})
                and h.reason in ${PERSON_LEVEL} and h.lifted_at is null and (h.ends_at is null or h.ends_at > now()))
         $$`,
      `revoke all on function app.contact_person_load(uuid, uuid, text, timestamptz, timestamptz, integer, integer), app.person_held_elsewhere(uuid, uuid) from public`,
      `grant execute on function app.contact_person_load(uuid, uuid, text, timestamptz, timestamptz, integer, integer), app.person_held_elsewhere(uuid, uuid) to arrears_app`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
