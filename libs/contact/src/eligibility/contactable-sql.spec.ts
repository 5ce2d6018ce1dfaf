import { describe, expect, it } from 'vitest';
import { CN_PRESET, US_PRESET, type ContactPolicy } from '../policy/contact-policy.js';
import { personLimitFloors, policyParams } from './contactable-sql.js';

const NO_LIMITS = { attemptsPerDay: null, connectedPerDay: null, attemptsPer7Days: null, connectedPer7Days: null };
const withCall = (p: ContactPolicy, call: Partial<ContactPolicy['limits']['call']>, over: Partial<ContactPolicy> = {}): ContactPolicy => ({
  ...p,
  ...over,
  limits: { ...p.limits, call: { ...NO_LIMITS, ...call } },
});

describe('personLimitFloors', () => {
  it('takes the lowest limit of each kind and the longest gap and quiet period among the banks that count per person', () => {
    const a = withCall(CN_PRESET, { attemptsPerDay: 6, connectedPerDay: 3 }, { countPer: 'person', minGapMinutes: 30, quietDaysAfterConversation: 0 });
    const b = withCall(CN_PRESET, { attemptsPerDay: 4, attemptsPer7Days: 20 }, { countPer: 'person', minGapMinutes: 90, quietDaysAfterConversation: 2 });
    expect(personLimitFloors(policyParams(new Map([['a', a], ['b', b]])))).toEqual({
      attemptsPerDay: 4,
      connectedPerDay: 3,
      attemptsPer7Days: 20,
      connectedPer7Days: 0,
      gapMinutes: 90,
      quietDays: 2,
    });
  });

  it('leaves out the banks that count per debt: with none per person no one is at risk', () => {
    const perDebt = withCall(US_PRESET, { attemptsPer7Days: 7 }, { countPer: 'debt', minGapMinutes: 60 });
    const floors = personLimitFloors(policyParams(new Map([['a', perDebt]])));
    expect(Object.values(floors).every((n) => n === 0)).toBe(true);
  });

  it('reads an unset limit as no floor, not as a floor of zero calls', () => {
    const a = withCall(CN_PRESET, { connectedPerDay: 3 }, { countPer: 'person', minGapMinutes: 0, quietDaysAfterConversation: 0 });
    expect(personLimitFloors(policyParams(new Map([['a', a]])))).toMatchObject({ attemptsPerDay: 0, connectedPerDay: 3, attemptsPer7Days: 0 });
  });
});
