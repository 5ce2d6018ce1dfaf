import { Decimal } from 'decimal.js';
import { normalisePhone } from '../protected-data.js';

/**
 * Cell parsers of placement files. Each returns `{ value }` or `{ error }` (a reason a bank user can act
 * on). Money is parsed from its decimal text and never goes through a float; Excel number cells are
 * read back through their shortest decimal representation (what Excel shows).
 */
export type Parsed<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

/** Blank cells (empty, whitespace, or the usual placeholders) count as absent. */
export function isBlank(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' || s === '-' || s === '—' || /^(null|n\/a|na|无)$/i.test(s);
  }
  return false;
}

/** Text of a cell: strings trimmed, numbers in their shortest decimal form, rich text flattened. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return Number.isFinite(v) ? numberText(v) : '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; hyperlink?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('').trim();
    if (o.result !== undefined) return cellText(o.result);
    if (typeof o.text === 'string') return o.text.trim();
  }
  return String(v).trim();
}

/** A JS number as plain decimal text (no exponent): 12345.6 -> "12345.6", 1e21 -> exact digits. */
function numberText(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? new Decimal(s).toFixed() : s;
}

const MAX_AMOUNT = new Decimal('9999999999999999.99'); // numeric(18, 2)
const PLAIN = /^\d+(\.\d+)?$/;
const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * A non-negative amount with at most two decimals, as a canonical two-decimal string ("12,345.6" ->
 * "12345.60"). Trailing zeros beyond two decimals are accepted ("1.230"). Accepts thousands separators
 * ("12,345.60"), a leading ¥/￥ sign, and Excel numbers. Rejects negatives, more than two significant
 * decimals, and anything that is not a number.
 */
export function parseAmount(v: unknown): Parsed<string> {
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { error: 'is not a number' };
    s = numberText(v);
  } else {
    s = cellText(v).normalize('NFKC').replace(/^(¥|RMB|CNY)\s*/i, '');
  }
  if (s === '') return { error: 'is empty' };
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  if (s.startsWith('-')) {
    negative = true;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) {
    s = s.slice(1).trim();
  }
  if (GROUPED.test(s)) s = s.replace(/,/g, '');
  else if (!PLAIN.test(s)) return { error: 'is not an amount (expected digits with an optional decimal point, e.g. 12,345.60)' };
  const d = new Decimal(s);
  if (negative && !d.isZero()) return { error: 'is negative' };
  if (d.decimalPlaces() > 2) return { error: 'has more than two decimals' };
  if (d.greaterThan(MAX_AMOUNT)) return { error: 'is too large' };
  return { value: d.toFixed(2) };
}

const DAY_MS = 86_400_000;
/** Excel's day 0 is 1899-12-30 (the 1900 leap-year bug included). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A calendar date as yyyy-mm-dd from yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd, yyyymmdd, 2024年1月5日, an Excel date or serial. */
export function parseDate(v: unknown): Parsed<string> {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { error: 'is not a date' };
    // Excel dates are calendar dates stored at UTC midnight by exceljs.
    const out = isoDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
    return out ? { value: out } : { error: 'is not a valid date' };
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 22001231) return parseDate(String(v));
    if (v > 0 && v < 120000) {
      const t = new Date(EXCEL_EPOCH + Math.floor(v) * DAY_MS);
      return parseDate(t);
    }
    return { error: 'is not a date (expected yyyy-mm-dd)' };
  }
  const s = cellText(v).normalize('NFKC');
  if (s === '') return { error: 'is empty' };
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return { error: 'is not a date (expected yyyy-mm-dd, yyyy/mm/dd or yyyymmdd)' };
  const out = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return out ? { value: out } : { error: 'is not a valid calendar date' };
}

/** A whole, non-negative number of days. */
export function parseDays(v: unknown): Parsed<number> {
  const s = typeof v === 'number' ? numberText(v) : cellText(v).replace(/\s*(天|days?)$/i, '');
  if (!/^\d{1,5}$/.test(s)) return { error: 'is not a whole number of days' };
  return { value: Number(s) };
}

/** yyyy-mm-dd minus n days. */
export function minusDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The last four digits of a card number. Four digits are kept as they are; a full (13–19 digit) or
 * masked number ("6222 **** **** 1234") is cut to its last four. The full number never leaves here.
 */
export function cardLast4(v: unknown): Parsed<string> {
  const s = cellText(v).replace(/[\s-]/g, '');
  if (/^\d{4}$/.test(s)) return { value: s };
  if (/^\d{13,19}$/.test(s)) return { value: s.slice(-4) };
  if (/^[\d*xX•]{8,19}$/.test(s) && /\d{4}$/.test(s)) return { value: s.slice(-4) };
  return { error: 'is not a card number (expected the full number or its last four digits)' };
}

/**
 * Splits a phones cell on ; , / 、 | and whitespace. Whitespace separates numbers only when every piece is
 * a phone number by itself, so "13812345678 13912345678" is two numbers and "+86 139 1234 5678" is one.
 */
export function splitPhones(v: unknown): string[] {
  const out: string[] = [];
  for (const part of cellText(v).normalize('NFKC').split(/[;,/、|]+/)) {
    const p = part.trim();
    if (!p) continue;
    const pieces = p.split(/\s+/);
    if (pieces.length > 1 && pieces.every((x) => normalisePhone(x) !== null)) out.push(...pieces);
    else out.push(p);
  }
  return out;
}

/** Runs of 12–19 digits (card numbers) in free text, masked to their last four. */
export function maskCardLike(s: string): string {
  return s.replace(/\d(?:[ -]?\d){11,18}/g, (run) => {
    const digits = run.replace(/\D/g, '');
    return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  });
}

const CURRENCY_ALIASES: Record<string, string> = { RMB: 'CNY', 人民币: 'CNY', 元: 'CNY', 美元: 'USD', 港币: 'HKD', 港元: 'HKD', 欧元: 'EUR' };

/** An ISO 4217 code (upper case), accepting RMB / 人民币 for CNY. */
export function parseCurrency(v: unknown): Parsed<string> {
  const s = cellText(v).normalize('NFKC').toUpperCase();
  const code = CURRENCY_ALIASES[s] ?? s;
  return /^[A-Z]{3}$/.test(code) ? { value: code } : { error: 'is not an ISO 4217 currency code (e.g. CNY)' };
}

const zoneCache = new Map<string, boolean>();
/** An IANA time zone name known to this runtime. */
export function parseTimeZone(v: unknown): Parsed<string> {
  const s = cellText(v);
  let ok = zoneCache.get(s);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: s });
      ok = /\//.test(s) || s === 'UTC';
    } catch {
      ok = false;
    }
    if (zoneCache.size < 1000) zoneCache.set(s, ok);
  }
  return ok ? { value: s } : { error: 'is not an IANA time zone (e.g. Asia/Shanghai)' };
}
