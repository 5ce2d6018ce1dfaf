import { describe, expect, it } from 'vitest';
import { refreshesStatisticsAfter } from './statistics.js';

describe('refreshesStatisticsAfter', () => {
  it('refreshes after the 1st, 4th, 16th, 64th and 256th batch, each time the import has grown fourfold', () => {
    const due = Array.from({ length: 300 }, (_, i) => i + 1).filter(refreshesStatisticsAfter);
    expect(due).toEqual([1, 4, 16, 64, 256]);
  });

  it('never refreshes before any batch', () => {
    expect(refreshesStatisticsAfter(0)).toBe(false);
  });
});
