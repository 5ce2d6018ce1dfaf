import type { HoldReason } from '@arrears/accounts';
import type { Channel, ContactPolicy, Party } from '../policy/contact-policy.js';
import { hhmmToMinutes, localParts, nextDate, zonedInstant } from './zoned-time.js';

/** One rule that stops a contact now, in words a collector can act on. */
export interface Block {
  rule: string;
  message: string;
}

/** What has already been done in the counting scope (the person across banks, or the debt), for one channel. */
export interface ContactLoad {
  attemptsDay: number;
  connectedDay: number;
  attemptsWeek: number;
  connectedWeek: number;
  /** When the rolling 7-day attempt count falls below its limit again (null: not at the limit). */
  attemptsWeekFreeAt: Date | null;
  connectedWeekFreeAt: Date | null;
  lastAttemptAt: Date | null;
  lastConnectedAt: Date | null;
}

export const EMPTY_LOAD: ContactLoad = { attemptsDay: 0, connectedDay: 0, attemptsWeek: 0, connectedWeek: 0, attemptsWeekFreeAt: null, connectedWeekFreeAt: null, lastAttemptAt: null, lastConnectedAt: null };

export interface ContactSituation {
  policy: ContactPolicy;
  now: Date;
  /** The debtor's time zone, else the client's. */
  timeZone: string;
  channel: Channel;
  party: Party;
  direction: 'outbound' | 'inbound';
  accountActive: boolean;
  holds: readonly HoldReason[];
  /** A person-level hold in force at another bank for the same person (a yes or no, never which). */
  personHeldElsewhere: boolean;
  load: ContactLoad;
  /** Whether the debtor can be reached directly (a valid phone that is not on the do-not-call list). */
  debtorReachable: boolean;
  /** The phone to be dialled, when there is one. */
  phone?: { status: string; doNotCall: boolean } | null;
  /** China's public holidays by local date (the shared calendar). */
  isPublicHoliday: (localDate: string) => boolean;
}

export interface Eligibility {
  allowed: boolean;
  blocks: Block[];
  /** The earliest time every time-bound rule allows it; null when allowed now or when no time will (a hold, a party). */
  nextAllowedAt: Date | null;
}

const fmt = (d: Date, tz: string) => {
  const p = localParts(d, tz);
  return `${p.date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

/** Rules that no amount of waiting changes: holds, parties, phones, the account. */
function standingBlocks(s: ContactSituation): Block[] {
  const out: Block[] = [];
  if (!s.accountActive) out.push({ rule: 'account_inactive', message: 'The account is recalled or closed' });
  for (const h of new Set(s.holds)) if (s.policy.blockingHolds.includes(h)) out.push({ rule: `hold:${h}`, message: `The account is on hold (${h.replace(/_/g, ' ')})` });
  if (s.personHeldElsewhere) out.push({ rule: 'person_hold', message: 'The person is on a hold that stops all contact (placed at another bank of the agency)' });
  if (!s.policy.parties.includes(s.party)) out.push({ rule: 'party', message: `The policy does not allow contacting a ${s.party.replace(/_/g, ' ')}` });
  else if (s.party === 'third_party' && s.policy.thirdPartyOnlyWhenUnreachable && s.debtorReachable)
    out.push({ rule: 'third_party_unreachable', message: 'Listed contacts only when the debtor cannot be reached' });
  const lim = s.policy.limits[s.channel];
  if (Object.values(lim).some((v) => v === 0)) out.push({ rule: 'channel_disabled', message: `The policy allows no ${s.channel} contact` });
  if (s.phone?.doNotCall) out.push({ rule: 'do_not_call', message: 'The number is on the do-not-call list' });
  else if (s.phone && s.phone.status !== 'valid') out.push({ rule: 'phone_status', message: `The number is marked ${s.phone.status.replace(/_/g, ' ')}` });
  return out;
}

/** Time-bound rules at instant `at`, each with when it would allow. `sameDay`: `at` is on today's local date. */
function timedBlocks(s: ContactSituation, at: Date, sameDay: boolean): { block: Block; freeAt: Date }[] {
  const out: { block: Block; freeAt: Date }[] = [];
  const { policy, timeZone: tz } = s;
  const local = localParts(at, tz);
  const start = hhmmToMinutes(policy.window.start);
  const end = hhmmToMinutes(policy.window.end);
  const tomorrowStart = zonedInstant(nextDate(local.date), start, tz);
  if (!policy.days.includes(local.weekday)) out.push({ block: { rule: 'day_of_week', message: 'No contact on this day of the week' }, freeAt: tomorrowStart });
  else if (!policy.allowOnPublicHolidays && s.isPublicHoliday(local.date)) out.push({ block: { rule: 'public_holiday', message: 'No contact on a public holiday' }, freeAt: tomorrowStart });
  if (local.minutes < start) out.push({ block: { rule: 'window', message: `Outside allowed hours ${policy.window.start}–${policy.window.end} (debtor's local time)` }, freeAt: zonedInstant(local.date, start, tz) });
  else if (local.minutes >= end) out.push({ block: { rule: 'window', message: `Outside allowed hours ${policy.window.start}–${policy.window.end} (debtor's local time)` }, freeAt: tomorrowStart });

  const lim = policy.limits[s.channel];
  const l = s.load;
  // Daily counts belong to today's local date; a later day starts from zero.
  if (sameDay && lim.attemptsPerDay && l.attemptsDay >= lim.attemptsPerDay)
    out.push({ block: { rule: 'attempts_per_day', message: `${l.attemptsDay} of ${lim.attemptsPerDay} ${s.channel} attempts today` }, freeAt: tomorrowStart });
  if (sameDay && lim.connectedPerDay && l.connectedDay >= lim.connectedPerDay)
    out.push({ block: { rule: 'connected_per_day', message: `${l.connectedDay} of ${lim.connectedPerDay} connected ${s.channel}s today` }, freeAt: tomorrowStart });
  if (lim.attemptsPer7Days && l.attemptsWeek >= lim.attemptsPer7Days && l.attemptsWeekFreeAt && at < l.attemptsWeekFreeAt)
    out.push({ block: { rule: 'attempts_per_7_days', message: `${l.attemptsWeek} of ${lim.attemptsPer7Days} ${s.channel} attempts in 7 days` }, freeAt: l.attemptsWeekFreeAt });
  if (lim.connectedPer7Days && l.connectedWeek >= lim.connectedPer7Days && l.connectedWeekFreeAt && at < l.connectedWeekFreeAt)
    out.push({ block: { rule: 'connected_per_7_days', message: `${l.connectedWeek} of ${lim.connectedPer7Days} connected ${s.channel}s in 7 days` }, freeAt: l.connectedWeekFreeAt });
  if (s.channel === 'call') {
    if (policy.minGapMinutes > 0 && l.lastAttemptAt) {
      const freeAt = new Date(l.lastAttemptAt.getTime() + policy.minGapMinutes * 60_000);
      if (at < freeAt) out.push({ block: { rule: 'min_gap', message: `At least ${policy.minGapMinutes} minutes between calls` }, freeAt });
    }
    if (policy.quietDaysAfterConversation > 0 && l.lastConnectedAt) {
      const freeAt = new Date(l.lastConnectedAt.getTime() + policy.quietDaysAfterConversation * 86_400_000);
      if (at < freeAt) out.push({ block: { rule: 'quiet_days', message: `No calls for ${policy.quietDaysAfterConversation} days after a conversation` }, freeAt });
    }
  }
  return out;
}

/**
 * The one decision every contact goes through: allowed or not, every rule that blocks, and the next time
 * it would be allowed. Pure: the caller supplies the clock, the policy version's body and the counts.
 * Inbound contact (the debtor calls in) is always recorded and never counted.
 */
export function evaluateContact(s: ContactSituation): Eligibility {
  if (s.direction === 'inbound') return { allowed: true, blocks: [], nextAllowedAt: null };
  const standing = standingBlocks(s);
  const today = localParts(s.now, s.timeZone).date;
  const timed = timedBlocks(s, s.now, true);
  const blocks = [...standing, ...timed.map((t) => t.block)];
  if (!blocks.length) return { allowed: true, blocks, nextAllowedAt: null };
  if (standing.length) return { allowed: false, blocks, nextAllowedAt: null };
  // Jump to the latest "free at" of what blocks, and check again there, until nothing time-bound blocks.
  let at = s.now;
  for (let i = 0; i < 60; i++) {
    const still = timedBlocks(s, at, localParts(at, s.timeZone).date === today);
    if (!still.length) return { allowed: false, blocks, nextAllowedAt: at };
    at = new Date(Math.max(...still.map((t) => t.freeAt.getTime())));
  }
  return { allowed: false, blocks, nextAllowedAt: null };
}

/** Summary of a history as ContactLoad (the per-debt scope, and the reference the SQL function matches). */
export function loadFromHistory(history: readonly { at: Date; connected: boolean }[], now: Date, dayStart: Date, limits: { attemptsPer7Days: number | null; connectedPer7Days: number | null }): ContactLoad {
  const weekStart = now.getTime() - 7 * 86_400_000;
  const week = history.filter((h) => h.at.getTime() > weekStart && h.at <= now).sort((a, b) => b.at.getTime() - a.at.getTime());
  const conn = week.filter((h) => h.connected);
  const freeAt = (list: typeof week, n: number | null) => (n !== null && n > 0 && list.length >= n ? new Date(list[n - 1].at.getTime() + 7 * 86_400_000) : null);
  return {
    attemptsDay: week.filter((h) => h.at >= dayStart).length,
    connectedDay: conn.filter((h) => h.at >= dayStart).length,
    attemptsWeek: week.length,
    connectedWeek: conn.length,
    attemptsWeekFreeAt: freeAt(week, limits.attemptsPer7Days),
    connectedWeekFreeAt: freeAt(conn, limits.connectedPer7Days),
    lastAttemptAt: week[0]?.at ?? null,
    lastConnectedAt: conn[0]?.at ?? null,
  };
}

export { fmt as formatLocal };
