import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The legal case statuses that end a case (as in 0012-legal). */
const TERMINAL = `'closed', 'withdrawn', 'returned', 'declined', 'authorisation_declined'`;

/**
 * A hold lifted because the firm ended its case is announced like every other lifted hold.
 *
 * app.legal_firm_effects (0012) lifts the case's hold when a lawyer ends the case (lawyers have no client
 * scope, so the database does it for the firm's own case), but only the application's HoldService wrote
 * `hold.lifted` events: a bank subscribed to them never heard of these lifts. The function now writes the
 * same event, with the same payload as HoldService (hold id, reason, end, source), in the same statement.
 */
export class LegalHoldEvents1795536000024 implements MigrationInterface {
  name = 'LegalHoldEvents1795536000024';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create or replace function app.legal_firm_effects(p_client_id uuid, p_case_id uuid, p_event_type text, p_payload jsonb)
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
           returning h.id, h.client_id, h.agency_id, h.account_id, h.reason, h.ends_at, h.source_type, h.source_id
         ), lift_events as (
           insert into event_outbox (agency_id, client_id, type, subject_id, payload, actor_user_id)
           select l.agency_id, l.client_id, 'hold.lifted', l.account_id,
                  jsonb_build_object('holdId', l.id, 'reason', l.reason,
                                     'endsAt', to_char(l.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                     'source', jsonb_build_object('type', l.source_type, 'id', l.source_id)),
                  nullif(current_setting('app.user_id', true), '')::uuid
             from lifted l
           returning 1
         )
         select (select count(*) from c)::int + 0 * ((select count(*) from ev) + (select count(*) from lift_events))::int
       $$`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
