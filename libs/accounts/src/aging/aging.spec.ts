import { describe, expect, it } from 'vitest';
import { bucketFor, daysPastDue, localDate } from './aging.js';
import { BUCKET_BANDS, bandStarts } from './bucket-bands.js';
import { checkPolicyBody } from '@arrears/platform';

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
  it('counts the first delinquent day as day 1', () => {
    expect(daysPastDue('2026-11-24', '2026-11-24')).toBe(1);
    expect(bucketFor(daysPastDue('2026-11-24', '2026-11-24'))).toBe('M1');
    expect(daysPastDue('2026-11-24', '2026-12-23')).toBe(30);
    expect(bucketFor(daysPastDue('2026-11-24', '2026-12-24'))).toBe('M2');
  });

  it('counts calendar days, across a leap day', () => {
    expect(daysPastDue('2024-02-28', '2024-03-01')).toBe(3);
    expect(daysPastDue('2026-01-01', '2026-11-24')).toBe(328);
  });

  it('is 0 (current) before the first delinquent day', () => {
    expect(daysPastDue('2026-12-01', '2026-11-24')).toBe(0);
  });
});

describe('bucket bands', () => {
  const us = bandStarts(BUCKET_BANDS.presets.us_30_60_90);

  it('puts 30 days past due in the "30" band under the US preset and in M1 under the Chinese one', () => {
    expect(bucketFor(29, us)).toBe('M1');
    expect(bucketFor(30, us)).toBe('M2');
    expect(bucketFor(30)).toBe('M1');
    expect(bucketFor(179, us)).toBe('M6');
    expect(bucketFor(180, us)).toBe('M6+');
    expect(bucketFor(180)).toBe('M6');
  });

  it('accepts any well-formed banding and refuses a malformed one with the path', () => {
    const custom = { bands: BUCKET_BANDS.presets.china_30_day.bands.map((b, i) => ({ ...b, fromDay: i === 0 ? 1 : i * 25 })) };
    expect(checkPolicyBody(BUCKET_BANDS, 'china_30_day', custom).violations).toEqual([]);
    const gap = { bands: custom.bands.map((b, i) => (i === 3 ? { ...b, fromDay: 10 } : b)) };
    expect(checkPolicyBody(BUCKET_BANDS, 'china_30_day', gap).violations.map((v) => v.rule)).toContain('bands.3.fromDay');
    const notDayOne = { bands: custom.bands.map((b, i) => (i === 0 ? { ...b, fromDay: 2 } : b)) };
    expect(checkPolicyBody(BUCKET_BANDS, 'us_30_60_90', notDayOne).violations.map((v) => v.rule)).toEqual(['bands.0.fromDay']);
  });
});

describe('localDate', () => {
  it('uses the time zone of the calendar it is asked for', () => {
    const at = new Date('2026-11-24T17:30:00Z');
    expect(localDate('Asia/Shanghai', at)).toBe('2026-11-25');
    expect(localDate('America/New_York', at)).toBe('2026-11-24');
  });

  it('turns at local midnight to the second, asked in any order (the last answer is kept per zone and second)', () => {
    expect(localDate('Asia/Shanghai', new Date('2026-11-24T15:59:59.100Z'))).toBe('2026-11-24');
    expect(localDate('Asia/Shanghai', new Date('2026-11-24T15:59:59.900Z'))).toBe('2026-11-24');
    expect(localDate('Asia/Shanghai', new Date('2026-11-24T16:00:00.000Z'))).toBe('2026-11-25');
    expect(localDate('Asia/Shanghai', new Date('2026-11-24T15:59:59.999Z'))).toBe('2026-11-24');
    // Monrovia's offset was -0:44:30 until 1972: midnight fell on the half minute.
    expect(localDate('Africa/Monrovia', new Date('1970-06-01T00:44:29Z'))).toBe('1970-05-31');
    expect(localDate('Africa/Monrovia', new Date('1970-06-01T00:44:30Z'))).toBe('1970-06-01');
  });
});
