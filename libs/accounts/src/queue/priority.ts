/**
 * The work-queue priority score, documented in docs/accounts.md. Additive so it can be explained:
 * each factor adds points, the total orders the queue (highest first).
 *
 *   days past due      up to 30 points  (linear to 360 days)
 *   balance            up to 25 points  (log10 of total due; 1,000,000 = 25)
 *   promise due        20 points when a promise to pay falls due today or earlier
 *   broken promises     5 points each, at most 15
 *   contact recency    15 points if never contacted, else 1 point a day since the last contact, at most 15
 */
export interface PriorityInputs {
  dpd: number;
  totalDue: number;
  nextPromiseDue: string | null;
  brokenPromises: number;
  lastContactAt: Date | null;
}

export interface PriorityFactorValue {
  factor: 'days_past_due' | 'balance' | 'promise_due' | 'broken_promises' | 'contact_recency';
  points: number;
  detail: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function priorityFactors(i: PriorityInputs, today: string, now: Date = new Date()): PriorityFactorValue[] {
  const daysSinceContact = i.lastContactAt ? Math.floor((now.getTime() - i.lastContactAt.getTime()) / 86_400_000) : null;
  return [
    { factor: 'days_past_due', points: round2((Math.min(i.dpd, 360) / 360) * 30), detail: `${i.dpd} days past due` },
    { factor: 'balance', points: round2(Math.min(25, (Math.log10(Math.max(0, i.totalDue) + 1) / 6) * 25)), detail: `total due ${i.totalDue}` },
    {
      factor: 'promise_due',
      points: i.nextPromiseDue !== null && i.nextPromiseDue <= today ? 20 : 0,
      detail: i.nextPromiseDue ? `promise due ${i.nextPromiseDue}` : 'no promise',
    },
    { factor: 'broken_promises', points: Math.min(3, i.brokenPromises) * 5, detail: `${i.brokenPromises} broken promises` },
    {
      factor: 'contact_recency',
      points: daysSinceContact === null ? 15 : Math.min(15, Math.max(0, daysSinceContact)),
      detail: daysSinceContact === null ? 'never contacted' : `${daysSinceContact} days since last contact`,
    },
  ];
}

export function priorityScore(i: PriorityInputs, today: string, now: Date = new Date()): number {
  return round2(priorityFactors(i, today, now).reduce((s, f) => s + f.points, 0));
}

/** The same formula in SQL over an `account a` row, for set-based recomputation (`dpd` may be a new value). */
export const PRIORITY_SQL = (today: string, dpd = 'a.dpd') => `round((
    least(${dpd}, 360) / 360.0 * 30
  + least(25, log(greatest(a.total_due, 0) + 1) / 6.0 * 25)
  + case when a.next_promise_due is not null and a.next_promise_due <= ${today} then 20 else 0 end
  + least(3, a.broken_promises) * 5
  + case when a.last_contact_at is null then 15 else least(15, greatest(0, floor(extract(epoch from (now() - a.last_contact_at)) / 86400))) end
  )::numeric, 2)`;
