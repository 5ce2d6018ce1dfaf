/** Buckets by days past due: M1 = 1–30 … M6 = 151–180, M6+ beyond (written off); M0 = not past due. */
export const BUCKETS = ['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M6+'] as const;
export type Bucket = (typeof BUCKETS)[number];

export function bucketFor(dpd: number): Bucket {
  if (dpd <= 0) return 'M0';
  if (dpd > 180) return 'M6+';
  return BUCKETS[Math.ceil(dpd / 30)];
}

const DAY_MS = 86_400_000;

/** Whole days from `delinquentSince` to `asOf`, both ISO dates (yyyy-mm-dd); never negative. */
export function daysPastDue(delinquentSince: string, asOf: string): number {
  const days = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${delinquentSince}T00:00:00Z`)) / DAY_MS);
  return Math.max(0, days);
}

/** Today's date (yyyy-mm-dd) in a time zone: aging follows the client's calendar, not the server's. */
export function localDate(timeZone: string, at: Date = new Date()): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    // Building an Intl formatter costs far more than using one: keep one per time zone.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The same bucket rule in SQL, for set-based recomputation (kept next to bucketFor so they agree). */
export const BUCKET_SQL = (dpd: string) =>
  `case when ${dpd} <= 0 then 'M0' when ${dpd} > 180 then 'M6+' else 'M' || ceil(${dpd} / 30.0)::int end`;
