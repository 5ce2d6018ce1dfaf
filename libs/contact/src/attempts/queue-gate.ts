import type { EntityManager } from 'typeorm';
import { HoldService, type HoldReason, type ContactableFilter, type QueueStanding } from '@arrears/accounts';
import { chinaDay } from '@arrears/calendar';
import { PolicyService, type PolicyVersion } from '@arrears/platform';
import { CONTACT_POLICY, type ContactPolicy } from '../policy/contact-policy.js';
import { EMPTY_LOAD, evaluateContact, loadFromHistory, type ContactLoad } from '../eligibility/eligibility.js';
import type { ContactService } from './contact.service.js';
import { contactableNowSql } from '../eligibility/contactable-sql.js';

/**
 * Queue standing of many accounts at once (a call to the debtor, the queue's first action): the same
 * decision as `ContactService.decide`, with every input fetched in one statement per kind so a queue page
 * costs a handful of queries, not a handful per account.
 */
export async function queueStanding(db: EntityManager, svc: ContactService, ids: readonly string[]): Promise<Map<string, QueueStanding>> {
  const out = new Map<string, QueueStanding>();
  let accountIds = ids;
  if (!accountIds.length) return out;
  const now = svc.now;
  const accounts: { id: string; client_id: string; status: string; time_zone: string; next_action_at: Date | null; day_start: Date }[] = await db.query(
    `select a.id, a.client_id, a.status, a.next_action_at, coalesce(d.time_zone, c.time_zone) as time_zone,
            (date_trunc('day', $2::timestamptz at time zone coalesce(d.time_zone, c.time_zone))) at time zone coalesce(d.time_zone, c.time_zone) as day_start
       from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id join client c on c.id = a.client_id
      where a.id = any($1::uuid[])`,
    [accountIds, now],
  );
  const policies = await new PolicyService(db).currentFor(CONTACT_POLICY, [...new Set(accounts.map((a) => a.client_id))]);
  const isPublicHoliday = (d: string) => chinaDay(d).kind === 'public_holiday';
  const holds = new HoldService(db);
  const inForce = await holds.inForce(accountIds);
  const heldFor = (id: string) => (inForce.get(id) ?? []).map((h) => h.reason as HoldReason);
  // First the account's own holds and the rules of the clock (hours, weekdays, holidays): they need one query, and outside
  // contact hours they decide most of a queue. Only accounts they leave open get the full decision.
  // Without holds that answer depends only on the bank and the zone, so it is worked out once per pair:
  // finding when a closed account opens is the costly part, and a queue has few (bank, zone) pairs.
  const clockOpen: typeof accounts = [];
  const byBankAndZone = new Map<string, ReturnType<typeof evaluateContact>>();
  for (const a of accounts) {
    const holds = heldFor(a.id);
    const key = holds.length ? null : `${a.client_id} ${a.time_zone}`;
    let e = key === null ? undefined : byBankAndZone.get(key);
    if (!e) {
      e = evaluateContact({
        policy: policies.get(a.client_id)!.body, now, timeZone: a.time_zone, channel: 'call', party: 'debtor', direction: 'outbound', accountActive: true,
        holds, personHeldElsewhere: false, load: EMPTY_LOAD, debtorReachable: true, phone: null, isPublicHoliday,
      });
      if (key !== null) byBankAndZone.set(key, e);
    }
    if (e.allowed) clockOpen.push(a);
    else out.set(a.id, { open: false, reason: e.blocks[0].rule, opensAt: e.nextAllowedAt });
  }
  if (!clockOpen.length) return out;
  accountIds = clockOpen.map((a) => a.id);
  const elsewhere = await holds.personHeldElsewhere(accountIds);
  const phones = await svc.phones(accountIds);
  const personIds = clockOpen.filter((a) => policies.get(a.client_id)?.body.countPer === 'person').map((a) => a.id);
  const loads = new Map<string, ContactLoad>();
  if (personIds.length) {
    const rows = await db.query(
      `select a.id, l.* from account a
         join unnest($3::uuid[], $4::int[], $5::int[]) as lim(client_id, aw, cw) on lim.client_id = a.client_id
         join debtor d on d.client_id = a.client_id and d.id = a.debtor_id join client c on c.id = a.client_id
         cross join lateral app.contact_person_load(a.client_id, a.debtor_id, 'call',
           (date_trunc('day', $2::timestamptz at time zone coalesce(d.time_zone, c.time_zone))) at time zone coalesce(d.time_zone, c.time_zone), $2, lim.aw, lim.cw) l
        where a.id = any($1::uuid[])`,
      [personIds, now, [...policies.keys()], [...policies.values()].map((p) => p.body.limits.call.attemptsPer7Days), [...policies.values()].map((p) => p.body.limits.call.connectedPer7Days)],
    );
    for (const r of rows)
      loads.set(r.id, {
        attemptsDay: r.attempts_day,
        connectedDay: r.connected_day,
        attemptsWeek: r.attempts_week,
        connectedWeek: r.connected_week,
        attemptsWeekFreeAt: r.attempts_week_free_at,
        connectedWeekFreeAt: r.connected_week_free_at,
        lastAttemptAt: r.last_attempt_at,
        lastConnectedAt: r.last_connected_at,
      });
  }
  const debtIds = clockOpen.filter((a) => !loads.has(a.id)).map((a) => a.id);
  const history: { account_id: string; started_at: Date; connected: boolean }[] = debtIds.length
    ? await db.query(
        `select account_id, started_at, connected from contact_attempt
          where account_id = any($1::uuid[]) and channel = 'call' and direction = 'outbound' and corrects_id is null and started_at > $2::timestamptz - interval '7 days' and started_at <= $2`,
        [debtIds, now],
      )
    : [];
  for (const a of clockOpen) {
    const policy = policies.get(a.client_id)!;
    const load =
      loads.get(a.id) ??
      (debtIds.includes(a.id)
        ? loadFromHistory(history.filter((h) => h.account_id === a.id).map((h) => ({ at: h.started_at, connected: h.connected })), now, a.day_start, policy.body.limits.call)
        : EMPTY_LOAD);
    const mine = phones.get(a.id) ?? [];
    const e = evaluateContact({
      policy: policy.body,
      now,
      timeZone: a.time_zone,
      channel: 'call',
      party: 'debtor',
      direction: 'outbound',
      accountActive: a.status === 'active',
      holds: heldFor(a.id),
      personHeldElsewhere: elsewhere.get(a.id) ?? false,
      load,
      debtorReachable: mine.some((p) => p.status === 'valid' && !p.do_not_call),
      phone: null,
      isPublicHoliday,
    });
    const due = a.next_action_at !== null && a.next_action_at <= now;
    out.set(a.id, e.allowed ? { open: true, reason: due ? 'follow_up_due' : 'contactable', opensAt: null } : { open: false, reason: e.blocks[0].rule, opensAt: e.nextAllowedAt });
  }
  return out;
}

/** The queue's SQL filter for "contactable now" (see contactableNowSql) under the banks' contact policies in force. */
export function contactableNowFilter(now: Date, versions: readonly PolicyVersion<ContactPolicy>[]): ContactableFilter {
  const bodies = new Map(versions.map((v) => [v.clientId, v.body]));
  return (p, queue) => contactableNowSql((v) => p.add(v), now, bodies, queue.collectorId);
}
