import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx } from './rls.js';

/**
 * The person a contact attempt reached, kept on the attempt: `contact_attempt.identity_hash`, the
 * debtor's identity hash. The cross-bank counts of a work queue (`app.queue_person_loads`) group the
 * week's calls by person; they read each call's debtor for its identity, a lookup per call (about 40%
 * of those counts on a 50,000-account queue with 23,000 calls in the week, docs/benchmarks.md). With
 * the hash on the call and in the index of recent calls, the week's calls come from the index alone.
 *
 * The database derives it, whatever the writer wrote, on insert (`app.contact_attempt_identity`), and
 * follows the debtor when the identity key is rotated (`app.debtor_identity_changed`, as the owner: every
 * attempt of that debtor). The application role cannot update the column (no column grant). A completed
 * attempt stays unchangeable in everything else.
 */
export class AttemptIdentity1795536000027 implements MigrationInterface {
  name = 'AttemptIdentity1795536000027';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `alter table contact_attempt add column identity_hash text`,
      // Completed attempts are append-only (0009); taking their person's identity hash (now, and when the
      // identity key is rotated) is the one change they accept. Replaced before the backfill below, which
      // the old form would refuse.
      `create or replace function app.contact_attempt_complete_once() returns trigger language plpgsql as $$
         begin
           if old.status = 'completed' and (to_jsonb(new) - 'identity_hash') is distinct from (to_jsonb(old) - 'identity_hash') then
             raise exception 'a completed contact attempt is never changed; record a correction' using errcode = '23514';
           end if;
           return new;
         end $$`,
      `update contact_attempt a set identity_hash = d.identity_hash from debtor d where d.client_id = a.client_id and d.id = a.debtor_id`,
      `alter table contact_attempt alter column identity_hash set not null`,
      // Found by the debtor's id alone, the bank compared apart, and never by a scan: see 0029.
      `create function app.contact_attempt_identity() returns trigger
         language plpgsql security definer set search_path = public, pg_temp set enable_seqscan = off as $$
         begin
           select d.identity_hash into new.identity_hash from debtor d where d.id = new.debtor_id and d.client_id is not distinct from new.client_id;
           if not found then
             raise exception 'contact attempt % names no debtor % of its bank', new.id, new.debtor_id using errcode = '23503';
           end if;
           return new;
         end $$`,
      `create trigger contact_attempt_identity before insert on contact_attempt for each row execute function app.contact_attempt_identity()`,
      `create function app.debtor_identity_changed() returns trigger
         language plpgsql security definer set search_path = public, pg_temp as $$
         begin
           update contact_attempt set identity_hash = new.identity_hash where client_id = new.client_id and debtor_id = new.id;
           return null;
         end $$`,
      `create trigger debtor_identity_changed after update of identity_hash on debtor
         for each row when (old.identity_hash is distinct from new.identity_hash) execute function app.debtor_identity_changed()`,
      `revoke all on function app.contact_attempt_identity(), app.debtor_identity_changed() from public`,
      // The week's outbound calls by agency and time, carrying what the person counts read.
      `create index contact_attempt_recent_person_idx on contact_attempt (agency_id, started_at)
         include (channel, identity_hash, connected) where direction = 'outbound' and corrects_id is null`,
      `drop index contact_attempt_recent_idx`,
      // As in 0021, with the calls' persons read from the calls themselves.
      `create or replace function app.queue_person_loads(p_channel text, p_now timestamptz, p_collector uuid)
         returns table (client_id uuid, debtor_id uuid, attempts_day integer, connected_day integer, attempts_week integer,
                        connected_week integer, last_attempt_at timestamptz, last_connected_at timestamptz)
         language sql stable security definer set search_path = public, pg_temp rows 1000 as $$
           with mine as (
             select distinct me.client_id, me.id, me.identity_hash, coalesce(me.time_zone, c.time_zone) as tz
               from account qa
               join debtor me on me.client_id = qa.client_id and me.id = qa.debtor_id
               join client c on c.id = me.client_id
              where qa.assigned_collector_id = p_collector and qa.status = 'active'
                and qa.agency_id = ${ctx.agencyId} and qa.client_id = any (${ctx.clientIds})
           ), hist as (
             select a.identity_hash, a.started_at, a.connected from contact_attempt a
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
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
