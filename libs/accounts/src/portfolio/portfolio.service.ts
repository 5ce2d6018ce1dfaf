import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';

export interface SnapshotLine {
  placement_month: string;
  bucket: string;
  currency: string;
  accounts: number;
  active_accounts: number;
  placed_amount: string;
  collected: string;
}

export interface Breakdown {
  key: string;
  currency: string;
  accounts: number;
  activeAccounts: number;
  placed: string;
  collected: string;
  liquidationRate: string;
}

/**
 * Rebuilds today's pre-aggregated bank view (per placement month, bucket and currency) for the given
 * banks. Called by the daily aging job and after every import and recall, so the bank's dashboard
 * reads a few hundred rows instead of its whole portfolio.
 */
export async function refreshPortfolioSnapshot(db: EntityManager, clientIds?: string[]): Promise<void> {
  const days = `select c.id as client_id, (now() at time zone c.time_zone)::date as as_of from client c
       where $1::uuid[] is null or c.id = any($1::uuid[])`;
  await db.query(`delete from portfolio_snapshot s using (${days}) d where s.client_id = d.client_id and s.as_of = d.as_of`, [clientIds ?? null]);
  await db.query(
    `with days as (${days})
     insert into portfolio_snapshot (client_id, as_of, placement_month, bucket, currency, agency_id, accounts, active_accounts, placed_amount, collected)
     select a.client_id, d.as_of, date_trunc('month', a.placed_on)::date, a.bucket, a.currency, a.agency_id,
            count(*), count(*) filter (where a.status = 'active'), sum(a.placed_amount), sum(a.collected)
     from account a join days d on d.client_id = a.client_id
     group by a.client_id, d.as_of, date_trunc('month', a.placed_on), a.bucket, a.currency, a.agency_id`,
    [clientIds ?? null],
  );
}

/**
 * Lines of the latest snapshot on or before `asOf`, by default the bank's today in its own time zone
 * (computed here, so the dashboard needs no read of the bank first). Null when the bank has none yet, or
 * when the caller may not see the bank.
 */
export async function readSnapshot(db: EntityManager, clientId: string, asOf: string | null): Promise<{ asOf: string; refreshedAt: Date; lines: SnapshotLine[] } | null> {
  const lines: (SnapshotLine & { as_of: string; refreshed_at: Date })[] = await db.query(
    `select as_of::text, placement_month::text, bucket, currency, accounts, active_accounts, placed_amount::text, collected::text, refreshed_at
     from portfolio_snapshot
     where client_id = $1 and as_of = (select max(as_of) from portfolio_snapshot where client_id = $1
       and as_of <= coalesce($2::date, (select (now() at time zone c.time_zone)::date from client c where c.id = $1)))`,
    [clientId, asOf],
  );
  if (!lines.length) return null;
  return { asOf: lines[0].as_of, refreshedAt: lines[0].refreshed_at, lines };
}

/** Sums snapshot lines by a key (bucket, placement month or nothing) and currency; liquidation = collected ÷ placed. */
export function breakdown(lines: SnapshotLine[], keyOf: (l: SnapshotLine) => string): Breakdown[] {
  const groups = new Map<string, Breakdown & { placedD: Decimal; collectedD: Decimal }>();
  for (const l of lines) {
    const key = keyOf(l);
    const id = `${key}\u0000${l.currency}`;
    let g = groups.get(id);
    if (!g) {
      g = { key, currency: l.currency, accounts: 0, activeAccounts: 0, placed: '0', collected: '0', liquidationRate: '0', placedD: new Decimal(0), collectedD: new Decimal(0) };
      groups.set(id, g);
    }
    g.accounts += l.accounts;
    g.activeAccounts += l.active_accounts;
    g.placedD = g.placedD.plus(l.placed_amount);
    g.collectedD = g.collectedD.plus(l.collected);
  }
  return [...groups.values()]
    .map(({ placedD, collectedD, ...g }) => ({
      ...g,
      placed: placedD.toFixed(2),
      collected: collectedD.toFixed(2),
      liquidationRate: placedD.isZero() ? '0.0000' : collectedD.div(placedD).toFixed(4),
    }))
    .sort((a, b) => a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency));
}

/**
 * Liquidation by the bucket at placement (委案手别), from placement episodes: each episode's balance
 * at placement and what was credited to it, whatever the account's bucket is now.
 */
export async function episodeLinesByBucketAtPlacement(db: EntityManager, clientId: string): Promise<SnapshotLine[]> {
  return db.query(
    `select date_trunc('month', e.placed_on)::date::text as placement_month, e.bucket_at_placement as bucket, e.currency,
            count(*)::int as accounts, count(*) filter (where e.ended_on is null)::int as active_accounts,
            sum(e.balance_at_placement)::text as placed_amount, sum(e.collected)::text as collected
       from placement_episode e where e.client_id = $1
      group by 1, 2, 3`,
    [clientId],
  );
}

/**
 * Credits money to the placement episode that earned it, keyed (account, placement) — the payments
 * domain calls this in the same transaction as the posting. Returns false when no such episode exists.
 */
export async function creditPlacementEpisode(db: EntityManager, e: { accountId: string; placementId: string; amount: string }): Promise<boolean> {
  const rows = await db.query(
    `update placement_episode set collected = collected + $3::numeric
      where client_id in (select a.client_id from account a where a.id = $1) and account_id = $1 and placement_id = $2 returning 1`,
    [e.accountId, e.placementId, e.amount],
  );
  return (Array.isArray(rows[0]) ? rows[0] : rows).length > 0;
}
