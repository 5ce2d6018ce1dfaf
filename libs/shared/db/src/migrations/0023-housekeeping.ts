import type { MigrationInterface, QueryRunner } from 'typeorm';
import { roleIn } from './rls.js';

/**
 * Housekeeping and two small follow-ups.
 *
 * - The daily housekeeping job (worker role) deletes expired refresh sessions through a SECURITY DEFINER
 *   door, because refresh_session has no grants at all; only `arrears_worker` may call it (not the
 *   application role, which the worker role is a member of, not the other way round).
 * - It deletes finished webhook deliveries older than the retention per bank, in the bank's `system`
 *   job context under RLS. The DELETE grant goes to `arrears_worker` only, and a restrictive policy
 *   keeps it to role `system` and to deliveries that are no longer pending. Attempts go with their
 *   delivery by the existing `on delete cascade`.
 * - A supervisor may re-plan a field visit: the application role may update its planned time and the
 *   contact policy version it was checked under.
 */
export class Housekeeping1795536000022 implements MigrationInterface {
  name = 'Housekeeping1795536000022';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `create function app.refresh_session_purge() returns integer
         language sql volatile security definer set search_path = public, pg_temp as $$
         with gone as (delete from refresh_session s where s.expires_at <= now() returning 1)
         select count(*)::int from gone
       $$`,
      `revoke all on function app.refresh_session_purge() from public`,
      `grant execute on function app.refresh_session_purge() to arrears_worker`,

      `grant delete on webhook_delivery to arrears_worker`,
      `create policy webhook_delivery_purge on webhook_delivery as restrictive for delete
         using (${roleIn('system')} and status <> 'pending')`,

      `grant update (planned_at, policy_version) on field_visit to arrears_app`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
