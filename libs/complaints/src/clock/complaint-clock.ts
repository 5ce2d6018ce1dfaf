import { z } from 'zod';
import { addCalendarDays, addWorkingDays, CHINA_CALENDAR, workingDaysBetween } from '@arrears/calendar';
import { definePolicyKind, tighten, type PolicyViolation } from '@arrears/platform';

/**
 * The `complaint_clock` policy kind: how long a complaint may stay undecided. Two clocks run from the
 * day it is received: the regulator's (with its extensions) and the agency's shorter one to the bank
 * under their contract. Each counts calendar days or China working days (public holidays skipped,
 * make-up working days counted).
 */
export const CLOCK_BASES = ['calendar', 'working'] as const;
export type ClockBasis = (typeof CLOCK_BASES)[number];

const extension = z.object({
  /** The whole period after this extension, counted from receipt (China: 30, then 60). */
  totalDays: z.number().int().min(1).max(365),
  /** Whether only an approver (an agency admin) may grant it. */
  needsApproval: z.boolean(),
});

const clockRule = z.object({
  basis: z.enum(CLOCK_BASES),
  decideWithinDays: z.number().int().min(1).max(365),
});

export const complaintClockSchema = z.object({
  regulatory: clockRule.extend({
    extensions: z.array(extension).max(3),
    /** Who set the rule, shown next to the clock ("CBIRC 2020 measures", "CFPB", "FCA DISP 1.6"). */
    authority: z.string().min(1).max(100),
  }),
  /** The agency's own deadline to the bank; null when the contract sets none. */
  contractual: clockRule.nullable(),
  /** A complaint is "due soon" this many days before its earliest deadline. */
  dueSoonDays: z.number().int().min(0).max(30),
});
export type ComplaintClockPolicy = z.infer<typeof complaintClockSchema>;

export const COMPLAINT_CLOCK_PRESETS: Record<string, ComplaintClockPolicy> = {
  // China: decide within 15 days of receipt; a complex case may be extended to 30, and a particularly
  // complex one by a further 30 with the approval of the head of complaint handling.
  cn: {
    regulatory: {
      basis: 'calendar',
      decideWithinDays: 15,
      extensions: [
        { totalDays: 30, needsApproval: false },
        { totalDays: 60, needsApproval: true },
      ],
      authority: 'CN banking consumer-complaint rules',
    },
    contractual: { basis: 'working', decideWithinDays: 10 },
    dueSoonDays: 3,
  },
  // United States (CFPB): respond within 15 days, a final response within 60.
  us_cfpb: {
    regulatory: { basis: 'calendar', decideWithinDays: 15, extensions: [{ totalDays: 60, needsApproval: false }], authority: 'CFPB' },
    contractual: { basis: 'calendar', decideWithinDays: 10 },
    dueSoonDays: 3,
  },
  // United Kingdom (FCA DISP): a final response within 8 weeks.
  uk_fca: {
    regulatory: { basis: 'calendar', decideWithinDays: 56, extensions: [], authority: 'FCA DISP' },
    contractual: { basis: 'calendar', decideWithinDays: 28 },
    dueSoonDays: 5,
  },
};

/** Working days are never fewer calendar days than the same number of calendar days: switching to them loosens. */
function basisLoosening(rule: string, preset: ClockBasis, proposed: ClockBasis): PolicyViolation[] {
  return preset === 'calendar' && proposed === 'working'
    ? [{ rule, message: `${rule} counts calendar days in the preset; counting working days would give more time` }]
    : [];
}

/** Only-tighten: fewer days, no new or longer extension, approvals kept, no switch to working days. */
export function clockLoosenings(preset: ComplaintClockPolicy, proposed: ComplaintClockPolicy): PolicyViolation[] {
  const out: PolicyViolation[] = [
    ...basisLoosening('regulatory.basis', preset.regulatory.basis, proposed.regulatory.basis),
    ...tighten.max('regulatory.decideWithinDays', preset.regulatory.decideWithinDays, proposed.regulatory.decideWithinDays, 'The regulatory deadline'),
    ...tighten.max('regulatory.extensions', preset.regulatory.extensions.length, proposed.regulatory.extensions.length, 'The number of extensions'),
  ];
  proposed.regulatory.extensions.forEach((e, i) => {
    const p = preset.regulatory.extensions[i];
    if (!p) return;
    out.push(...tighten.max(`regulatory.extensions.${i}.totalDays`, p.totalDays, e.totalDays, `Extension ${i + 1}`));
    out.push(...tighten.keepOn(`regulatory.extensions.${i}.needsApproval`, p.needsApproval, e.needsApproval, `Approval of extension ${i + 1}`));
  });
  if (preset.contractual) {
    if (!proposed.contractual) out.push({ rule: 'contractual', message: 'The preset has a contractual clock to the bank; it cannot be removed' });
    else {
      out.push(...basisLoosening('contractual.basis', preset.contractual.basis, proposed.contractual.basis));
      out.push(...tighten.max('contractual.decideWithinDays', preset.contractual.decideWithinDays, proposed.contractual.decideWithinDays, 'The contractual deadline'));
    }
  }
  out.push(...tighten.min('dueSoonDays', preset.dueSoonDays, proposed.dueSoonDays, 'The due-soon warning'));
  return out;
}

export const COMPLAINT_CLOCK = definePolicyKind<ComplaintClockPolicy>({
  kind: 'complaint_clock',
  description: 'Complaint deadlines: the regulatory clock with its extensions and the contractual clock to the bank',
  schema: complaintClockSchema,
  presets: COMPLAINT_CLOCK_PRESETS,
  defaultPreset: 'cn',
  loosenings: clockLoosenings,
});

/** One deadline: the last day (in the bank's time zone) on which the decision is in time. */
export interface Deadline {
  basis: ClockBasis;
  /** Counted from this day (the day of receipt, or of reopening). */
  startedOn: string;
  days: number;
  dueOn: string;
  /** The count crossed a year the holiday calendar does not cover: weekends only were skipped there. */
  approximate: boolean;
  calendarVersion: string | null;
}

export function deadline(basis: ClockBasis, startedOn: string, days: number): Deadline {
  if (basis === 'calendar') return { basis, startedOn, days, dueOn: addCalendarDays(startedOn, days), approximate: false, calendarVersion: null };
  const r = addWorkingDays(startedOn, days);
  return { basis, startedOn, days, dueOn: r.date, approximate: r.approximate, calendarVersion: CHINA_CALENDAR.version };
}

/** Both clocks of a complaint received (or reopened) on `startedOn`, at extension level `extensionLevel`. */
export function complaintDeadlines(policy: ComplaintClockPolicy, startedOn: string, extensionLevel = 0): { regulatory: Deadline; contractual: Deadline | null } {
  const reg = policy.regulatory;
  const days = extensionLevel === 0 ? reg.decideWithinDays : reg.extensions[extensionLevel - 1]?.totalDays;
  if (days === undefined) throw new RangeError(`The policy has ${reg.extensions.length} extensions, not ${extensionLevel}`);
  return {
    regulatory: deadline(reg.basis, startedOn, days),
    contractual: policy.contractual ? deadline(policy.contractual.basis, startedOn, policy.contractual.decideWithinDays) : null,
  };
}

export type ExtensionCheck = { ok: true; level: number; totalDays: number; needsApproval: boolean } | { ok: false; code: 'EXTENSION_LIMIT' | 'EXTENSION_NEEDS_APPROVAL'; message: string };

/** Whether the regulatory clock may be extended once more, and by whom. */
export function nextExtension(policy: ComplaintClockPolicy, currentLevel: number, actorMayApprove: boolean): ExtensionCheck {
  const next = policy.regulatory.extensions[currentLevel];
  if (!next) return { ok: false, code: 'EXTENSION_LIMIT', message: `The ${policy.regulatory.authority} clock allows no further extension` };
  if (next.needsApproval && !actorMayApprove) return { ok: false, code: 'EXTENSION_NEEDS_APPROVAL', message: `Extending to ${next.totalDays} days needs an agency admin's approval` };
  return { ok: true, level: currentLevel + 1, totalDays: next.totalDays, needsApproval: next.needsApproval };
}

/**
 * Days left until `dueOn` as seen on `today` (both local dates of the bank): 0 on the due day,
 * negative once late. Working-day clocks count working days, so a weekend does not eat the margin.
 */
export function daysRemaining(basis: ClockBasis, today: string, dueOn: string): { days: number; approximate: boolean } {
  if (today === dueOn) return { days: 0, approximate: false };
  if (basis === 'calendar') return { days: Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000), approximate: false };
  if (today < dueOn) {
    const r = workingDaysBetween(today, dueOn);
    return { days: r.days, approximate: r.approximate };
  }
  // Late: at least one day late even when the days since were all holidays.
  const r = workingDaysBetween(dueOn, today);
  return { days: -Math.max(1, r.days), approximate: r.approximate };
}

/** Late when still undecided after the due day, or decided after it. */
export function isBreached(dueOn: string, decidedOn: string | null, today: string): boolean {
  return (decidedOn ?? today) > dueOn;
}
