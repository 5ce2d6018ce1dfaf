import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, retryDelayMs } from './backoff.js';

describe('delivery back-off', () => {
  const s = { baseMs: 1000, capMs: 10_000, maxAttempts: 6 };

  it('doubles after each failed attempt, capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, s, () => 0))).toEqual([1000, 2000, 4000, 8000, 10_000]);
  });

  it('stops after the last attempt', () => {
    expect(retryDelayMs(6, s, () => 0)).toBeNull();
    expect(retryDelayMs(7, s, () => 0)).toBeNull();
    expect(retryDelayMs(1, { ...s, maxAttempts: 1 })).toBeNull();
  });

  it('adds at most 10 % of jitter', () => {
    expect(retryDelayMs(3, s, () => 0.999)).toBe(4400);
    for (let i = 0; i < 50; i++) {
      const d = retryDelayMs(2, s) as number;
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(2200);
    }
  });

  it('spreads the default ten attempts over hours, not minutes', () => {
    const total = Array.from({ length: 9 }, (_, i) => retryDelayMs(i + 1, DEFAULT_RETRY_SCHEDULE, () => 0) as number).reduce((a, b) => a + b, 0);
    expect(total / 3600_000).toBeGreaterThan(8);
    expect(retryDelayMs(10, DEFAULT_RETRY_SCHEDULE)).toBeNull();
  });
});
