import { describe, expect, it } from 'vitest';
import { deliveryCutoff } from './retention.js';

describe('deliveryCutoff', () => {
  it('is whole days before now', () => {
    expect(deliveryCutoff(new Date('2026-12-01T03:17:00Z'), 90).toISOString()).toBe('2026-09-02T03:17:00.000Z');
    expect(deliveryCutoff(new Date('2026-12-01T03:17:00Z'), 1).toISOString()).toBe('2026-11-30T03:17:00.000Z');
  });

  it('refuses a retention that would delete everything or is not whole days', () => {
    expect(() => deliveryCutoff(new Date(), 0)).toThrow(RangeError);
    expect(() => deliveryCutoff(new Date(), 1.5)).toThrow(RangeError);
  });
});
