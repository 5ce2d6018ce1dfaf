// Test helper (not a spec, not part of the build): the real gateway, in-process, over real HTTP,
// on a fresh migrated database of the run's embedded Postgres, with the demo tenants seeded.
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { pino } from 'pino';
import { loadConfig, type Config } from '@arrears/config';
import { createDataSource } from '@arrears/db';
import { DEMO_PASSWORD, seedTenants, type DemoTenants } from '@arrears/seed';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobWorker } from '@arrears/jobs';
import { createGateway, type Gateway } from './app.js';
import { startBackgroundWorker } from './background-worker.js';

/** A fixed test secret: specs forge tokens with it (expired ones, tampered ones). */
export const TEST_JWT_SECRET = 'test-secret-of-the-arrears-gateway-0123456789';

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [k: string]: unknown };
}

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors: GqlError[] | undefined;
  /** The first error's extensions.code, if any. */
  code: string | undefined;
  headers: Headers;
}

export interface TestGateway {
  url: string;
  config: Config;
  gateway: Gateway;
  db: TestDatabase;
  tenants: DemoTenants;
  /** Owner connection (bypasses RLS): proves that rows the app role must not see do exist. */
  owner: pg.Pool;
  /** The gateway's application-role data source (e.g. to count the statements a request sends). */
  dataSource: DataSource;
  /** One GraphQL request over HTTP: POST application/json, Authorization: Bearer <token> when given. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null, opts?: { now?: string }): Promise<GqlResponse<T>>;
  /** Signs in with the demo password (or `password`) and returns the token; throws when refused. */
  login(email: string, password?: string): Promise<string>;
  /** Signs in each demo user of a name -> e-mail map; returns name -> token. */
  loginEach<K extends string>(emails: Record<K, string>): Promise<Record<K, string>>;
  /** Raw HTTP to the gateway (health probes, CSRF and batching tests). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Owner-side query: rows as the database really holds them. */
  ownerQuery<R = Record<string, any>>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export const silentLogger = pino({ level: 'silent' });

// What no error a client sees may contain: a stack trace, or any piece of SQL or its error text.
const LEAK = /(\bselect\b[\s\S]*\bfrom\b|\binsert into\b|\bupdate\b[\s\S]*\bset\b|\bdelete from\b|violates|constraint|relation "|column "|syntax error at|duplicate key|\bat [\w.<>]+ \(|node_modules|\.ts:\d+)/i;

/** Fails loudly when a response error carries a stack trace or SQL text; applied to every response. */
export function assertNoLeak(errors: GqlError[] | undefined): void {
  for (const e of errors ?? []) {
    const ext = e.extensions ?? {};
    if ('stacktrace' in ext || 'exception' in ext) throw new Error(`error leaks a stack trace: ${JSON.stringify(e)}`);
    const text = `${e.message} ${JSON.stringify(ext)}`;
    if (LEAK.test(text)) throw new Error(`error leaks internals: ${JSON.stringify(e)}`);
  }
}

export interface StartOptions {
  /** Overrides of the test environment given to loadConfig (e.g. NODE_ENV=production). */
  env?: Record<string, string>;
  /** Run the job worker next to the gateway, as `npm start` does (default true): imports need it. */
  worker?: boolean;
  /** Instead of the silent logger (specs that read the structured logs). */
  logger?: typeof silentLogger;
}

/**
 * Starts the gateway exactly as main.ts assembles it (config, application-role data source, Apollo,
 * Express) on an ephemeral port, against a fresh database seeded with the demo tenants.
 */
export async function startTestGateway(adminUrl: string, opts: StartOptions = {}): Promise<TestGateway> {
  const db = await createTestDatabase(adminUrl);
  const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 2 });
  // close() drops the database with force: a connection still closing may hear the termination.
  owner.on('connect', (client) => client.on('error', () => undefined));
  owner.on('error', () => undefined);
  let tenants: DemoTenants;
  const seeding = await owner.connect();
  try {
    await seeding.query('begin');
    tenants = await seedTenants(seeding);
    await seeding.query('commit');
  } finally {
    seeding.release();
  }

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-gw-data-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    // A real database URL (below) makes every secret mandatory: a fixed test key.
    DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
    IDENTITY_HASH_KEY: 'cd'.repeat(32),
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    // The worker connects as arrears_worker to this test database (the URL's role is replaced).
    DATABASE_URL: db.workerUrl,
    DB_WORKER_PASSWORD: decodeURIComponent(new URL(db.workerUrl).password),
    // The aging sweep runs on the wall clock every quarter hour: a spec that ages its accounts itself
    // would race it. The sweep's own specs call it directly.
    AGING_SCHEDULE: 'off',
    ...opts.env,
  };
  if (env.NODE_ENV === 'production') {
    // Production refuses to boot without its secrets; the values only have to be well-formed here.
    env.DATABASE_URL ??= adminUrl;
    env.DB_OWNER_PASSWORD ??= 'unused-owner-password';
    env.DB_APP_PASSWORD ??= 'unused-app-password';
    env.DATA_ENCRYPTION_KEY ??= 'ab'.repeat(32);
    env.IDENTITY_HASH_KEY ??= 'cd'.repeat(32);
  }
  const config = loadConfig(env);
  const dataSource = createDataSource({ url: db.appUrl, poolSize: 4, applicationName: 'arrears-test-gateway', preparedStatements: true });
  await dataSource.initialize();
  const logger = opts.logger ?? silentLogger;
  const gateway = await createGateway(config, dataSource, logger);
  const worker: JobWorker | undefined = opts.worker === false ? undefined : await startBackgroundWorker(config, logger);
  const server = http.createServer(gateway.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const rawFetch = (path: string, init?: RequestInit) => fetch(`${url}${path}`, init);

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string | null, opts: { now?: string } = {}): Promise<GqlResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    // The test clock (contact hours, the queue): honoured only because the test gateway runs with NODE_ENV=test.
    if (opts.now) headers['x-arrears-test-now'] = opts.now;
    const res = await rawFetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const text = await res.text();
    let body: { data?: T | null; errors?: GqlError[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`gateway answered ${res.status} with a body that is not JSON: ${text.slice(0, 300)}`);
    }
    assertNoLeak(body.errors);
    return { status: res.status, data: body.data, errors: body.errors, code: body.errors?.[0]?.extensions?.code, headers: res.headers };
  }

  async function login(email: string, password: string = DEMO_PASSWORD): Promise<string> {
    const r = await gql<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
    if (!r.data?.login?.token) throw new Error(`login of ${email} failed: ${JSON.stringify(r.errors)}`);
    return r.data.login.token;
  }

  async function loginEach<K extends string>(emails: Record<K, string>): Promise<Record<K, string>> {
    const tokens = {} as Record<K, string>;
    for (const [k, email] of Object.entries(emails) as [K, string][]) tokens[k] = await login(email);
    return tokens;
  }

  return {
    url,
    config,
    gateway,
    db,
    tenants,
    owner,
    dataSource,
    gql,
    login,
    loginEach,
    fetch: rawFetch,
    async ownerQuery(sql, params = []) {
      return (await owner.query(sql, params)).rows;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.stop();
      await worker?.stop();
      await dataSource.destroy();
      await owner.end();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
