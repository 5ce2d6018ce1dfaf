import type { EntityManager } from 'typeorm';

/**
 * The account column rules (migration 0006) let staff and bank users change money columns only on the
 * payments write path: every write of this domain to `account` announces it first.
 */
export async function enterPaymentsWritePath(db: EntityManager): Promise<void> {
  await db.query(`select set_config('app.write_path', 'payments', true)`);
}
