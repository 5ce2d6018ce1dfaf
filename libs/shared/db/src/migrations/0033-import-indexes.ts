import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two indexes fewer for every placement import to write (docs/benchmarks.md, "Import").
 *
 * - `debtor_name_idx (client_id, full_name)` (0002) serves no query: the name search reads
 *   `debtor_name_prefix_idx` (0008), a byte-order range, and nothing filters or sorts debtors by name in
 *   the database's collation.
 * - The bank reference is compared in byte order ("C"): it is an identifier the bank assigns, never
 *   sorted for reading, and the reference search is a byte-order prefix range. With the column itself in
 *   "C", the unique key `(client_id, bank_ref)` serves that range too and `account_bank_ref_prefix_idx`
 *   (0008) goes. Equality is the same in every deterministic collation; only the order of references
 *   (the return file's rows) may change, and only on a server whose default collation is not C.UTF-8.
 */
export class ImportIndexes1795536000032 implements MigrationInterface {
  name = 'ImportIndexes1795536000032';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `drop index debtor_name_idx`,
      `alter table account alter column bank_ref type text collate "C"`,
      `drop index account_bank_ref_prefix_idx`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
