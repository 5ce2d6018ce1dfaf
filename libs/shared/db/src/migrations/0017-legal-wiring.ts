import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inClientScope, roleIn } from './rls.js';

const staff = roleIn('agency_admin', 'supervisor');

/**
 * Legal on top of the ledger: a confirmed recovery names the payment it was posted as, and a legal
 * cost is booked as a `legal_cost` ledger entry once agency staff post it (a lawyer records costs but
 * never reaches the ledger). Only the posting columns are granted for update, to staff in scope.
 */
export class LegalWiring1795536000016 implements MigrationInterface {
  name = 'LegalWiring1795536000016';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `alter table legal_recovery_posting add column payment_id uuid`,
      `alter table legal_recovery_posting add constraint legal_recovery_posting_payment_fk foreign key (client_id, payment_id) references payment (client_id, id)`,
      `alter table legal_cost
         add column posted_at timestamptz,
         add column posted_by uuid references app_user (id),
         add column ledger_entry_id uuid,
         add constraint legal_cost_posted_check check ((posted_at is null) = (posted_by is null) and (posted_at is null) = (ledger_entry_id is null))`,
      `grant update (posted_at, posted_by, ledger_entry_id) on legal_cost to arrears_app`,
      `create policy legal_cost_post on legal_cost for update using (${inClientScope} and ${staff}) with check (${inClientScope})`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
