import { describe, expect, it } from 'vitest';
import { localHour, queueDebtorZone } from './queue-zone.js';

describe('the query benchmark’s debtor zone', () => {
  it('reads the local hour in a zone, minutes as a fraction', () => {
    expect(localHour(new Date('2026-12-03T13:30:00Z'), 'Asia/Shanghai')).toBe(21.5);
    expect(localHour(new Date('2026-12-03T13:30:00Z'), 'America/New_York')).toBe(8.5);
  });

  it('keeps Shanghai while its clock is well inside the China preset’s hours', () => {
    expect(queueDebtorZone(new Date('2026-12-03T01:00:00Z'))).toBe('Asia/Shanghai'); // 09:00 there
    expect(queueDebtorZone(new Date('2026-12-03T11:59:00Z'))).toBe('Asia/Shanghai'); // 19:59
  });

  it('moves the debtors to a zone in its early afternoon when Shanghai is late or asleep', () => {
    for (const iso of ['2026-12-03T12:00:00Z', '2026-12-03T16:00:00Z', '2026-12-03T20:30:00Z', '2026-12-03T00:30:00Z']) {
      const now = new Date(iso);
      const zone = queueDebtorZone(now);
      expect(zone).not.toBe('Asia/Shanghai');
      expect(Math.abs(localHour(now, zone) - 14)).toBeLessThanOrEqual(1.5);
    }
  });
});
