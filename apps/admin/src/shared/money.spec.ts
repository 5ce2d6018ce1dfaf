import { describe, expect, it } from 'vitest';
import { amountAxisLabel, formatCount, formatMoney, formatRatio, parseDecimal, roundDecimal } from './money';

describe('formatMoney', () => {
  it('groups digits and keeps the exact cents of a decimal string', () => {
    expect(formatMoney('1234.50', 'CNY', { locale: 'zh-CN' })).toBe('¥1,234.50');
    expect(formatMoney('1234567890123456789.01', 'CNY', { locale: 'zh-CN' })).toBe('¥1,234,567,890,123,456,789.01');
    expect(formatMoney('0.1', 'USD', { locale: 'en' })).toBe('$0.10');
  });

  it('pads and rounds half away from zero on text, never through a float', () => {
    expect(formatMoney('5', 'CNY', { locale: 'zh-CN' })).toBe('¥5.00');
    // 1.005 is 1.00499999… as a float; as a decimal string it rounds up.
    expect(formatMoney('1.005', 'USD', { locale: 'en' })).toBe('$1.01');
    expect(formatMoney('999.995', 'USD', { locale: 'en' })).toBe('$1,000.00');
    expect(formatMoney('-0.004', 'USD', { locale: 'en' })).toBe('$0.00');
    expect(formatMoney('-1234.5', 'CNY', { locale: 'zh-CN' })).toBe('-¥1,234.50');
  });

  it('uses the currency minor units', () => {
    expect(formatMoney('1234.5', 'JPY', { locale: 'en' })).toBe('¥1,235');
  });

  it('can show the ISO code and rejects non-decimals', () => {
    expect(formatMoney('10', 'CNY', { locale: 'en', code: true })).toBe('CNY 10.00');
    expect(formatMoney('1e5', 'CNY')).toBeNull();
    expect(formatMoney('abc', 'CNY')).toBeNull();
  });
});

describe('decimal helpers', () => {
  it('parses and rounds', () => {
    expect(parseDecimal('-007.50')).toEqual({ negative: true, integer: '7', fraction: '50' });
    expect(roundDecimal({ negative: false, integer: '9', fraction: '999' }, 2)).toEqual({ negative: false, integer: '10', fraction: '00' });
  });

  it('formats ratios as percentages', () => {
    expect(formatRatio('0.1234')).toBe('12.3%');
    expect(formatRatio('1')).toBe('100.0%');
    expect(formatRatio('0.00049', 2)).toBe('0.05%');
  });
});

describe('counts and chart axes', () => {
  it('formats counts one way, grouped, in both languages', () => {
    expect(formatCount(3019, 'en')).toBe('3,019');
    expect(formatCount(3019, 'zh-CN')).toBe('3,019');
  });

  it('labels amount axes in 万 for Chinese and millions for English', () => {
    expect(amountAxisLabel('zh-CN')(60_000_000)).toBe('6,000');
    expect(amountAxisLabel('en')(60_000_000)).toBe('60');
  });

  it('shows yuan as ¥ in English, not CN¥', () => {
    expect(formatMoney('1234.50', 'CNY', { locale: 'en' })).not.toContain('CN');
    expect(formatMoney('1234.50', 'CNY', { locale: 'en' })).toContain('¥');
  });
});
