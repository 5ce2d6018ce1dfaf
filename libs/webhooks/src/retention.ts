import type { DataSource } from 'typeorm';
import { jobClients, withJobTenant, type JobLog } from '@arrears/jobs';

/** The moment before which finished deliveries are deleted, `retentionDays` whole days before `now`. */
export function deliveryCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError('retentionDays must be a whole number of days, at least 1');
  return new Date(now.getTime() - retentionDays * 86_400_000);
}

/**
 * Deletes each bank's finished (succeeded or failed) deliveries created before `before`, with their
 * attempts (cascade), and then the bank's outbox events from before `before` that no delivery still names
 * (the fan-out trigger makes an event's deliveries when it is written, so an event no delivery names is
 * done with), in the bank's `system` job context under RLS. Pending deliveries and their events are kept
 * whatever their age. One bank's failure does not stop the others; running it again deletes nothing more.
 * Returns what was deleted per bank that had anything to delete.
 */
export async function purgeWebhookDeliveries(dataSource: DataSource, before: Date, log: JobLog): Promise<Map<string, { deliveries: number; events: number }>> {
  const deleted = new Map<string, { deliveries: number; events: number }>();
  for (const c of await jobClients(dataSource)) {
    try {
      const n = await withJobTenant(dataSource, c.clientId, async (db) => {
        const params = [c.clientId, before.toISOString()];
        const [{ n: deliveries }]: { n: number }[] = await db.query(
          `with gone as (delete from webhook_delivery where client_id = $1 and created_at < $2 and status <> 'pending' returning 1) select count(*)::int as n from gone`,
          params,
        );
        const [{ n: events }]: { n: number }[] = await db.query(
          `with gone as (delete from event_outbox e where e.client_id = $1 and e.occurred_at < $2
                           and not exists (select 1 from webhook_delivery d where d.client_id = e.client_id and d.event_id = e.id)
                         returning 1)
           select count(*)::int as n from gone`,
          params,
        );
        return { deliveries, events };
      });
      if (n && (n.deliveries || n.events)) deleted.set(c.clientId, n);
    } catch (err) {
      log('error', 'webhook delivery purge failed', { clientId: c.clientId, err: err instanceof Error ? err.message : String(err) });
    }
  }
  return deleted;
}
