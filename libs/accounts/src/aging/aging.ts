/** Bucket slots by days past due. M0 = not past due; which days each later slot holds is the client's bucket_bands policy. */
export const BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6+'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** The first day past due of M1 … M6+ (seven ascending numbers, the first is always 1). */
export type BandStarts = readonly number[];

/** The Chinese convention: M1 = 1–30, M2 = 31–60 … M6 = 151–180, M6+ beyond 180. */
export const CHINA_BAND_STARTS: BandStarts = [1, 31, 61, 91, 121, 151, 181];

export function bucketFor(dpd: number, starts: BandStarts = CHINA_BAND_STARTS): Bucket {
  if (dpd <= 0) return 'M0';
  for (let i = starts.length - 1; i >= 0; i--) if (dpd >= starts[i]) return BUCKETS[i + 1];
  return 'M1';
}

const DAY_MS = 86_400_000;

/**
 * Days past due on `asOf` of an account delinquent since `delinquentSince` (both yyyy-mm-dd): the
 * first delinquent day is day 1, so a delinquency that starts today is in M1, not M0. Before that
 * day it is 0 (current).
 */
export function daysPastDue(delinquentSince: string, asOf: string): number {
  const days = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${delinquentSince}T00:00:00Z`)) / DAY_MS);
  return days < 0 ? 0 : days + 1;
}

/** Today's date (yyyy-mm-dd) in a time zone: aging follows the client's calendar, not the server's. */
export function localDate(timeZone: string, at: Date = new Date()): string {
  // A work queue asks for every row of a page within the same second. Zone offsets are whole seconds,
  // so a local date cannot change inside one: the last answer per zone is kept for its second.
  const second = Math.floor(at.getTime() / 1000);
  const last = lastDates.get(timeZone);
  if (last?.second === second) return last.date;
  let format = dateFormats.get(timeZone);
  if (!format) {
    // Building an Intl formatter costs far more than using one: keep one per time zone.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  const date = format.format(at);
  lastDates.set(timeZone, { second, date });
  return date;
}
const lastDates = new Map<string, { second: number; date: string }>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The same day rule in SQL: `overdue` is the overdue amount, a cured (nothing overdue) account is current. */
export const DPD_SQL = (delinquentSince: string, asOf: string, overdue: string) =>
  `(case when ${overdue} <= 0 or ${asOf} < ${delinquentSince} then 0 else (${asOf} - ${delinquentSince}) + 1 end)`;

/** The bucket rule in SQL; `starts` is a jsonb array of the seven band starts (kept next to bucketFor so they agree). */
export const BUCKET_SQL = (dpd: string, starts: string) =>
  `case when ${dpd} <= 0 then 'M0' ${[6, 5, 4, 3, 2, 1]
    .map((i) => `when ${dpd} >= (${starts} ->> ${i})::int then '${BUCKETS[i + 1]}'`)
    .join(' ')} else 'M1' end`;
