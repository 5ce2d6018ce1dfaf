import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A field visit called off keeps why, when and by whom: a supervisor's cancellation is a decision about
 * the account that a compliance review must be able to read. Visits cancelled before this migration get a
 * reason that says it was not recorded.
 */
export class VisitCancelReason1795536000026 implements MigrationInterface {
  name = 'VisitCancelReason1795536000026';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `alter table field_visit add column cancel_reason text check (length(cancel_reason) between 1 and 500),
         add column cancelled_at timestamptz, add column cancelled_by uuid references app_user (id)`,
      `update field_visit set cancel_reason = 'not recorded (cancelled before reasons were kept)' where status = 'cancelled'`,
      `alter table field_visit add constraint field_visit_cancel_reason check ((status = 'cancelled') = (cancel_reason is not null))`,
      `grant update (cancel_reason, cancelled_at, cancelled_by) on field_visit to arrears_app`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
