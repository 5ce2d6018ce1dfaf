import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { applyAgingAfterBalanceChange, bucketFor, creditPlacementEpisode, daysPastDue, localDate, purgeDepartedAccounts } from '@arrears/accounts';
import { createDataSource } from '@arrears/db';
import { toGlobalId } from '@arrears/graphql';
import { withTenant } from '@arrears/tenancy';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';
import { createGateway } from './app.js';

let t: TestGateway;
let app: DataSource;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
const tokens: Record<string, string> = {};
const acc = (id: string) => toGlobalId('Account', id);
const user = (id: string) => toGlobalId('User', id);
const client = (id: string) => toGlobalId('Client', id);
const today = localDate('Asia/Shanghai');
const minusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

const ONE = `query($id: ID!) { account(id: $id) { bankRef daysPastDue bucket writtenOff
  bucketHistory { fromBucket toBucket daysPastDue changedOn cause } } }`;

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 8, prefix: 'A' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 5, prefix: 'B' });
  app = createDataSource({ url: t.db.appUrl, poolSize: 2 });
  await app.initialize();
  Object.assign(
    tokens,
    await t.loginEach({
      bankA: 'bank-a@demo-bank-a.test',
      bankB: 'bank-b@demo-bank-b.test',
      supervisor: 'supervisor@demo-agency.test',
      collector: 'collector@demo-agency.test',
      collector2: 'collector2@demo-agency.test',
      admin: 'admin@demo-agency.test',
    }),
  );
});

afterAll(async () => {
  await app?.destroy();
  await t?.close();
});

describe('aging: bands from policy, day 1, cures both ways, write-off', () => {
  it('has no date to back- or future-date aging, and ages as of the bank’s today from day 1', async () => {
    const dated = await t.gql(`mutation { recomputeAging(asOf: "2030-01-01") { accountsAged } }`, {}, tokens.supervisor);
    expect(dated.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // A delinquency that starts today is day 1, in M1 (not M0).
    await t.ownerQuery(`update account set delinquent_since = $2 where id = $1`, [bankA.accountIds[0], today]);
    const r = await t.gql(`mutation { recomputeAging { accountsAged bucketChanges } }`, {}, tokens.supervisor);
    expect(r.data!.recomputeAging.accountsAged).toBe(13);
    const one = await t.gql(ONE, { id: acc(bankA.accountIds[0]) }, tokens.supervisor);
    expect(one.data!.account).toMatchObject({ daysPastDue: 1, bucket: 'M1' });
    const [row] = await t.ownerQuery(`select aged_on::text, dpd from account where id = $1`, [bankA.accountIds[1]]);
    expect(row.aged_on).toBe(today);
    expect(row.dpd).toBe(daysPastDue('2026-09-22', today));
  });

  it('bands by the client’s bucket_bands policy: the US preset puts 30 days past due in the "30" band', async () => {
    const bands = await t.gql(`{ policyKinds { kind presets { name } } }`, {}, tokens.admin);
    expect(bands.data!.policyKinds.find((k: any) => k.kind === 'bucket_bands').presets.map((p: any) => p.name)).toEqual(['china_30_day', 'us_30_60_90']);
    const presetBody = (await t.gql(`{ policyKinds { kind presets { name body } } }`, {}, tokens.admin)).data!.policyKinds.find((k: any) => k.kind === 'bucket_bands').presets[1].body;
    const set = await t.gql(
      `mutation($input: SetClientPolicyInput!) { setClientPolicy(input: $input) { __typename ... on ClientPolicy { version } } }`,
      { input: { clientId: client(t.tenants.bankBId), kind: 'bucket_bands', preset: 'us_30_60_90', body: presetBody } },
      tokens.admin,
    );
    expect(set.data!.setClientPolicy).toEqual({ __typename: 'ClientPolicy', version: 1 });
    // 30 days past due today at both banks.
    const since = minusDays(today, 29);
    await t.ownerQuery(`update account set delinquent_since = $2 where id = any($1::uuid[])`, [[bankA.accountIds[1], bankB.accountIds[1]], since]);
    await t.gql(`mutation { recomputeAging { accountsAged } }`, {}, tokens.supervisor);
    const a = await t.gql(ONE, { id: acc(bankA.accountIds[1]) }, tokens.supervisor);
    const b = await t.gql(ONE, { id: acc(bankB.accountIds[1]) }, tokens.supervisor);
    expect(a.data!.account).toMatchObject({ daysPastDue: 30, bucket: 'M1' });
    expect(b.data!.account).toMatchObject({ daysPastDue: 30, bucket: 'M2' });
    const [h] = await t.ownerQuery(`select bands_version, cause from bucket_history where account_id = $1 order by id desc limit 1`, [bankB.accountIds[1]]);
    expect(h).toEqual({ bands_version: 1, cause: 'aging' });
  });

  it('cures an account when nothing is overdue any more (the rule payments call), with history both ways', async () => {
    const id = bankA.accountIds[2]; // delinquent 70 days before 2026-11-01: M3 or later by now
    const before = (await t.gql(ONE, { id: acc(id) }, tokens.supervisor)).data!.account;
    expect(before.bucket).not.toBe('M0');
    await t.ownerQuery(`update account set overdue_amount = 0 where id = $1`, [id]);
    const cured = await withTenant(app, { userId: t.tenants.users.supervisor, agencyId: t.tenants.demoAgencyId }, (m) => applyAgingAfterBalanceChange(m, [id]));
    expect(cured).toEqual({ accountsAged: 1, bucketChanges: 1 });
    // It falls behind again: a new delinquency 31 days ago rolls it forward to M2 (not back to where it was).
    await t.ownerQuery(`update account set overdue_amount = 500, delinquent_since = $2 where id = $1`, [id, minusDays(today, 30)]);
    await withTenant(app, { userId: t.tenants.users.supervisor, agencyId: t.tenants.demoAgencyId }, (m) => applyAgingAfterBalanceChange(m, [id], { [t.tenants.bankAId]: today }));
    const after = (await t.gql(ONE, { id: acc(id) }, tokens.supervisor)).data!.account;
    expect(after).toMatchObject({ daysPastDue: 31, bucket: 'M2' });
    expect(after.bucketHistory.slice(0, 2)).toEqual([
      { fromBucket: 'M0', toBucket: 'M2', daysPastDue: 31, changedOn: today, cause: 'balance_change' },
      { fromBucket: before.bucket, toBucket: 'M0', daysPastDue: 0, changedOn: today, cause: 'cure' },
    ]);
  });

  it('calls an account written off only when the bank gave a charge-off date, not for being M6+', async () => {
    const m6plus = bankA.accountIds[7]; // 220 days before 2026-11-01
    const r = await t.gql(ONE, { id: acc(m6plus) }, tokens.supervisor);
    expect(r.data!.account).toMatchObject({ bucket: 'M6_PLUS', writtenOff: false });
    await t.ownerQuery(`update account set charge_off_date = '2026-06-30' where id = $1`, [bankA.accountIds[3]]);
    const w = await t.gql(ONE, { id: acc(bankA.accountIds[3]) }, tokens.supervisor);
    expect(w.data!.account.writtenOff).toBe(true);
    expect(bucketFor(w.data!.account.daysPastDue)).toBe(w.data!.account.bucket.replace('_PLUS', '+'));
  });
});

describe('queue priority from policy', () => {
  it('explains the score with the weights used, and an unassigned account shows the sum of its factors, not 0', async () => {
    const q = `query($id: ID!) { account(id: $id) { assignedCollector { id } priority { score weightsPreset weightsVersion factors { factor points weight } } } }`;
    const r = await t.gql(q, { id: acc(bankB.accountIds[4]) }, tokens.supervisor);
    const p = r.data!.account.priority;
    expect(r.data!.account.assignedCollector).toBeNull();
    expect(p.weightsPreset).toBe('fresh_first');
    expect(p.weightsVersion).toBe(0);
    expect(p.score).toBeGreaterThan(0);
    expect(p.score).toBeCloseTo(p.factors.reduce((s: number, f: any) => s + f.points, 0), 2);
    expect(p.factors.find((f: any) => f.factor === 'fresh_engaged').weight).toBe(25);
  });

  it("scores each account of a work queue under its own bank's weights, as the account itself is scored", async () => {
    const presets = (await t.gql(`{ policyKinds { kind presets { name body } } }`, {}, tokens.admin)).data!.policyKinds.find((k: any) => k.kind === 'queue_weights').presets;
    const set = await t.gql(
      `mutation($input: SetClientPolicyInput!) { setClientPolicy(input: $input) { __typename ... on ClientPolicy { version } } }`,
      { input: { clientId: client(t.tenants.bankAId), kind: 'queue_weights', preset: 'balance_first', body: presets.find((p: any) => p.name === 'balance_first').body } },
      tokens.admin,
    );
    expect(set.data!.setClientPolicy).toEqual({ __typename: 'ClientPolicy', version: 1 });
    const queued = [bankA.accountIds[0], bankB.accountIds[0]];
    await t.ownerQuery(`update account set assigned_collector_id = $2 where id = any($1::uuid[])`, [queued, t.tenants.users.collector]);
    try {
      const priority = 'priority { score weightsPreset weightsVersion factors { factor points weight detail } }';
      // With the contact gate (inside contact hours on the test clock), whose policies come in the weights' statement, and without it.
      for (const includeBlocked of [false, true]) {
        const res = await t.fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.collector}`, 'x-arrears-test-now': '2026-12-01T03:00:00Z' },
          body: JSON.stringify({ query: `{ myQueue(first: 50, includeBlocked: ${includeBlocked}) { edges { node { id ${priority} } } } }` }),
        });
        const edges = ((await res.json()) as any).data.myQueue.edges;
        const byId = new Map(edges.map((e: any) => [e.node.id, e.node.priority]));
        expect(byId.get(acc(queued[0]))).toMatchObject({ weightsPreset: 'balance_first', weightsVersion: 1 });
        expect(byId.get(acc(queued[1]))).toMatchObject({ weightsPreset: 'fresh_first', weightsVersion: 0 });
        for (const id of queued) {
          const own = await t.gql(`query($id: ID!) { account(id: $id) { ${priority} } }`, { id: acc(id) }, tokens.collector);
          expect(byId.get(acc(id))).toEqual(own.data!.account.priority);
        }
      }
    } finally {
      await t.ownerQuery(`update account set assigned_collector_id = null where id = any($1::uuid[])`, [queued]);
    }
  });
});

describe('collectors see only their own book', () => {
  const LIST = `query($filter: AccountFilter) { accounts(first: 50, filter: $filter) { totalCount edges { node { bankRef } } } }`;

  it('shows a collector only the accounts assigned to them or their team; supervisors see all', async () => {
    const assign = `mutation($input: AssignAccountsInput!) { assignAccounts(input: $input) { __typename ... on AssignmentSummary { assigned } } }`;
    await t.gql(assign, { input: { accountIds: bankA.accountIds.slice(0, 3).map(acc), collectorId: user(t.tenants.users.collector) } }, tokens.supervisor);
    await t.gql(assign, { input: { accountIds: bankA.accountIds.slice(3, 5).map(acc), collectorId: user(t.tenants.users.collector2) } }, tokens.supervisor);
    const mine = await t.gql(LIST, {}, tokens.collector);
    expect(mine.data!.accounts.edges.map((e: any) => e.node.bankRef).sort()).toEqual(['A-1', 'A-2', 'A-3']);
    const other = await t.gql(`query($id: ID!) { account(id: $id) { id } node(id: $id) { id } }`, { id: acc(bankA.accountIds[4]) }, tokens.collector);
    expect(other.data).toEqual({ account: null, node: null });
    expect((await t.gql(LIST, {}, tokens.supervisor)).data!.accounts.totalCount).toBe(13);
    // A team's accounts are the team's: both members see them.
    const team = await t.gql(`mutation($m: [ID!]!) { createTeam(name: "晚班", memberIds: $m) { id } }`, { m: [user(t.tenants.users.collector), user(t.tenants.users.collector2)] }, tokens.supervisor);
    await t.gql(assign, { input: { accountIds: [acc(bankB.accountIds[0]), acc(bankB.accountIds[1])], teamId: team.data!.createTeam.id } }, tokens.supervisor);
    const c1 = await t.gql(LIST, { filter: { clientId: client(t.tenants.bankBId) } }, tokens.collector);
    expect(c1.data!.accounts.edges.map((e: any) => e.node.bankRef).sort()).toEqual(['B-1', 'B-2']);
    // The rows exist for the owner: RLS, not an empty table, hid them.
    expect((await t.ownerQuery(`select count(*)::int as n from account where client_id = $1 and assigned_collector_id is null`, [t.tenants.bankAId]))[0].n).toBe(3);
  });

  it('lets a collector find whose account an inbound caller has, and nothing more', async () => {
    const q = `query($phone: String, $bankRef: String) { inboundLookup(phone: $phone, bankRef: $bankRef) { accountId bankRef debtorNameMasked status client { name } assignedCollector { email } } }`;
    const byPhone = await t.gql(q, { phone: '+86 138-0000-0005' }, tokens.collector);
    expect(byPhone.data!.inboundLookup).toEqual([
      { accountId: acc(bankA.accountIds[4]), bankRef: 'A-5', debtorNameMasked: '客**', status: 'active', client: { name: 'Demo Bank A' }, assignedCollector: { email: 'collector2@demo-agency.test' } },
      { accountId: acc(bankB.accountIds[4]), bankRef: 'B-5', debtorNameMasked: '客**', status: 'active', client: { name: 'Demo Bank B' }, assignedCollector: null },
    ]);
    // The account itself stays closed to them.
    expect((await t.gql(`query($id: ID!) { account(id: $id) { id } }`, { id: byPhone.data!.inboundLookup[0].accountId }, tokens.collector)).data!.account).toBeNull();
    // A bank user cannot use it; another bank's reference is not found by a bank-scoped collector.
    expect((await t.gql(q, { bankRef: 'A-5' }, tokens.bankA)).code).toBe('FORBIDDEN');
    await t.ownerQuery('delete from user_client_scope where user_id = $1 and client_id = $2', [t.tenants.users.collector, t.tenants.bankBId]);
    expect((await t.gql(q, { bankRef: 'B-5' }, tokens.collector)).data!.inboundLookup).toEqual([]);
    await t.ownerQuery('insert into user_client_scope (agency_id, client_id, user_id) values ($1, $2, $3)', [t.tenants.demoAgencyId, t.tenants.bankBId, t.tenants.users.collector]);
  });

  it('puts a disabled collector’s accounts back in the unassigned pool at once, with history', async () => {
    const r = await t.gql(`mutation($id: ID!) { disableUser(userId: $id) { __typename } }`, { id: user(t.tenants.users.collector2) }, tokens.admin);
    expect(r.data!.disableUser.__typename).toBe('User');
    const rows = await t.ownerQuery(`select assigned_collector_id, assigned_team_id from account where id = any($1::uuid[])`, [bankA.accountIds.slice(3, 5)]);
    expect(rows).toEqual([
      { assigned_collector_id: null, assigned_team_id: null },
      { assigned_collector_id: null, assigned_team_id: null },
    ]);
    const h = await t.gql(`query($id: ID!) { account(id: $id) { assignmentHistory { rule collector { id } assignedBy { email } } } }`, { id: acc(bankA.accountIds[3]) }, tokens.supervisor);
    expect(h.data!.account.assignmentHistory[0]).toEqual({ rule: 'collector_disabled', collector: null, assignedBy: { email: 'admin@demo-agency.test' } });
  });
});

describe('search', () => {
  const LIST = `query($filter: AccountFilter) { accounts(first: 50, filter: $filter) { edges { node { bankRef } } } }`;
  const refs = (r: any) => r.data!.accounts.edges.map((e: any) => e.node.bankRef).sort();

  it('finds by name prefix, bank reference prefix, card last four and phone', async () => {
    await t.ownerQuery(`update debtor set full_name = '王小明' where client_id = $1 and identity_hash = 'A-6'`, [t.tenants.bankAId]);
    await t.ownerQuery(`update debtor set full_name = '王小红' where client_id = $1 and identity_hash = 'A-7'`, [t.tenants.bankAId]);
    await t.ownerQuery(`update debtor set full_name = '王大' where client_id = $1 and identity_hash = 'A-8'`, [t.tenants.bankAId]);
    expect(refs(await t.gql(LIST, { filter: { search: '王小' } }, tokens.supervisor))).toEqual(['A-6', 'A-7']);
    expect(refs(await t.gql(LIST, { filter: { search: 'B-' } }, tokens.supervisor))).toEqual(['B-1', 'B-2', 'B-3', 'B-4', 'B-5']);
    expect(refs(await t.gql(LIST, { filter: { search: '0007' } }, tokens.supervisor))).toEqual(['A-7']);
    expect(refs(await t.gql(LIST, { filter: { search: '138 0000 0002' } }, tokens.supervisor))).toEqual(['A-2', 'B-2']);
    // Under RLS: a bank sees its own matches only, a collector only their book.
    expect(refs(await t.gql(LIST, { filter: { search: '138 0000 0002' } }, tokens.bankB))).toEqual(['B-2']);
    expect(refs(await t.gql(LIST, { filter: { search: '客户', clientId: client(t.tenants.bankAId) } }, tokens.collector))).toEqual(['A-1', 'A-2', 'A-3']);
  });
});

describe('placement episodes and expiry', () => {
  it('reports liquidation by the bucket at placement from the episodes payments credit', async () => {
    const [ep] = await t.ownerQuery(`select bucket_at_placement, balance_at_placement::text from placement_episode where account_id = $1`, [bankA.accountIds[0]]);
    expect(ep).toEqual({ bucket_at_placement: 'M1', balance_at_placement: '1000.00' });
    const credited = await withTenant(app, { userId: t.tenants.users.supervisor, agencyId: t.tenants.demoAgencyId }, (m) =>
      creditPlacementEpisode(m, { accountId: bankA.accountIds[0], placementId: bankA.placementId, amount: '250.00' }),
    );
    expect(credited).toBe(true);
    const q = `query($c: ID!) { portfolioSummary(clientId: $c) { byBucketAtPlacement { key accounts placed { amount } collected { amount } liquidationRate } } }`;
    const r = await t.gql(q, { c: client(t.tenants.bankAId) }, tokens.bankA);
    expect(r.data!.portfolioSummary.byBucketAtPlacement[0]).toEqual({ key: 'M1', accounts: 1, placed: { amount: '1000.00' }, collected: { amount: '250.00' }, liquidationRate: '0.2500' });
    const theirs = await withTenant(app, { userId: t.tenants.users.bankB, agencyId: t.tenants.demoAgencyId }, (m) =>
      creditPlacementEpisode(m, { accountId: bankA.accountIds[0], placementId: bankA.placementId, amount: '1.00' }),
    );
    expect(theirs).toBe(false);
  });

  it('lists placements expiring soon, lets the bank approve an extension (留案), and returns an expired one with its return file', async () => {
    const pa = toGlobalId('Placement', bankA.placementId);
    const pb = toGlobalId('Placement', bankB.placementId);
    const setExpiry = `mutation($p: ID!, $d: LocalDate!) { setPlacementExpiry(placementId: $p, expiresOn: $d) { expiresOn } }`;
    expect((await t.gql(setExpiry, { p: pa, d: minusDays(today, -5) }, tokens.bankA)).data!.setPlacementExpiry.expiresOn).toBe(minusDays(today, -5));
    expect((await t.gql(setExpiry, { p: pa, d: today }, tokens.bankB)).code).toBe('NOT_FOUND');
    await t.gql(setExpiry, { p: pb, d: minusDays(today, 1) }, tokens.supervisor);

    const soon = await t.gql(`{ expiringPlacements(withinDays: 7) { id daysToExpiry } }`, {}, tokens.supervisor);
    expect(soon.data!.expiringPlacements).toEqual([
      { id: pb, daysToExpiry: -1 },
      { id: pa, daysToExpiry: 5 },
    ]);

    const request = `mutation($input: RequestExtensionInput!) { requestPlacementExtension(input: $input) {
      __typename ... on PlacementExtension { id status } ... on Refused { code params { name value } } } }`;
    const early = await t.gql(request, { input: { placementId: pa, until: minusDays(today, -3), reason: '还款计划执行中' } }, tokens.supervisor);
    expect(early.data!.requestPlacementExtension).toEqual({ __typename: 'Refused', code: 'EXTENSION_NOT_LATER', params: [{ name: 'expiresOn', value: minusDays(today, -5) }] });
    const ok = await t.gql(request, { input: { placementId: pa, until: minusDays(today, -35), reason: '还款计划执行中' } }, tokens.supervisor);
    expect(ok.data!.requestPlacementExtension.status).toBe('requested');
    const extId = ok.data!.requestPlacementExtension.id;

    const decide = `mutation($id: ID!, $a: Boolean!) { decidePlacementExtension(id: $id, approve: $a) { __typename ... on PlacementExtension { status } ... on Refused { code } } }`;
    expect((await t.gql(decide, { id: extId, a: true }, tokens.supervisor)).code).toBe('FORBIDDEN');
    expect((await t.gql(decide, { id: extId, a: true }, tokens.bankB)).code).toBe('NOT_FOUND');
    const approved = await t.gql(decide, { id: extId, a: true }, tokens.bankA);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.decidePlacementExtension).toEqual({ __typename: 'PlacementExtension', status: 'approved' });
    const moved = await t.gql(`query($id: ID!) { node(id: $id) { ... on Placement { expiresOn extensions { status } } } }`, { id: pa }, tokens.bankA);
    expect(moved.data!.node).toEqual({ expiresOn: minusDays(today, -35), extensions: [{ status: 'approved' }] });

    const returned = await t.gql(`mutation { returnExpiredPlacements { placements accounts } }`, {}, tokens.supervisor);
    expect(returned.data!.returnExpiredPlacements).toEqual({ placements: 1, accounts: 5 });
    const rows = await t.ownerQuery(`select count(*) filter (where status = 'returned' and assigned_collector_id is null and assigned_team_id is null)::int as n from account where placement_id = $1`, [bankB.placementId]);
    expect(rows[0].n).toBe(5);
    const ended = await t.ownerQuery(`select count(*)::int as n from placement_episode where placement_id = $1 and end_reason = 'returned'`, [bankB.placementId]);
    expect(ended[0].n).toBe(5);

    const file = await t.fetch(`/api/placements/${pb}/return-file?format=csv&lang=zh-CN`, { headers: { authorization: `Bearer ${tokens.bankB}` } });
    expect(file.status).toBe(200);
    const bytes = Buffer.from(await file.arrayBuffer());
    // A UTF-8 byte-order mark, so Excel reads the Chinese text.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\n')[0]).toBe('银行账号,姓名,卡号后四位,币种,委案金额,当前欠款,已回款,状态,退案日期,原因');
    expect(text).toContain('B-1,');
    expect(text).toContain('到期退案');
    const foreign = await t.fetch(`/api/placements/${pb}/return-file`, { headers: { authorization: `Bearer ${tokens.bankA}` } });
    expect(foreign.status).toBe(404);
    const xlsx = await t.fetch(`/api/placements/${pb}/return-file?format=xlsx&lang=en`, { headers: { authorization: `Bearer ${tokens.bankB}` } });
    expect(xlsx.status).toBe(200);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('PIPL purge of departed accounts', () => {
  it('erases the personal data of accounts returned long ago, keeps the collection record, and reports it', async () => {
    // Bank B's placement was returned above; pretend it was 400 days ago. One of bank A's accounts is
    // recalled recently: it must stay untouched.
    await t.ownerQuery(`update account set returned_at = now() - interval '400 days' where placement_id = $1`, [bankB.placementId]);
    await t.ownerQuery(`update account set status = 'recalled', recalled_at = now() - interval '10 days' where id = $1`, [bankA.accountIds[5]]);
    const before = await t.ownerQuery<{ n: number }>(`select count(*)::int as n from debtor_phone where client_id = $1`, [t.tenants.bankBId]);
    expect(before[0].n).toBe(5);
    const owner = createDataSource({ url: t.db.ownerUrl, poolSize: 1 });
    await owner.initialize();
    try {
      const report = await owner.transaction((m) => purgeDepartedAccounts(m, 365));
      expect(report).toMatchObject({ accounts: 5, debtors: 5, phones: 5, contacts: 5, byClient: [{ clientId: t.tenants.bankBId, accounts: 5 }] });
      // Idempotent: nothing left to purge.
      expect(await owner.transaction((m) => purgeDepartedAccounts(m, 365))).toMatchObject({ accounts: 0, debtors: 0 });
    } finally {
      await owner.destroy();
    }
    const debtors = await t.ownerQuery(`select distinct full_name, national_id_masked, phones, addresses, employer from debtor where client_id = $1`, [t.tenants.bankBId]);
    expect(debtors).toEqual([{ full_name: '已清除', national_id_masked: null, phones: [], addresses: [], employer: null }]);
    expect((await t.ownerQuery(`select count(*)::int as n from debtor_phone where client_id = $1`, [t.tenants.bankBId]))[0].n).toBe(0);
    expect((await t.ownerQuery(`select count(*)::int as n from debtor_contact where client_id = $1`, [t.tenants.bankBId]))[0].n).toBe(0);
    // The collection record stays: accounts, amounts, history, episodes.
    const kept = await t.ownerQuery(`select count(*)::int as n, sum(placed_amount)::text as placed from account where client_id = $1 and purged_at is not null`, [t.tenants.bankBId]);
    expect(kept[0]).toEqual({ n: 5, placed: '6000.00' });
    expect((await t.ownerQuery(`select count(*)::int as n from bucket_history where client_id = $1`, [t.tenants.bankBId]))[0].n).toBeGreaterThan(0);
    // The recently recalled account of bank A keeps its debtor's data.
    const a6 = await t.ownerQuery(`select d.full_name from account a join debtor d on d.id = a.debtor_id where a.id = $1`, [bankA.accountIds[5]]);
    expect(a6[0].full_name).toBe('王小明'); // renamed by the search spec above
  });
});

describe('bank portal export', () => {
  it("exports a bank's accounts placed within a date range, and nothing of another bank", async () => {
    const url = (c: string, from: string, to: string) => `/api/accounts/export?clientId=${encodeURIComponent(client(c))}&from=${from}&to=${to}&lang=en`;
    const inRange = await t.fetch(url(t.tenants.bankAId, '2026-09-01', '2026-10-31'), { headers: { authorization: `Bearer ${tokens.bankA}` } });
    expect(inRange.status).toBe(200);
    const lines = Buffer.from(await inRange.arrayBuffer()).subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('Bank reference,Name,Card last four,Currency,Placed amount,Balance,Collected,Status,Returned on,Reason');
    expect(lines).toHaveLength(1 + 8); // the fixture placed 8 accounts on 2026-10-01
    const outOfRange = await t.fetch(url(t.tenants.bankAId, '2026-11-01', '2026-11-30'), { headers: { authorization: `Bearer ${tokens.bankA}` } });
    expect(Buffer.from(await outOfRange.arrayBuffer()).subarray(3).toString('utf8').trim().split('\n')).toHaveLength(1);
    const foreign = await t.fetch(url(t.tenants.bankBId, '2026-09-01', '2026-10-31'), { headers: { authorization: `Bearer ${tokens.bankA}` } });
    expect(foreign.status).toBe(404);
    const bad = await t.fetch(url(t.tenants.bankAId, '2026-10-31', '2026-09-01'), { headers: { authorization: `Bearer ${tokens.bankA}` } });
    expect(bad.status).toBe(400);
  });
});

describe('queries the admin screens send', () => {
  // As Apollo Client sends them (with __typename at every level).
  it('fits the team screen and the expiring placements screen within the query limits', async () => {
    const teams = await t.gql(`query TeamsWithMembers { teams(first: 50) { __typename edges { __typename node { __typename id name members { __typename id displayName } } } } }`, {}, tokens.supervisor);
    expect(teams.errors).toBeUndefined();
    const expiring = await t.gql(
      `query ExpiringPlacements($withinDays: Int) { expiringPlacements(withinDays: $withinDays) { id name expiresOn daysToExpiry activeAccountCount client { id name } extensions { id requestedUntil reason status } } }`,
      { withinDays: 30 },
      tokens.bankA,
    );
    expect(expiring.errors).toBeUndefined();
  });
});

describe('request log', () => {
  it('records a GraphQL call with the path /graphql, not /', async () => {
    const lines: Array<{ msg?: string; path?: string }> = [];
    const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const gw = await createGateway(t.config, app, logger);
    const server = http.createServer(gw.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(res.status).toBe(200);
      await expect.poll(() => lines.filter((l) => l.msg === 'request').map((l) => l.path)).toEqual(['/graphql']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await gw.stop();
    }
  });
});
