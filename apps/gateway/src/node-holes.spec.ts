import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// node(id) dispatches on a type name that comes from the client: it must never reach anything but
// the resolvers of our own types, and each type keeps the role rules of its own query.

let gw: TestGateway;
let tokens: Record<'admin' | 'supervisor' | 'collector' | 'bankA' | 'lawyer', string>;
let teamId: string;

beforeAll(async () => {
  gw = await startTestGateway(inject('pgAdminUrl'));
  tokens = await gw.loginEach({
    admin: 'admin@demo-agency.test',
    supervisor: 'supervisor@demo-agency.test',
    collector: 'collector@demo-agency.test',
    bankA: 'bank-a@demo-bank-a.test',
    lawyer: 'lawyer@demo-lawfirm.test',
  });
  const r = await gw.gql(`mutation($m: [ID!]!) { createTeam(name: "Night shift", memberIds: $m) { id } }`, { m: [toGlobalId('User', gw.tenants.users.collector)] }, tokens.admin);
  teamId = r.data!.createTeam.id;
});
afterAll(async () => {
  await gw?.close();
});

const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;
const someUuid = '7e57da7a-0000-4000-8000-00000000beef';

describe('node(id) with a type we do not have', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'NoSuchType'])('%s is NOT_FOUND, not a 500', async (type) => {
    const r = await gw.gql(NODE, { id: toGlobalId(type, someUuid) }, tokens.admin);
    expect(r.status).toBe(200);
    expect(r.code).toBe('NOT_FOUND');
    expect(r.data).toEqual({ node: null });
  });

  it('a malformed id is NOT_FOUND too; a known type with a missing id stays null', async () => {
    expect((await gw.gql(NODE, { id: 'not-an-id' }, tokens.admin)).code).toBe('NOT_FOUND');
    const missing = await gw.gql(NODE, { id: toGlobalId('Client', someUuid) }, tokens.admin);
    expect(missing.errors).toBeUndefined();
    expect(missing.data).toEqual({ node: null });
  });
});

describe('node(Team) follows the role rules of `teams`', () => {
  it('agency admins and supervisors resolve it', async () => {
    for (const who of ['admin', 'supervisor'] as const) {
      const r = await gw.gql(NODE, { id: teamId }, tokens[who]);
      expect(r.data).toEqual({ node: { __typename: 'Team', id: teamId } });
    }
  });

  it('collectors, bank users and lawyers get null, like a missing team (and `teams` is FORBIDDEN to them)', async () => {
    for (const who of ['collector', 'bankA', 'lawyer'] as const) {
      const r = await gw.gql(NODE, { id: teamId }, tokens[who]);
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ node: null });
      expect((await gw.gql(`{ teams { totalCount } }`, {}, tokens[who])).code).toBe('FORBIDDEN');
    }
  });
});
