/**
 * Exact money formatting from a decimal string ("1234.50") and an ISO currency code.
 * The amount never becomes a float: digits are grouped and rounded as text. Intl is
 * used only to learn the currency's symbol, its minor digits and where the symbol goes.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

export interface ParsedDecimal {
  negative: boolean;
  integer: string;
  fraction: string;
}

export function parseDecimal(value: string): ParsedDecimal | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const integer = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  return { negative: match[1] === '-', integer, fraction: match[3] ?? '' };
}

/** Adds one to a string of digits ("099" -> "100", "99" -> "100"). */
function incrementDigits(digits: string): string {
  const out = digits.split('');
  let i = out.length - 1;
  while (i >= 0) {
    if (out[i] === '9') {
      out[i] = '0';
      i -= 1;
    } else {
      out[i] = String(Number(out[i]) + 1);
      return out.join('');
    }
  }
  return `1${out.join('')}`;
}

/** Rounds half away from zero to `digits` fraction digits, on text. */
export function roundDecimal(parsed: ParsedDecimal, digits: number): ParsedDecimal {
  const fraction = parsed.fraction.padEnd(digits, '0');
  if (fraction.length === digits) return { ...parsed, fraction };
  const kept = fraction.slice(0, digits);
  const roundUp = Number(fraction[digits]) >= 5;
  if (!roundUp) return { ...parsed, fraction: kept };
  const combined = incrementDigits(parsed.integer + kept);
  const integer = combined.slice(0, combined.length - digits) || '0';
  return { ...parsed, integer, fraction: digits ? combined.slice(combined.length - digits) : '' };
}

export function groupDigits(integer: string, separator: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

interface CurrencyStyle {
  symbol: string;
  digits: number;
  symbolFirst: boolean;
  /** Text between symbol and number, e.g. a no-break space in "1 234,50 €"-style locales. */
  gap: string;
  group: string;
  decimal: string;
}

const styleCache = new Map<string, CurrencyStyle>();

function currencyStyle(currency: string, locale: string): CurrencyStyle {
  const key = `${locale}|${currency}`;
  const cached = styleCache.get(key);
  if (cached) return cached;
  let style: CurrencyStyle;
  try {
    // Yuan is the house currency: ¥ in every language (English would say "CN¥"); others keep their
    // disambiguating symbol (US$ in Chinese).
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: currency === 'CNY' ? 'narrowSymbol' : 'symbol' });
    // Formatting the constant 1000.5 only reveals the layout (symbol, separators); no amount goes through here.
    const parts = format.formatToParts(1000.5);
    const symbolIndex = parts.findIndex((p) => p.type === 'currency');
    const integerIndex = parts.findIndex((p) => p.type === 'integer');
    const symbolFirst = symbolIndex < integerIndex;
    const between = symbolFirst ? parts.slice(symbolIndex + 1, integerIndex) : parts.slice(parts.findIndex((p) => p.type === 'fraction') + 1, symbolIndex);
    style = {
      symbol: parts[symbolIndex]?.value ?? currency,
      digits: format.resolvedOptions().maximumFractionDigits ?? 2,
      symbolFirst,
      gap: between.filter((p) => p.type === 'literal').map((p) => p.value).join(''),
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
  } catch {
    // Unknown currency code: show the code after the number.
    style = { symbol: currency, digits: 2, symbolFirst: false, gap: ' ', group: ',', decimal: '.' };
  }
  styleCache.set(key, style);
  return style;
}

export interface FormatMoneyOptions {
  locale?: string;
  /** Show the ISO code instead of the symbol ("CNY 1,234.50"). */
  code?: boolean;
}

/** "1234.5", "CNY", "zh-CN" -> "¥1,234.50". Returns null when the amount is not a decimal string. */
export function formatMoney(amount: string, currency: string, options: FormatMoneyOptions = {}): string | null {
  const parsed = parseDecimal(amount);
  if (!parsed) return null;
  const style = currencyStyle(currency, options.locale ?? 'zh-CN');
  const rounded = roundDecimal(parsed, style.digits);
  const isZero = /^0*$/.test(rounded.integer + rounded.fraction);
  const number = groupDigits(rounded.integer, style.group) + (style.digits > 0 ? style.decimal + rounded.fraction : '');
  const sign = rounded.negative && !isZero ? '-' : '';
  if (options.code) return `${sign}${currency} ${number}`;
  return style.symbolFirst ? `${sign}${style.symbol}${style.gap}${number}` : `${sign}${number}${style.gap}${style.symbol}`;
}

/** Percentage from a decimal-string ratio ("0.1234" -> "12.3%"), on text. */
export function formatRatio(ratio: string, digits = 1): string | null {
  const parsed = parseDecimal(ratio);
  if (!parsed) return null;
  const fraction = parsed.fraction.padEnd(2, '0');
  const shifted: ParsedDecimal = {
    negative: parsed.negative,
    integer: (parsed.integer + fraction.slice(0, 2)).replace(/^0+(?=\d)/, ''),
    fraction: fraction.slice(2),
  };
  const rounded = roundDecimal(shifted, digits);
  return `${rounded.negative ? '-' : ''}${rounded.integer}${digits ? `.${rounded.fraction}` : ''}%`;
}

/** A count as every screen shows it: grouped in the user's locale ("3,019"), never raw. */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/**
 * A chart axis of amounts in the unit readers of the language use: 万 (10,000) in Chinese, millions in
 * English (the axis name says which). Axis ticks are plotting numbers, not amounts.
 */
export function amountAxisLabel(locale: string): (v: number) => string {
  const unit = locale.startsWith('zh') ? 10_000 : 1_000_000;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (v: number) => format.format(v / unit);
}
