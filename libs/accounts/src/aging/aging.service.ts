import type { EntityManager } from 'typeorm';
import { PolicyService } from '@arrears/platform';
import { PRIORITY_SQL, QUEUE_WEIGHTS, WEIGHT_COLUMNS, weightRecord } from '../queue/priority.js';
import { BUCKET_SQL, DPD_SQL, localDate } from './aging.js';
import { BUCKET_BANDS, bandStarts } from './bucket-bands.js';
import { refreshStatistics, STATISTICS_MIN_ROWS } from '../statistics.js';

export interface AgingResult {
  accountsAged: number;
  bucketChanges: number;
}

/** Why accounts are re-aged; kept on each bucket_history row it writes. */
export type AgingCause = 'aging' | 'balance_change' | 'cure';

/** yyyy-mm-dd per client id; a client not named is aged as of its own local today. */
export type AsOfByClient = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

const asOfFor = (m: AsOfByClient | undefined, clientId: string) => (m instanceof Map ? m.get(clientId) : (m as Record<string, string> | undefined)?.[clientId]);

/**
 * The per-client parameters of one aging statement: the date ("today" is the bank's local date), the
 * bucket bands and the queue weights in force (with the bands' version, kept on history rows).
 */
export async function agingParams(db: EntityManager, clientIds: string[] | null, asOfByClient?: AsOfByClient) {
  const clients: { id: string; time_zone: string }[] = await db.query(
    'select id, time_zone from client where $1::uuid[] is null or id = any($1::uuid[])',
    [clientIds],
  );
  const ids = clients.map((c) => c.id);
  const policies = new PolicyService(db);
  const [bands, weights] = await Promise.all([policies.currentFor(BUCKET_BANDS, ids), policies.currentFor(QUEUE_WEIGHTS, ids)]);
  return clients.map((c) => {
    const b = bands.get(c.id)!;
    return {
      client_id: c.id,
      as_of: asOfFor(asOfByClient, c.id) ?? localDate(c.time_zone),
      starts: bandStarts(b.body),
      bands_version: b.version,
      ...weightRecord(weights.get(c.id)!.body),
    };
  });
}

/**
 * THE aging rule, in one statement for any set of accounts: days past due from the first delinquent
 * day (day 1), 0 when nothing is overdue (a cured account is current); the bucket from the client's
 * bands; the queue score from its weights; and a bucket_history row for every change, up or down, so
 * roll rates see cures and roll-backs as well as roll-forwards.
 */
async function age(db: EntityManager, params: Awaited<ReturnType<typeof agingParams>>, accountIds: readonly string[] | null, cause: AgingCause): Promise<AgingResult> {
  if (!params.length) return { accountsAged: 0, bucketChanges: 0 };
  const [row] = await db.query(
    `with w as (
       select * from jsonb_to_recordset($1::jsonb) as x(client_id uuid, as_of date, starts jsonb, bands_version int, ${WEIGHT_COLUMNS})
     ), calc as (
       select a.client_id, a.id, a.agency_id, a.bucket as old_bucket, w.as_of, w.starts, w.bands_version,
              ${DPD_SQL('a.delinquent_since', 'w.as_of', 'a.overdue_amount')}::int as new_dpd
       from account a join w on w.client_id = a.client_id
       where a.status = 'active' and ($2::uuid[] is null or a.id = any($2::uuid[]))
     ), b as (
       select calc.*, ${BUCKET_SQL('new_dpd', 'starts')} as new_bucket from calc
     ), upd as (
       update account a set dpd = b.new_dpd, bucket = b.new_bucket, aged_on = b.as_of,
              priority_score = ${PRIORITY_SQL('b.as_of', 'b.new_dpd', 'w')}, updated_at = now()
       from b join w on w.client_id = b.client_id
       where a.client_id = b.client_id and a.id = b.id
       returning a.id
     ), hist as (
       insert into bucket_history (client_id, agency_id, account_id, from_bucket, to_bucket, dpd, changed_on, cause, bands_version)
       select client_id, agency_id, id, old_bucket, new_bucket, new_dpd, as_of,
              case when $3::text = 'aging' then 'aging' when new_bucket = 'M0' then 'cure' else $3::text end, bands_version
       from b where new_bucket <> old_bucket
       returning 1
     )
     select (select count(*) from upd)::int as aged, (select count(*) from hist)::int as changes`,
    [JSON.stringify(params), accountIds, cause],
  );
  // Every aged row is a new row version: the planner must not meet the pre-aging statistics.
  if (row.aged >= STATISTICS_MIN_ROWS) await refreshStatistics(db, ['account', 'bucket_history']);
  return { accountsAged: row.aged, bucketChanges: row.changes };
}

/**
 * Re-ages every active account the caller can see as of each bank's local today. `asOf` is for the
 * daily job's catch-up and tools only; the API exposes no date (no back- or future-dating).
 * Set-based: one statement, whatever the portfolio size. Runs under RLS for a user, or as the owner.
 */
export async function recomputeAging(db: EntityManager, asOf?: string, clientIds?: string[]): Promise<AgingResult> {
  const params = await agingParams(db, clientIds ?? null);
  if (asOf) for (const p of params) p.as_of = asOf;
  return age(db, params, null, 'aging');
}

/**
 * Call after anything changes an account's overdue amount or delinquency date (a payment, a bank
 * balance update): it lowers days past due and bucket when the account cured or rolled back (and
 * raises them if it did not), with history. `asOfByClient` defaults to each bank's local today.
 */
export async function applyAgingAfterBalanceChange(db: EntityManager, accountIds: readonly string[], asOfByClient?: AsOfByClient): Promise<AgingResult> {
  if (!accountIds.length) return { accountsAged: 0, bucketChanges: 0 };
  const clients: { client_id: string }[] = await db.query('select distinct client_id from account where id = any($1::uuid[])', [accountIds]);
  const params = await agingParams(
    db,
    clients.map((c) => c.client_id),
    asOfByClient,
  );
  return age(db, params, accountIds, 'balance_change');
}
