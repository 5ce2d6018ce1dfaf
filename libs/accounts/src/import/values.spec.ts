import { describe, expect, it } from 'vitest';
import { cardLast4, isBlank, maskCardLike, minusDays, parseAmount, parseCurrency, parseDate, parseDays, parseTimeZone, splitPhones } from './values.js';
import { copyValue } from './staging.js';

describe('parseAmount', () => {
  it.each([
    ['12345.60', '12345.60'],
    ['12,345.60', '12345.60'],
    ['1,234,567', '1234567.00'],
    [' 88 ', '88.00'],
    ['¥1,000.5', '1000.50'],
    ['0', '0.00'],
    ['1.230', '1.23'],
    [12345.6, '12345.60'],
    [0.1, '0.10'],
    ['9999999999999999.99', '9999999999999999.99'],
  ])('%s -> %s', (input, out) => {
    expect(parseAmount(input)).toEqual({ value: out });
  });

  it.each([
    ['-5', /negative/],
    ['(12.00)', /negative/],
    ['1.234', /more than two decimals/],
    [0.1 + 0.2, /more than two decimals/],
    ['12,34.5', /not an amount/],
    ['1.234,56', /not an amount/],
    ['abc', /not an amount/],
    ['1e5', /not an amount/],
    ['', /empty/],
    ['99999999999999999', /too large/],
    [Number.NaN, /not a number/],
  ])('%s is refused', (input, reason) => {
    expect(parseAmount(input).error).toMatch(reason);
  });

  it('is exact beyond float precision', () => {
    expect(parseAmount('9007199254740993.01').value).toBe('9007199254740993.01');
  });
});

describe('parseDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024.03.05', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024-03-05 00:00:00', '2024-03-05'],
    [20240305, '2024-03-05'],
    [45356, '2024-03-05'],
    [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
  ])('%s -> %s', (input, out) => {
    expect(parseDate(input)).toEqual({ value: out });
  });

  it.each(['2024-02-30', '2023-13-01', '05/03/2024', 'yesterday', '2024-3'])('%s is refused', (input) => {
    expect(parseDate(input).error).toBeDefined();
  });
});

describe('other cells', () => {
  it('parseDays', () => {
    expect(parseDays('45')).toEqual({ value: 45 });
    expect(parseDays('45天')).toEqual({ value: 45 });
    expect(parseDays(90)).toEqual({ value: 90 });
    expect(parseDays('-3').error).toBeDefined();
    expect(parseDays('4.5').error).toBeDefined();
  });

  it('minusDays crosses months and years', () => {
    expect(minusDays('2024-03-01', 1)).toBe('2024-02-29');
    expect(minusDays('2024-01-10', 40)).toBe('2023-12-01');
  });

  it('cardLast4 keeps only the last four digits', () => {
    expect(cardLast4('6222 0212 3456 7890')).toEqual({ value: '7890' });
    expect(cardLast4('4111-1111-1111-1111')).toEqual({ value: '1111' });
    expect(cardLast4('1234')).toEqual({ value: '1234' });
    expect(cardLast4('6222********7890')).toEqual({ value: '7890' });
    expect(cardLast4('12345').error).toBeDefined();
    expect(cardLast4('abcd').error).toBeDefined();
  });

  it('splitPhones splits on ; , / and whitespace', () => {
    expect(splitPhones('13812345678;13912345678, 13712345678/13612345678 13512345678')).toEqual(['13812345678', '13912345678', '13712345678', '13612345678', '13512345678']);
    expect(splitPhones('+86 138 1234 5678')).toEqual(['+86 138 1234 5678']);
    expect(splitPhones('+86 13812345678；13912345678')).toEqual(['+86 13812345678', '13912345678']);
  });

  it('maskCardLike hides card-length digit runs', () => {
    expect(maskCardLike('card 6222021234567890 here')).toBe('card ************7890 here');
    expect(maskCardLike('6222 0212 3456 7890')).toBe('************7890');
    expect(maskCardLike('phone 13812345678')).toBe('phone 13812345678');
  });

  it('parseCurrency accepts ISO codes and RMB', () => {
    expect(parseCurrency('usd')).toEqual({ value: 'USD' });
    expect(parseCurrency('人民币')).toEqual({ value: 'CNY' });
    expect(parseCurrency('RMB')).toEqual({ value: 'CNY' });
    expect(parseCurrency('dollars').error).toBeDefined();
  });

  it('parseTimeZone accepts IANA names only', () => {
    expect(parseTimeZone('Asia/Shanghai')).toEqual({ value: 'Asia/Shanghai' });
    expect(parseTimeZone('Mars/Olympus').error).toBeDefined();
    expect(parseTimeZone('CST').error).toBeDefined();
  });

  it('isBlank', () => {
    expect(isBlank('  ')).toBe(true);
    expect(isBlank('-')).toBe(true);
    expect(isBlank(null)).toBe(true);
    expect(isBlank(0)).toBe(false);
    expect(isBlank('x')).toBe(false);
  });

  it('copyValue escapes COPY text format', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue('a\tb\nc\\d\re\0')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyValue('普通')).toBe('普通');
  });
});
