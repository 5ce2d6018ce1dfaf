import { createRequire } from 'node:module';

/**
 * China's public holidays and make-up working days (调休), from the State Council's yearly notices as
 * packaged by `chinese-days`. The data is versioned with the package; a year the data does not cover
 * is never guessed silently: callers get `known: false` and decide (refuse, or mark a clock approximate).
 */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
const pkg = require('chinese-days/package.json') as { version: string };

export type DayKind = 'workday' | 'weekend' | 'public_holiday' | 'makeup_workday';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  working: boolean;
  /** The holiday or make-up day's name (e.g. "National Day,国庆节"), when it is one. */
  name: string | null;
  /** False outside the years the data covers: then only weekends are known. */
  known: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const years = Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)));

export const CHINA_CALENDAR = {
  /** Which data the answers come from; clocks and decisions record it. */
  version: `chinese-days@${pkg.version}`,
  firstYear: Math.min(...years),
  lastYear: Math.max(...years),
} as const;

function parse(date: string): Date {
  if (!ISO_DATE.test(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) throw new RangeError(`Not a calendar date: ${date}`);
  return d;
}

export function addCalendarDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function chinaDay(date: string): CalendarDay {
  const weekday = parse(date).getUTCDay();
  const year = Number(date.slice(0, 4));
  const known = year >= CHINA_CALENDAR.firstYear && year <= CHINA_CALENDAR.lastYear;
  const holiday = data.holidays[date];
  if (holiday) return { date, kind: 'public_holiday', working: false, name: holidayName(holiday), known };
  const makeup = data.workdays[date];
  if (makeup) return { date, kind: 'makeup_workday', working: true, name: holidayName(makeup), known };
  const weekend = weekday === 0 || weekday === 6;
  return { date, kind: weekend ? 'weekend' : 'workday', working: !weekend, name: null, known };
}

/** "National Day,国庆节,3" → "National Day,国庆节" (the trailing number is the holiday's length). */
function holidayName(raw: string): string {
  return raw.split(',').slice(0, 2).join(',');
}

export interface WorkingDayResult {
  date: string;
  /** True when the count crossed a year the data does not cover (weekends only were skipped there). */
  approximate: boolean;
}

/**
 * The date `n` working days after `date` (n ≥ 0; day 0 is `date` itself). Regulatory clocks such as
 * "decide within 15 working days" count from the day after receipt, so callers pass the receipt date.
 */
export function addWorkingDays(date: string, n: number): WorkingDayResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Working days must be a whole number ≥ 0, not ${n}`);
  let current = date;
  let approximate = false;
  for (let left = n; left > 0; ) {
    current = addCalendarDays(current, 1);
    const day = chinaDay(current);
    if (!day.known) approximate = true;
    if (day.working) left--;
  }
  return { date: current, approximate };
}

/** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
export function workingDaysBetween(from: string, to: string): WorkingDayResult & { days: number } {
  let days = 0;
  let approximate = false;
  for (let d = from; d < to; ) {
    d = addCalendarDays(d, 1);
    const day = chinaDay(d);
    if (!day.known) approximate = true;
    if (day.working) days++;
  }
  return { date: to, days, approximate };
}
