import 'reflect-metadata';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { seedDemo } from '@arrears/seed';
import { createTestDatabase } from '@arrears/testing';
import { startTestGateway, type GqlResponse, type TestGateway } from './test-gateway.js';

// Tenant isolation through the real API. For every role of every tenant: another tenant's id behaves
// exactly like an id that does not exist (null or NOT_FOUND, never FORBIDDEN), by id, by filter and
// through nested fields; and every denial is followed by proof, as the owner, that the rows exist and
// were not changed, so no test here can pass because the data simply is not there.

type Actor = 'bankA' | 'bankB' | 'collector' | 'supervisor' | 'admin' | 'rivalAdmin' | 'lawyer';
const ACTORS: Record<Actor, string> = {
  bankA: 'bank-a@demo-bank-a.test',
  bankB: 'bank-b@demo-bank-b.test',
  collector: 'collector@demo-agency.test',
  supervisor: 'supervisor@demo-agency.test',
  admin: 'admin@demo-agency.test',
  rivalAdmin: 'admin@rival-recovery.test',
  lawyer: 'lawyer@demo-lawfirm.test',
};
const ALL_ACTORS = Object.keys(ACTORS) as Actor[];

const MISSING_UUID = '7e57da7a-0000-4000-8000-00000000dead';

let gw: TestGateway;
const tokens = {} as Record<Actor, string>;
let ids: {
  client: Record<'bankA' | 'bankB' | 'rival', string>;
  user: Record<string, string>;
  agency: Record<'demo' | 'rival', string>;
};
/** What each actor may legitimately see (everything else is "another tenant" for it). */
let visible: Record<Actor, { clients: string[]; users: string[]; agencies: string[] }>;

beforeAll(async () => {
  gw = await startTestGateway(inject('pgAdminUrl'));
  const t = gw.tenants;
  // The collector works bank A only, so bank B is another tenant for it while both stay in its agency.
  await gw.ownerQuery('delete from user_client_scope where user_id = $1 and client_id = $2', [t.users.collector, t.bankBId]);
  for (const a of ALL_ACTORS) tokens[a] = await gw.login(ACTORS[a]);
  ids = {
    client: { bankA: toGlobalId('Client', t.bankAId), bankB: toGlobalId('Client', t.bankBId), rival: toGlobalId('Client', t.rivalBankId) },
    user: Object.fromEntries(Object.entries(t.users).map(([k, v]) => [k, toGlobalId('User', v)])),
    agency: { demo: toGlobalId('Agency', t.demoAgencyId), rival: toGlobalId('Agency', t.rivalAgencyId) },
  };
  const demoUsers = Object.keys(t.users).filter((k) => k !== 'platform' && k !== 'rivalAdmin');
  visible = {
    bankA: { clients: ['bankA'], users: ['bankA'], agencies: ['demo'] },
    bankB: { clients: ['bankB'], users: ['bankB'], agencies: ['demo'] },
    collector: { clients: ['bankA'], users: demoUsers, agencies: ['demo'] },
    supervisor: { clients: ['bankA', 'bankB'], users: demoUsers, agencies: ['demo'] },
    admin: { clients: ['bankA', 'bankB'], users: demoUsers, agencies: ['demo'] },
    rivalAdmin: { clients: ['rival'], users: ['rivalAdmin'], agencies: ['rival'] },
    lawyer: { clients: [], users: ['lawyer'], agencies: ['demo'] },
  };
});
afterAll(async () => {
  await gw?.close();
});

const foreignClients = (a: Actor) => (['bankA', 'bankB', 'rival'] as const).filter((c) => !visible[a].clients.includes(c));
const foreignUsers = (a: Actor) => Object.keys(ids.user).filter((u) => u !== 'platform' && !visible[a].users.includes(u));
const foreignAgencies = (a: Actor) => (['demo', 'rival'] as const).filter((g) => !visible[a].agencies.includes(g));

/** The part of a response a client could tell apart: data and each error's code, message and path. */
function shape(r: GqlResponse) {
  return { status: r.status, data: r.data ?? null, errors: (r.errors ?? []).map((e) => ({ code: e.extensions?.code, message: e.message, path: e.path })) };
}

/** Runs `probe` with a foreign id and with an id that does not exist; the answers must be identical. */
async function expectLikeMissing(actor: Actor, probe: (id: string) => Promise<GqlResponse>, foreignId: string, missingId: string, allowedToAsk: boolean) {
  const foreign = shape(await probe(foreignId));
  const missing = shape(await probe(missingId));
  expect(foreign, `${actor}: a foreign id must look exactly like a missing one`).toEqual(missing);
  if (allowedToAsk) {
    // Whoever may use the operation at all must get null or NOT_FOUND, never FORBIDDEN.
    const codes = foreign.errors.map((e) => e.code);
    expect(codes.every((c) => c === 'NOT_FOUND'), `${actor}: ${JSON.stringify(foreign)}`).toBe(true);
  }
  return foreign;
}

const missing = (type: string) => toGlobalId(type, MISSING_UUID);

describe('by id: node(id)', () => {
  const NODE = `query($id: ID!) { node(id: $id) { __typename id } }`;

  it.each(ALL_ACTORS)('%s reads no client, user or agency of another tenant', async (actor) => {
    const node = (id: string) => gw.gql(NODE, { id }, tokens[actor]);
    for (const c of foreignClients(actor)) {
      const r = await expectLikeMissing(actor, node, ids.client[c], missing('Client'), true);
      expect(r.data).toEqual({ node: null });
    }
    for (const u of foreignUsers(actor)) {
      const r = await expectLikeMissing(actor, node, ids.user[u], missing('User'), true);
      expect(r.data).toEqual({ node: null });
    }
    for (const g of foreignAgencies(actor)) {
      const r = await expectLikeMissing(actor, node, ids.agency[g], missing('Agency'), true);
      expect(r.data).toEqual({ node: null });
    }
    // Control: what the actor may see does resolve, so the nulls above are not a broken resolver.
    for (const c of visible[actor].clients) expect((await node(ids.client[c])).data!.node).toEqual({ __typename: 'Client', id: ids.client[c] });
    for (const u of visible[actor].users) expect((await node(ids.user[u])).data!.node).toEqual({ __typename: 'User', id: ids.user[u] });
  });

  it('the rows each actor was denied exist (owner)', async () => {
    const t = gw.tenants;
    const clients = await gw.ownerQuery('select id from client where id = any($1::uuid[])', [[t.bankAId, t.bankBId, t.rivalBankId]]);
    expect(clients).toHaveLength(3);
    const users = await gw.ownerQuery('select id from app_user where id = any($1::uuid[])', [Object.values(t.users)]);
    expect(users).toHaveLength(Object.keys(t.users).length);
    const agencies = await gw.ownerQuery('select id from agency where id = any($1::uuid[])', [[t.demoAgencyId, t.rivalAgencyId]]);
    expect(agencies).toHaveLength(2);
  });

  it('an id of one type reused as another type is not found either', async () => {
    const r = await gw.gql(NODE, { id: toGlobalId('Client', gw.tenants.users.admin) }, tokens.admin);
    expect(r.data).toEqual({ node: null });
  });
});

describe('by id: mutations naming another tenant’s rows', () => {
  const SET_SCOPE = `mutation($u: ID!, $c: [ID!]!) { setUserClientScope(userId: $u, clientIds: $c) { id } }`;
  const CHANGE_ROLE = `mutation($input: ChangeUserRoleInput!) { changeUserRole(input: $input) { id role } }`;
  const DISABLE = `mutation($u: ID!) { disableUser(userId: $u) { __typename ... on User { id disabled } } }`;
  const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
  let before: { users: unknown[]; scopes: unknown[] };
  let n = 0;

  beforeAll(async () => {
    before = {
      users: await gw.ownerQuery('select id, role, client_id, law_firm_id, disabled_at, updated_at from app_user order by id'),
      scopes: await gw.ownerQuery('select agency_id, client_id, user_id from user_client_scope order by user_id, client_id'),
    };
  });

  it.each(ALL_ACTORS)('%s cannot touch another tenant’s users or bind its own to another tenant’s bank', async (actor) => {
    const token = tokens[actor];
    const isAdmin = actor === 'admin' || actor === 'rivalAdmin';
    const ownCollector = actor === 'rivalAdmin' ? null : ids.user.collector2;

    for (const u of foreignUsers(actor)) {
      await expectLikeMissing(actor, (id) => gw.gql(SET_SCOPE, { u: id, c: [] }, token), ids.user[u], missing('User'), isAdmin);
      await expectLikeMissing(actor, (id) => gw.gql(CHANGE_ROLE, { input: { userId: id, role: 'COLLECTOR', clientIds: [] } }, token), ids.user[u], missing('User'), isAdmin);
      await expectLikeMissing(actor, (id) => gw.gql(DISABLE, { u: id }, token), ids.user[u], missing('User'), isAdmin);
    }
    for (const c of foreignClients(actor)) {
      const create = (clientId: string) =>
        gw.gql(CREATE, { input: { email: `probe-${actor}-${++n}@example.test`, displayName: 'Probe', password: 'probe-password-1', role: 'CLIENT_USER', clientIds: [clientId] } }, token);
      await expectLikeMissing(actor, create, ids.client[c], missing('Client'), isAdmin);
      const createStaff = (clientId: string) =>
        gw.gql(CREATE, { input: { email: `probe-${actor}-${++n}@example.test`, displayName: 'Probe', password: 'probe-password-1', role: 'COLLECTOR', clientIds: [ids.client.bankA, clientId] } }, token);
      if (actor !== 'rivalAdmin') await expectLikeMissing(actor, createStaff, ids.client[c], missing('Client'), isAdmin);
      if (ownCollector) {
        await expectLikeMissing(actor, (id) => gw.gql(SET_SCOPE, { u: ownCollector, c: [id] }, token), ids.client[c], missing('Client'), isAdmin);
        await expectLikeMissing(
          actor,
          (id) => gw.gql(CHANGE_ROLE, { input: { userId: ownCollector, role: 'CLIENT_USER', clientIds: [id] } }, token),
          ids.client[c],
          missing('Client'),
          isAdmin,
        );
      }
    }
  });

  it('nothing was changed or created by any of those attempts (owner)', async () => {
    const users = await gw.ownerQuery('select id, role, client_id, law_firm_id, disabled_at, updated_at from app_user order by id');
    const scopes = await gw.ownerQuery('select agency_id, client_id, user_id from user_client_scope order by user_id, client_id');
    expect(users).toEqual(before.users);
    expect(scopes).toEqual(before.scopes);
    expect(await gw.ownerQuery(`select email from app_user where email like 'probe-%'`)).toEqual([]);
  });

  it('the same mutations do work on the actor’s own rows (control)', async () => {
    const r = await gw.gql(SET_SCOPE, { u: ids.user.collector2, c: [ids.client.bankA] }, tokens.admin);
    expect(r.errors).toBeUndefined();
    const [row] = await gw.ownerQuery('select array_agg(client_id) as c from user_client_scope where user_id = $1', [gw.tenants.users.collector2]);
    expect(row.c).toEqual([gw.tenants.bankAId]);
    await gw.gql(SET_SCOPE, { u: ids.user.collector2, c: [ids.client.bankA, ids.client.bankB] }, tokens.admin);
  });
});

describe('by filter: lists never include another tenant’s rows', () => {
  const CLIENTS = `{ clients(first: 200) { totalCount edges { node { id code } } } }`;
  const USERS = `query($f: UserFilter) { users(first: 200, filter: $f) { totalCount edges { node { id email } } } }`;

  it.each(ALL_ACTORS)('%s lists exactly its own banks', async (actor) => {
    const r = await gw.gql(CLIENTS, {}, tokens[actor]);
    expect(r.errors).toBeUndefined();
    const got = r.data!.clients.edges.map((e: { node: { id: string } }) => e.node.id).sort();
    expect(got).toEqual(visible[actor].clients.map((c) => ids.client[c]).sort());
    expect(r.data!.clients.totalCount).toBe(visible[actor].clients.length);
  });

  it('the owner sees all three banks', async () => {
    expect(await gw.ownerQuery('select code from client order by code')).toEqual([{ code: 'BANK_A' }, { code: 'BANK_B' }, { code: 'RIVAL_BANK' }]);
  });

  it.each(['admin', 'supervisor', 'rivalAdmin'] as const)('%s finds no user of another agency, whatever the filter', async (actor) => {
    const own = actor === 'rivalAdmin' ? gw.tenants.rivalAgencyId : gw.tenants.demoAgencyId;
    const filters = [null, { search: 'rival' }, { search: 'demo' }, { search: '@' }, { role: 'AGENCY_ADMIN' }, { role: 'CLIENT_USER' }, { disabled: false }];
    for (const f of filters) {
      const r = await gw.gql(USERS, { f }, tokens[actor]);
      expect(r.errors, JSON.stringify(f)).toBeUndefined();
      const emails: string[] = r.data!.users.edges.map((e: { node: { email: string } }) => e.node.email);
      const rows = await gw.ownerQuery('select agency_id from app_user where email = any($1::text[])', [emails]);
      expect(rows.every((row) => row.agency_id === own), `${actor} ${JSON.stringify(f)}: ${emails}`).toBe(true);
      expect(r.data!.users.totalCount).toBe(emails.length);
    }
    // Proof that the filters above had foreign rows to find.
    const foreign = await gw.ownerQuery(`select count(*)::int as n from app_user where agency_id <> $1 and (email like '%rival%' or email like '%demo%')`, [own]);
    expect(foreign[0].n).toBeGreaterThan(0);
  });

  it.each(['bankA', 'bankB', 'collector', 'lawyer'] as const)('%s may not list users at all (a role rule, the same for every tenant)', async (actor) => {
    const r = await gw.gql(USERS, { f: { search: 'rival' } }, tokens[actor]);
    expect(r.code).toBe('FORBIDDEN');
    expect(r.data).toBeNull();
  });
});

describe('through nested fields: User.clients and Me.clients', () => {
  const USER_CLIENTS = `query($id: ID!) { node(id: $id) { ... on User { email clients { id code } } } }`;

  it('a collector of bank A sees the bank B user but not bank B through it', async () => {
    const r = await gw.gql(USER_CLIENTS, { id: ids.user.bankB }, tokens.collector);
    expect(r.errors).toBeUndefined();
    expect(r.data!.node).toEqual({ email: 'bank-b@demo-bank-b.test', clients: [] });
    const sup = await gw.gql(USER_CLIENTS, { id: ids.user.supervisor }, tokens.collector);
    expect(sup.data!.node.clients.map((c: { code: string }) => c.code)).toEqual(['BANK_A']);
    // Owner: the bank B user is bound to bank B, and the supervisor to both banks.
    const [u] = await gw.ownerQuery('select client_id from app_user where id = $1', [gw.tenants.users.bankB]);
    expect(u.client_id).toBe(gw.tenants.bankBId);
    const scope = await gw.ownerQuery('select client_id from user_client_scope where user_id = $1', [gw.tenants.users.supervisor]);
    expect(scope).toHaveLength(2);
  });

  it('an agency admin’s user list names no bank of another agency', async () => {
    for (const actor of ['admin', 'rivalAdmin', 'supervisor'] as const) {
      const r = await gw.gql(`{ users(first: 200) { edges { node { email clients { id } } } } }`, {}, tokens[actor]);
      expect(r.errors).toBeUndefined();
      const named = new Set<string>(r.data!.users.edges.flatMap((e: { node: { clients: { id: string }[] } }) => e.node.clients.map((c) => c.id)));
      for (const id of named) expect(visible[actor].clients.map((c) => ids.client[c])).toContain(id);
    }
  });

  it('in one batch, every listed user gets exactly its own banks (owner truth)', async () => {
    const r = await gw.gql(`{ users(first: 200) { edges { node { id clients { id } } } } }`, {}, tokens.admin);
    expect(r.errors).toBeUndefined();
    const t = gw.tenants;
    const truth = await gw.ownerQuery(
      `select u.id, u.role, u.client_id, coalesce(array_agg(s.client_id) filter (where s.client_id is not null), '{}') as scope
       from app_user u left join user_client_scope s on s.user_id = u.id where u.agency_id = $1 group by u.id`,
      [t.demoAgencyId],
    );
    const expected = (u: { role: string; client_id: string | null; scope: string[] }) =>
      u.role === 'agency_admin' ? [t.bankAId, t.bankBId] : u.role === 'client_user' ? [u.client_id!] : u.scope;
    const got = new Map<string, string[]>(r.data!.users.edges.map((e: { node: { id: string; clients: { id: string }[] } }) => [e.node.id, e.node.clients.map((c) => c.id).sort()]));
    expect(got.size).toBe(truth.length);
    for (const u of truth) expect(got.get(toGlobalId('User', u.id)), u.id).toEqual(expected(u).map((c: string) => toGlobalId('Client', c)).sort());
  });

  it.each(ALL_ACTORS)('%s: me.clients and me.user.clients hold only its own banks', async (actor) => {
    const r = await gw.gql(`{ me { clients { id } user { clients { id } } } }`, {}, tokens[actor]);
    expect(r.errors).toBeUndefined();
    const own = visible[actor].clients.map((c) => ids.client[c]).sort();
    expect(r.data!.me.clients.map((c: { id: string }) => c.id).sort()).toEqual(own);
    for (const c of r.data!.me.user.clients) expect(own).toContain(c.id);
  });
});

describe('every table of the full demo (covers tables added by later migrations)', () => {
  // A separate database with the complete demo (portfolio included): for each table with an agency_id
  // or client_id column, another tenant's context sees none of a tenant's rows that the owner sees.
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let owner: pg.Client;
  let app: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'));
    await seedDemo({ ownerUrl: db.ownerUrl, accountsPerClient: 20, dataEncryptionKey: 'ab'.repeat(32) });
    owner = new pg.Client({ connectionString: db.ownerUrl });
    app = new pg.Client({ connectionString: db.appUrl });
    await owner.connect();
    await app.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await app?.end();
    await db?.drop();
  });

  async function asUser(userId: string, agencyId: string | null, work: () => Promise<void>) {
    await app.query('begin');
    try {
      const ctx = await app.query('select * from app.begin_request($1, $2)', [userId, agencyId]);
      expect(ctx.rowCount).toBe(1);
      await work();
    } finally {
      await app.query('rollback');
    }
  }

  it('the rival agency sees no row of the demo agency, bank B no row of bank A', async () => {
    const one = async (sql: string, p: unknown[]) => (await owner.query(sql, p)).rows[0].id as string;
    const t = {
      demoAgencyId: await one('select id from agency where name = $1', ['Demo Collections']),
      rivalAgencyId: await one('select id from agency where name = $1', ['Rival Recovery']),
      bankAId: await one(`select id from client where code = 'BANK_A'`, []),
      users: {
        rivalAdmin: await one('select id from app_user where email = $1', ['admin@rival-recovery.test']),
        bankB: await one('select id from app_user where email = $1', ['bank-b@demo-bank-b.test']),
      },
    };
    const tables: { table: string; column: string }[] = (
      await owner.query(`
        select c.relname as table, a.attname as column
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attname in ('agency_id', 'client_id')
        order by 1, 2`)
    ).rows;
    expect(tables.length).toBeGreaterThan(3);
    const checked: string[] = [];
    for (const { table, column } of tables) {
      const [victim, viewer] =
        column === 'agency_id'
          ? [t.demoAgencyId, { user: t.users.rivalAdmin, agency: t.rivalAgencyId }]
          : [t.bankAId, { user: t.users.bankB, agency: t.demoAgencyId }];
      const ident = owner.escapeIdentifier(table);
      const col = owner.escapeIdentifier(column);
      const { rows } = await owner.query(`select count(*)::int as n from ${ident} where ${col} = $1`, [victim]);
      if (rows[0].n === 0) continue;
      checked.push(`${table}.${column}`);
      await asUser(viewer.user, viewer.agency, async () => {
        const seen = await app.query(`select count(*)::int as n from ${ident} where ${col} = $1`, [victim]);
        expect(seen.rows[0].n, `${table}: rows of another tenant are visible`).toBe(0);
      });
    }
    // The foundation tables at least must have been exercised with real rows.
    expect(checked).toEqual(expect.arrayContaining(['client.agency_id', 'app_user.agency_id', 'user_client_scope.client_id']));
  });
});
