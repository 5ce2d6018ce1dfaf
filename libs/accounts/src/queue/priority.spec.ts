import { describe, expect, it } from 'vitest';
import { priorityFactors, priorityScore } from './priority.js';

const now = new Date('2026-11-24T08:00:00Z');
const base = { dpd: 90, totalDue: 9999, nextPromiseDue: null, brokenPromises: 0, lastContactAt: null };

describe('priorityScore', () => {
  it('adds explainable factors', () => {
    const f = priorityFactors(base, '2026-11-24', now);
    expect(f.map((x) => x.factor)).toEqual(['days_past_due', 'balance', 'promise_due', 'broken_promises', 'contact_recency']);
    expect(f.find((x) => x.factor === 'days_past_due')!.points).toBe(7.5);
    expect(f.find((x) => x.factor === 'balance')!.points).toBeCloseTo(16.67, 2);
    expect(priorityScore(base, '2026-11-24', now)).toBeCloseTo(7.5 + 16.67 + 15, 1);
  });

  it('ranks a due promise and broken promises higher', () => {
    const plain = priorityScore(base, '2026-11-24', now);
    expect(priorityScore({ ...base, nextPromiseDue: '2026-11-24' }, '2026-11-24', now)).toBe(plain + 20);
    expect(priorityScore({ ...base, nextPromiseDue: '2026-11-30' }, '2026-11-24', now)).toBe(plain);
    expect(priorityScore({ ...base, brokenPromises: 9 }, '2026-11-24', now)).toBe(plain + 15);
  });

  it('ranks a freshly contacted account lower than a neglected one', () => {
    const fresh = priorityScore({ ...base, lastContactAt: new Date('2026-11-24T07:00:00Z') }, '2026-11-24', now);
    const stale = priorityScore({ ...base, lastContactAt: new Date('2026-11-14T07:00:00Z') }, '2026-11-24', now);
    expect(stale - fresh).toBe(10);
  });

  it('caps days past due and balance', () => {
    const big = priorityFactors({ ...base, dpd: 5000, totalDue: 1e12 }, '2026-11-24', now);
    expect(big[0].points).toBe(30);
    expect(big[1].points).toBe(25);
  });
});
