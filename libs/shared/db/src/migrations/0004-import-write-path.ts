import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The placement import writes five rows per account; every foreign-key check is a lookup per row.
 * These single-column keys are implied by composite ones that stay (account -> placement and debtor,
 * which lead to the client; phones and contacts -> debtor; history -> account), and agency_id is pinned
 * by the RLS write check, so they cost time and protect nothing more.
 */
export class ImportWritePath1795536000003 implements MigrationInterface {
  name = 'ImportWritePath1795536000003';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, constraint] of [
      ['account', 'account_client_id_fkey'],
      ['account', 'account_agency_id_fkey'],
      ['debtor', 'debtor_agency_id_fkey'],
      ['debtor_phone', 'debtor_phone_client_id_fkey'],
      ['debtor_contact', 'debtor_contact_client_id_fkey'],
      ['bucket_history', 'bucket_history_client_id_fkey'],
      ['assignment_history', 'assignment_history_client_id_fkey'],
      ['placement_rejection', 'placement_rejection_client_id_fkey'],
    ]) {
      await q.query(`alter table ${table} drop constraint ${constraint}`);
    }
    // Only the balance-ordered index per agency serves the accounts list; the (agency, dpd) one never did.
    await q.query('drop index account_dpd_idx');
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
