import { describe, expect, it } from 'vitest';
import { bucketFor, daysPastDue, localDate } from './aging.js';

describe('bucketFor', () => {
  it.each([
    [0, 'M0'],
    [1, 'M1'],
    [30, 'M1'],
    [31, 'M2'],
    [90, 'M3'],
    [150, 'M5'],
    [151, 'M6'],
    [180, 'M6'],
    [181, 'M6+'],
    [2000, 'M6+'],
  ])('%i days past due is %s', (dpd, bucket) => {
    expect(bucketFor(dpd)).toBe(bucket);
  });
});

describe('daysPastDue', () => {
  it('counts calendar days, across a leap day', () => {
    expect(daysPastDue('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysPastDue('2026-01-01', '2026-11-24')).toBe(327);
  });

  it('is never negative', () => {
    expect(daysPastDue('2026-12-01', '2026-11-24')).toBe(0);
  });
});

describe('localDate', () => {
  it('uses the time zone of the calendar it is asked for', () => {
    const at = new Date('2026-11-24T17:30:00Z');
    expect(localDate('Asia/Shanghai', at)).toBe('2026-11-25');
    expect(localDate('America/New_York', at)).toBe('2026-11-24');
  });
});
