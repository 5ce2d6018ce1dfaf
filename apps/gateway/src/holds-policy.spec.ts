import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { toGlobalId } from '@arrears/graphql';
import { definePolicyKind, tighten } from '@arrears/platform';
import { insertAccounts, type FixtureAccounts } from './account-fixtures.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// A kind registered by this spec, as a domain registers its own at start-up.
definePolicyKind({
  kind: 'spec_limits',
  description: 'Limits used by this spec',
  schema: z.object({ callsPerDay: z.number().int().min(0) }),
  presets: { cn: { callsPerDay: 3 } },
  defaultPreset: 'cn',
  loosenings: (p, b) => tighten.max('callsPerDay', p.callsPerDay, b.callsPerDay),
});

let t: TestGateway;
let bankA: FixtureAccounts;
let bankB: FixtureAccounts;
let tokens: Record<string, string>;
const acc = (id: string) => toGlobalId('Account', id);
const client = (id: string) => toGlobalId('Client', id);

const QUEUE = `{ myQueue(first: 50) { totalCount edges { node { id } } } }`;
/** The queue lists only accounts contactable now: ask at 10:00 on a Tuesday in Shanghai. */
const IN_HOURS = { now: '2026-12-01T02:00:00Z' };
const PLACE = `mutation($input: PlaceHoldInput!) { placeHold(input: $input) { id reason note liftedAt } }`;
const HOLDS = `query($id: ID!) { account(id: $id) { id holds { id reason } } }`;
const SET_POLICY = `mutation($input: SetClientPolicyInput!) { setClientPolicy(input: $input) {
  __typename ... on ClientPolicy { version preset body } ... on PolicyRejected { code violations { rule message } } } }`;

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  bankA = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankAId, n: 3, prefix: 'A' });
  bankB = await insertAccounts(t.owner, { agencyId: t.tenants.demoAgencyId, clientId: t.tenants.bankBId, n: 2, prefix: 'B' });
  await t.ownerQuery(`update account set assigned_collector_id = $1 where id = any($2::uuid[])`, [t.tenants.users.collector, [...bankA.accountIds, ...bankB.accountIds]]);
  tokens = await t.loginEach({
    collector: 'collector@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    admin: 'admin@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    bankB: 'bank-b@demo-bank-b.test',
    rival: 'admin@rival-recovery.test',
  });
});

afterAll(async () => {
  await t?.close();
});

describe('holds', () => {
  it('takes a held account out of the queue and returns it when the last hold is lifted', async () => {
    const held = acc(bankA.accountIds[0]);
    expect((await t.gql(QUEUE, {}, tokens.collector, IN_HOURS)).data!.myQueue.totalCount).toBe(5);

    const first = await t.gql(PLACE, { input: { accountId: held, reason: 'HARDSHIP', note: 'lost job' } }, tokens.collector);
    const second = await t.gql(PLACE, { input: { accountId: held, reason: 'DISPUTE' } }, tokens.collector);
    expect(first.data!.placeHold).toMatchObject({ reason: 'HARDSHIP', note: 'lost job', liftedAt: null });

    const queue = await t.gql(QUEUE, {}, tokens.collector, IN_HOURS);
    expect(queue.data!.myQueue.totalCount).toBe(4);
    expect(queue.data!.myQueue.edges.map((e: any) => e.node.id)).not.toContain(held);
    expect((await t.gql(HOLDS, { id: held }, tokens.bankA)).data!.account.holds.map((h: any) => h.reason)).toEqual(['HARDSHIP', 'DISPUTE']);

    const lift = `mutation($id: ID!) { liftHold(holdId: $id) { liftedAt } }`;
    await t.gql(lift, { id: first.data!.placeHold.id }, tokens.supervisor);
    expect((await t.gql(QUEUE, {}, tokens.collector, IN_HOURS)).data!.myQueue.totalCount).toBe(4); // the dispute still holds it
    const lifted = await t.gql(lift, { id: second.data!.placeHold.id }, tokens.supervisor);
    expect(lifted.errors).toBeUndefined();
    expect(lifted.data!.liftHold.liftedAt).toBeTruthy();
    expect((await t.gql(QUEUE, {}, tokens.collector, IN_HOURS)).data!.myQueue.totalCount).toBe(5);
  });

  it('treats another bank\'s account like a missing one, and leaves no row', async () => {
    const before = await t.ownerQuery('select count(*)::int as n from account_hold');
    for (const id of [acc(bankB.accountIds[0]), acc('00000000-0000-4000-8000-000000000000')]) {
      const r = await t.gql(PLACE, { input: { accountId: id, reason: 'HARDSHIP' } }, tokens.rival);
      expect(r.code).toBe('NOT_FOUND');
    }
    expect(await t.ownerQuery('select count(*)::int as n from account_hold')).toEqual(before);
    // Bank A's user cannot see Bank B's holds either.
    expect((await t.gql(HOLDS, { id: acc(bankB.accountIds[0]) }, tokens.bankA)).data!.account).toBeNull();
  });

  it('leaves complaint, plan and legal holds to their workflows', async () => {
    const r = await t.gql(PLACE, { input: { accountId: acc(bankA.accountIds[1]), reason: 'COMPLAINT' } }, tokens.supervisor);
    expect(r.code).toBe('BAD_USER_INPUT');
    expect((await t.gql(PLACE, { input: { accountId: acc(bankA.accountIds[1]), reason: 'HARDSHIP' } }, tokens.bankA)).code).toBe('FORBIDDEN');
  });
});

describe('per-client policy store', () => {
  it('answers the preset as version 0 until an admin stores a tighter version', async () => {
    const q = `query($c: ID!) { clientPolicy(clientId: $c, kind: "spec_limits") { version preset body } }`;
    expect((await t.gql(q, { c: client(t.tenants.bankAId) }, tokens.collector)).data!.clientPolicy).toEqual({ version: 0, preset: 'cn', body: { callsPerDay: 3 } });

    const ok = await t.gql(SET_POLICY, { input: { clientId: client(t.tenants.bankAId), kind: 'spec_limits', preset: 'cn', body: { callsPerDay: 2 }, note: 'contract §4' } }, tokens.admin);
    expect(ok.data!.setClientPolicy).toEqual({ __typename: 'ClientPolicy', version: 1, preset: 'cn', body: { callsPerDay: 2 } });
    expect((await t.gql(q, { c: client(t.tenants.bankAId) }, tokens.bankA)).data!.clientPolicy.version).toBe(1);
    // Bank B still works under the preset.
    expect((await t.gql(q, { c: client(t.tenants.bankBId) }, tokens.admin)).data!.clientPolicy.version).toBe(0);
  });

  it('refuses a looser version with the rule it breaks, storing nothing', async () => {
    const r = await t.gql(SET_POLICY, { input: { clientId: client(t.tenants.bankAId), kind: 'spec_limits', preset: 'cn', body: { callsPerDay: 5 } } }, tokens.admin);
    expect(r.data!.setClientPolicy).toMatchObject({ __typename: 'PolicyRejected', code: 'POLICY_LOOSER_THAN_PRESET', violations: [{ rule: 'callsPerDay' }] });
    const versions = await t.gql(`query($c: ID!) { clientPolicyVersions(clientId: $c, kind: "spec_limits") { version } }`, { c: client(t.tenants.bankAId) }, tokens.admin);
    expect(versions.data!.clientPolicyVersions).toEqual([{ version: 1 }]);
  });

  it('hides another agency\'s bank and lets only agency admins write', async () => {
    const foreign = await t.gql(SET_POLICY, { input: { clientId: client(t.tenants.bankAId), kind: 'spec_limits', preset: 'cn', body: { callsPerDay: 1 } } }, tokens.rival);
    expect(foreign.code).toBe('NOT_FOUND');
    const bankB = await t.gql(`query($c: ID!) { clientPolicy(clientId: $c, kind: "spec_limits") { version } }`, { c: client(t.tenants.bankAId) }, tokens.bankB);
    expect(bankB.code).toBe('NOT_FOUND');
    expect((await t.gql(SET_POLICY, { input: { clientId: client(t.tenants.bankAId), kind: 'spec_limits', preset: 'cn', body: { callsPerDay: 1 } } }, tokens.supervisor)).code).toBe('FORBIDDEN');
  });
});
