import { describe, expect, it } from 'vitest';
import { refreshesStatisticsAfter } from './statistics.js';

describe('refreshesStatisticsAfter', () => {
  it('refreshes after the 4th, 16th, 64th and 256th batch, each time the import has grown fourfold', () => {
    const due = Array.from({ length: 300 }, (_, i) => i + 1).filter(refreshesStatisticsAfter);
    expect(due).toEqual([4, 16, 64, 256]);
  });

  it('never refreshes before the fourth batch', () => {
    expect([0, 1, 2, 3].some(refreshesStatisticsAfter)).toBe(false);
  });
});
