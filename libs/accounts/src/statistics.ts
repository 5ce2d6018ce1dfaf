import type { EntityManager } from 'typeorm';

/** Tables whose planner statistics the application may refresh (the list app.refresh_statistics allows). */
export type StatisticsTable = 'account' | 'debtor' | 'debtor_phone' | 'debtor_contact' | 'bucket_history' | 'assignment_history' | 'placement' | 'portfolio_snapshot';

/** What a placement import writes. */
export const IMPORT_TABLES: readonly StatisticsTable[] = ['account', 'debtor', 'debtor_phone', 'debtor_contact', 'bucket_history', 'placement'];

/**
 * Below this many rows changed, a bulk update leaves statistics to autovacuum: ANALYZE samples up to
 * 30,000 rows of each table (a few hundred milliseconds at a million accounts), which a small change
 * does not repay.
 */
export const STATISTICS_MIN_ROWS = 1000;

/**
 * ANALYZEs `tables` in the caller's transaction through app.refresh_statistics() (SECURITY DEFINER:
 * only the owner may ANALYZE). The transaction's own new rows count, so the statistics are fresh when
 * it commits. Returns the tables analysed (a table another session is analysing is skipped).
 */
export async function refreshStatistics(db: EntityManager, tables: readonly StatisticsTable[]): Promise<string[]> {
  const [row] = await db.query('select app.refresh_statistics($1::text[]) as done', [tables]);
  return row.done as string[];
}

/**
 * Whether an import refreshes its tables' statistics after its `batch`-th batch: the 1st, 4th, 16th,
 * 64th… An import grows the bank's tables inside one transaction, whose rows autovacuum cannot see; on
 * statistics taken before it, the planner takes a bank grown to a million accounts for the few it had,
 * and picks plans that read all of them for every batch (a contact lookup of the merge scanned every
 * contact of the bank). Refreshing each time the import has grown fourfold keeps the estimates within a
 * factor of four for a few ANALYZEs an import (three for a million rows). An ANALYZE holds its table's
 * lock until the import commits; other ANALYZEs and VACUUMs of the table wait meanwhile.
 */
export function refreshesStatisticsAfter(batch: number): boolean {
  let due = 1;
  while (due < batch) due *= 4;
  return due === batch;
}
