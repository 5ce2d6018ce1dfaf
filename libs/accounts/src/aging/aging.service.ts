import type { EntityManager } from 'typeorm';
import { PRIORITY_SQL } from '../queue/priority.js';
import { BUCKET_SQL } from './aging.js';
import { refreshStatistics, STATISTICS_MIN_ROWS } from '../statistics.js';

export interface AgingResult {
  accountsAged: number;
  bucketChanges: number;
}

/**
 * Recomputes days past due, bucket and queue priority of every active account the caller can see, as of
 * `asOf` or each bank's local today, and keeps every bucket change for roll rates. Set-based: one
 * statement, whatever the portfolio size. Runs under RLS for a user, or as the owner for the daily job.
 */
export async function recomputeAging(db: EntityManager, asOf?: string, clientIds?: string[]): Promise<AgingResult> {
  const [row] = await db.query(
    `with calc as (
       select a.client_id, a.id, a.agency_id, a.bucket as old_bucket, d.as_of,
              greatest(0, d.as_of - a.delinquent_since)::int as new_dpd
       from account a
       join client c on c.id = a.client_id
       cross join lateral (select coalesce($1::date, (now() at time zone c.time_zone)::date) as as_of) d
       where a.status = 'active' and ($2::uuid[] is null or a.client_id = any($2::uuid[]))
     ), b as (
       select calc.*, ${BUCKET_SQL('new_dpd')} as new_bucket from calc
     ), upd as (
       update account a set dpd = b.new_dpd, bucket = b.new_bucket, aged_on = b.as_of,
              priority_score = ${PRIORITY_SQL('b.as_of', 'b.new_dpd')}, updated_at = now()
       from b where a.client_id = b.client_id and a.id = b.id
       returning a.id
     ), hist as (
       insert into bucket_history (client_id, agency_id, account_id, from_bucket, to_bucket, dpd, changed_on)
       select client_id, agency_id, id, old_bucket, new_bucket, new_dpd, as_of from b where new_bucket <> old_bucket
       returning 1
     )
     select (select count(*) from upd)::int as aged, (select count(*) from hist)::int as changes`,
    [asOf ?? null, clientIds ?? null],
  );
  // Every aged row is a new row version: the planner must not meet the pre-aging statistics.
  if (row.aged >= STATISTICS_MIN_ROWS) await refreshStatistics(db, ['account', 'bucket_history']);
  return { accountsAged: row.aged, bucketChanges: row.changes };
}
