import { z } from 'zod';
import { definePolicyKind, type PolicyKind } from '@arrears/platform';

/**
 * The work-queue priority score, documented in docs/accounts.md. Additive so it can be explained:
 * each factor adds points, the total orders the queue (highest first). How many points each factor
 * may give is the client's `queue_weights` policy (an agency default preset until an admin sets one).
 *
 *   days past due      up to `daysPastDue.points`, linear to `toDays`; `favour: newer` gives the most to day 1
 *   balance            up to `balance.points` (log10 of total due; 1,000,000 = all of them)
 *   promise due        `promiseDue.points` when a promise to pay falls due today or earlier
 *   broken promises    `brokenPromises.each` per broken promise, at most `max` of them
 *   contact recency    1 point a day since the last contact (all of `contactRecency.points` if never), at most `points`
 *   fresh and engaged  `freshEngaged.points` when at most `maxDpd` days past due and a promise is open or
 *                      the debtor was reached within `recentDays` (M1–M2 accounts that still answer)
 */
const weightsSchema = z.object({
  daysPastDue: z.object({ points: z.number().min(0).max(100), toDays: z.number().int().min(1).max(3650), favour: z.enum(['older', 'newer']) }),
  balance: z.object({ points: z.number().min(0).max(100) }),
  promiseDue: z.object({ points: z.number().min(0).max(100) }),
  brokenPromises: z.object({ each: z.number().min(0).max(50), max: z.number().int().min(0).max(20) }),
  contactRecency: z.object({ points: z.number().min(0).max(100) }),
  freshEngaged: z.object({ points: z.number().min(0).max(100), maxDpd: z.number().int().min(1).max(3650), recentDays: z.number().int().min(1).max(365) }),
});
export type QueueWeights = z.infer<typeof weightsSchema>;

/**
 * Per-client queue weights. "May only tighten" does not apply: ordering a collector's own book
 * protects nobody and endangers nobody — who may be contacted, when and how often is decided by holds
 * and the contact rules before an account reaches a queue. Any well-formed weighting is accepted.
 */
export const QUEUE_WEIGHTS: PolicyKind<QueueWeights> = definePolicyKind<QueueWeights>({
  kind: 'queue_weights',
  description: 'Work-queue priority: the points each factor may add',
  schema: weightsSchema,
  presets: {
    // Fresh M1–M2 accounts with an open promise or a recent contact first: they cure most often.
    fresh_first: {
      daysPastDue: { points: 20, toDays: 180, favour: 'newer' },
      balance: { points: 20 },
      promiseDue: { points: 25 },
      brokenPromises: { each: 3, max: 3 },
      contactRecency: { points: 10 },
      freshEngaged: { points: 25, maxDpd: 60, recentDays: 14 },
    },
    // Largest balances first (recovery amount over cure rate).
    balance_first: {
      daysPastDue: { points: 10, toDays: 360, favour: 'newer' },
      balance: { points: 45 },
      promiseDue: { points: 20 },
      brokenPromises: { each: 3, max: 3 },
      contactRecency: { points: 10 },
      freshEngaged: { points: 10, maxDpd: 60, recentDays: 14 },
    },
    // The first release's formula: the oldest debt first.
    oldest_first: {
      daysPastDue: { points: 30, toDays: 360, favour: 'older' },
      balance: { points: 25 },
      promiseDue: { points: 20 },
      brokenPromises: { each: 5, max: 3 },
      contactRecency: { points: 15 },
      freshEngaged: { points: 0, maxDpd: 60, recentDays: 14 },
    },
  },
  defaultPreset: 'fresh_first',
  loosenings: () => [],
});

export const DEFAULT_WEIGHTS: QueueWeights = QUEUE_WEIGHTS.presets[QUEUE_WEIGHTS.defaultPreset];

export interface PriorityInputs {
  dpd: number;
  totalDue: number;
  nextPromiseDue: string | null;
  brokenPromises: number;
  lastContactAt: Date | null;
}

export type PriorityFactorName = 'days_past_due' | 'balance' | 'promise_due' | 'broken_promises' | 'contact_recency' | 'fresh_engaged';

export interface PriorityFactorValue {
  factor: PriorityFactorName;
  points: number;
  /** The most this factor can give under the weights in force. */
  weight: number;
  detail: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function priorityFactors(i: PriorityInputs, today: string, now: Date = new Date(), w: QueueWeights = DEFAULT_WEIGHTS): PriorityFactorValue[] {
  const daysSinceContact = i.lastContactAt ? Math.floor((now.getTime() - i.lastContactAt.getTime()) / 86_400_000) : null;
  const dpdShare = Math.min(Math.max(i.dpd, 0), w.daysPastDue.toDays) / w.daysPastDue.toDays;
  const dpdPoints = i.dpd <= 0 ? 0 : w.daysPastDue.favour === 'older' ? dpdShare * w.daysPastDue.points : (1 - dpdShare) * w.daysPastDue.points;
  const engaged = i.nextPromiseDue !== null || (daysSinceContact !== null && daysSinceContact <= w.freshEngaged.recentDays);
  const fresh = i.dpd >= 1 && i.dpd <= w.freshEngaged.maxDpd;
  return [
    { factor: 'days_past_due', points: round2(dpdPoints), weight: w.daysPastDue.points, detail: `${i.dpd} days past due (${w.daysPastDue.favour} first)` },
    { factor: 'balance', points: round2(Math.min(1, Math.log10(Math.max(0, i.totalDue) + 1) / 6) * w.balance.points), weight: w.balance.points, detail: `total due ${i.totalDue}` },
    {
      factor: 'promise_due',
      points: i.nextPromiseDue !== null && i.nextPromiseDue <= today ? w.promiseDue.points : 0,
      weight: w.promiseDue.points,
      detail: i.nextPromiseDue ? `promise due ${i.nextPromiseDue}` : 'no promise',
    },
    {
      factor: 'broken_promises',
      points: round2(Math.min(w.brokenPromises.max, i.brokenPromises) * w.brokenPromises.each),
      weight: round2(w.brokenPromises.max * w.brokenPromises.each),
      detail: `${i.brokenPromises} broken promises`,
    },
    {
      factor: 'contact_recency',
      points: daysSinceContact === null ? w.contactRecency.points : Math.min(w.contactRecency.points, Math.max(0, daysSinceContact)),
      weight: w.contactRecency.points,
      detail: daysSinceContact === null ? 'never contacted' : `${daysSinceContact} days since last contact`,
    },
    {
      factor: 'fresh_engaged',
      points: fresh && engaged ? w.freshEngaged.points : 0,
      weight: w.freshEngaged.points,
      detail: fresh ? (engaged ? `within ${w.freshEngaged.maxDpd} days past due and engaged` : 'fresh, but no open promise or recent contact') : `more than ${w.freshEngaged.maxDpd} days past due`,
    },
  ];
}

export function priorityScore(i: PriorityInputs, today: string, now: Date = new Date(), w: QueueWeights = DEFAULT_WEIGHTS): number {
  return round2(priorityFactors(i, today, now, w).reduce((s, f) => s + f.points, 0));
}

/** The weights as columns of one row per client, for the SQL twin (`jsonb_to_recordset`). */
export const WEIGHT_COLUMNS =
  'dpd_points numeric, dpd_to int, dpd_newer boolean, balance_points numeric, promise_points numeric, broken_each numeric, broken_max int, contact_points numeric, fresh_points numeric, fresh_max_dpd int, fresh_recent_days int';

export function weightRecord(w: QueueWeights) {
  return {
    dpd_points: w.daysPastDue.points,
    dpd_to: w.daysPastDue.toDays,
    dpd_newer: w.daysPastDue.favour === 'newer',
    balance_points: w.balance.points,
    promise_points: w.promiseDue.points,
    broken_each: w.brokenPromises.each,
    broken_max: w.brokenPromises.max,
    contact_points: w.contactRecency.points,
    fresh_points: w.freshEngaged.points,
    fresh_max_dpd: w.freshEngaged.maxDpd,
    fresh_recent_days: w.freshEngaged.recentDays,
  };
}

/**
 * The same formula in SQL over an `account a` row and a weights row `w` (columns of WEIGHT_COLUMNS),
 * for set-based recomputation (`dpd` may be a new value). Kept next to priorityFactors so they agree.
 */
export const PRIORITY_SQL = (today: string, dpd = 'a.dpd', w = 'w') => `round((
    case when ${dpd} <= 0 then 0
         when ${w}.dpd_newer then (1 - least(${dpd}, ${w}.dpd_to)::numeric / ${w}.dpd_to) * ${w}.dpd_points
         else least(${dpd}, ${w}.dpd_to)::numeric / ${w}.dpd_to * ${w}.dpd_points end
  + least(1, log(greatest(a.total_due, 0) + 1) / 6.0) * ${w}.balance_points
  + case when a.next_promise_due is not null and a.next_promise_due <= ${today} then ${w}.promise_points else 0 end
  + least(${w}.broken_max, a.broken_promises) * ${w}.broken_each
  + case when a.last_contact_at is null then ${w}.contact_points
         else least(${w}.contact_points, greatest(0, floor(extract(epoch from (now() - a.last_contact_at)) / 86400))) end
  + case when ${dpd} between 1 and ${w}.fresh_max_dpd
          and (a.next_promise_due is not null or (a.last_contact_at is not null and floor(extract(epoch from (now() - a.last_contact_at)) / 86400) <= ${w}.fresh_recent_days))
         then ${w}.fresh_points else 0 end
  )::numeric, 2)`;
