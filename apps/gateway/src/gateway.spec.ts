import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { getIntrospectionQuery, buildClientSchema, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, isLeafType, type GraphQLInputType, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataSource } from '@arrears/db';
import { toGlobalId } from '@arrears/graphql';
import { createGateway } from './app.js';
import { assertNoLeak, silentLogger, startTestGateway, type TestGateway } from './test-gateway.js';

let gw: TestGateway;
let admin: string;
let collector: string;

beforeAll(async () => {
  gw = await startTestGateway(inject('pgAdminUrl'));
  admin = await gw.login('admin@demo-agency.test');
  collector = await gw.login('collector@demo-agency.test');
});
afterAll(async () => {
  await gw?.close();
});

const auditOf = async (requestId: string | null) => {
  expect(requestId).toBeTruthy();
  return gw.ownerQuery('select * from audit_log where request_id = $1', [requestId]);
};

describe('health probes', () => {
  it('/healthz answers without touching the database', async () => {
    const res = await gw.fetch('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database', async () => {
    const res = await gw.fetch('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', database: 'ok' });
  });

  it('/readyz answers 503 when the database is unreachable', async () => {
    const unreachable = createDataSource({ url: 'postgres://nobody:nothing@127.0.0.1:1/none', poolSize: 1 });
    const other = await createGateway(gw.config, unreachable, silentLogger);
    const server = http.createServer(other.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'not ready', database: 'unreachable' });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await other.stop();
    }
  });

  it('every response carries a request id', async () => {
    const res = await gw.fetch('/healthz');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('error mapping', () => {
  it('an unknown field is GRAPHQL_VALIDATION_FAILED', async () => {
    const r = await gw.gql(`{ me { user { passwordHash } } }`, {}, admin);
    expect(r.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.status).toBe(400);
  });

  it('a syntax error is GRAPHQL_PARSE_FAILED, a client error (400)', async () => {
    const r = await gw.gql(`{ me { `, {}, admin);
    expect(r.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors![0].message).toMatch(/Syntax Error/);
    expect(r.status).toBe(400);
  });

  it('a signed-out call of a protected field is UNAUTHENTICATED, a role mismatch FORBIDDEN', async () => {
    expect((await gw.gql(`{ clients { edges { cursor } } }`)).code).toBe('UNAUTHENTICATED');
    const r = await gw.gql(`mutation { createClient(input: { name: "X", code: "XX" }) { id } }`, {}, collector);
    expect(r.code).toBe('FORBIDDEN');
    expect(r.data).toBeNull();
  });

  it('argument validation is BAD_USER_INPUT naming the field, without echoing the input', async () => {
    const r = await gw.gql(`mutation { createClient(input: { name: "X", code: "not a code" }) { id } }`, {}, admin);
    expect(r.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'code', problems: [expect.any(String)] }] });
  });

  it('a refused password is never sent back', async () => {
    const r = await gw.gql(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      { i: { email: 'new@demo-agency.test', displayName: 'New', password: 'Secret7', role: 'COLLECTOR' } },
      admin,
    );
    expect(r.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(r.errors)).not.toContain('Secret7');
  });

  it('a required variable that is null, missing or of the wrong type is BAD_USER_INPUT naming the variable', async () => {
    const q = `query($id: ID!) { account(id: $id) { id } }`;
    for (const variables of [{ id: null }, {}, { id: 7.5 }]) {
      const r = await gw.gql(q, variables, admin);
      expect({ status: r.status, code: r.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
      expect(r.errors![0].message).toMatch(/^Variable "\$id"/);
    }
  });

  it('an operation that cannot be chosen, or of a kind the API does not serve, is a 400 with a stable code', async () => {
    const post = async (body: unknown) => {
      const res = await gw.fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify(body) });
      const json = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[]; data?: unknown };
      return { status: res.status, code: json.errors?.[0]?.extensions?.code, message: json.errors?.[0]?.message, data: json.data };
    };
    // A document's only operation is not run under another name.
    expect(await post({ query: 'query A { __typename }', operationName: 'B' })).toMatchObject({ status: 400, code: 'OPERATION_RESOLUTION_FAILURE', message: 'Unknown operation named "B".', data: undefined });
    expect(await post({ query: 'query A { __typename } query B { __typename }' })).toMatchObject({ status: 400, code: 'OPERATION_RESOLUTION_FAILURE' });
    expect(await post({ query: 'subscription { accounts }' })).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: 'This API does not serve subscription operations' });
  });

  it('variables nested thousands deep are a 400, in a query and in an audited mutation', async () => {
    // Written by hand: JSON.stringify itself overflows the stack on such a value.
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const queries = [`query($ids: ID!) { account(id: $ids) { id } }`, `mutation($ids: [ID!]!) { createTeam(name: "Deep", memberIds: $ids) { id } }`];
    for (const query of queries) {
      const res = await gw.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: `{"query":${JSON.stringify(query)},"variables":{"ids":${deep}}}`,
      });
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect({ status: res.status, code: body.errors[0].extensions.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    }
  });

  it('automatic persisted queries are not offered: the admin app sends whole documents', async () => {
    const res = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: 'ab'.repeat(32) } } }),
    });
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
  });

  it('a malformed cursor is BAD_USER_INPUT', async () => {
    const r = await gw.gql(`{ clients(after: "garbage") { edges { cursor } } }`, {}, admin);
    expect(r.code).toBe('BAD_USER_INPUT');
  });

  it('a database unique violation is CONFLICT without the constraint or SQL', async () => {
    const q = `mutation($n: String!) { createLawFirm(name: $n) { id } }`;
    expect((await gw.gql(q, { n: 'Twice & Co' }, admin)).errors).toBeUndefined();
    const r = await gw.gql(q, { n: 'Twice & Co' }, admin);
    expect(r.code).toBe('CONFLICT');
    expect(r.errors![0].message).toBe('This already exists');
  });

  it('a value Postgres cannot store is BAD_USER_INPUT without the driver text', async () => {
    // A NUL character is valid JSON but no Postgres text: the driver error must not reach the client.
    const r = await gw.gql(`mutation($n: String!) { createLawFirm(name: $n) { id } }`, { n: 'nul \u0000 byte' }, admin);
    expect(r.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toBe('A value is not valid');
    expect(Object.keys(r.errors![0].extensions!)).toEqual(['code']);
  });

  it('the leak guard itself catches SQL text and stack traces', () => {
    expect(() => assertNoLeak([{ message: 'duplicate key value violates unique constraint "x"' }])).toThrow();
    expect(() => assertNoLeak([{ message: 'x', extensions: { stacktrace: ['at foo (bar.ts:1:1)'] } }])).toThrow();
    expect(() => assertNoLeak([{ message: 'Client not found', extensions: { code: 'NOT_FOUND' } }])).not.toThrow();
  });
});

describe('graphql-armor and HTTP hardening', () => {
  it('refuses a query nested deeper than the limit', async () => {
    let sel = 'name';
    for (let i = 0; i < 14; i++) sel = `ofType { ${sel} }`;
    const r = await gw.gql(`{ __type(name: "Query") { fields { type { ${sel} } } } }`, {}, admin);
    expect(r.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors![0].message).toMatch(/depth/i);
    expect(r.data ?? null).toBeNull();
  });

  it('refuses a query with too many aliases', async () => {
    const aliases = Array.from({ length: 25 }, (_, i) => `a${i}: me { role }`).join(' ');
    const r = await gw.gql(`{ ${aliases} }`, {}, admin);
    expect(r.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors![0].message).toMatch(/alias/i);
    // Control: a few aliases are fine.
    expect((await gw.gql(`{ a: me { role } b: me { role } }`, {}, admin)).errors).toBeUndefined();
  });

  it('refuses a document with too many tokens (400, not 500)', async () => {
    const r = await gw.gql(`{ ${Array.from({ length: 3100 }, () => '__typename').join(' ')} }`, {}, admin);
    expect(r.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.errors![0].message).toMatch(/tokens/);
    expect(r.status).toBe(400);
  });

  it('refuses HTTP batching', async () => {
    const res = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify([{ query: '{ me { role } }' }, { query: '{ me { role } }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/AGENCY_ADMIN/);
  });

  it('CSRF: a simple GET is refused without a preflight header, allowed with one', async () => {
    const url = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const simple = await gw.fetch(url);
    expect(simple.status).toBe(400);
    expect(await simple.text()).toMatch(/CSRF|Cross-Site/i);
    const preflighted = await gw.fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
  });

  it('CSRF: a GET mutation is refused, with or without a preflight header', async () => {
    const url = `/graphql?query=${encodeURIComponent('mutation { createLawFirm(name: "Via GET") { id } }')}`;
    const plain = await gw.fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    const preflighted = await gw.fetch(url, { headers: { authorization: `Bearer ${admin}`, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(405);
    expect(await gw.ownerQuery(`select 1 from law_firm where name = 'Via GET'`)).toEqual([]);
  });

  it('CSRF: a non-JSON POST of a mutation is refused and does nothing', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await gw.fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query: 'mutation { createLawFirm(name: "Via CSRF") { id } }' }),
      });
      expect(res.status, type).toBeGreaterThanOrEqual(400);
      expect(res.status, type).toBeLessThan(500);
    }
    expect(await gw.ownerQuery(`select 1 from law_firm where name = 'Via CSRF'`)).toEqual([]);
  });
});

describe('audit log', () => {
  const t = () => gw.tenants;

  it('a successful mutation writes who, which agency, what, on which ids and the outcome', async () => {
    const userId = toGlobalId('User', t().users.collector2);
    const r = await gw.gql(`mutation($u: ID!, $c: [ID!]!) { setUserClientScope(userId: $u, clientIds: $c) { id } }`, { u: userId, c: [toGlobalId('Client', t().bankAId)] }, admin);
    expect(r.errors).toBeUndefined();
    const rows = await auditOf(r.headers.get('x-request-id'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'mutation',
      operation: 'setUserClientScope',
      actor_user_id: t().users.admin,
      actor_role: 'agency_admin',
      agency_id: t().demoAgencyId,
      outcome: 'ok',
      error_code: null,
    });
    expect(rows[0].target_ids).toEqual(expect.arrayContaining([userId, toGlobalId('Client', t().bankAId)]));
  });

  it('a failed login is audited against the targeted user, without the password', async () => {
    const r = await gw.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: 'Bank-B@demo-bank-b.test', p: 'guess-guess-guess' });
    expect(r.code).toBe('UNAUTHENTICATED');
    const rows = await auditOf(r.headers.get('x-request-id'));
    expect(rows).toEqual([expect.objectContaining({ kind: 'login', outcome: 'rejected', error_code: 'UNAUTHENTICATED', agency_id: t().demoAgencyId, target_ids: ['bank-b@demo-bank-b.test'], actor_user_id: null })]);
    expect(JSON.stringify(rows)).not.toContain('guess-guess-guess');
  });

  it('a successful login is audited as a login of that user', async () => {
    const r = await gw.gql(`mutation { login(email: "bank-b@demo-bank-b.test", password: "arrears-demo") { token } }`);
    const rows = await auditOf(r.headers.get('x-request-id'));
    expect(rows).toEqual([expect.objectContaining({ kind: 'login', operation: 'login', actor_user_id: t().users.bankB, outcome: 'ok', client_ids: [t().bankBId] })]);
  });

  it('a rejected mutation is audited as rejected, with its code, although its transaction rolled back', async () => {
    const missing = toGlobalId('User', '7e57da7a-0000-4000-8000-00000000dead');
    const r = await gw.gql(`mutation($u: ID!) { disableUser(userId: $u) { __typename } }`, { u: missing }, admin);
    expect(r.code).toBe('NOT_FOUND');
    expect(await auditOf(r.headers.get('x-request-id'))).toEqual([
      expect.objectContaining({ operation: 'disableUser', actor_user_id: t().users.admin, agency_id: t().demoAgencyId, outcome: 'rejected', error_code: 'NOT_FOUND', target_ids: [missing] }),
    ]);

    const forbidden = await gw.gql(`mutation { createClient(input: { name: "Nope", code: "NOPE" }) { id } }`, {}, collector);
    expect(await auditOf(forbidden.headers.get('x-request-id'))).toEqual([
      expect.objectContaining({ operation: 'createClient', actor_user_id: t().users.collector, outcome: 'rejected', error_code: 'FORBIDDEN' }),
    ]);
    expect(await gw.ownerQuery(`select 1 from client where code = 'NOPE'`)).toEqual([]);
  });

  it('text Postgres cannot store (a NUL byte) is bad input, audited as rejected', async () => {
    const r = await gw.gql(`mutation($n: String!) { createLawFirm(name: $n) { id } }`, { n: 'nul \u0000 again' }, admin);
    expect(r.code).toBe('BAD_USER_INPUT');
    expect(await auditOf(r.headers.get('x-request-id'))).toEqual([expect.objectContaining({ operation: 'createLawFirm', outcome: 'rejected', error_code: 'BAD_USER_INPUT' })]);
  });

  it('a domain refusal returned as a result union is audited as rejected with its code', async () => {
    const r = await gw.gql(`mutation($u: ID!) { disableUser(userId: $u) { __typename } }`, { u: toGlobalId('User', t().users.admin) }, admin);
    expect(r.data!.disableUser.__typename).toBe('NotEligible');
    expect(await auditOf(r.headers.get('x-request-id'))).toEqual([expect.objectContaining({ operation: 'disableUser', outcome: 'rejected', error_code: 'CANNOT_DISABLE_SELF' })]);
  });

  it('queries are not audited', async () => {
    const r = await gw.gql(`{ me { role } }`, {}, admin);
    expect(await auditOf(r.headers.get('x-request-id'))).toEqual([]);
  });

  it('EVERY mutation of the schema leaves an audit row, even when it is rejected (generated calls)', async () => {
    const intro = await gw.gql<IntrospectionQuery>(getIntrospectionQuery(), {}, admin);
    const schema = buildClientSchema(intro.data!);
    const fields = Object.values(schema.getMutationType()!.getFields()).filter((f) => f.name !== 'login');
    expect(fields.length).toBeGreaterThan(5);
    const missingUuid = '7e57da7a-0000-4000-8000-00000000beef';
    const dummy = (type: GraphQLInputType, name: string): unknown => {
      if (isNonNullType(type)) return dummy(type.ofType, name);
      if (isListType(type)) return [dummy(type.ofType, name)];
      if (isEnumType(type)) return type.getValues()[0].value;
      if (isInputObjectType(type)) {
        return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type)).map((f) => [f.name, dummy(f.type, f.name)]));
      }
      if (isScalarType(type)) {
        switch (type.name) {
          case 'ID':
            return toGlobalId('Nothing', missingUuid);
          case 'Int':
            return 1;
          case 'Float':
            return 1;
          case 'Boolean':
            return false;
          case 'Decimal':
            return '1.00';
          case 'DateTime':
            return '2020-01-01T00:00:00Z';
          case 'LocalDate':
            return '2020-01-01';
          default:
            return `probe-${name}`;
        }
      }
      return null;
    };
    const missingAudit: string[] = [];
    for (const f of fields) {
      const args = f.args.filter((a) => isNonNullType(a.type));
      const vars = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const call = args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const leaf = isLeafType(isNonNullType(f.type) ? f.type.ofType : f.type);
      const doc = `mutation Probe${vars ? `(${vars})` : ''} { ${f.name}${call ? `(${call})` : ''}${leaf ? '' : ' { __typename }'} }`;
      const r = await gw.gql(doc, Object.fromEntries(args.map((a) => [a.name, dummy(a.type, a.name)])), collector);
      const rows = await gw.ownerQuery('select operation, outcome, actor_user_id from audit_log where request_id = $1', [r.headers.get('x-request-id')]);
      if (rows.length !== 1 || rows[0].operation !== f.name || rows[0].actor_user_id !== t().users.collector) missingAudit.push(`${f.name} (${r.code ?? 'ok'})`);
      // signOut ends the collector's sessions: sign in again for the next probes.
      if (f.name === 'signOut') collector = await gw.login('collector@demo-agency.test');
    }
    expect(missingAudit, 'mutations without an audit row').toEqual([]);
  });

  describe('append-only for the application role', () => {
    let app: pg.Client;
    beforeAll(async () => {
      app = new pg.Client({ connectionString: gw.db.appUrl });
      await app.connect();
    });
    afterAll(async () => {
      await app?.end();
    });

    const attempt = async (sql: string) => {
      await app.query('begin');
      try {
        await app.query('select * from app.begin_request($1, $2)', [t().users.admin, t().demoAgencyId]);
        await app.query(sql);
        return null;
      } catch (e) {
        return (e as { code?: string }).code;
      } finally {
        await app.query('rollback');
      }
    };

    it('may read its own agency’s rows (control)', async () => {
      await app.query('begin');
      try {
        await app.query('select * from app.begin_request($1, $2)', [t().users.admin, t().demoAgencyId]);
        const { rows } = await app.query('select count(*)::int as n from audit_log');
        expect(rows[0].n).toBeGreaterThan(0);
      } finally {
        await app.query('rollback');
      }
    });

    it('cannot UPDATE, DELETE or TRUNCATE audit_log (permission denied)', async () => {
      expect(await attempt(`update audit_log set outcome = 'ok'`)).toBe('42501');
      expect(await attempt(`delete from audit_log`)).toBe('42501');
      expect(await attempt(`truncate audit_log`)).toBe('42501');
      const [{ n }] = await gw.ownerQuery('select count(*)::int as n from audit_log');
      expect(n).toBeGreaterThan(0);
    });

    it('cannot write an audit row in another user’s or agency’s name', async () => {
      expect(await attempt(`insert into audit_log (agency_id, actor_user_id, kind, operation, outcome) values ('${t().rivalAgencyId}', '${t().users.admin}', 'mutation', 'forged', 'ok')`)).toBe('42501');
      expect(await attempt(`insert into audit_log (agency_id, actor_user_id, kind, operation, outcome) values ('${t().demoAgencyId}', '${t().users.collector}', 'mutation', 'forged', 'ok')`)).toBe('42501');
    });
  });
});

describe('production mode', () => {
  let prod: TestGateway;
  let token: string;
  beforeAll(async () => {
    prod = await startTestGateway(inject('pgAdminUrl'), { env: { NODE_ENV: 'production' } });
    token = await prod.login('admin@demo-agency.test');
  });
  afterAll(async () => {
    await prod?.close();
  });

  it('turns introspection off', async () => {
    const r = await prod.gql(`{ __schema { queryType { name } } }`, {}, token);
    expect(r.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.data ?? null).toBeNull();
    const t = await prod.gql(`{ __type(name: "User") { name } }`, {}, token);
    expect(t.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('hides field suggestions (development shows them)', async () => {
    const q = `{ me { usr { email } } }`;
    const r = await prod.gql(q, {}, token);
    expect(r.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors!.map((e) => e.message).join(' ')).not.toMatch(/did you mean|user/i);
    const dev = await gw.gql(q, {}, admin);
    expect(dev.errors![0].message).toMatch(/Did you mean/);
  });

  it('shows no landing page or sandbox', async () => {
    const res = await prod.fetch('/graphql', { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/sandbox|apollo studio|embeddable/i);
  });

  it('still serves real queries', async () => {
    const r = await prod.gql(`{ me { role } }`, {}, token);
    expect(r.data).toEqual({ me: { role: 'AGENCY_ADMIN' } });
  });
});
