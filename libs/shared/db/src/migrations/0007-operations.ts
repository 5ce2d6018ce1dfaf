import type { MigrationInterface, QueryRunner } from 'typeorm';
import { clientTable } from './rls.js';

/** Job kinds a tenant row may ask for; the worker registers one task per kind. */
export const JOB_KINDS = ['placement_import', 'aging'] as const;

/**
 * Durable jobs (graphile-worker) and what tenants see of them.
 *
 * - `job_run`: one row per job a tenant asked for (or the platform ran for it): kind, subject, status,
 *   attempts, last error. Client-keyed, RLS like every client table. Inserting a row (status queued)
 *   or setting a failed row back to queued enqueues the graphile-worker job in the SAME transaction
 *   through a SECURITY DEFINER trigger, so the application role never touches graphile_worker itself.
 *   The job payload carries ids only.
 * - `arrears_worker` (created by bootstrapRoles, member of arrears_app): runs the jobs. Beyond the
 *   application role it may use graphile_worker (granted after graphile's own migrations), set a
 *   platform job's tenant context with app.begin_job(client), list the clients to schedule aging for,
 *   record job outcomes (app.job_run_update) and ANALYZE the tables bulk imports write (MAINTAIN).
 * - `worker_pool`: heartbeats of running worker pools, so a pool killed without a goodbye has its
 *   jobs unlocked by the next sweep instead of after graphile-worker's 4-hour lock timeout.
 */
export class Operations1795536000006 implements MigrationInterface {
  name = 'Operations1795536000006';

  async up(q: QueryRunner): Promise<void> {
    const kinds = JOB_KINDS.map((k) => `'${k}'`).join(', ');
    const statements = [
      `create table job_run (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null,
        kind text not null check (kind in (${kinds})),
        subject_id uuid,
        requested_by uuid,
        dedupe_key text,
        status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
        attempts integer not null default 0,
        max_attempts integer not null default 5 check (max_attempts between 1 and 25),
        last_error text,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz not null default now(),
        primary key (client_id, id)
      )`,
      `create index job_run_id_idx on job_run (id)`,
      `create index job_run_list_idx on job_run (agency_id, created_at desc, id desc)`,
      // One pending job per dedupe key and client (e.g. one aging run per bank at a time).
      `create unique index job_run_pending_key on job_run (client_id, dedupe_key) where dedupe_key is not null and status in ('queued', 'running')`,
      ...clientTable('job_run', 'select, insert, update'),

      // The application role only ever queues a job (or re-queues a failed one); outcomes come from the worker.
      `create function app.job_run_guard() returns trigger language plpgsql as $$
       begin
         if current_user = 'arrears_app' then
           if tg_op = 'INSERT' and (new.status <> 'queued' or new.attempts <> 0) then
             raise exception 'a job is queued first' using errcode = '42501';
           end if;
           if tg_op = 'UPDATE' and not (old.status = 'failed' and new.status = 'queued'
                and new.kind = old.kind and new.subject_id is not distinct from old.subject_id and new.client_id = old.client_id) then
             raise exception 'only a failed job may be queued again' using errcode = '42501';
           end if;
         end if;
         return new;
       end $$`,
      `create trigger job_run_guard before insert or update on job_run for each row execute function app.job_run_guard()`,

      // A failed job queued again starts its attempts afresh.
      `create function app.job_run_requeue() returns trigger language plpgsql as $$
       begin
         if old.status = 'failed' and new.status = 'queued' then
           new.attempts := 0;
           new.finished_at := null;
           new.updated_at := now();
         end if;
         return new;
       end $$`,
      `create trigger job_run_requeue before update of status on job_run for each row execute function app.job_run_requeue()`,
      // Enqueues the graphile-worker job (AFTER, so an insert skipped by ON CONFLICT enqueues nothing); runs as
      // the owner, so graphile_worker stays out of the app's reach. queue_name per kind and client: one running
      // job per bank and kind, so one bank cannot hold every worker.
      `create function app.job_run_enqueue() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
       begin
         if new.status = 'queued' and (tg_op = 'INSERT' or old.status = 'failed') then
           perform graphile_worker.add_job(
             new.kind,
             json_build_object('jobRunId', new.id, 'clientId', new.client_id, 'agencyId', new.agency_id,
                               'subjectId', new.subject_id, 'requestedBy', new.requested_by),
             queue_name => new.kind || ':' || new.client_id,
             max_attempts => new.max_attempts,
             job_key => 'job_run:' || new.id);
         end if;
         return null;
       end $$`,
      `create trigger job_run_enqueue after insert or update of status on job_run for each row execute function app.job_run_enqueue()`,
      `revoke all on function app.job_run_enqueue() from public`,

      // Worker-only functions.
      `create function app.begin_job(p_client_id uuid) returns table (client_id uuid, agency_id uuid, time_zone text)
         language plpgsql volatile security definer set search_path = public, pg_temp as $$
         declare c client;
         begin
           if not pg_has_role(session_user, 'arrears_worker', 'MEMBER') then
             raise exception 'only the worker sets a job context' using errcode = '42501';
           end if;
           select * into c from client where id = p_client_id;
           if not found then return; end if;
           perform set_config('app.agency_id', c.agency_id::text, true);
           perform set_config('app.user_id', '', true);
           perform set_config('app.role', 'system', true);
           perform set_config('app.client_ids', array[c.id]::text, true);
           perform set_config('app.law_firm_id', '', true);
           return query select c.id, c.agency_id, c.time_zone;
         end $$`,
      `create function app.job_clients() returns table (client_id uuid, agency_id uuid, time_zone text)
         language sql stable security definer set search_path = public, pg_temp as $$
         select id, agency_id, time_zone from client order by id $$`,
      `create function app.job_run_update(p_client_id uuid, p_id uuid, p_status text, p_attempts integer, p_error text)
         returns void language sql volatile security definer set search_path = public, pg_temp as $$
         update job_run set status = p_status, attempts = greatest(attempts, coalesce(p_attempts, attempts)),
                last_error = case when p_status = 'succeeded' then null else coalesce(left(p_error, 2000), last_error) end,
                started_at = case when p_status = 'running' then coalesce(started_at, now()) else started_at end,
                finished_at = case when p_status in ('succeeded', 'failed') then now() else null end,
                updated_at = now()
          where client_id = p_client_id and id = p_id $$`,
      `revoke all on function app.begin_job(uuid), app.job_clients(), app.job_run_update(uuid, uuid, text, integer, text) from public`,
      `grant execute on function app.begin_job(uuid), app.job_clients(), app.job_run_update(uuid, uuid, text, integer, text) to arrears_worker`,

      `create table worker_pool (
        id text primary key,
        hostname text not null,
        pid integer not null,
        started_at timestamptz not null default now(),
        heartbeat_at timestamptz not null default now()
      )`,
      `grant select, insert, update, delete on worker_pool to arrears_worker`,

      // Imports: where the upload is stored, what the user asked for (a job may run it again), and how many
      // rows are staged in the open transaction (rows count as imported only once committed).
      `alter table placement_import add column file_key text, add column rows_staged integer not null default 0,
         add column placed_on date, add column placement_name text`,
      // The worker refreshes planner statistics after a bulk import (PostgreSQL 17+ MAINTAIN privilege).
      `grant maintain on account, debtor, debtor_phone, debtor_contact, bucket_history to arrears_worker`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
