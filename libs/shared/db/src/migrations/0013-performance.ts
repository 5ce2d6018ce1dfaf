import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fresh planner statistics from the application role. Only a table's owner may ANALYZE it, and the
 * application role owns nothing; without statistics after a bulk write (a seed, a placement import,
 * the nightly aging, a large assignment) the planner picked plans four to five times slower until
 * autovacuum came by. app.refresh_statistics() runs ANALYZE as the owner on a fixed list of
 * tables: the caller chooses which of them, nothing else. ANALYZE inside the caller's transaction
 * counts that transaction's own new rows, so statistics are fresh when the work commits. A table
 * whose lock is held (autovacuum or another ANALYZE) is skipped after a short wait: somebody else
 * is refreshing it.
 */
export class Performance1795536000012 implements MigrationInterface {
  name = 'Performance1795536000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create function app.refresh_statistics(p_tables text[]) returns text[]
      language plpgsql security definer
      set search_path = public, pg_temp
      set lock_timeout = '2s'
      as $$
      declare
        t text;
        done text[] := '{}';
      begin
        foreach t in array p_tables loop
          if t = any (array['account', 'debtor', 'debtor_phone', 'debtor_contact', 'bucket_history',
                            'assignment_history', 'placement', 'portfolio_snapshot']) and not t = any (done) then
            begin
              execute format('analyze public.%I', t);
              done := done || t;
            exception when lock_not_available then
              null;
            end;
          end if;
        end loop;
        return done;
      end
      $$`);
    await q.query(`revoke all on function app.refresh_statistics(text[]) from public`);
    await q.query(`grant execute on function app.refresh_statistics(text[]) to arrears_app`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
