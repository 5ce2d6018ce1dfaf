/** Wall-clock parts of an instant in a time zone (IANA name), from Intl: no date library needed. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** yyyy-mm-dd */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}


export function isTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offsets change only at transitions, and every zone's transitions fall on a quarter hour of UTC: one
 * Intl lookup per zone and quarter hour serves every instant in it (Intl is the slow part of a queue, and
 * of finding when a blocked account opens: `zonedInstant` reads it too).
 */
const offsetCache = new Map<string, number>();
function cachedOffset(at: Date, timeZone: string): number {
  const slot = Math.floor(at.getTime() / 900_000);
  const key = `${timeZone}|${slot}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    if (offsetCache.size > 50_000) offsetCache.clear();
    off = offsetMinutes(new Date(slot * 900_000), timeZone);
    offsetCache.set(key, off);
  }
  return off;
}

export function localParts(at: Date, timeZone: string): LocalParts {
  const d = new Date(at.getTime() + cachedOffset(at, timeZone) * 60_000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { year, month, day, hour, minute, weekday: d.getUTCDay() || 7, date: `${year}-${pad(month)}-${pad(day)}`, minutes: hour * 60 + minute };
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
function offsetMinutes(at: Date, timeZone: string): number {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant when the wall clock of `timeZone` shows `date` at `minutes` past midnight. A time that the
 * zone skips (spring forward) comes out as the first instant after the gap; a repeated one as its first.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const naive = Date.UTC(y, m - 1, d, 0, minutes);
  let guess = naive - cachedOffset(new Date(naive), timeZone) * 60_000;
  // Two corrections settle every transition: the offset at the guess may differ from the offset at `naive`.
  for (let i = 0; i < 2; i++) guess = naive - cachedOffset(new Date(guess), timeZone) * 60_000;
  const back = localParts(new Date(guess), timeZone);
  if (back.date === date && back.minutes === minutes) {
    // In a repeated hour prefer the earlier instant.
    const earlier = new Date(guess - 3600_000);
    const e = localParts(earlier, timeZone);
    return e.date === date && e.minutes === minutes ? earlier : new Date(guess);
  }
  // Skipped wall time: moved forward by the gap, with the offset from before the transition.
  return new Date(naive - cachedOffset(new Date(naive - 12 * 3600_000), timeZone) * 60_000);
}

/** The local calendar date after `date`. */
export function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** "08:30" → 510 */
export function hhmmToMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}
