import { z } from 'zod';
import { definePolicyKind, tighten, type PolicyViolation } from '@arrears/platform';
import { HOLD_REASONS, PARTY_KINDS } from '@arrears/accounts';

export const CHANNELS = ['call', 'sms', 'letter', 'email', 'visit'] as const;
export type Channel = (typeof CHANNELS)[number];
// One source of truth: the party kinds are the accounts domain's (an account's co-borrowers count as debtors).
export const PARTIES = PARTY_KINDS;
export type Party = (typeof PARTIES)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time as HH:MM');
/** null: no limit. A bank may set a number where the preset has none, never the reverse. */
const limit = z.number().int().min(0).nullable();

const channelLimits = z.object({
  attemptsPerDay: limit,
  connectedPerDay: limit,
  attemptsPer7Days: limit,
  connectedPer7Days: limit,
});
export type ChannelLimits = z.infer<typeof channelLimits>;

export const contactPolicySchema = z
  .object({
    /** Allowed hours in the debtor's local time, [start, end). */
    window: z.object({ start: hhmm, end: hhmm }).refine((w) => w.start < w.end, { message: 'the window must start before it ends' }),
    /** ISO weekdays (1 = Monday … 7 = Sunday) on which contact is allowed. */
    days: z.array(z.number().int().min(1).max(7)).min(1),
    /** Whether contact is allowed on China's public holidays (the shared calendar). */
    allowOnPublicHolidays: z.boolean(),
    /** Limits count the same human at every bank of the agency ("person") or this account only ("debt"). */
    countPer: z.enum(['person', 'debt']),
    limits: z.object({ call: channelLimits, sms: channelLimits, letter: channelLimits, email: channelLimits, visit: channelLimits }),
    /** Minimum minutes between two outbound calls. */
    minGapMinutes: z.number().int().min(0),
    /** Days without outbound calls after a phone conversation. */
    quietDaysAfterConversation: z.number().int().min(0),
    parties: z.array(z.enum(PARTIES)).min(1),
    /** Listed third parties only while the debtor cannot be reached (no valid phone). */
    thirdPartyOnlyWhenUnreachable: z.boolean(),
    /** An outcome that discloses the debt needs a verified right party. */
    requireRightPartyVerification: z.boolean(),
    blockingHolds: z.array(z.enum(HOLD_REASONS)),
  })
  .strict();
export type ContactPolicy = z.infer<typeof contactPolicySchema>;

const none: ChannelLimits = { attemptsPerDay: null, connectedPerDay: null, attemptsPer7Days: null, connectedPer7Days: null };

/**
 * China, credit cards: no collection 22:00–08:00 (GB/T 45251—2025); at most 3 connected calls a day per
 * debtor counted across the lender and its agencies; debtor and guarantor, listed contacts only when the
 * debtor is unreachable and never told about the debt (CBRC card measures Art. 68); every hold stops contact.
 */
export const CN_PRESET: ContactPolicy = {
  window: { start: '08:00', end: '22:00' },
  days: [1, 2, 3, 4, 5, 6, 7],
  allowOnPublicHolidays: true,
  countPer: 'person',
  limits: { call: { ...none, connectedPerDay: 3 }, sms: none, letter: none, email: none, visit: none },
  minGapMinutes: 0,
  quietDaysAfterConversation: 0,
  parties: ['debtor', 'guarantor', 'third_party'],
  thirdPartyOnlyWhenUnreachable: true,
  requireRightPartyVerification: true,
  blockingHolds: [...HOLD_REASONS],
};

/**
 * United States, Regulation F: 08:00–21:00 local (12 CFR 1006.6(b)); at most 7 call attempts per debt in
 * 7 days and none for 7 days after a conversation (1006.14(b)(2)); the consumer and their attorney only
 * (FDCPA 805(b)); cease, attorney and dispute holds stop contact (1006.38).
 */
export const US_PRESET: ContactPolicy = {
  window: { start: '08:00', end: '21:00' },
  days: [1, 2, 3, 4, 5, 6, 7],
  allowOnPublicHolidays: true,
  countPer: 'debt',
  limits: { call: { ...none, attemptsPer7Days: 7 }, sms: none, letter: none, email: none, visit: none },
  minGapMinutes: 0,
  quietDaysAfterConversation: 7,
  parties: ['debtor', 'attorney'],
  thirdPartyOnlyWhenUnreachable: true,
  requireRightPartyVerification: true,
  blockingHolds: [...HOLD_REASONS],
};

function limitMax(rule: string, preset: number | null, proposed: number | null): PolicyViolation[] {
  if (preset === null) return [];
  if (proposed === null) return [{ rule, message: `${rule} may be at most ${preset} (the preset), not unlimited` }];
  return tighten.max(rule, preset, proposed);
}

/** Every rule where `p` is looser than the preset `base`: a narrower window, lower limits, longer gaps, fewer parties. */
export function contactLoosenings(base: ContactPolicy, p: ContactPolicy): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  if (p.window.start < base.window.start) out.push({ rule: 'window.start', message: `contact may start at ${base.window.start} at the earliest (the preset), not ${p.window.start}` });
  if (p.window.end > base.window.end) out.push({ rule: 'window.end', message: `contact must end by ${base.window.end} (the preset), not ${p.window.end}` });
  out.push(...tighten.subset('days', base.days, p.days, 'days of the week'));
  if (p.allowOnPublicHolidays && !base.allowOnPublicHolidays) out.push({ rule: 'allowOnPublicHolidays', message: 'the preset forbids contact on public holidays' });
  if (base.countPer === 'person' && p.countPer !== 'person') out.push({ rule: 'countPer', message: 'the preset counts limits per person across banks; counting per debt would allow more' });
  for (const ch of CHANNELS) {
    for (const k of ['attemptsPerDay', 'connectedPerDay', 'attemptsPer7Days', 'connectedPer7Days'] as const) {
      out.push(...limitMax(`limits.${ch}.${k}`, base.limits[ch][k], p.limits[ch][k]));
    }
  }
  out.push(...tighten.min('minGapMinutes', base.minGapMinutes, p.minGapMinutes, 'the minimum gap between calls'));
  out.push(...tighten.min('quietDaysAfterConversation', base.quietDaysAfterConversation, p.quietDaysAfterConversation, 'quiet days after a conversation'));
  out.push(...tighten.subset('parties', base.parties, p.parties, 'who may be contacted'));
  out.push(...tighten.keepOn('thirdPartyOnlyWhenUnreachable', base.thirdPartyOnlyWhenUnreachable, p.thirdPartyOnlyWhenUnreachable, 'third parties only when the debtor is unreachable'));
  out.push(...tighten.keepOn('requireRightPartyVerification', base.requireRightPartyVerification, p.requireRightPartyVerification, 'right-party verification'));
  const dropped = base.blockingHolds.filter((h) => !p.blockingHolds.includes(h));
  if (dropped.length) out.push({ rule: 'blockingHolds', message: `holds that stop contact in the preset may not be dropped: ${dropped.join(', ')}` });
  return out;
}

export const CONTACT_POLICY = definePolicyKind<ContactPolicy>({
  kind: 'contact',
  description: 'When, how often and whom a collector may contact (debtor local time); checked before every contact',
  schema: contactPolicySchema as unknown as z.ZodType<ContactPolicy>,
  presets: { cn_gbt45251: CN_PRESET, us_reg_f: US_PRESET },
  defaultPreset: 'cn_gbt45251',
  loosenings: contactLoosenings,
});
