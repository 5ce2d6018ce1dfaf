import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh sessions: the admin app keeps its access token in memory only and gets a fresh one from
 * `POST /api/auth/refresh` with an HttpOnly cookie. The cookie holds `<session id>.<secret>`; the
 * database keeps only the SHA-256 of the current secret, and each refresh replaces it (rotation).
 *
 * A session is bound to the user's session version at the time it started, so every existing way of
 * ending sessions (signOut, signOutEverywhere, changePassword, resetPassword) also ends refreshes,
 * and so does disabling the user. A secret presented for a session whose current secret is another
 * one is a replay of a rotated token (stolen, or sent twice): the whole session is revoked.
 *
 * Like sign_in_throttle, the table is not a tenant table: no agency or client column, no grant to
 * the application role. It is reached only through the SECURITY DEFINER doors below.
 */
export class RefreshSessions1795536000014 implements MigrationInterface {
  name = 'RefreshSessions1795536000014';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of STATEMENTS) await q.query(sql);
  }

  async down(): Promise<void> {
    throw new Error('forward-only migration');
  }
}

const STATEMENTS = [
  `create table refresh_session (
     id uuid primary key default gen_random_uuid(),
     user_id uuid not null references app_user (id) on delete cascade,
     session_version int not null,
     token_hash bytea not null check (length(token_hash) = 32),
     created_at timestamptz not null default now(),
     rotated_at timestamptz not null default now(),
     expires_at timestamptz not null,
     revoked_at timestamptz,
     revoked_reason text check (revoked_reason in ('reused', 'ended'))
   )`,
  `create index refresh_session_user_idx on refresh_session (user_id)`,
  `revoke all on refresh_session from public`,

  // Starts a refresh session for the request's signed-in user at their current session version
  // (called in the user's own transaction, at sign-in and after a password change). Dead sessions of
  // the same user (expired, revoked, or of an older version) are cleared on the way.
  `create function app.refresh_session_start(p_token_hash bytea, p_ttl_seconds int) returns table (id uuid, expires_at timestamptz)
     language plpgsql volatile security definer set search_path = public, pg_temp as $$
     declare
       v_user uuid := nullif(current_setting('app.user_id', true), '')::uuid;
       v_version int;
     begin
       if v_user is null then raise exception 'no signed-in user' using errcode = '42501'; end if;
       if p_ttl_seconds < 60 then raise exception 'refresh lifetime too short' using errcode = '22023'; end if;
       select u.session_version into v_version from app_user u where u.id = v_user and u.disabled_at is null;
       if not found then raise exception 'no such user' using errcode = '42501'; end if;
       delete from refresh_session s where s.user_id = v_user
          and (s.expires_at <= now() or s.revoked_at is not null or s.session_version <> v_version);
       -- A script that signs in over and over cannot grow the table: a user keeps at most 20 live
       -- sessions (browsers), the oldest go first.
       delete from refresh_session s where s.id in (
         select r.id from refresh_session r where r.user_id = v_user order by r.created_at desc offset 19);
       return query insert into refresh_session as s (user_id, session_version, token_hash, expires_at)
         values (v_user, v_version, p_token_hash, now() + make_interval(secs => p_ttl_seconds))
         returning s.id, s.expires_at;
     end
   $$`,

  // Rotation, with no tenant context (the caller has no access token). The row lock serialises two
  // refreshes of one session: the second presents the old secret and counts as a replay.
  `create function app.refresh_session_rotate(p_id uuid, p_token_hash bytea, p_new_hash bytea)
     returns table (outcome text, user_id uuid, agency_id uuid, session_version int, must_change_password boolean, expires_at timestamptz)
     language plpgsql volatile security definer set search_path = public, pg_temp as $$
     declare
       s refresh_session;
       u app_user;
     begin
       select * into s from refresh_session r where r.id = p_id for update;
       if not found then
         return query select 'unknown'::text, null::uuid, null::uuid, null::int, null::boolean, null::timestamptz;
         return;
       end if;
       if s.revoked_at is not null then
         return query select 'revoked'::text, s.user_id, null::uuid, null::int, null::boolean, null::timestamptz;
         return;
       end if;
       if s.token_hash <> p_token_hash then
         update refresh_session r set revoked_at = now(), revoked_reason = 'reused' where r.id = p_id;
         return query select 'reused'::text, s.user_id, null::uuid, null::int, null::boolean, null::timestamptz;
         return;
       end if;
       if s.expires_at <= now() then
         return query select 'expired'::text, s.user_id, null::uuid, null::int, null::boolean, null::timestamptz;
         return;
       end if;
       select * into u from app_user a where a.id = s.user_id;
       if u.disabled_at is not null or u.session_version <> s.session_version then
         update refresh_session r set revoked_at = now(), revoked_reason = 'ended' where r.id = p_id;
         return query select 'revoked'::text, s.user_id, null::uuid, null::int, null::boolean, null::timestamptz;
         return;
       end if;
       update refresh_session r set token_hash = p_new_hash, rotated_at = now() where r.id = p_id;
       return query select 'ok'::text, u.id, u.agency_id, u.session_version, u.must_change_password, s.expires_at;
     end
   $$`,

  `revoke all on function app.refresh_session_start(bytea, int), app.refresh_session_rotate(uuid, bytea, bytea) from public`,
  `grant execute on function app.refresh_session_start(bytea, int), app.refresh_session_rotate(uuid, bytea, bytea) to arrears_app`,
];
