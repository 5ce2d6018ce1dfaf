import type { DataSource } from 'typeorm';
import { jobClients, withJobTenant, type JobLog } from '@arrears/jobs';

/** The moment before which finished deliveries are deleted, `retentionDays` whole days before `now`. */
export function deliveryCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError('retentionDays must be a whole number of days, at least 1');
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

/**
 * Deletes each bank's finished (succeeded or failed) deliveries created before `before`, with their
 * attempts (cascade), in the bank's `system` job context under RLS. Pending deliveries are kept whatever
 * their age. One bank's failure does not stop the others; running it again deletes nothing more.
 * Returns the number of deliveries deleted per bank that had any.
 */
export async function purgeWebhookDeliveries(dataSource: DataSource, before: Date, log: JobLog): Promise<Map<string, number>> {
  const deleted = new Map<string, number>();
  for (const c of await jobClients(dataSource)) {
    try {
      const n = await withJobTenant(dataSource, c.clientId, async (db) => {
        const [{ n }]: { n: number }[] = await db.query(
          `with gone as (delete from webhook_delivery where client_id = $1 and created_at < $2 and status <> 'pending' returning 1) select count(*)::int as n from gone`,
          [c.clientId, before.toISOString()],
        );
        return n;
      });
      if (n) deleted.set(c.clientId, n);
    } catch (err) {
      log('error', 'webhook delivery purge failed', { clientId: c.clientId, err: err instanceof Error ? err.message : String(err) });
    }
  }
  return deleted;
}
