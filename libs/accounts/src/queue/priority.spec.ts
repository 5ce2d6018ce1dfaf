import { describe, expect, it } from 'vitest';
import { checkPolicyBody } from '@arrears/platform';
import { priorityFactors, priorityScore, QUEUE_WEIGHTS } from './priority.js';

const now = new Date('2026-11-24T08:00:00Z');
const base = { dpd: 90, totalDue: 9999, nextPromiseDue: null, brokenPromises: 0, lastContactAt: null };
const oldest = QUEUE_WEIGHTS.presets.oldest_first;
const fresh = QUEUE_WEIGHTS.presets.fresh_first;

describe('priorityScore under the first release formula (oldest_first)', () => {
  it('adds explainable factors and names the weight of each', () => {
    const f = priorityFactors(base, '2026-11-24', now, oldest);
    expect(f.map((x) => x.factor)).toEqual(['days_past_due', 'balance', 'promise_due', 'broken_promises', 'contact_recency', 'fresh_engaged']);
    expect(f.find((x) => x.factor === 'days_past_due')).toMatchObject({ points: 7.5, weight: 30 });
    expect(f.find((x) => x.factor === 'balance')!.points).toBeCloseTo(16.67, 2);
    expect(priorityScore(base, '2026-11-24', now, oldest)).toBeCloseTo(7.5 + 16.67 + 15, 1);
  });

  it('ranks a due promise and broken promises higher', () => {
    const plain = priorityScore(base, '2026-11-24', now, oldest);
    expect(priorityScore({ ...base, nextPromiseDue: '2026-11-24' }, '2026-11-24', now, oldest)).toBe(plain + 20);
    expect(priorityScore({ ...base, nextPromiseDue: '2026-11-30' }, '2026-11-24', now, oldest)).toBe(plain);
    expect(priorityScore({ ...base, brokenPromises: 9 }, '2026-11-24', now, oldest)).toBe(plain + 15);
  });

  it('ranks a freshly contacted account lower than a neglected one', () => {
    const recent = priorityScore({ ...base, lastContactAt: new Date('2026-11-24T07:00:00Z') }, '2026-11-24', now, oldest);
    const stale = priorityScore({ ...base, lastContactAt: new Date('2026-11-14T07:00:00Z') }, '2026-11-24', now, oldest);
    expect(stale - recent).toBe(10);
  });

  it('caps days past due and balance', () => {
    const big = priorityFactors({ ...base, dpd: 5000, totalDue: 1e12 }, '2026-11-24', now, oldest);
    expect(big[0].points).toBe(30);
    expect(big[1].points).toBe(25);
  });
});

describe('the default preset: fresh M1–M2 accounts that still answer come first', () => {
  it('puts a 20-day account with a recent contact above a 300-day account of the same balance', () => {
    const freshEngaged = { ...base, dpd: 20, lastContactAt: new Date('2026-11-20T08:00:00Z') };
    const oldDebt = { ...base, dpd: 300 };
    expect(priorityScore(freshEngaged, '2026-11-24', now, fresh)).toBeGreaterThan(priorityScore(oldDebt, '2026-11-24', now, fresh));
    // The first release's formula ranked them the other way round.
    expect(priorityScore(freshEngaged, '2026-11-24', now, oldest)).toBeLessThan(priorityScore(oldDebt, '2026-11-24', now, oldest));
    expect(priorityFactors(freshEngaged, '2026-11-24', now, fresh).find((f) => f.factor === 'fresh_engaged')!.points).toBe(25);
  });

  it('is the default, and any well-formed weighting is accepted', () => {
    expect(QUEUE_WEIGHTS.defaultPreset).toBe('fresh_first');
    expect(checkPolicyBody(QUEUE_WEIGHTS, 'fresh_first', { ...fresh, balance: { points: 60 } }).violations).toEqual([]);
    expect(checkPolicyBody(QUEUE_WEIGHTS, 'fresh_first', { ...fresh, balance: { points: -1 } }).violations.map((v) => v.rule)).toEqual(['balance.points']);
  });
});
