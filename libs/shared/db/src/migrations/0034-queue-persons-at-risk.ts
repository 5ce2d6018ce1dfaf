import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx } from './rls.js';

const MINE = `me.agency_id = ${ctx.agencyId} and me.client_id = any (${ctx.clientIds})`;

/**
 * A queue's `totalCount` reads the cross-bank person counts only of the people who may be over a limit.
 *
 * `app.queue_person_loads` (0021, 0028) counted the week's calls of every person in the collector's queue:
 * it read every queued account and its debtor, made them distinct and joined them to the agency's calls
 * of the week, however few of those people were near a limit. On a 50,000-account queue with 23,000 calls
 * in the week that was 150–215 ms of the count's 225 ms (docs/benchmarks.md, "Work queue").
 *
 * `app.queue_person_loads_at_risk` starts from the calls instead. It groups the agency's calls of the week
 * by person, from the recent-calls index alone, and keeps the people whose counts reach one of the floors
 * it is given. The caller passes, for each rule, the lowest limit among the banks that count per person (0: none has the
 * rule), and the longest minimum gap and quiet period. Only for those people does it read the debtors of
 * the caller's banks and count the calls of each debtor's local day. A local day begins at most 25 hours
 * before now, on the day a clock goes back, so the day's counts are at most the last 26 hours' counts and
 * the floors never leave out anyone a limit blocks. The exact test under each bank's own policy stays
 * with the caller (libs/contact, `contactableNowSql`).
 *
 * Security definer as before: a person's calls at the agency's other banks count, their rows stay hidden;
 * it answers only for debtors of the caller's agency and banks in the collector's queue, with counts and times.
 */
export class QueuePersonsAtRisk1795536000033 implements MigrationInterface {
  name = 'QueuePersonsAtRisk1795536000033';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `create function app.queue_person_loads_at_risk(p_channel text, p_now timestamptz, p_collector uuid,
           p_attempts_day integer, p_connected_day integer, p_attempts_week integer, p_connected_week integer,
           p_gap_minutes integer, p_quiet_days integer)
         returns table (client_id uuid, debtor_id uuid, attempts_day integer, connected_day integer, attempts_week integer,
                        connected_week integer, last_attempt_at timestamptz, last_connected_at timestamptz)
         language sql stable security definer set search_path = public, pg_temp rows 100 as $$
           with week as (
             select h.identity_hash,
                    count(*) filter (where h.started_at > p_now - interval '26 hours') as attempts_recent,
                    count(*) filter (where h.connected and h.started_at > p_now - interval '26 hours') as connected_recent,
                    count(*)::int as attempts_week,
                    (count(*) filter (where h.connected))::int as connected_week,
                    max(h.started_at) as last_attempt_at,
                    max(h.started_at) filter (where h.connected) as last_connected_at
               from contact_attempt h
              where h.agency_id = ${ctx.agencyId} and h.channel = p_channel and h.direction = 'outbound' and h.corrects_id is null
                and h.started_at > p_now - interval '168 hours' and h.started_at <= p_now
              group by h.identity_hash
           ), at_risk as (
             select * from week w
              where (p_attempts_day > 0 and w.attempts_recent >= p_attempts_day)
                 or (p_connected_day > 0 and w.connected_recent >= p_connected_day)
                 or (p_attempts_week > 0 and w.attempts_week >= p_attempts_week)
                 or (p_connected_week > 0 and w.connected_week >= p_connected_week)
                 or (p_gap_minutes > 0 and w.last_attempt_at + p_gap_minutes * interval '1 minute' > p_now)
                 or (p_quiet_days > 0 and w.last_connected_at + p_quiet_days * interval '24 hours' > p_now)
           )
           -- Per person at risk, their debtors in the queue (a lateral, so that the queue is never read whole).
           select me.client_id, me.id, d.attempts_day, d.connected_day, w.attempts_week, w.connected_week, w.last_attempt_at, w.last_connected_at
             from at_risk w
             cross join lateral (
               select me.client_id, me.id, me.agency_id, coalesce(me.time_zone, c.time_zone) as tz
                 from debtor me join client c on c.id = me.client_id
                where me.identity_hash = w.identity_hash and ${MINE}
                  and exists (select 1 from account qa where qa.client_id = me.client_id and qa.debtor_id = me.id
                                 and qa.assigned_collector_id = p_collector and qa.status = 'active')
               offset 0) me
             -- The calls of the person's local day: the debtor's zone, else the bank's.
             cross join lateral (
               select count(*)::int as attempts_day, (count(*) filter (where h.connected))::int as connected_day
                 from contact_attempt h
                where h.agency_id = me.agency_id and h.identity_hash = w.identity_hash and h.channel = p_channel
                  and h.direction = 'outbound' and h.corrects_id is null and h.started_at <= p_now
                  and h.started_at >= (date_trunc('day', p_now at time zone me.tz)) at time zone me.tz) d
         $$`,
      `revoke all on function app.queue_person_loads_at_risk(text, timestamptz, uuid, integer, integer, integer, integer, integer, integer) from public`,
      `grant execute on function app.queue_person_loads_at_risk(text, timestamptz, uuid, integer, integer, integer, integer, integer, integer) to arrears_app`,
      `drop function app.queue_person_loads(text, timestamptz, uuid)`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
