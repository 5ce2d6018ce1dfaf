import type { MigrationInterface, QueryRunner } from 'typeorm';
import { roleIn } from './rls.js';

/**
 * The daily housekeeping job deletes outbox events older than the webhook delivery retention that no
 * delivery names any more (0023 gave it the deliveries). As for deliveries: the DELETE grant goes to
 * `arrears_worker` only, and a restrictive policy keeps it to the `system` job context (within one bank,
 * by the table's client policy). A delivery still pending keeps its event by its foreign key.
 */
export class OutboxRetention1795536000025 implements MigrationInterface {
  name = 'OutboxRetention1795536000025';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `grant delete on event_outbox to arrears_worker`,
      `create policy event_outbox_purge on event_outbox as restrictive for delete using (${roleIn('system')})`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
