import { describe, expect, it } from 'vitest';
import { breakdown, type SnapshotLine } from './portfolio.service.js';

const line = (placement_month: string, bucket: string, placed: string, collected: string, currency = 'CNY'): SnapshotLine => ({
  placement_month,
  bucket,
  currency,
  accounts: 1,
  active_accounts: 1,
  placed_amount: placed,
  collected,
});

describe('breakdown', () => {
  it('sums exactly and computes liquidation as collected ÷ placed', () => {
    const lines = [line('2026-09-01', 'M1', '0.10', '0.05'), line('2026-09-01', 'M2', '0.20', '0.05'), line('2026-10-01', 'M1', '100.00', '0')];
    const byMonth = breakdown(lines, (l) => l.placement_month);
    expect(byMonth).toEqual([
      expect.objectContaining({ key: '2026-09-01', accounts: 2, placed: '0.30', collected: '0.10', liquidationRate: '0.3333' }),
      expect.objectContaining({ key: '2026-10-01', accounts: 1, placed: '100.00', collected: '0.00', liquidationRate: '0.0000' }),
    ]);
  });

  it('keeps currencies apart', () => {
    const total = breakdown([line('2026-09-01', 'M1', '10', '1'), line('2026-09-01', 'M1', '10', '5', 'USD')], () => 'all');
    expect(total.map((t) => [t.currency, t.collected])).toEqual([
      ['CNY', '1.00'],
      ['USD', '5.00'],
    ]);
  });

  it('gives zero liquidation for nothing placed', () => {
    expect(breakdown([line('2026-09-01', 'M1', '0', '0')], () => 'all')[0].liquidationRate).toBe('0.0000');
  });
});
