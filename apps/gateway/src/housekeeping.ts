import type { DataSource } from 'typeorm';
import type { JobLog } from '@arrears/jobs';
import { purgeExpiredRefreshSessions } from '@arrears/platform';
import { deliveryCutoff, purgeWebhookDeliveries } from '@arrears/webhooks';

/** Once a day at 03:17 UTC (off the hour, away from the 15-minute sweeps); `?max=1`: no retries of a failed run, tomorrow's run catches up. */
export const HOUSEKEEPING_CRONTAB = '17 3 * * * housekeeping ?max=1';

export interface HousekeepingResult {
  refreshSessions: number;
  webhookDeliveries: number;
  outboxEvents: number;
}

/**
 * Deletes what nobody needs any more, as the worker role: expired refresh sessions, finished webhook
 * deliveries (with their attempts) older than the retention, and outbox events older than the retention
 * that no delivery names. Deleting is idempotent, so a second run the
 * same day (two workers, a manual run) only finds less to delete.
 */
export async function runHousekeeping(dataSource: DataSource, opts: { deliveryRetentionDays: number; log: JobLog; now?: Date }): Promise<HousekeepingResult> {
  const refreshSessions = await purgeExpiredRefreshSessions((sql, params) => dataSource.query(sql, params));
  const perBank = await purgeWebhookDeliveries(dataSource, deliveryCutoff(opts.now ?? new Date(), opts.deliveryRetentionDays), opts.log);
  const webhookDeliveries = [...perBank.values()].reduce((s, n) => s + n.deliveries, 0);
  const outboxEvents = [...perBank.values()].reduce((s, n) => s + n.events, 0);
  return { refreshSessions, webhookDeliveries, outboxEvents };
}

/** The platform task for the worker (registered in background-worker.ts). */
export function housekeepingJobs(deliveryRetentionDays: number): { platformTasks: Record<string, (ctx: { dataSource: DataSource; log: JobLog }) => Promise<void>>; crontab: string } {
  return {
    platformTasks: {
      housekeeping: async ({ dataSource, log }) => {
        const r = await runHousekeeping(dataSource, { deliveryRetentionDays, log });
        log('info', 'housekeeping done', { ...r, deliveryRetentionDays });
      },
    },
    crontab: HOUSEKEEPING_CRONTAB,
  };
}
