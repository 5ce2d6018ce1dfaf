import type { QueueFilterSql } from '@arrears/accounts';
import { chinaDay } from '@arrears/calendar';
import type { ContactPolicy } from '../policy/contact-policy.js';
import { hhmmToMinutes } from './zoned-time.js';

/**
 * `evaluateContact` for an outbound call to the debtor at one instant, as SQL over a whole queue: what a
 * work queue needs to list a full page of contactable accounts and count them in one statement each.
 *
 * The rules stay in one place: each bank's policy version (the same body `evaluateContact` reads) is
 * turned into one parameter row per bank by `policyParams`, and the clock, the calendar and the counts are
 * compared in SQL exactly as `evaluateContact` compares them (apps/gateway/src/contact-queue-sql.spec.ts checks both answers
 * over a grid of instants, zones, policies and histories). Holds are the query's own `notHeld`; every hold
 * reason blocks under every policy (a bank may not drop one, see contactLoosenings).
 */

/** One bank's policy as the SQL reads it. Limits of null or 0 are 0 here ("no limit"): a 0 limit closes the channel, so such a bank has no row. */
export interface PolicyParams {
  client_id: string;
  win_start: number;
  win_end: number;
  days: number[];
  allow_holidays: boolean;
  per_person: boolean;
  apd: number;
  cpd: number;
  a7: number;
  c7: number;
  gap: number;
  quiet: number;
}

/** The policy rows of the banks whose policy lets a collector call the debtor at all (party and channel). */
export function policyParams(policies: ReadonlyMap<string, ContactPolicy>): PolicyParams[] {
  const out: PolicyParams[] = [];
  for (const [clientId, p] of policies) {
    const call = p.limits.call;
    if (!p.parties.includes('debtor') || Object.values(call).some((v) => v === 0)) continue;
    out.push({
      client_id: clientId,
      win_start: hhmmToMinutes(p.window.start),
      win_end: hhmmToMinutes(p.window.end),
      days: p.days,
      allow_holidays: p.allowOnPublicHolidays,
      per_person: p.countPer === 'person',
      apd: call.attemptsPerDay ?? 0,
      cpd: call.connectedPerDay ?? 0,
      a7: call.attemptsPer7Days ?? 0,
      c7: call.connectedPer7Days ?? 0,
      gap: p.minGapMinutes,
      quiet: p.quietDaysAfterConversation,
    });
  }
  return out;
}

/** The lowest limit of each kind among the banks that count per person (0: none has it), and the longest gap and quiet period. */
export interface PersonLimitFloors {
  attemptsPerDay: number;
  connectedPerDay: number;
  attemptsPer7Days: number;
  connectedPer7Days: number;
  gapMinutes: number;
  quietDays: number;
}

/**
 * What a person's calls must reach before any per-person policy can block them: the queue's count asks
 * the database for the counts of those people only (app.queue_person_loads_at_risk, migration 0034).
 * Anyone a bank's own limits block reaches these floors, so the floors drop nobody; the exact test under
 * each bank's policy still follows.
 */
export function personLimitFloors(rows: readonly PolicyParams[]): PersonLimitFloors {
  const perPerson = rows.filter((r) => r.per_person);
  const lowest = (limit: (r: PolicyParams) => number) => {
    const set = perPerson.map(limit).filter((n) => n > 0);
    return set.length ? Math.min(...set) : 0;
  };
  return {
    attemptsPerDay: lowest((r) => r.apd),
    connectedPerDay: lowest((r) => r.cpd),
    attemptsPer7Days: lowest((r) => r.a7),
    connectedPer7Days: lowest((r) => r.c7),
    gapMinutes: Math.max(0, ...perPerson.map((r) => r.gap)),
    quietDays: Math.max(0, ...perPerson.map((r) => r.quiet)),
  };
}

/** A policy's whole number as SQL text (policies are validated as integers; anything else is refused here too). */
function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

/** China's public holidays among the local dates an instant can have in any zone (UTC−12…+14). */
export function holidaysAround(now: Date): string[] {
  const out: string[] = [];
  for (let d = -2; d <= 2; d++) {
    const date = new Date(now.getTime() + d * 86_400_000).toISOString().slice(0, 10);
    if (chinaDay(date).kind === 'public_holiday') out.push(date);
  }
  return out;
}

const RECORD = `(client_id uuid, win_start int, win_end int, days int[], allow_holidays boolean, per_person boolean, apd int, cpd int, a7 int, c7 int, gap int, quiet int)`;

/** Whether counts block (the limit rules of `timedBlocks` at `now`, on today's local date). */
const blockedBy = (pol: string, now: string, c: { ad: string; cd: string; aw: string; cw: string; la: string; lc: string }) =>
  `((${pol}.apd > 0 and ${c.ad} >= ${pol}.apd) or (${pol}.cpd > 0 and ${c.cd} >= ${pol}.cpd)
    or (${pol}.a7 > 0 and ${c.aw} >= ${pol}.a7) or (${pol}.c7 > 0 and ${c.cw} >= ${pol}.c7)
    or (${pol}.gap > 0 and ${c.la} + ${pol}.gap * interval '1 minute' > ${now})
    or (${pol}.quiet > 0 and ${c.lc} + ${pol}.quiet * interval '24 hours' > ${now}))`;

/**
 * Joins and conditions (on `account a`) that keep the accounts of a collector's queue (the active accounts
 * assigned to `collectorId`) that they may call now. `add` binds a value and returns its placeholder.
 */
export function contactableNowSql(add: (v: unknown) => string, now: Date, policies: ReadonlyMap<string, ContactPolicy>, collectorId: string): QueueFilterSql {
  const pol = add(JSON.stringify(policyParams(policies)));
  const collector = `${add(collectorId)}::uuid`;
  const at = `${add(now.toISOString())}::timestamptz`;
  const holidays = `${add(holidaysAround(now))}::date[]`;
  const dayStart = (tz: string) => `(date_trunc('day', ${at} at time zone ${tz}) at time zone ${tz})`;
  // The clock's parameters as arrays indexed by the bank's position: a lookup, no JSON per account.
  const rows = policyParams(policies);
  const clients = `${add(rows.map((r) => r.client_id))}::uuid[]`;
  const daysMask = `${add(rows.map((r) => r.days.reduce((m, d) => m | (1 << d), 0)))}::int[]`;
  const allowHolidays = `${add(rows.map((r) => r.allow_holidays))}::boolean[]`;
  const winStart = `${add(rows.map((r) => r.win_start))}::int[]`;
  const winEnd = `${add(rows.map((r) => r.win_end))}::int[]`;
  /** Whether the clock (hours, weekday, holiday) lets a bank's debtor in `zone` be called now. */
  const clockOpen = (client: string, zone: string) => {
    const k = `array_position(${clients}, ${client})`;
    const local = `(${at} at time zone ${zone})`;
    const minutes = `(extract(hour from ${local})::int * 60 + extract(minute from ${local})::int)`;
    return `${k} is not null
         and ((${daysMask})[${k}] >> extract(isodow from ${local})::int) & 1 = 1
         and ((${allowHolidays})[${k}] or not (${local}::date = any (${holidays})))
         and ${minutes} >= (${winStart})[${k}] and ${minutes} < (${winEnd})[${k}]`;
  };
  // The clock reads only the bank and the account's effective zone (the debtor's, else the bank's, kept on
  // the account by the database: 0022). In its own lateral, fenced by offset 0, it is a function of those
  // two columns, and the planner memoizes it: a queue has few (bank, zone) pairs, so the clock is computed
  // once per pair (EXPLAIN: Memoize, its Result run once per pair), and where the statistics do not suggest
  // few pairs, once per account. The second lateral passes on the account only when the clock is open, and
  // the counts below name its columns: the queue is read in priority order from its index and stops at a
  // full page, and an account the clock closes never reaches the counts (outside hours they are never
  // computed).
  const joins = `
    cross join lateral (select ${clockOpen('a.client_id', 'a.contact_time_zone')} as open offset 0) z
    cross join lateral (select a.id as account_id, a.client_id, a.debtor_id, a.contact_time_zone where z.open offset 0) ql`;
  // Per debt: the queue accounts' own outbound calls of the last 7 days, counted on the debtor's local day.
  const debtBlocked = `select h.account_id from contact_attempt h
      join account ha on ha.client_id = h.client_id and ha.id = h.account_id
      join jsonb_to_recordset(${pol}::jsonb) as hp${RECORD} on hp.client_id = h.client_id and not hp.per_person
     where h.channel = 'call' and h.direction = 'outbound' and h.corrects_id is null
       and h.started_at > ${at} - interval '168 hours' and h.started_at <= ${at}
       and ha.assigned_collector_id = ${collector} and ha.status = 'active'
     group by h.account_id, hp.apd, hp.cpd, hp.a7, hp.c7, hp.gap, hp.quiet, ha.contact_time_zone
    having ${blockedBy('hp', at, {
      ad: `count(*) filter (where h.started_at >= ${dayStart('ha.contact_time_zone')})`,
      cd: `count(*) filter (where h.connected and h.started_at >= ${dayStart('ha.contact_time_zone')})`,
      aw: 'count(*)',
      cw: 'count(*) filter (where h.connected)',
      la: 'max(h.started_at)',
      lc: 'max(h.started_at) filter (where h.connected)',
    })}`;
  // Per person: the same human's calls at every bank of the agency (times only, app.person_outbound_calls).
  // For the page, counted for each account the clock leaves open whose bank counts per person, next to
  // it in the page statement, so the cost follows the page, not the queue; for the count, computed once
  // per statement for the people whose week reaches the floors of the per-person limits (from the calls,
  // not the queue) and probed as a hash, cheaper there than one lookup per contactable account.
  const personLimits = (pl: string) =>
    blockedBy('pp', at, { ad: `${pl}.attempts_day`, cd: `${pl}.connected_day`, aw: `${pl}.attempts_week`, cw: `${pl}.connected_week`, la: `${pl}.last_attempt_at`, lc: `${pl}.last_connected_at` });
  const personBlocked = `exists (select 1 from jsonb_to_recordset(${pol}::jsonb) as pp${RECORD}
      cross join lateral (
        select count(*) filter (where c.started_at >= ${dayStart('ql.contact_time_zone')}) as attempts_day,
               count(*) filter (where c.connected and c.started_at >= ${dayStart('ql.contact_time_zone')}) as connected_day,
               count(*) as attempts_week, count(*) filter (where c.connected) as connected_week,
               max(c.started_at) as last_attempt_at, max(c.started_at) filter (where c.connected) as last_connected_at
          from app.person_outbound_calls c
         where c.client_id = ql.client_id and c.debtor_id = ql.debtor_id and c.channel = 'call'
           and c.started_at > ${at} - interval '168 hours' and c.started_at <= ${at}) pl
     where pp.client_id = ql.client_id and pp.per_person and ${personLimits('pl')})`;
  const f = personLimitFloors(rows);
  // Written into the text, not bound: the page statement is sent with the same values and names none of them.
  const floors = [f.attemptsPerDay, f.connectedPerDay, f.attemptsPer7Days, f.connectedPer7Days, f.gapMinutes, f.quietDays].map(sqlInteger).join(', ');
  const queuePersonsBlocked = `select pl.client_id, pl.debtor_id from app.queue_person_loads_at_risk('call', ${at}, ${collector}, ${floors}) pl
      join jsonb_to_recordset(${pol}::jsonb) as pp${RECORD} on pp.client_id = pl.client_id and pp.per_person
     where ${personLimits('pl')}`;
  // Whether the clock is open for any zone the banks' accounts are in (client_contact_zone, 0032): it names
  // no column of the account, so it is checked once per statement, before the queue is read, and when it is
  // false (every zone outside its hours) the queue is not read at all.
  const anyZoneOpen = `exists (select 1 from client_contact_zone cz where cz.client_id = any (${clients}) and ${clockOpen('cz.client_id', 'cz.time_zone')})`;
  // Uncorrelated sub-queries run once per statement, on first use, and are probed as a hash. Every other
  // condition names the lateral's columns so that it is checked above the clock, only for accounts it
  // leaves open (outside hours none is computed).
  const both = [
    anyZoneOpen,
    `(ql.client_id, ql.debtor_id) not in (select client_id, debtor_id from app.persons_held_elsewhere())`,
    `ql.account_id not in (${debtBlocked})`,
  ];
  return {
    joins,
    conditions: [...both, `not ${personBlocked}`],
    countConditions: [...both, `(ql.client_id, ql.debtor_id) not in (${queuePersonsBlocked})`],
  };
}
