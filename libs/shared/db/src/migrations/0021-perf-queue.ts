import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx } from './rls.js';

/** Hold reasons that belong to the person, not to one bank's account (as in 0009-contact). */
const PERSON_LEVEL = `('deceased', 'bankruptcy', 'cease_request', 'attorney_represented')`;
const MINE = `me.agency_id = ${ctx.agencyId} and me.client_id = any (${ctx.clientIds})`;

/**
 * Set-based forms of the two cross-bank facts of 0009-contact, so that a work queue decides
 * contactability for a whole collector's queue in one statement instead of one call per account.
 * They return what app.contact_person_load and app.person_held_elsewhere return for each debtor
 * (counts and times; a yes), only for the debtors where there is something to say, and nothing about
 * which bank, account, collector or outcome. Also: an index for the week's outbound calls, and
 * time-ordered ids for the rows a placement import writes.
 */
export class PerfQueue1795536000020 implements MigrationInterface {
  name = 'PerfQueue1795536000020';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // The debtors of a work queue (the active accounts assigned to p_collector, within the caller's banks)
      // whose person had outbound contact on the channel at any bank of the agency in (p_now - 7 days, p_now]:
      // the counts of the day (the debtor's local day, as app.contact_person_load counts it) and of the 7
      // days, and the last attempt and conversation. Driven by both sides (the queue's debtors, the agency's
      // recent calls) so its cost follows the queue and the week's calls, never the whole portfolio.
      `create function app.queue_person_loads(p_channel text, p_now timestamptz, p_collector uuid)
         returns table (client_id uuid, debtor_id uuid, attempts_day integer, connected_day integer, attempts_week integer,
                        connected_week integer, last_attempt_at timestamptz, last_connected_at timestamptz)
         language sql stable security definer set search_path = public, pg_temp rows 1000 as $$
           with mine as (
             select distinct me.client_id, me.id, me.identity_hash, coalesce(me.time_zone, c.time_zone) as tz
               from account qa
               join debtor me on me.client_id = qa.client_id and me.id = qa.debtor_id
               join client c on c.id = me.client_id
              where qa.assigned_collector_id = p_collector and qa.status = 'active' and ${MINE.replace(/me\./g, 'qa.')}
           ), hist as (
             select o.identity_hash, a.started_at, a.connected from contact_attempt a
               join debtor o on o.client_id = a.client_id and o.id = a.debtor_id
              where a.agency_id = ${ctx.agencyId} and a.channel = p_channel and a.direction = 'outbound' and a.corrects_id is null
                and a.started_at > p_now - interval '168 hours' and a.started_at <= p_now
           ), joined as (
             select m.client_id, m.id as debtor_id, h.started_at, h.connected,
                    (date_trunc('day', p_now at time zone m.tz)) at time zone m.tz as day_start
               from mine m join hist h on h.identity_hash = m.identity_hash
           )
           select client_id, debtor_id,
                  (count(*) filter (where started_at >= day_start))::int,
                  (count(*) filter (where connected and started_at >= day_start))::int,
                  count(*)::int,
                  (count(*) filter (where connected))::int,
                  max(started_at),
                  max(started_at) filter (where connected)
             from joined group by client_id, debtor_id
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
      `revoke all on function app.queue_person_loads(text, timestamptz, uuid), app.persons_held_elsewhere() from public`,
      `grant execute on function app.queue_person_loads(text, timestamptz, uuid), app.persons_held_elsewhere() to arrears_app`,
      // Outbound calls of the last days by time, for the per-debt counts of a whole queue at once.
      `create index contact_attempt_recent_idx on contact_attempt (agency_id, started_at) where direction = 'outbound' and corrects_id is null`,
      // Time-ordered ids (PostgreSQL 18) for the rows a placement import writes by the hundred thousand: each
      // new key lands at the right edge of its indexes instead of on a random page, so the indexes stay in
      // memory as the tables grow. Existing ids stay as they are. A uuidv7 carries its creation time to the
      // millisecond; when an account or debtor was created is not a secret from whoever may see its id.
      ...['debtor', 'debtor_phone', 'debtor_contact', 'account', 'contact_attempt'].map((t) => `alter table ${t} alter column id set default uuidv7()`),
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
