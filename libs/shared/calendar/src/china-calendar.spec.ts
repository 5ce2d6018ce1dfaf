import { describe, expect, it } from 'vitest';
import { addCalendarDays, addWorkingDays, CHINA_CALENDAR, chinaDay, workingDaysBetween } from './china-calendar.js';

describe('China working-day calendar', () => {
  it('covers at least two full years up to this one', () => {
    expect(CHINA_CALENDAR.lastYear).toBeGreaterThanOrEqual(2026);
    expect(CHINA_CALENDAR.lastYear - CHINA_CALENDAR.firstYear).toBeGreaterThanOrEqual(1);
    expect(CHINA_CALENDAR.version).toMatch(/^chinese-days@\d/);
  });

  it('knows National Day 2026 and its make-up working days', () => {
    expect(chinaDay('2026-10-01')).toMatchObject({ kind: 'public_holiday', working: false, known: true });
    expect(chinaDay('2026-10-07')).toMatchObject({ kind: 'public_holiday', working: false });
    // Sunday 20 September and Saturday 10 October 2026 are worked in exchange.
    expect(chinaDay('2026-09-20')).toMatchObject({ kind: 'makeup_workday', working: true });
    expect(chinaDay('2026-10-10')).toMatchObject({ kind: 'makeup_workday', working: true });
    expect(chinaDay('2026-10-08')).toMatchObject({ kind: 'workday', working: true });
  });

  it('counts working days across the national holiday and its make-up day', () => {
    // Wed 30 Sep 2026 + 1 working day: 1–7 Oct are holidays, Thu 8 Oct is the next working day.
    expect(addWorkingDays('2026-09-30', 1)).toEqual({ date: '2026-10-08', approximate: false });
    // 8 Oct (Thu), 9 Oct (Fri), 10 Oct (make-up Saturday), then Mon 12 Oct.
    expect(addWorkingDays('2026-09-30', 4)).toEqual({ date: '2026-10-12', approximate: false });
    expect(workingDaysBetween('2026-09-30', '2026-10-12').days).toBe(4);
  });

  it('treats ordinary weekends as non-working', () => {
    expect(chinaDay('2026-11-28').kind).toBe('weekend');
    expect(addWorkingDays('2026-11-27', 1).date).toBe('2026-11-30');
  });

  it('marks answers beyond the data as approximate instead of guessing holidays', () => {
    const later = `${CHINA_CALENDAR.lastYear + 1}-01-04`;
    expect(chinaDay(later).known).toBe(false);
    expect(addWorkingDays(`${CHINA_CALENDAR.lastYear}-12-30`, 5).approximate).toBe(true);
  });

  it('refuses malformed dates', () => {
    expect(() => chinaDay('2026-02-30')).toThrow(RangeError);
    expect(() => addCalendarDays('30/09/2026', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-09-30', -1)).toThrow(RangeError);
  });
});
