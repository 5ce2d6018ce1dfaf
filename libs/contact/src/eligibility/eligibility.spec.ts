import { describe, expect, it } from 'vitest';
import { HOLD_REASONS, type HoldReason } from '@arrears/accounts';
import { chinaDay } from '@arrears/calendar';
import { checkPolicyBody } from '@arrears/platform';
import { CN_PRESET, CONTACT_POLICY, US_PRESET, type ContactPolicy } from '../policy/contact-policy.js';
import { EMPTY_LOAD, evaluateContact, loadFromHistory, type ContactSituation } from './eligibility.js';
import { findOutcome, outcomeProblems } from './outcomes.js';
import { localParts, zonedInstant } from './zoned-time.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const at = (iso: string) => new Date(iso);

function situation(over: Partial<ContactSituation> = {}): ContactSituation {
  return {
    policy: CN_PRESET,
    now: at('2026-12-01T04:00:00Z'), // 12:00 Shanghai, a Tuesday
    timeZone: SH,
    channel: 'call',
    party: 'debtor',
    direction: 'outbound',
    accountActive: true,
    holds: [],
    personHeldElsewhere: false,
    load: EMPTY_LOAD,
    debtorReachable: true,
    phone: { status: 'valid', doNotCall: false },
    isPublicHoliday: (d) => chinaDay(d).kind === 'public_holiday',
    ...over,
  };
}
const rules = (s: ContactSituation) => evaluateContact(s).blocks.map((b) => b.rule);
const policy = (over: Partial<ContactPolicy>): ContactPolicy => ({ ...CN_PRESET, ...over });

describe('zoned time', () => {
  it('finds the instant of a local wall time in several zones', () => {
    expect(zonedInstant('2026-12-01', 8 * 60, SH).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(zonedInstant('2026-12-01', 8 * 60, NY).toISOString()).toBe('2026-12-01T13:00:00.000Z');
    expect(zonedInstant('2026-07-01', 8 * 60, NY).toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(zonedInstant('2026-12-01', 8 * 60, 'Asia/Kolkata').toISOString()).toBe('2026-12-01T02:30:00.000Z');
  });
  it('moves a wall time the zone skips forward by the gap (US spring forward)', () => {
    expect(zonedInstant('2026-03-08', 2 * 60 + 30, NY).toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });
  it('takes the first of a repeated wall time (US fall back)', () => {
    expect(zonedInstant('2026-11-01', 60 + 30, NY).toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT
  });
});

describe('contact policy kind: presets and only-tighten', () => {
  it('registers both presets, China by default', () => {
    expect(Object.keys(CONTACT_POLICY.presets).sort()).toEqual(['cn_gbt45251', 'us_reg_f']);
    expect(CONTACT_POLICY.defaultPreset).toBe('cn_gbt45251');
  });
  it('accepts a bank contract that tightens the China preset (08:00–21:00, 2 connected calls, 30 min gap, no third parties)', () => {
    const body = { ...CN_PRESET, window: { start: '08:00', end: '21:00' }, limits: { ...CN_PRESET.limits, call: { ...CN_PRESET.limits.call, connectedPerDay: 2, attemptsPerDay: 6 } }, minGapMinutes: 30, parties: ['debtor', 'guarantor'] };
    expect(checkPolicyBody(CONTACT_POLICY, 'cn_gbt45251', body).violations).toEqual([]);
  });
  it.each([
    ['a wider window', { window: { start: '07:00', end: '22:00' } }, 'window.start'],
    ['a later end', { window: { start: '08:00', end: '23:00' } }, 'window.end'],
    ['more connected calls', { limits: { ...CN_PRESET.limits, call: { ...CN_PRESET.limits.call, connectedPerDay: 4 } } }, 'limits.call.connectedPerDay'],
    ['unlimited connected calls', { limits: { ...CN_PRESET.limits, call: { ...CN_PRESET.limits.call, connectedPerDay: null } } }, 'limits.call.connectedPerDay'],
    ['counting per debt', { countPer: 'debt' }, 'countPer'],
    ['attorneys added', { parties: ['debtor', 'attorney'] }, 'parties'],
    ['third parties while reachable', { thirdPartyOnlyWhenUnreachable: false }, 'thirdPartyOnlyWhenUnreachable'],
    ['no verification', { requireRightPartyVerification: false }, 'requireRightPartyVerification'],
    ['a hold dropped', { blockingHolds: HOLD_REASONS.filter((h) => h !== 'complaint') }, 'blockingHolds'],
  ])('refuses %s with the rule it breaks (China)', (_what, over, rule) => {
    const v = checkPolicyBody(CONTACT_POLICY, 'cn_gbt45251', { ...CN_PRESET, ...over }).violations;
    expect(v.map((x) => x.rule)).toContain(rule);
  });
  it.each([
    ['8 attempts in 7 days', { limits: { ...US_PRESET.limits, call: { ...US_PRESET.limits.call, attemptsPer7Days: 8 } } }, 'limits.call.attemptsPer7Days'],
    ['a shorter quiet period', { quietDaysAfterConversation: 3 }, 'quietDaysAfterConversation'],
    ['a shorter gap is fine only when it is not below the preset', { minGapMinutes: -1 }, 'minGapMinutes'],
    ['calls until 21:30', { window: { start: '08:00', end: '21:30' } }, 'window.end'],
    ['guarantors added', { parties: ['debtor', 'attorney', 'guarantor'] }, 'parties'],
  ])('refuses %s (US)', (_what, over, rule) => {
    const v = checkPolicyBody(CONTACT_POLICY, 'us_reg_f', { ...US_PRESET, ...over }).violations;
    expect(v.map((x) => x.rule)).toContain(rule);
  });
  it('accepts the US preset narrowed to weekdays with 5 attempts', () => {
    const body = { ...US_PRESET, days: [1, 2, 3, 4, 5], limits: { ...US_PRESET.limits, call: { ...US_PRESET.limits.call, attemptsPer7Days: 5 } } };
    expect(checkPolicyBody(CONTACT_POLICY, 'us_reg_f', body).violations).toEqual([]);
  });
  it('refuses a malformed window', () => {
    expect(checkPolicyBody(CONTACT_POLICY, 'cn_gbt45251', { ...CN_PRESET, window: { start: '21:00', end: '08:00' } }).violations.length).toBeGreaterThan(0);
  });
});

describe('DOMAIN.md contact rules, China (GB/T 45251—2025, CBRC card measures)', () => {
  it('hours: no collection 22:00–08:00 debtor local time', () => {
    expect(evaluateContact(situation({ now: at('2026-12-01T00:00:00Z') })).allowed).toBe(true); // 08:00
    expect(evaluateContact(situation({ now: at('2026-12-01T13:59:00Z') })).allowed).toBe(true); // 21:59
    const late = evaluateContact(situation({ now: at('2026-12-01T14:00:00Z') })); // 22:00
    expect(late.blocks.map((b) => b.rule)).toEqual(['window']);
    expect(late.nextAllowedAt?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
    const early = evaluateContact(situation({ now: at('2026-11-30T23:59:00Z') })); // 07:59
    expect(early.nextAllowedAt?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
  it('hours: a bank contract of 08:00–21:00 blocks 21:30 and names 08:00 next morning', () => {
    const e = evaluateContact(situation({ policy: policy({ window: { start: '08:00', end: '21:00' } }), now: at('2026-12-01T13:30:00Z') }));
    expect(e.allowed).toBe(false);
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });
  it('frequency: at most 3 connected calls per day; attempts that did not connect do not count', () => {
    const load = (connectedDay: number, attemptsDay: number) => ({ ...EMPTY_LOAD, connectedDay, attemptsDay, connectedWeek: connectedDay, attemptsWeek: attemptsDay });
    expect(evaluateContact(situation({ load: load(2, 9) })).allowed).toBe(true);
    const full = evaluateContact(situation({ load: load(3, 3) }));
    expect(full.blocks.map((b) => b.rule)).toEqual(['connected_per_day']);
    expect(full.nextAllowedAt?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });
  it('who: debtor and guarantor; listed contacts only when the debtor is unreachable', () => {
    expect(evaluateContact(situation({ party: 'guarantor' })).allowed).toBe(true);
    expect(rules(situation({ party: 'third_party' }))).toEqual(['third_party_unreachable']);
    expect(evaluateContact(situation({ party: 'third_party', debtorReachable: false })).allowed).toBe(true);
    expect(rules(situation({ party: 'attorney' }))).toEqual(['party']);
  });
  it('who: listed contacts are never told about the debt', () => {
    expect(outcomeProblems(findOutcome('promise_to_pay')!, { party: 'third_party', rightPartyVerified: true, requireVerification: true }).map((p) => p.rule)).toEqual(['third_party_disclosure']);
    expect(outcomeProblems(findOutcome('third_party_reached')!, { party: 'third_party', rightPartyVerified: false, requireVerification: true })).toEqual([]);
  });
  it('stop contact: an installment plan being kept, an open complaint', () => {
    expect(rules(situation({ holds: ['installment_plan'] }))).toEqual(['hold:installment_plan']);
    expect(rules(situation({ holds: ['complaint'] }))).toEqual(['hold:complaint']);
    expect(evaluateContact(situation({ holds: ['complaint'] })).nextAllowedAt).toBeNull();
  });
});

describe('DOMAIN.md contact rules, United States (Regulation F)', () => {
  const us = (over: Partial<ContactSituation> = {}) => situation({ policy: US_PRESET, timeZone: NY, now: at('2026-12-01T17:00:00Z'), ...over }); // 12:00 EST
  it('hours: only 08:00–21:00 local', () => {
    expect(evaluateContact(us({ now: at('2026-12-01T13:00:00Z') })).allowed).toBe(true); // 08:00 EST
    expect(evaluateContact(us({ now: at('2026-12-02T01:59:00Z') })).allowed).toBe(true); // 20:59 EST
    const e = evaluateContact(us({ now: at('2026-12-02T02:00:00Z') })); // 21:00 EST
    expect(e.blocks.map((b) => b.rule)).toEqual(['window']);
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-12-02T13:00:00.000Z');
  });
  it('hours across DST: 21:30 on the night clocks fall back opens at 08:00 EST', () => {
    const e = evaluateContact(us({ now: at('2026-11-01T01:30:00Z') })); // 2026-10-31 21:30 EDT
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-11-01T13:00:00.000Z'); // 08:00 EST
  });
  it('hours across DST: 07:30 on the morning clocks spring forward opens at 08:00 EDT', () => {
    const now = zonedInstant('2026-03-08', 7 * 60 + 30, NY);
    expect(now.toISOString()).toBe('2026-03-08T11:30:00.000Z');
    expect(evaluateContact(us({ now })).nextAllowedAt?.toISOString()).toBe('2026-03-08T12:00:00.000Z');
  });
  it('hours across midnight: 23:50 local opens at 08:00 the next day', () => {
    const now = zonedInstant('2026-12-01', 23 * 60 + 50, NY);
    expect(evaluateContact(us({ now })).nextAllowedAt?.toISOString()).toBe(zonedInstant('2026-12-02', 8 * 60, NY).toISOString());
  });
  it('frequency: 7 attempts per debt in 7 rolling days; the 8th waits for the oldest to leave the window', () => {
    const now = at('2026-12-08T17:00:00Z');
    const history = Array.from({ length: 7 }, (_, i) => ({ at: new Date(now.getTime() - (6 - i) * 86_400_000 - 3600_000), connected: false }));
    const load = loadFromHistory(history, now, zonedInstant('2026-12-08', 0, NY), { attemptsPer7Days: 7, connectedPer7Days: null });
    expect(load.attemptsWeek).toBe(7);
    const e = evaluateContact(us({ now, load }));
    expect(e.blocks.map((b) => b.rule)).toEqual(['attempts_per_7_days']);
    expect(e.nextAllowedAt?.toISOString()).toBe(new Date(history[0].at.getTime() + 7 * 86_400_000).toISOString());
    expect(evaluateContact(us({ now, load: loadFromHistory(history.slice(1), now, zonedInstant('2026-12-08', 0, NY), { attemptsPer7Days: 7, connectedPer7Days: null }) })).allowed).toBe(true);
  });
  it('frequency: none for 7 days after a phone conversation', () => {
    const talked = at('2026-11-28T17:00:00Z');
    const e = evaluateContact(us({ load: { ...EMPTY_LOAD, lastConnectedAt: talked, connectedWeek: 1, attemptsWeek: 1 } }));
    expect(e.blocks.map((b) => b.rule)).toEqual(['quiet_days']);
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-12-05T17:00:00.000Z');
  });
  it('frequency: calls the debtor makes do not count and are always recorded', () => {
    expect(evaluateContact(us({ direction: 'inbound', now: at('2026-12-02T04:00:00Z'), holds: ['cease_request'] })).allowed).toBe(true);
  });
  it('who: the consumer and their attorney; no one else about the debt', () => {
    expect(evaluateContact(us({ party: 'attorney' })).allowed).toBe(true);
    expect(rules(us({ party: 'guarantor' }))).toEqual(['party']);
    expect(rules(us({ party: 'third_party', debtorReachable: false }))).toEqual(['party']);
  });
  it('stop contact: written cease request, attorney represented, a dispute until verified', () => {
    expect(rules(us({ holds: ['cease_request'] }))).toEqual(['hold:cease_request']);
    expect(rules(us({ holds: ['attorney_represented'] }))).toEqual(['hold:attorney_represented']);
    expect(rules(us({ holds: ['dispute'] }))).toEqual(['hold:dispute']);
  });
});

describe('eligibility rules one by one', () => {
  it.each(HOLD_REASONS.map((h) => [h]))('hold %s stops contact with no next time', (h) => {
    const e = evaluateContact(situation({ holds: [h as HoldReason] }));
    expect(e.blocks.map((b) => b.rule)).toEqual([`hold:${h}`]);
    expect(e.nextAllowedAt).toBeNull();
  });
  it('a person-level hold at another bank stops contact without saying which bank', () => {
    const e = evaluateContact(situation({ personHeldElsewhere: true }));
    expect(e.blocks).toEqual([{ rule: 'person_hold', message: expect.not.stringMatching(/bank a|bank b/i) }]);
  });
  it('the do-not-call list and a wrong number stop a call', () => {
    expect(rules(situation({ phone: { status: 'valid', doNotCall: true } }))).toEqual(['do_not_call']);
    expect(rules(situation({ phone: { status: 'wrong_number', doNotCall: false } }))).toEqual(['phone_status']);
  });
  it('a recalled account is not contactable', () => {
    expect(rules(situation({ accountActive: false }))).toEqual(['account_inactive']);
  });
  it('lists every blocking rule at once', () => {
    expect(rules(situation({ holds: ['dispute'], now: at('2026-12-01T15:00:00Z'), party: 'attorney' })).sort()).toEqual(['hold:dispute', 'party', 'window'].sort());
  });
  it('minimum gap between calls names the time the gap ends', () => {
    const e = evaluateContact(situation({ policy: policy({ minGapMinutes: 60 }), load: { ...EMPTY_LOAD, attemptsDay: 1, attemptsWeek: 1, lastAttemptAt: at('2026-12-01T03:30:00Z') } }));
    expect(e.blocks.map((b) => b.rule)).toEqual(['min_gap']);
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-12-01T04:30:00.000Z');
  });
  it('a gap that ends after the window closes moves to the next morning', () => {
    const e = evaluateContact(situation({ policy: policy({ minGapMinutes: 60 }), now: at('2026-12-01T13:30:00Z'), load: { ...EMPTY_LOAD, lastAttemptAt: at('2026-12-01T13:20:00Z') } }));
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });
  it('the gap applies to calls only', () => {
    expect(evaluateContact(situation({ channel: 'sms', policy: policy({ minGapMinutes: 60 }), load: { ...EMPTY_LOAD, lastAttemptAt: at('2026-12-01T03:59:00Z') } })).allowed).toBe(true);
  });
  it('days of the week: a weekday-only bank opens on Monday 08:00', () => {
    const e = evaluateContact(situation({ policy: policy({ days: [1, 2, 3, 4, 5] }), now: at('2026-12-05T04:00:00Z') })); // Saturday noon
    expect(e.blocks.map((b) => b.rule)).toEqual(['day_of_week']);
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });
  it('public holidays from the China calendar: 国庆 2026 closed until the make-up working day', () => {
    const e = evaluateContact(situation({ policy: policy({ allowOnPublicHolidays: false }), now: at('2026-10-01T04:00:00Z') }));
    expect(e.blocks.map((b) => b.rule)).toEqual(['public_holiday']);
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-10-08T00:00:00.000Z');
  });
  it('daily limits reset at the debtor’s local midnight, not UTC midnight', () => {
    // 23:30 Shanghai is 15:30 UTC: still the same local day for the count.
    const e = evaluateContact(situation({ policy: policy({ window: { start: '00:00', end: '24:00' } }), now: at('2026-12-01T15:30:00Z'), load: { ...EMPTY_LOAD, connectedDay: 3, connectedWeek: 3 } }));
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-12-01T16:00:00.000Z');
  });
  it('connected per 7 days counts conversations apart from attempts', () => {
    const now = at('2026-12-08T04:00:00Z');
    const history = [
      { at: at('2026-12-02T04:00:00Z'), connected: true },
      { at: at('2026-12-03T04:00:00Z'), connected: false },
      { at: at('2026-12-04T04:00:00Z'), connected: true },
    ];
    const limits = { attemptsPer7Days: null, connectedPer7Days: 2 };
    const load = loadFromHistory(history, now, zonedInstant('2026-12-08', 0, SH), limits);
    expect([load.attemptsWeek, load.connectedWeek]).toEqual([3, 2]);
    const p = policy({ limits: { ...CN_PRESET.limits, call: { ...CN_PRESET.limits.call, connectedPer7Days: 2 } } });
    const e = evaluateContact(situation({ policy: p, now, load }));
    expect(e.blocks.map((b) => b.rule)).toEqual(['connected_per_7_days']);
    expect(e.nextAllowedAt?.toISOString()).toBe('2026-12-09T04:00:00.000Z');
  });
  it('a channel limit of zero disables the channel outright', () => {
    const p = policy({ limits: { ...CN_PRESET.limits, sms: { ...CN_PRESET.limits.sms, attemptsPerDay: 0 } } });
    expect(rules(situation({ policy: p, channel: 'sms' }))).toEqual(['channel_disabled']);
  });
  it('several time zones: the same instant is allowed in Urumqi time and blocked in Shanghai time', () => {
    const p = policy({ window: { start: '08:00', end: '21:00' } });
    const now = at('2026-12-01T13:30:00Z');
    expect(localParts(now, 'Asia/Urumqi').hour).toBe(19);
    expect(evaluateContact(situation({ policy: p, now, timeZone: 'Asia/Urumqi' })).allowed).toBe(true);
    expect(evaluateContact(situation({ policy: p, now, timeZone: SH })).allowed).toBe(false);
  });
});

describe('right-party verification', () => {
  it('refuses an outcome that discloses the debt without verification', () => {
    expect(outcomeProblems(findOutcome('promise_to_pay')!, { party: 'debtor', rightPartyVerified: false, requireVerification: true }).map((p) => p.rule)).toEqual(['right_party_verification']);
    expect(outcomeProblems(findOutcome('promise_to_pay')!, { party: 'debtor', rightPartyVerified: true, requireVerification: true })).toEqual([]);
    expect(outcomeProblems(findOutcome('no_answer')!, { party: 'debtor', rightPartyVerified: false, requireVerification: true })).toEqual([]);
  });
});
