import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx } from './rls.js';

/** Hold reasons that belong to the person, not to one bank's account (as in 0009-contact). */
const PERSON_LEVEL = `('deceased', 'bankruptcy', 'cease_request', 'attorney_represented')`;
const MINE = `me.agency_id = ${ctx.agencyId} and me.client_id = any (${ctx.clientIds})`;

/**
 * Set-based forms of the two cross-bank facts of 0009-contact, so that a work queue decides
 * contactability for a whole collector's portfolio in one statement instead of one call per account.
 * They return exactly what app.contact_person_load and app.person_held_elsewhere return for each of
 * the caller's debtors (counts and times; a yes), only for the debtors where there is something to say,
 * and nothing about which bank, account, collector or outcome.
 */
export class PerfQueue1795536000020 implements MigrationInterface {
  name = 'PerfQueue1795536000020';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // Each of the caller's debtors whose person had outbound contact on the channel at any bank of the
      // agency in (p_now - 7 days, p_now]: the counts of the day (the debtor's local day, as the queue
      // and app.contact_person_load use it) and of the 7 days, and the last attempt and conversation.
      `create function app.contact_person_loads(p_channel text, p_now timestamptz)
         returns table (client_id uuid, debtor_id uuid, attempts_day integer, connected_day integer, attempts_week integer,
                        connected_week integer, last_attempt_at timestamptz, last_connected_at timestamptz)
         language sql stable security definer set search_path = public, pg_temp as $$
           with hist as (
             select o.agency_id, o.identity_hash, a.started_at, a.connected from contact_attempt a
               join debtor o on o.client_id = a.client_id and o.id = a.debtor_id
              where a.agency_id = ${ctx.agencyId} and a.channel = p_channel and a.direction = 'outbound' and a.corrects_id is null
                and a.started_at > p_now - interval '168 hours' and a.started_at <= p_now
           ), mine as (
             select me.client_id, me.id as debtor_id, h.started_at, h.connected,
                    (date_trunc('day', p_now at time zone coalesce(me.time_zone, c.time_zone))) at time zone coalesce(me.time_zone, c.time_zone) as day_start
               from hist h
               join debtor me on me.agency_id = h.agency_id and me.identity_hash = h.identity_hash
               join client c on c.id = me.client_id
              where ${MINE}
           )
           select client_id, debtor_id,
                  (count(*) filter (where started_at >= day_start))::int,
                  (count(*) filter (where connected and started_at >= day_start))::int,
                  count(*)::int,
                  (count(*) filter (where connected))::int,
                  max(started_at),
                  max(started_at) filter (where connected)
             from mine group by client_id, debtor_id
         $$`,
      // The caller's debtors whose person is on a person-level hold in force at another bank of the agency.
      `create function app.persons_held_elsewhere()
         returns table (client_id uuid, debtor_id uuid)
         language sql stable security definer set search_path = public, pg_temp as $$
           select distinct me.client_id, me.id
             from account_hold h
             join account oa on oa.client_id = h.client_id and oa.id = h.account_id
             join debtor o on o.client_id = oa.client_id and o.id = oa.debtor_id
             join debtor me on me.agency_id = o.agency_id and me.identity_hash = o.identity_hash and me.client_id <> o.client_id
            where h.agency_id = ${ctx.agencyId} and h.reason in ${PERSON_LEVEL} and h.lifted_at is null and (h.ends_at is null or h.ends_at > now())
              and ${MINE}
         $$`,
      `revoke all on function app.contact_person_loads(text, timestamptz), app.persons_held_elsewhere() from public`,
      `grant execute on function app.contact_person_loads(text, timestamptz), app.persons_held_elsewhere() to arrears_app`,
      // Outbound calls of the last days by time, for the per-debt counts of a whole queue at once.
      `create index contact_attempt_recent_idx on contact_attempt (agency_id, started_at) where direction = 'outbound' and corrects_id is null`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
