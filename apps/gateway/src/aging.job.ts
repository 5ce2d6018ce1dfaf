import type { DataSource } from 'typeorm';
import { PlacementExpiryService, recomputeAging, refreshPortfolioSnapshot } from '@arrears/accounts';
import type { Logger } from './logger.js';

const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * The daily aging job: every hour, if any active account was last aged before its bank's local today,
 * recompute days past due, buckets and queue priorities, then rebuild the banks' portfolio snapshots.
 * Runs as the owner role (like migrations: a platform job across every tenant). With several gateway
 * instances, set AGING_SCHEDULE=off on all but one, or run `npm run aging` from cron instead.
 */
export function scheduleAging(owner: DataSource, log: Logger): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const [{ stale }] = await owner.query(
        `select exists (select 1 from account a join client c on c.id = a.client_id
                        where a.status = 'active' and a.aged_on < (now() at time zone c.time_zone)::date) as stale`,
      );
      if (!stale) return;
      const started = Date.now();
      const result = await owner.transaction(async (m) => {
        // Expired placements go back to the bank first, so their accounts are not aged into a queue.
        const returned = await new PlacementExpiryService(m).returnExpired();
        const r = { ...(await recomputeAging(m)), placementsReturned: returned.placements.length };
        await refreshPortfolioSnapshot(m);
        return r;
      });
      log.info({ ...result, ms: Date.now() - started }, 'daily aging done');
    } catch (err) {
      log.error({ err }, 'daily aging failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 5_000);
  const timer = setInterval(() => void tick(), CHECK_EVERY_MS);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
