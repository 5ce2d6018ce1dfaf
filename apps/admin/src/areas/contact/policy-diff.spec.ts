import { describe, expect, it } from 'vitest';
import { policyDiff } from './policy-diff';

describe('policyDiff', () => {
  it('lists changed settings by path, nested objects flattened and arrays compared whole', () => {
    const before = { window: { start: '08:00', end: '22:00' }, parties: ['debtor', 'guarantor'], minGapMinutes: 0 };
    const after = { window: { start: '08:00', end: '21:00' }, parties: ['debtor'], minGapMinutes: 0 };
    expect(policyDiff(before, after)).toEqual([
      { path: 'parties', before: '["debtor","guarantor"]', after: '["debtor"]' },
      { path: 'window.end', before: '"22:00"', after: '"21:00"' },
    ]);
  });
  it('shows added and removed settings', () => {
    expect(policyDiff({ a: 1 }, { b: 2 })).toEqual([
      { path: 'a', before: '1', after: '—' },
      { path: 'b', before: '—', after: '2' },
    ]);
  });
});
