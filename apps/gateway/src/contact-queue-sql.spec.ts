import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { chinaDay } from '@arrears/calendar';
import { CN_PRESET, US_PRESET, evaluateContact, loadFromHistory, localParts, zonedInstant, type ContactPolicy } from '@arrears/contact';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { withTenant } from '@arrears/tenancy';
import { assertNoLeak, startTestGateway, type TestGateway } from './test-gateway.js';

// myQueue decides "contactable now" in SQL (contactableNowSql); evaluateContact is the rule as written.
// Over a grid of instants, zones, policies, holds and contact histories, the queue must list exactly
// the accounts the pure function allows, and count them.

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<string, string>;

interface Acct {
  id: string;
  clientId: string;
  debtorId: string;
  person: string;
  timeZone: string;
  holds: string[];
}
interface Attempt {
  clientId: string;
  accountId: string;
  person: string;
  at: Date;
  connected: boolean;
  counts: boolean;
}
let accts: Acct[];
const attempts: Attempt[] = [];

const T0 = Date.parse('2026-12-01T02:00:00Z');
const H = 3_600_000;
const ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Australia/Sydney', null];

/** A small deterministic generator: the same histories on every run. */
function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

const STRICT_PERSON: ContactPolicy = {
  ...CN_PRESET,
  window: { start: '09:00', end: '18:00' },
  days: [1, 2, 3, 4, 5],
  allowOnPublicHolidays: false,
  limits: { ...CN_PRESET.limits, call: { attemptsPerDay: 2, connectedPerDay: 1, attemptsPer7Days: 4, connectedPer7Days: 2 } },
  minGapMinutes: 90,
  quietDaysAfterConversation: 1,
};
const STRICT_DEBT: ContactPolicy = {
  ...US_PRESET,
  window: { start: '08:30', end: '20:00' },
  days: [2, 3, 4, 6],
  limits: { ...US_PRESET.limits, call: { attemptsPerDay: 1, connectedPerDay: null, attemptsPer7Days: 3, connectedPer7Days: 1 } },
  minGapMinutes: 240,
  quietDaysAfterConversation: 8,
};
const NO_DEBTOR: ContactPolicy = { ...CN_PRESET, parties: ['guarantor'] };
const GAP_AND_DAILY: ContactPolicy = { ...CN_PRESET, limits: { ...CN_PRESET.limits, call: { ...CN_PRESET.limits.call, connectedPerDay: 1 } }, minGapMinutes: 120 };
const NO_CALLS: ContactPolicy = { ...CN_PRESET, limits: { ...CN_PRESET.limits, call: { ...CN_PRESET.limits.call, attemptsPerDay: 0 } } };

/** [preset, body] for bank A and bank B in each round. */
const ROUNDS: { a: [string, ContactPolicy]; b: [string, ContactPolicy] }[] = [
  { a: ['cn_gbt45251', CN_PRESET], b: ['us_reg_f', US_PRESET] },
  { a: ['cn_gbt45251', STRICT_PERSON], b: ['us_reg_f', STRICT_DEBT] },
  { a: ['us_reg_f', STRICT_DEBT], b: ['cn_gbt45251', STRICT_PERSON] },
  { a: ['cn_gbt45251', NO_DEBTOR], b: ['cn_gbt45251', CN_PRESET] },
  { a: ['cn_gbt45251', NO_CALLS], b: ['us_reg_f', US_PRESET] },
  { a: ['cn_gbt45251', GAP_AND_DAILY], b: ['us_reg_f', STRICT_DEBT] },
  // Both banks count per person, with different limits: the count's floors are the lowest of each.
  { a: ['cn_gbt45251', STRICT_PERSON], b: ['cn_gbt45251', GAP_AND_DAILY] },
];

/** The latest public holiday before T0 in the shared calendar, at 10:00 Shanghai. */
function holidayInstant(): Date {
  for (let d = 1; d < 400; d++) {
    const date = new Date(T0 - d * 86_400_000).toISOString().slice(0, 10);
    if (chinaDay(date).kind === 'public_holiday') return zonedInstant(date, 600, 'Asia/Shanghai');
  }
  throw new Error('no public holiday in the calendar');
}

const INSTANTS = [
  new Date(T0),
  ...Array.from({ length: 22 }, (_, i) => new Date(T0 - 30 * H + i * 5 * H + i * 7 * 60_000)),
  new Date(T0 + 45 * 60_000),
  new Date(T0 + 95 * 60_000),
  holidayInstant(),
  // Around the end of US daylight saving time (2026-11-01, 02:00 New York).
  new Date('2026-11-01T05:30:00Z'),
  new Date('2026-11-01T12:59:00Z'),
];

/** The fixed instants and, for the limits and gaps, 25 minutes after some of the calls. */
const instants = () => [...INSTANTS, ...attempts.filter((_, i) => i % 4 === 1).slice(0, 24).map((h) => new Date(h.at.getTime() + 25 * 60_000))];

async function setPolicy(clientId: string, preset: string, body: ContactPolicy) {
  const r = await t.gql(
    `mutation($input: SetClientPolicyInput!) { setClientPolicy(input: $input) { __typename ... on PolicyRejected { violations { rule } } } }`,
    { input: { clientId: toGlobalId('Client', clientId), kind: 'contact', preset, body } },
    tokens.admin,
  );
  expect(r.data!.setClientPolicy).toEqual({ __typename: 'ClientPolicy' });
}

async function queueAt(now: Date): Promise<{ ids: string[]; total: number }> {
  const res = await t.fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.collector}`, 'x-arrears-test-now': now.toISOString() },
    body: JSON.stringify({ query: `{ myQueue(first: 100) { totalCount edges { node { id } } } }` }),
  });
  const body = (await res.json()) as { data?: any; errors?: any[] };
  assertNoLeak(body.errors);
  expect(body.errors).toBeUndefined();
  return { ids: body.data.myQueue.edges.map((e: { node: { id: string } }) => e.node.id), total: body.data.myQueue.totalCount };
}

/** What evaluateContact says for an outbound call to the debtor of `a` at `now` under `policy`. */
function expected(a: Acct, now: Date, policy: ContactPolicy) {
  const scope = attempts.filter((h) => h.counts && (policy.countPer === 'person' ? h.person === a.person : h.accountId === a.id));
  const dayStart = zonedInstant(localParts(now, a.timeZone).date, 0, a.timeZone);
  const load = loadFromHistory(scope.map((h) => ({ at: h.at, connected: h.connected })), now, dayStart, policy.limits.call);
  const heldElsewhere = accts.some((o) => o.person === a.person && o.clientId !== a.clientId && o.holds.some((r) => ['deceased', 'bankruptcy', 'cease_request', 'attorney_represented'].includes(r)));
  return evaluateContact({
    policy, now, timeZone: a.timeZone, channel: 'call', party: 'debtor', direction: 'outbound', accountActive: true,
    holds: a.holds as never, personHeldElsewhere: heldElsewhere, load, debtorReachable: true, phone: null,
    isPublicHoliday: (d) => chinaDay(d).kind === 'public_holiday',
  });
}

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'), { worker: false });
  const agency = t.tenants.demoAgencyId;
  bankA = await insertAccounts(t.owner, { agencyId: agency, clientId: t.tenants.bankAId, n: 16, prefix: 'A' });
  bankB = await insertAccounts(t.owner, { agencyId: agency, clientId: t.tenants.bankBId, n: 6, prefix: 'B' });
  await t.ownerQuery(`update client set time_zone = 'America/Chicago' where id = $1`, [t.tenants.bankBId]);
  // B-1..B-4 are the same people as A-1..A-4 (the keyed identity hash).
  await t.ownerQuery(`update debtor set identity_hash = 'A-' || substr(identity_hash, 3) where client_id = $1 and identity_hash in ('B-1', 'B-2', 'B-3', 'B-4')`, [t.tenants.bankBId]);
  for (const [i, id] of [...bankA.accountIds, ...bankB.accountIds].entries()) {
    await t.ownerQuery(`update debtor set time_zone = $2 where id = (select debtor_id from account where id = $1)`, [id, ZONES[i % ZONES.length]]);
  }
  await t.ownerQuery(`update account set assigned_collector_id = $1`, [t.tenants.users.collector]);
  accts = (
    await t.ownerQuery(
      `select a.id, a.client_id, a.debtor_id, d.identity_hash, coalesce(d.time_zone, c.time_zone) as tz from account a
         join debtor d on d.client_id = a.client_id and d.id = a.debtor_id join client c on c.id = a.client_id order by a.bank_ref`,
    )
  ).map((r) => ({ id: r.id, clientId: r.client_id, debtorId: r.debtor_id, person: r.identity_hash, timeZone: r.tz, holds: [] as string[] }));
  const acct = (clientId: string, n: number) => accts.find((a) => a.id === (clientId === t.tenants.bankAId ? bankA : bankB).accountIds[n - 1])!;
  // Holds: a complaint on A-13 (its own), a death recorded at Bank B for the person of A-2 (person-level, crosses banks).
  for (const [a, reason] of [[acct(t.tenants.bankAId, 13), 'complaint'], [acct(t.tenants.bankBId, 2), 'deceased']] as const) {
    await t.ownerQuery(`insert into account_hold (client_id, agency_id, account_id, reason, placed_by) values ($1, $2, $3, $4, $5)`, [a.clientId, agency, a.id, reason, t.tenants.users.admin]);
    a.holds.push(reason);
  }
  // Histories: mostly in the 8 days before T0, some later than early grid instants, a few heavy ones.
  // A-15 and A-16 (Shanghai) each have one call only: 60 minutes before T0 (the minimum gap alone), and a
  // conversation 3 hours before T0, on the same local day (a daily conversation limit alone).
  const gap = acct(t.tenants.bankAId, 15);
  const daily = acct(t.tenants.bankAId, 16);
  for (const a of [gap, daily]) {
    await t.ownerQuery(`update debtor set time_zone = 'Asia/Shanghai' where client_id = $1 and id = $2`, [a.clientId, a.debtorId]);
    a.timeZone = 'Asia/Shanghai';
  }
  attempts.push({ clientId: gap.clientId, accountId: gap.id, person: gap.person, at: new Date(T0 - H), connected: false, counts: true });
  attempts.push({ clientId: daily.clientId, accountId: daily.id, person: daily.person, at: new Date(T0 - 3 * H), connected: true, counts: true });
  const rnd = random(42);
  for (const [i, a] of accts.entries()) {
    if (a === gap || a === daily) continue;
    const n = i % 5 === 0 ? 9 : Math.floor(rnd() * 5);
    for (let k = 0; k < n; k++) {
      const at = new Date(T0 - (i % 5 === 0 ? rnd() * 60 : rnd() * 200) * H + rnd() * 30 * H);
      attempts.push({ clientId: a.clientId, accountId: a.id, person: a.person, at, connected: rnd() < 0.4, counts: true });
    }
  }
  // What never counts: an inbound call and a correction.
  attempts.push({ ...attempts[0], at: new Date(T0 - 2 * H), connected: true, counts: false });
  const rows = attempts.map((h) => [h.clientId, h.accountId, h.at.toISOString(), h.connected, h.counts ? 'outbound' : 'inbound']);
  for (const [clientId, accountId, at, connected, direction] of rows) {
    await t.ownerQuery(
      `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, outcome_code, connected, policy_version, made_by, started_at, completed_at)
       select a.client_id, a.agency_id, a.id, a.debtor_id, 'call', $3, 'debtor', 'completed', case when $4::boolean then 'right_party_contact' else 'no_answer' end, $4, 0, $5, $6, $6
         from account a where a.client_id = $1 and a.id = $2`,
      [clientId, accountId, direction, connected, t.tenants.users.collector, at],
    );
  }
  const [orig] = await t.ownerQuery(`select client_id, id, account_id from contact_attempt where direction = 'outbound' order by started_at desc limit 1`);
  await t.ownerQuery(
    `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, outcome_code, connected, policy_version, made_by, started_at, completed_at, corrects_id)
     select client_id, agency_id, account_id, debtor_id, 'call', 'outbound', 'debtor', 'completed', 'right_party_contact', true, 0, made_by, $3::timestamptz, $3::timestamptz, id
       from contact_attempt where client_id = $1 and id = $2`,
    [orig.client_id, orig.id, new Date(T0 - H).toISOString()],
  );
  tokens = await t.loginEach({ collector: 'collector@demo-agency.test', admin: 'admin@demo-agency.test' });
});

afterAll(async () => {
  await t?.close();
});

describe('myQueue contactable-now in SQL equals evaluateContact', () => {
  it('lists and counts exactly the accounts the pure function allows, for every instant and policy of the grid', async () => {
    const rulesSeen = new Set<string>();
    let openSeen = 0;
    for (const round of ROUNDS) {
      await setPolicy(t.tenants.bankAId, ...round.a);
      await setPolicy(t.tenants.bankBId, ...round.b);
      for (const now of instants()) {
        const want: string[] = [];
        for (const a of accts) {
          const e = expected(a, now, a.clientId === t.tenants.bankAId ? round.a[1] : round.b[1]);
          // A rule counts as reached only where it alone blocks: there the SQL must apply it by itself.
          if (e.blocks.length === 1) rulesSeen.add(e.blocks[0].rule.startsWith('hold:') ? 'hold' : e.blocks[0].rule);
          if (e.allowed) want.push(toGlobalId('Account', a.id));
        }
        const got = await queueAt(now);
        expect({ now: now.toISOString(), ids: [...got.ids].sort() }).toEqual({ now: now.toISOString(), ids: want.sort() });
        expect(got.total).toBe(want.length);
        openSeen += want.length;
      }
    }
    // The grid reaches every rule the queue applies as the only one that blocks, and opens as well as closes.
    expect([...rulesSeen].sort()).toEqual(
      ['attempts_per_7_days', 'attempts_per_day', 'channel_disabled', 'connected_per_7_days', 'connected_per_day', 'day_of_week', 'hold', 'min_gap', 'party', 'person_hold', 'public_holiday', 'quiet_days', 'window'].sort(),
    );
    expect(openSeen).toBeGreaterThan(0);
  });
});

describe('isolation of the cross-bank functions and view', () => {
  const NONE = { attempts_week: 0, connected_week: 0, last_attempt_at: null };
  const load = (userId: string, agencyId: string, a: { clientId: string; debtorId: string }) =>
    withTenant(t.dataSource, { userId, agencyId }, async (m) => (await m.query(
      `select count(*)::int as attempts_week, (count(*) filter (where connected))::int as connected_week, max(started_at) as last_attempt_at
         from app.person_outbound_calls
        where client_id = $1 and debtor_id = $2 and channel = 'call' and started_at > $3::timestamptz - interval '168 hours' and started_at <= $3`,
      [a.clientId, a.debtorId, new Date(T0).toISOString()],
    ))[0]);
  const allCalls = (userId: string, agencyId: string) => withTenant(t.dataSource, { userId, agencyId }, (m) => m.query(`select * from app.person_outbound_calls`));
  /** The counts of the queue's people with at least `weekFloor` calls in the week (the floor on attempts per 7 days). */
  const loads = (userId: string, agencyId: string, collector: string, weekFloor = 1) =>
    withTenant(t.dataSource, { userId, agencyId }, (m) =>
      m.query(`select * from app.queue_person_loads_at_risk('call', $1, $2, 0, 0, $3, 0, 0, 0)`, [new Date(T0).toISOString(), collector, weekFloor]),
    );
  const heldElsewhere = (userId: string, agencyId: string) => withTenant(t.dataSource, { userId, agencyId }, (m) => m.query(`select * from app.persons_held_elsewhere()`));

  it("show a person's week of calls at every bank to the agency's staff; to a user of another bank or agency the debtor is as unknown as a made-up one", async () => {
    const inWeek = (x: Attempt) => x.counts && x.at.getTime() > T0 - 168 * H && x.at.getTime() <= T0;
    const a = accts.find((x) => x.clientId === t.tenants.bankAId && attempts.filter((h) => inWeek(h) && h.person === x.person).length > 1)!;
    const calls = attempts.filter((h) => inWeek(h) && h.person === a.person);
    const { collector, bankB, rivalAdmin } = t.tenants.users;
    const mine = await load(collector, t.tenants.demoAgencyId, a);
    expect({ week: mine.attempts_week, connected: mine.connected_week }).toEqual({ week: calls.length, connected: calls.filter((h) => h.connected).length });
    expect(mine.last_attempt_at).toEqual(new Date(Math.max(...calls.map((h) => h.at.getTime()))));
    expect(await load(collector, t.tenants.demoAgencyId, { clientId: a.clientId, debtorId: randomUUID() })).toEqual(NONE);
    expect(await load(bankB, t.tenants.demoAgencyId, a)).toEqual(NONE);
    expect(await load(rivalAdmin, t.tenants.rivalAgencyId, a)).toEqual(NONE);
    // Read whole, the view shows the agency's staff when calls to their banks' debtors were made and whether
    // they connected, nothing more; a bank's own users and another agency see nothing.
    const seenByCollector = await allCalls(collector, t.tenants.demoAgencyId);
    expect(seenByCollector.length).toBeGreaterThan(0);
    expect(seenByCollector.every((r: { client_id: string }) => [t.tenants.bankAId, t.tenants.bankBId].includes(r.client_id))).toBe(true);
    expect(Object.keys(seenByCollector[0]).sort()).toEqual(['channel', 'client_id', 'connected', 'debtor_id', 'started_at']);
    expect(await allCalls(bankB, t.tenants.demoAgencyId)).toEqual([]);
    expect(await allCalls(rivalAdmin, t.tenants.rivalAgencyId)).toEqual([]);
  });

  it("give a whole queue's counts for the agency's own queue debtors only: nothing of the other bank to a bank user, nothing to another agency", async () => {
    const mine = await loads(t.tenants.users.collector, t.tenants.demoAgencyId, t.tenants.users.collector);
    expect(mine.length).toBeGreaterThan(0);
    // Bank B's user sees only Bank B's debtors, however the person was called at Bank A.
    const bankB = await loads(t.tenants.users.bankB, t.tenants.demoAgencyId, t.tenants.users.collector);
    expect(bankB.every((r: { client_id: string }) => r.client_id === t.tenants.bankBId)).toBe(true);
    const rival = await loads(t.tenants.users.rivalAdmin, t.tenants.rivalAgencyId, t.tenants.users.collector);
    expect(rival).toEqual([]);
    expect(Object.keys(mine[0]).sort()).toEqual(['attempts_day', 'attempts_week', 'client_id', 'connected_day', 'connected_week', 'debtor_id', 'last_attempt_at', 'last_connected_at']);
  });

  it('count, of the queue, only the people whose week reaches a floor, and count them as the view does', async () => {
    const all = await loads(t.tenants.users.collector, t.tenants.demoAgencyId, t.tenants.users.collector);
    const most = Math.max(...all.map((r: { attempts_week: number }) => r.attempts_week));
    const atRisk = await loads(t.tenants.users.collector, t.tenants.demoAgencyId, t.tenants.users.collector, most);
    expect(atRisk.length).toBeGreaterThan(0);
    expect(atRisk.length).toBeLessThan(all.length);
    expect(atRisk.every((r: { attempts_week: number }) => r.attempts_week === most)).toBe(true);
    for (const r of atRisk as { client_id: string; debtor_id: string; attempts_week: number; connected_week: number; last_attempt_at: Date }[]) {
      const seen = await load(t.tenants.users.collector, t.tenants.demoAgencyId, { clientId: r.client_id, debtorId: r.debtor_id });
      expect({ week: r.attempts_week, connected: r.connected_week, last: r.last_attempt_at }).toEqual({ week: seen.attempts_week, connected: seen.connected_week, last: seen.last_attempt_at });
    }
    expect(await loads(t.tenants.users.collector, t.tenants.demoAgencyId, t.tenants.users.collector, most + 1)).toEqual([]);
  });

  it("list a bank's contact zones to its own users and the agency's staff only, and let no role write them", async () => {
    const zonesSeenBy = (userId: string, agencyId: string) =>
      withTenant(t.dataSource, { userId, agencyId }, (m) => m.query(`select client_id, time_zone from client_contact_zone`)) as Promise<{ client_id: string }[]>;
    const staff = await zonesSeenBy(t.tenants.users.collector, t.tenants.demoAgencyId);
    expect(new Set(staff.map((r) => r.client_id))).toEqual(new Set([t.tenants.bankAId, t.tenants.bankBId]));
    const bankB = await zonesSeenBy(t.tenants.users.bankB, t.tenants.demoAgencyId);
    expect(bankB.length).toBeGreaterThan(0);
    expect(bankB.every((r) => r.client_id === t.tenants.bankBId)).toBe(true);
    expect(await zonesSeenBy(t.tenants.users.rivalAdmin, t.tenants.rivalAgencyId)).toEqual([]);
    await expect(
      withTenant(t.dataSource, { userId: t.tenants.users.admin, agencyId: t.tenants.demoAgencyId }, (m) =>
        m.query(`insert into client_contact_zone (client_id, agency_id, time_zone) values ($1, $2, 'Asia/Tokyo')`, [t.tenants.bankAId, t.tenants.demoAgencyId]),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('say which of my debtors are held at another bank, and nothing to another agency', async () => {
    const a2 = accts.find((a) => a.id === bankA.accountIds[1])!;
    expect(await heldElsewhere(t.tenants.users.collector, t.tenants.demoAgencyId)).toEqual([{ client_id: a2.clientId, debtor_id: a2.debtorId }]);
    expect(await heldElsewhere(t.tenants.users.rivalAdmin, t.tenants.rivalAgencyId)).toEqual([]);
  });
});

describe('the effective time zone kept on the account (0022)', () => {
  const zoneOf = async (id: string) => (await t.ownerQuery(`select contact_time_zone from account where id = $1`, [id]))[0].contact_time_zone as string;
  /** The accounts' zones as the rule says (the debtor's, else the bank's), read from the debtors and banks themselves. */
  const ruleZones = async () =>
    new Map<string, string>(
      (
        await t.ownerQuery(
          `select a.id, coalesce(d.time_zone, c.time_zone) as tz from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id join client c on c.id = a.client_id`,
        )
      ).map((r) => [r.id as string, r.tz as string]),
    );

  it('follows a debtor zone and a bank zone changed after placement through the API roles, and myQueue follows with it', async () => {
    await setPolicy(t.tenants.bankAId, 'cn_gbt45251', CN_PRESET);
    await setPolicy(t.tenants.bankBId, 'us_reg_f', US_PRESET);
    const a3 = accts.find((a) => a.id === bankA.accountIds[2])!;
    const b6 = accts.find((a) => a.id === bankB.accountIds[5])!;
    // An agency user edits two debtors: A-3's moves from New York to Auckland, B-6's zone is cleared (it takes its bank's);
    // then Bank B moves from Chicago to Tokyo.
    await withTenant(t.dataSource, { userId: t.tenants.users.admin, agencyId: t.tenants.demoAgencyId }, async (m) => {
      await m.query(`update debtor set time_zone = 'Pacific/Auckland' where client_id = $1 and id = $2`, [a3.clientId, a3.debtorId]);
      await m.query(`update debtor set time_zone = null where client_id = $1 and id = $2`, [b6.clientId, b6.debtorId]);
      await m.query(`update client set time_zone = 'Asia/Tokyo' where id = $1`, [t.tenants.bankBId]);
    });
    const zones = await ruleZones();
    const before = new Map(accts.map((a) => [a.id, a.timeZone]));
    for (const a of accts) a.timeZone = zones.get(a.id)!;
    expect(a3.timeZone).toBe('Pacific/Auckland');
    expect(before.get(a3.id)).toBe('America/New_York');
    expect(before.get(b6.id)).toBe('Asia/Kolkata');
    expect(b6.timeZone).toBe('Asia/Tokyo');
    for (const a of accts) expect({ id: a.id, zone: await zoneOf(a.id) }).toEqual({ id: a.id, zone: a.timeZone });
    // The queue skips itself when no zone its banks' accounts are in is open (0032): the list of zones must
    // hold every account's zone, the new ones too.
    const listed = new Set((await t.ownerQuery(`select client_id, time_zone from client_contact_zone`)).map((r) => `${r.client_id} ${r.time_zone}`));
    for (const a of accts) expect(listed).toContain(`${a.clientId} ${a.timeZone}`);
    expect(listed).toContain(`${t.tenants.bankAId} Pacific/Auckland`);
    expect(listed).toContain(`${t.tenants.bankBId} Asia/Tokyo`);
    // The grid must tell the old zones from the new ones, or this test could not fail.
    let differs = 0;
    for (const now of INSTANTS) {
      const want = accts.filter((a) => expected(a, now, a.clientId === t.tenants.bankAId ? CN_PRESET : US_PRESET).allowed).map((a) => toGlobalId('Account', a.id));
      const stale = accts
        .filter((a) => expected({ ...a, timeZone: before.get(a.id)! }, now, a.clientId === t.tenants.bankAId ? CN_PRESET : US_PRESET).allowed)
        .map((a) => toGlobalId('Account', a.id));
      if (stale.sort().join() !== [...want].sort().join()) differs++;
      const got = await queueAt(now);
      expect({ now: now.toISOString(), ids: [...got.ids].sort() }).toEqual({ now: now.toISOString(), ids: want.sort() });
      expect(got.total).toBe(want.length);
    }
    expect(differs).toBeGreaterThan(0);
  });

  it('cannot be written by a role: a write to it is replaced by the derived zone', async () => {
    const a1 = accts.find((a) => a.id === bankA.accountIds[0])!;
    await withTenant(t.dataSource, { userId: t.tenants.users.admin, agencyId: t.tenants.demoAgencyId }, (m) =>
      m.query(`update account set contact_time_zone = 'Pacific/Kiritimati' where client_id = $1 and id = $2`, [a1.clientId, a1.id]),
    );
    expect(await zoneOf(a1.id)).toBe(a1.timeZone);
  });
});

describe('the person kept on each contact attempt (0028)', () => {
  /** Attempts whose kept person is not their debtor's identity. */
  const astray = () =>
    t.ownerQuery(`select a.id from contact_attempt a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id where a.identity_hash is distinct from d.identity_hash`);

  it("is the debtor's identity on every attempt, whatever the writer named", async () => {
    expect((await t.ownerQuery(`select count(*)::int as n from contact_attempt`))[0].n).toBeGreaterThan(attempts.length - 1);
    expect(await astray()).toEqual([]);
    const a1 = accts.find((a) => a.id === bankA.accountIds[0])!;
    const [written] = await t.ownerQuery(
      `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, policy_version, made_by, started_at, identity_hash)
       select a.client_id, a.agency_id, a.id, a.debtor_id, 'call', 'outbound', 'debtor', 'started', 0, $3, now(), 'someone-else'
         from account a where a.client_id = $1 and a.id = $2 returning identity_hash`,
      [a1.clientId, a1.id, t.tenants.users.collector],
    );
    expect(written.identity_hash).toBe(a1.person);
  });

  it('follows a rotated identity key to completed attempts, which stay unchangeable in everything else', async () => {
    const called = accts.find((a) => a.id === attempts[0].accountId)!;
    const [{ n }] = await t.ownerQuery(`select count(*)::int as n from contact_attempt where client_id = $1 and debtor_id = $2 and status = 'completed'`, [called.clientId, called.debtorId]);
    expect(n).toBeGreaterThan(0);
    await t.ownerQuery(`update debtor set identity_hash = 'rotated-' || identity_hash where client_id = $1 and id = $2`, [called.clientId, called.debtorId]);
    try {
      expect(await astray()).toEqual([]);
      const [{ m }] = await t.ownerQuery(`select count(*)::int as m from contact_attempt where identity_hash = $1`, [`rotated-${called.person}`]);
      expect(m).toBe(n);
      await expect(
        t.ownerQuery(`update contact_attempt set note = 'edited' where client_id = $1 and debtor_id = $2 and status = 'completed'`, [called.clientId, called.debtorId]),
      ).rejects.toMatchObject({ code: '23514' });
    } finally {
      await t.ownerQuery(`update debtor set identity_hash = $3 where client_id = $1 and id = $2`, [called.clientId, called.debtorId, called.person]);
    }
  });
});
