import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed sign-ins leave a trace: the application role has no tenant context before login, so it records
 * them through this narrow SECURITY DEFINER door. The row names the targeted user (and so lands in
 * that user's agency's audit log), never the password.
 */
export class FailedLoginAudit1795536000002 implements MigrationInterface {
  name = 'FailedLoginAudit1795536000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create function app.record_failed_login(p_email text, p_request_id text) returns void
      language sql volatile security definer set search_path = public, pg_temp as $$
        insert into audit_log (agency_id, actor_user_id, actor_role, kind, operation, target_ids, outcome, error_code, request_id)
        select u.agency_id, null, null, 'login', 'login', array[left(lower(trim(p_email)), 254)], 'rejected', 'UNAUTHENTICATED', left(p_request_id, 100)
        from (select (select agency_id from app_user where email = lower(trim(p_email))) as agency_id) u
      $$`);
    await q.query(`revoke all on function app.record_failed_login(text, text) from public`);
    await q.query(`grant execute on function app.record_failed_login(text, text) to arrears_app`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
