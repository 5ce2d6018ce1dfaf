import { describe, expect, it } from 'vitest';
import { CHINA_CALENDAR } from '@arrears/calendar';
import { checkPolicyBody } from '@arrears/platform';
import { COMPLAINT_CLOCK, COMPLAINT_CLOCK_PRESETS, complaintDeadlines, daysRemaining, deadline, isBreached, nextExtension, type ComplaintClockPolicy } from './complaint-clock.js';

const cn = COMPLAINT_CLOCK_PRESETS.cn;

describe('complaint deadlines', () => {
  it('counts calendar days straight through the National Day holiday', () => {
    // Received Monday 2026-09-28: 15 calendar days later is 2026-10-13, holiday or not.
    expect(deadline('calendar', '2026-09-28', 15)).toMatchObject({ dueOn: '2026-10-13', approximate: false, calendarVersion: null });
  });

  it('counts working days across 国庆 (10/1–10/7) and counts the make-up Saturday 10/10', () => {
    // 9/29, 9/30, [holiday 10/1–10/7], 10/8, 10/9, 10/10 (make-up Sat), 10/12 … 10/16 = 10 working days.
    const d = deadline('working', '2026-09-28', 10);
    expect(d).toMatchObject({ dueOn: '2026-10-16', approximate: false, calendarVersion: CHINA_CALENDAR.version });
    // Without the make-up day it would be 10/19: the make-up Saturday is what makes it the 16th.
    expect(deadline('working', '2026-10-09', 1).dueOn).toBe('2026-10-10');
    // The make-up Sunday before the holiday (9/20) is a working day too.
    expect(deadline('working', '2026-09-18', 1).dueOn).toBe('2026-09-20');
  });

  it('gives both clocks of the China preset from the day of receipt', () => {
    const both = complaintDeadlines(cn, '2026-09-28');
    expect(both.regulatory.dueOn).toBe('2026-10-13');
    expect(both.contractual?.dueOn).toBe('2026-10-16');
  });

  it('extends to 30 days, then to 60 only with approval, and no further', () => {
    expect(complaintDeadlines(cn, '2026-09-28', 1).regulatory.dueOn).toBe('2026-10-28');
    expect(complaintDeadlines(cn, '2026-09-28', 2).regulatory.dueOn).toBe('2026-11-27');
    expect(nextExtension(cn, 0, false)).toEqual({ ok: true, level: 1, totalDays: 30, needsApproval: false });
    expect(nextExtension(cn, 1, false)).toMatchObject({ ok: false, code: 'EXTENSION_NEEDS_APPROVAL' });
    expect(nextExtension(cn, 1, true)).toMatchObject({ ok: true, level: 2, totalDays: 60 });
    expect(nextExtension(cn, 2, true)).toMatchObject({ ok: false, code: 'EXTENSION_LIMIT' });
    expect(nextExtension(COMPLAINT_CLOCK_PRESETS.uk_fca, 0, true)).toMatchObject({ ok: false, code: 'EXTENSION_LIMIT' });
    expect(() => complaintDeadlines(cn, '2026-09-28', 3)).toThrow(RangeError);
  });

  it('restarts both clocks from the day a complaint is reopened', () => {
    const reopened = complaintDeadlines(cn, '2026-11-20');
    expect(reopened.regulatory.dueOn).toBe('2026-12-05');
    // 11/23 … 11/27, 11/30 … 12/4: ten working days.
    expect(reopened.contractual?.dueOn).toBe('2026-12-04');
  });

  it('marks a working-day count approximate beyond the years the calendar covers', () => {
    const year = CHINA_CALENDAR.lastYear + 1;
    const d = deadline('working', `${year - 1}-12-28`, 10);
    expect(d.approximate).toBe(true);
    expect(deadline('calendar', `${year}-01-02`, 10).approximate).toBe(false);
  });

  it('knows the US and UK presets', () => {
    expect(complaintDeadlines(COMPLAINT_CLOCK_PRESETS.us_cfpb, '2026-03-01', 1).regulatory.dueOn).toBe('2026-04-30');
    expect(complaintDeadlines(COMPLAINT_CLOCK_PRESETS.uk_fca, '2026-03-01').regulatory.dueOn).toBe('2026-04-26');
  });
});

describe('days remaining and breaches', () => {
  it('counts calendar days, zero on the due day and negative when late', () => {
    expect(daysRemaining('calendar', '2026-10-10', '2026-10-13').days).toBe(3);
    expect(daysRemaining('calendar', '2026-10-13', '2026-10-13').days).toBe(0);
    expect(daysRemaining('calendar', '2026-10-15', '2026-10-13').days).toBe(-2);
  });

  it('counts working days: the holiday week does not use up the margin', () => {
    expect(daysRemaining('working', '2026-09-30', '2026-10-09').days).toBe(2);
    expect(daysRemaining('working', '2026-10-17', '2026-10-16').days).toBe(-1);
  });

  it('is breached when decided after the due day, or still open after it', () => {
    expect(isBreached('2026-10-13', '2026-10-13', '2026-10-20')).toBe(false);
    expect(isBreached('2026-10-13', '2026-10-14', '2026-10-14')).toBe(true);
    expect(isBreached('2026-10-13', null, '2026-10-13')).toBe(false);
    expect(isBreached('2026-10-13', null, '2026-10-14')).toBe(true);
  });
});

describe('the complaint_clock policy only tightens', () => {
  const withChanges = (f: (p: ComplaintClockPolicy) => void) => {
    const p = structuredClone(cn);
    f(p);
    return checkPolicyBody(COMPLAINT_CLOCK, 'cn', p).violations.map((v) => v.rule);
  };

  it('accepts shorter clocks and calendar days where the preset counts working days', () => {
    expect(
      withChanges((p) => {
        p.regulatory.decideWithinDays = 10;
        p.contractual = { basis: 'calendar', decideWithinDays: 7 };
        p.dueSoonDays = 5;
      }),
    ).toEqual([]);
  });

  it('refuses longer clocks, more or longer extensions, dropped approval, working days and a dropped contract clock', () => {
    expect(withChanges((p) => (p.regulatory.decideWithinDays = 20))).toEqual(['regulatory.decideWithinDays']);
    expect(withChanges((p) => (p.regulatory.basis = 'working'))).toEqual(['regulatory.basis']);
    expect(withChanges((p) => (p.regulatory.extensions[1].needsApproval = false))).toEqual(['regulatory.extensions.1.needsApproval']);
    expect(withChanges((p) => p.regulatory.extensions.push({ totalDays: 90, needsApproval: true }))).toEqual(['regulatory.extensions']);
    expect(withChanges((p) => (p.regulatory.extensions[0].totalDays = 45))).toEqual(['regulatory.extensions.0.totalDays']);
    expect(withChanges((p) => (p.contractual = null))).toEqual(['contractual']);
    expect(withChanges((p) => (p.contractual!.decideWithinDays = 12))).toEqual(['contractual.decideWithinDays']);
    expect(withChanges((p) => (p.dueSoonDays = 1))).toEqual(['dueSoonDays']);
  });
});
