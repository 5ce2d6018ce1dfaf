import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx, inAgency, roleIn } from './rls.js';

/** Platform and agency model, the request-context functions and the audit log. */
export class Foundation1795536000000 implements MigrationInterface {
  name = 'Foundation1795536000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `revoke all on schema public from public`,
      `grant usage on schema public to arrears_app`,
      `create schema app`,
      `revoke all on schema app from public`,
      `grant usage on schema app to arrears_app`,

      `create table agency (
        id uuid primary key default gen_random_uuid(),
        name text not null check (length(trim(name)) between 1 and 200),
        created_at timestamptz not null default now()
      )`,
      `create unique index agency_name_uq on agency (lower(name))`,
      `alter table agency enable row level security`,
      `alter table agency force row level security`,
      `create policy agency_visible on agency for select using (id = ${ctx.agencyId} or ${roleIn('platform_admin')})`,
      `create policy agency_insert on agency for insert with check (${roleIn('platform_admin')})`,
      `create policy agency_update on agency for update using (${roleIn('platform_admin')})`,
      `grant select, insert, update on agency to arrears_app`,

      `create table client (
        agency_id uuid not null references agency (id),
        id uuid primary key default gen_random_uuid(),
        name text not null check (length(trim(name)) between 1 and 200),
        code text not null check (code ~ '^[A-Z0-9_-]{2,32}$'),
        currency char(3) not null default 'CNY' check (currency ~ '^[A-Z]{3}$'),
        time_zone text not null default 'Asia/Shanghai',
        created_at timestamptz not null default now(),
        unique (agency_id, code)
      )`,
      `alter table client enable row level security`,
      `alter table client force row level security`,
      // Agency admins see every bank of their agency; everybody else only the banks of their scope.
      `create policy client_visible on client using (${inAgency} and (${roleIn('agency_admin')} or id = any (${ctx.clientIds})))
         with check (${inAgency} and ${roleIn('agency_admin')})`,
      `grant select, insert, update on client to arrears_app`,

      `create table law_firm (
        agency_id uuid not null references agency (id),
        id uuid primary key default gen_random_uuid(),
        name text not null,
        created_at timestamptz not null default now(),
        unique (agency_id, name)
      )`,
      `alter table law_firm enable row level security`,
      `alter table law_firm force row level security`,
      `create policy law_firm_visible on law_firm using (${inAgency} and (${roleIn('agency_admin', 'supervisor')} or id = ${ctx.lawFirmId}))
         with check (${inAgency} and ${roleIn('agency_admin')})`,
      `grant select, insert, update on law_firm to arrears_app`,

      `create table app_user (
        id uuid primary key default gen_random_uuid(),
        agency_id uuid references agency (id),
        email text not null check (email = lower(email) and email like '%_@_%'),
        display_name text not null check (length(trim(display_name)) between 1 and 200),
        role text not null check (role in ('platform_admin', 'agency_admin', 'supervisor', 'collector', 'client_user', 'lawyer')),
        client_id uuid references client (id),
        law_firm_id uuid references law_firm (id),
        password_hash text not null,
        disabled_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check ((role = 'platform_admin') = (agency_id is null)),
        check ((role = 'client_user') = (client_id is not null)),
        check ((role = 'lawyer') = (law_firm_id is not null))
      )`,
      `create unique index app_user_email_uq on app_user (email)`,
      `create index app_user_agency_idx on app_user (agency_id, role)`,
      `alter table app_user enable row level security`,
      `alter table app_user force row level security`,
      // Staff see their agency's users; bank users and lawyers see only themselves.
      `create policy app_user_visible on app_user for select using (
         (${inAgency} and ${roleIn('agency_admin', 'supervisor', 'collector')}) or id = ${ctx.userId} or ${roleIn('platform_admin')})`,
      `create policy app_user_write on app_user for insert with check ((${inAgency} and ${roleIn('agency_admin')}) or ${roleIn('platform_admin')})`,
      `create policy app_user_update on app_user for update using (${inAgency} and ${roleIn('agency_admin')})`,
      `grant select, insert, update on app_user to arrears_app`,

      // The banks a supervisor or collector may work on (agency admins implicitly have all).
      `create table user_client_scope (
        agency_id uuid not null references agency (id),
        client_id uuid not null references client (id),
        user_id uuid not null references app_user (id),
        primary key (client_id, user_id)
      )`,
      `create index user_client_scope_user_idx on user_client_scope (user_id)`,
      `alter table user_client_scope enable row level security`,
      `alter table user_client_scope force row level security`,
      `create policy user_client_scope_visible on user_client_scope using (${inAgency} and (${roleIn('agency_admin', 'supervisor')} or client_id = any (${ctx.clientIds})))
         with check (${inAgency} and ${roleIn('agency_admin')})`,
      `grant select, insert, delete on user_client_scope to arrears_app`,

      // Append-only: the app role may insert and read within its tenant, never update or delete.
      `create table audit_log (
        id bigint generated always as identity primary key,
        agency_id uuid references agency (id),
        actor_user_id uuid,
        actor_role text,
        client_ids uuid[] not null default '{}',
        kind text not null check (kind in ('mutation', 'reveal', 'download', 'login')),
        operation text not null,
        target_ids text[] not null default '{}',
        outcome text not null check (outcome in ('ok', 'rejected', 'error')),
        error_code text,
        request_id text,
        occurred_at timestamptz not null default now()
      )`,
      `create index audit_log_agency_time_idx on audit_log (agency_id, occurred_at desc)`,
      `alter table audit_log enable row level security`,
      `alter table audit_log force row level security`,
      `create policy audit_log_insert on audit_log for insert with check (
         agency_id is not distinct from ${ctx.agencyId} and actor_user_id = ${ctx.userId})`,
      `create policy audit_log_read on audit_log for select using (
         (${inAgency} and ${roleIn('agency_admin', 'supervisor')}) or actor_user_id = ${ctx.userId}
         or (agency_id is null and ${roleIn('platform_admin')}))`,
      `grant select, insert on audit_log to arrears_app`,

      // Login happens before any tenant context exists: this is the one narrow door to app_user.
      `create function app.login_lookup(p_email text)
         returns table (user_id uuid, agency_id uuid, password_hash text, disabled boolean)
         language sql stable security definer set search_path = public, pg_temp as $$
           select id, agency_id, password_hash, disabled_at is not null from app_user where email = lower(trim(p_email))
         $$`,
      // Sets the transaction-local tenant context from the database's truth (role, scope, disabled),
      // so a role change or a disabled user takes effect on the very next request.
      `create function app.begin_request(p_user_id uuid, p_agency_id uuid)
         returns table (user_id uuid, agency_id uuid, role text, client_ids uuid[], law_firm_id uuid, email text, display_name text)
         language plpgsql volatile security definer set search_path = public, pg_temp as $$
         declare
           u app_user;
           scope uuid[];
         begin
           select * into u from app_user a where a.id = p_user_id and a.agency_id is not distinct from p_agency_id and a.disabled_at is null;
           if not found then return; end if;
           if u.role = 'agency_admin' then
             select coalesce(array_agg(c.id order by c.id), '{}') into scope from client c where c.agency_id = u.agency_id;
           elsif u.role = 'client_user' then
             scope := array[u.client_id];
           elsif u.role in ('supervisor', 'collector') then
             select coalesce(array_agg(s.client_id order by s.client_id), '{}') into scope from user_client_scope s where s.user_id = u.id;
           else
             scope := '{}';
           end if;
           perform set_config('app.agency_id', coalesce(u.agency_id::text, ''), true);
           perform set_config('app.user_id', u.id::text, true);
           perform set_config('app.role', u.role, true);
           perform set_config('app.client_ids', scope::text, true);
           perform set_config('app.law_firm_id', coalesce(u.law_firm_id::text, ''), true);
           return query select u.id, u.agency_id, u.role, scope, u.law_firm_id, u.email, u.display_name;
         end
         $$`,
      `revoke all on function app.login_lookup(text), app.begin_request(uuid, uuid) from public`,
      `grant execute on function app.login_lookup(text), app.begin_request(uuid, uuid) to arrears_app`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
