import type { MigrationInterface, QueryRunner } from 'typeorm';
import { readContextOnce } from './rls.js';

/**
 * Row-level security that reads the request context once per statement, the work queue read from its
 * index alone, and time-ordered ledger ids.
 *
 * - Every policy of the public schema is rewritten so that each read of the request context is a scalar
 *   subquery (see `ctx` in rls.ts): evaluated once per statement instead of once per row the policy
 *   looks at. Same rules, same comparisons; only when the settings are read changes (they are fixed for
 *   the transaction by app.begin_request before any statement runs).
 * - account_queue_idx replaces 0022's account_queue_zone_idx with assigned_team_id added: the account
 *   policy (0008) reads it for a collector, so without it every queued account was fetched from the
 *   table only to be checked by the policy. With it, choosing a page and counting the queue can be
 *   index-only scans (on the pages the visibility map marks all-visible, which vacuum keeps).
 * - ledger_entry ids become uuidv7 like the other tables an import writes by the hundred thousand (0021):
 *   each import writes one opening entry per new account.
 */
export class RlsContextOnce1795536000023 implements MigrationInterface {
  name = 'RlsContextOnce1795536000023';

  async up(q: QueryRunner): Promise<void> {
    const policies: { name: string; table: string; using: string | null; check: string | null }[] = await q.query(
      `select p.polname as name, c.relname as table, pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
         from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public'`,
    );
    for (const p of policies) {
      const using = p.using && readContextOnce(p.using);
      const check = p.check && readContextOnce(p.check);
      if (using === p.using && check === p.check) continue;
      await q.query(`alter policy "${p.name}" on "${p.table}"${using ? ` using (${using})` : ''}${check ? ` with check (${check})` : ''}`);
    }
    const statements = [
      `create index account_queue_idx on account (assigned_collector_id, priority_score desc, id desc)
         include (client_id, agency_id, debtor_id, contact_time_zone, assigned_team_id) where status = 'active'`,
      `drop index account_queue_zone_idx`,
      `alter table ledger_entry alter column id set default uuidv7()`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
