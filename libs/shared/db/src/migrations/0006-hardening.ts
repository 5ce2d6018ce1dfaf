import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hardening (issue 8): a sign-in throttle kept in the database (so it holds across gateway
 * instances), per-transaction time limits set by app.begin_request, revocable sessions, narrow doors
 * for a user's own password, and row-level security in depth: column rules by application role on
 * account, delete only where a role needs it, agency-carrying foreign keys, and no password hashes
 * for the application role.
 */
export class Hardening1795536000005 implements MigrationInterface {
  name = 'Hardening1795536000005';

  async up(q: QueryRunner): Promise<void> {
    const rules = columnRules();
    for (const s of [...sessions, ...uploadLimits, ...signInThrottle, ...beginRequestWithLimits, ...ownPassword, ...accountColumnRules, ...tighterGrants, ...agencyKeys]) {
      await q.query(s, s.includes('$1::text[]') ? [rules.map((r) => r[0]), rules.map((r) => r[1]), rules.map((r) => r[2])] : undefined);
    }
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}

/**
 * Failed sign-ins per account (the normalised e-mail, so unknown e-mails behave like known ones) and per
 * client IP. Up to the threshold, failures only count; at the threshold the key is locked for one minute,
 * and every further failure after a lock doubles it, up to 15 minutes: long enough to make guessing
 * useless, short enough that an attacker cannot lock a real user out for long. Fifteen quiet minutes
 * (no failure, no lock) start a fresh count. Only the owner touches the table; the application role reaches it
 * through the three SECURITY DEFINER functions below.
 */
const signInThrottle = [
  `create table sign_in_throttle (
     key_kind text not null check (key_kind in ('account', 'ip')),
     key text not null check (length(key) between 1 and 254),
     failures int not null default 0,
     last_failure_at timestamptz not null default now(),
     locked_until timestamptz,
     primary key (key_kind, key)
   )`,
  `create index sign_in_throttle_stale_idx on sign_in_throttle (last_failure_at)`,
  // Not a tenant table: no grant to the application role at all (no RLS needed to keep it out).
  `revoke all on sign_in_throttle from public`,

  // The thresholds in one place: failures before a lock, per kind of key.
  `create function app.sign_in_threshold(p_kind text) returns int language sql immutable as $$
     select case p_kind when 'account' then 5 else 20 end
   $$`,

  `create function app.audit_failed_sign_in(p_email text, p_request_id text, p_code text) returns void
     language sql volatile security definer set search_path = public, pg_temp as $$
       insert into audit_log (agency_id, actor_user_id, actor_role, kind, operation, target_ids, outcome, error_code, request_id)
       select u.agency_id, null, null, 'login', 'login', array[left(lower(trim(p_email)), 254)], 'rejected', p_code, left(p_request_id, 100)
       from (select (select agency_id from app_user where email = lower(trim(p_email))) as agency_id) u
   $$`,
  `revoke all on function app.audit_failed_sign_in(text, text, text) from public`,

  // Step 1 of a sign-in, outside any transaction: refuses a locked account or IP at once (no hash is
  // computed, so a flood is shed early; the refusal is audited) or hands back what the password check needs.
  `create function app.sign_in_begin(p_email text, p_ip text, p_request_id text)
     returns table (retry_after_seconds int, user_id uuid, agency_id uuid, password_hash text, disabled boolean, session_version int)
     language plpgsql volatile security definer set search_path = public, pg_temp as $$
     declare
       v_email text := left(lower(trim(p_email)), 254);
       v_until timestamptz;
     begin
       select max(t.locked_until) into v_until from sign_in_throttle t
        where ((t.key_kind = 'account' and t.key = v_email) or (t.key_kind = 'ip' and t.key = p_ip)) and t.locked_until > now();
       if v_until is not null then
         perform app.audit_failed_sign_in(v_email, p_request_id, 'TOO_MANY_ATTEMPTS');
         return query select greatest(1, ceil(extract(epoch from v_until - now())))::int, null::uuid, null::uuid, null::text, null::boolean, null::int;
         return;
       end if;
       return query select 0, u.id, u.agency_id, u.password_hash, u.disabled_at is not null, u.session_version from app_user u where u.email = v_email;
       if not found then
         return query select 0, null::uuid, null::uuid, null::text, null::boolean, null::int;
       end if;
     end
   $$`,

  // Step 2 after a wrong password (or unknown e-mail, or disabled user): count, maybe lock, audit.
  // Returns the seconds the caller must now wait (0 while under the threshold).
  `create function app.sign_in_failed(p_email text, p_ip text, p_request_id text) returns int
     language plpgsql volatile security definer set search_path = public, pg_temp as $$
     declare
       v_email text := left(lower(trim(p_email)), 254);
       v_wait int := 0;
       r record;
     begin
       -- Forget stale keys a few at a time, so the table stays the size of the current attack.
       delete from sign_in_throttle where ctid = any (array(
         select ctid from sign_in_throttle where last_failure_at < now() - interval '1 hour' and (locked_until is null or locked_until < now()) limit 50));
       for r in select k.kind, k.key from (values ('account', v_email), ('ip', p_ip)) k(kind, key) where k.key is not null and k.key <> '' loop
         insert into sign_in_throttle as t (key_kind, key, failures, last_failure_at) values (r.kind, r.key, 1, now())
         on conflict (key_kind, key) do update set
           failures = case when greatest(t.last_failure_at, t.locked_until) < now() - interval '15 minutes' then 1 else t.failures + 1 end,
           last_failure_at = now(),
           locked_until = case
             when greatest(t.last_failure_at, t.locked_until) >= now() - interval '15 minutes' and t.failures + 1 >= app.sign_in_threshold(r.kind)
               then now() + least(interval '15 minutes', interval '1 minute' * power(2, t.failures + 1 - app.sign_in_threshold(r.kind)))
             else t.locked_until end;
         select greatest(v_wait, coalesce(ceil(extract(epoch from t.locked_until - now()))::int, 0)) into v_wait
           from sign_in_throttle t where t.key_kind = r.kind and t.key = r.key;
       end loop;
       perform app.audit_failed_sign_in(v_email, p_request_id, 'UNAUTHENTICATED');
       return greatest(v_wait, 0);
     end
   $$`,

  // Step 3, inside the signed-in user's own transaction: clears the account's count and, when the
  // stored hash was of an older kind, replaces it (compare-and-swap on the old hash, so a password
  // changed meanwhile is never overwritten). Only ever the current user's own row.
  `create function app.sign_in_succeeded(p_old_hash text, p_new_hash text) returns void
     language plpgsql volatile security definer set search_path = public, pg_temp as $$
     declare
       v_user uuid := nullif(current_setting('app.user_id', true), '')::uuid;
     begin
       if v_user is null then raise exception 'no signed-in user' using errcode = '42501'; end if;
       delete from sign_in_throttle t using app_user u where u.id = v_user and t.key_kind = 'account' and t.key = u.email;
       if p_new_hash is not null then
         if p_new_hash !~ '^\\$argon2id\\$' then raise exception 'not an argon2id hash' using errcode = '22023'; end if;
         update app_user set password_hash = p_new_hash, updated_at = now() where id = v_user and password_hash = p_old_hash;
       end if;
     end
   $$`,
  `revoke all on function app.sign_in_threshold(text), app.sign_in_begin(text, text, text), app.sign_in_failed(text, text, text), app.sign_in_succeeded(text, text) from public`,
  `grant execute on function app.sign_in_begin(text, text, text), app.sign_in_failed(text, text, text), app.sign_in_succeeded(text, text) to arrears_app`,
];

/**
 * app.begin_request also sets the transaction's statement_timeout and idle_in_transaction_session_timeout
 * (transaction-local, like the tenant context), so the limits cost no extra round trip. Requests get
 * the short defaults; named jobs (imports, aging, purges) pass longer ones.
 */
const beginRequestWithLimits = [
  `drop function app.begin_request(uuid, uuid)`,
  `create function app.begin_request(p_user_id uuid, p_agency_id uuid, p_session_version int default null,
                                     p_statement_timeout text default '15s', p_idle_timeout text default '30s')
     returns table (user_id uuid, agency_id uuid, role text, client_ids uuid[], law_firm_id uuid, email text, display_name text, must_change_password boolean)
     language plpgsql volatile security definer set search_path = public, pg_temp as $$
     declare
       u app_user;
       scope uuid[];
     begin
       perform set_config('statement_timeout', p_statement_timeout, true);
       perform set_config('idle_in_transaction_session_timeout', p_idle_timeout, true);
       -- A token carries the session version it was issued under; signing out, a password change or
       -- an admin's "sign out everywhere" bump the user's version, and older tokens stop here.
       -- Background work (withTenant) has no token and passes null.
       select * into u from app_user a where a.id = p_user_id and a.agency_id is not distinct from p_agency_id and a.disabled_at is null
         and (p_session_version is null or a.session_version = p_session_version);
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
       return query select u.id, u.agency_id, u.role, scope, u.law_firm_id, u.email, u.display_name, u.must_change_password;
     end
   $$`,
  `revoke all on function app.begin_request(uuid, uuid, int, text, text) from public`,
  `grant execute on function app.begin_request(uuid, uuid, int, text, text) to arrears_app`,
];

/** Revocable sessions: a per-user version that every token carries, and a forced change after a reset. */
const sessions = [
  `alter table app_user add column session_version int not null default 1, add column must_change_password boolean not null default false`,
];

/**
 * The signed-in user's own password and sessions, through narrow doors keyed on app.user_id (the
 * application role cannot read password hashes: see the column grants above).
 */
const ownPassword = [
  `create function app.end_own_sessions() returns int
     language sql volatile security definer set search_path = public, pg_temp as $$
       update app_user set session_version = session_version + 1, updated_at = now()
        where id = nullif(current_setting('app.user_id', true), '')::uuid
       returning session_version
   $$`,
  `create function app.own_password_hash() returns text
     language sql stable security definer set search_path = public, pg_temp as $$
       select password_hash from app_user where id = nullif(current_setting('app.user_id', true), '')::uuid
   $$`,
  // Compare-and-swap on the old hash; ends every session (the caller issues a fresh token at the new
  // version) and clears a forced change. Returns the new version, or null when the hash had changed.
  `create function app.change_own_password(p_old_hash text, p_new_hash text) returns int
     language plpgsql volatile security definer set search_path = public, pg_temp as $$
     declare
       v int;
     begin
       if p_new_hash !~ '^\\$argon2id\\$' then raise exception 'not an argon2id hash' using errcode = '22023'; end if;
       update app_user set password_hash = p_new_hash, must_change_password = false, session_version = session_version + 1, updated_at = now()
        where id = nullif(current_setting('app.user_id', true), '')::uuid and password_hash = p_old_hash
       returning session_version into v;
       return v;
     end
   $$`,
  `revoke all on function app.end_own_sessions(), app.own_password_hash(), app.change_own_password(text, text) from public`,
  `grant execute on function app.end_own_sessions(), app.own_password_hash(), app.change_own_password(text, text) to arrears_app`,
];

const ACCOUNT_COLUMNS = {
  assignment: ['assigned_collector_id', 'assigned_team_id', 'assigned_at'],
  recall: ['status', 'recalled_at', 'recall_reason', 'returned_at'],
  aging: ['dpd', 'bucket', 'aged_on', 'priority_score'],
  // What a (re-)placement from the bank's file sets.
  placement: [
    'placement_id', 'debtor_id', 'card_last4', 'currency', 'principal', 'interest', 'fees', 'total_due', 'placed_amount', 'overdue_amount', 'delinquent_since',
    'charge_off_date', 'last_payment_date', 'last_payment_amount', 'dpd', 'bucket', 'aged_on', 'placed_on', 'status', 'recalled_at', 'recall_reason',
  ],
};

/** (role, column, write path) rows: '' is any path; a named path is set by that service (app.write_path). */
function columnRules(): [string, string, string][] {
  const rows: [string, string, string][] = [];
  const add = (roles: string[], columns: string[], path = '') => {
    for (const r of roles) for (const c of columns) rows.push([r, c, path]);
  };
  add(['agency_admin', 'supervisor', 'collector', 'client_user'], ['updated_at']);
  // Staff who manage portfolios: assignment, recall and aging (recomputeAging), and imports.
  add(['agency_admin', 'supervisor'], [...ACCOUNT_COLUMNS.assignment, ...ACCOUNT_COLUMNS.recall, ...ACCOUNT_COLUMNS.aging]);
  add(['agency_admin', 'supervisor', 'client_user'], ACCOUNT_COLUMNS.placement, 'placement_import');
  // A bank takes accounts back (recallAccounts, its own path): the recall columns, and the assignment is cleared.
  add(['client_user'], [...ACCOUNT_COLUMNS.recall, 'assigned_collector_id', 'assigned_team_id'], 'recall');
  // Platform jobs nobody asked for (daily aging, placement expiry) run as role 'system' in one bank's context.
  add(['system'], ['updated_at', 'returned_at', ...ACCOUNT_COLUMNS.aging, ...ACCOUNT_COLUMNS.recall, 'assigned_collector_id', 'assigned_team_id']);
  // Money moves only through the payments domain (ledger, payments, promises), whoever posts it:
  // staff, or the bank reporting a payment made to it directly.
  add(['agency_admin', 'supervisor', 'collector', 'client_user'], [
    'principal', 'interest', 'fees', 'late_charges', 'costs', 'credit', 'total_due', 'collected', 'overdue_amount',
    'last_payment_date', 'last_payment_amount', 'status', 'closed_at', 'close_reason', 'broken_promises', 'next_promise_due', 'updated_at',
    // A payment that brings an account current cures it through aging's rule.
    ...ACCOUNT_COLUMNS.aging,
  ], 'payments');
  // Working an account: the contact domain keeps when it was last reached and what is next.
  add(['agency_admin', 'supervisor', 'collector'], ['last_contact_at', 'next_action_at']);
  // Collectors change no other account column: the contact and payment domains add their columns
  // (last_contact_at, next_promise_due, collected, ...) here, each under its own write path.
  return [...new Map(rows.map((r) => [r.join('|'), r])).values()];
}

/**
 * Every role shares the one database role, so which application role may change which column of
 * account is a table, enforced by a trigger that reads app.role: a resolver bug cannot become a write
 * (a bank user's `update account set collected = 999999` is refused at the SQL level). Work without an
 * application role (the owner's migrations, seeds and jobs) is not restricted by it.
 */
const accountColumnRules = [
  `create table app.account_column_rule (
     role text not null,
     column_name text not null,
     write_path text not null default '',
     primary key (role, column_name, write_path)
   )`,
  `revoke all on app.account_column_rule from public`,
  `insert into app.account_column_rule (role, column_name, write_path) select * from unnest($1::text[], $2::text[], $3::text[])`,
  `create function app.account_column_guard() returns trigger
     language plpgsql security definer set search_path = public, pg_temp as $$
     declare
       v_role text := nullif(current_setting('app.role', true), '');
       v_path text := coalesce(current_setting('app.write_path', true), '');
       v_denied text[];
     begin
       select array_agg(n.key order by n.key) into v_denied
         from jsonb_each(to_jsonb(new)) n join jsonb_each(to_jsonb(old)) o using (key)
        where n.value is distinct from o.value
          and not exists (select 1 from app.account_column_rule r where r.role = v_role and r.column_name = n.key and r.write_path in ('', v_path));
       if v_denied is not null then
         raise exception 'the % role may not change account %', v_role, array_to_string(v_denied, ', ') using errcode = '42501';
       end if;
       return new;
     end
   $$`,
  // AFTER, so generated columns (total_due) are computed; only when an application role is set.
  `create trigger account_column_guard after update on account for each row
     when (coalesce(current_setting('app.role', true), '') <> '') execute function app.account_column_guard()`,

  // Third-party contacts: staff add them; a bank's file may carry them (the import path); nobody else.
  `create function app.debtor_contact_guard() returns trigger
     language plpgsql set search_path = public, pg_temp as $$
     begin
       if current_setting('app.role', true) in ('agency_admin', 'supervisor')
          or coalesce(current_setting('app.write_path', true), '') = 'placement_import' then
         return new;
       end if;
       raise exception 'the % role may not add third-party contacts', current_setting('app.role', true) using errcode = '42501';
     end
   $$`,
  `create trigger debtor_contact_guard before insert on debtor_contact for each row
     when (coalesce(current_setting('app.role', true), '') <> '') execute function app.debtor_contact_guard()`,
];

/**
 * Delete only where a role needs it (restrictive policies narrow the permissive ones), and the
 * application role reads every column of app_user but the password hash (login and the password
 * doors are SECURITY DEFINER functions).
 */
const tighterGrants = [
  `create policy team_member_delete_by_managers on team_member as restrictive for delete using (${"current_setting('app.role', true) in ('agency_admin', 'supervisor')"})`,
  `create policy user_client_scope_delete_by_admins on user_client_scope as restrictive for delete using (${"current_setting('app.role', true) = 'agency_admin'"})`,
  `revoke select on app_user from arrears_app`,
  `grant select (id, agency_id, email, display_name, role, client_id, law_firm_id, disabled_at, created_at, updated_at, session_version, must_change_password)
     on app_user to arrears_app`,
];

/**
 * Foreign keys that cross tenants carry the agency: a user's client scope, a bank user's bank and a
 * lawyer's firm must belong to the user's agency, enforced by the database.
 */
const agencyKeys = [
  `alter table client add constraint client_agency_id_id_key unique (agency_id, id)`,
  `alter table law_firm add constraint law_firm_agency_id_id_key unique (agency_id, id)`,
  `alter table app_user add constraint app_user_agency_id_id_key unique (agency_id, id)`,
  `alter table user_client_scope add constraint user_client_scope_client_in_agency foreign key (agency_id, client_id) references client (agency_id, id)`,
  `alter table user_client_scope add constraint user_client_scope_user_in_agency foreign key (agency_id, user_id) references app_user (agency_id, id)`,
  `alter table app_user add constraint app_user_client_in_agency foreign key (agency_id, client_id) references client (agency_id, id)`,
  `alter table app_user add constraint app_user_law_firm_in_agency foreign key (agency_id, law_firm_id) references law_firm (agency_id, id)`,
];

/** Per-bank limits of one placement file (null: the deployment's defaults, UPLOAD_MAX_BYTES / IMPORT_MAX_ROWS). */
const uploadLimits = [
  `alter table client add column upload_max_bytes bigint check (upload_max_bytes > 0), add column import_max_rows int check (import_max_rows > 0)`,
];
