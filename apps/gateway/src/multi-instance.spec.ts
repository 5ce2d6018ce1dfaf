// Two gateway processes and one worker process (the built entries, as deployed) on one database: tokens
// work on both, an import started through one finishes through the other, and a worker SIGKILLed in the
// middle of an import (the test-only crash hook) leaves nothing half-imported and no job stuck.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { toGlobalId } from '@arrears/graphql';
import { PLATFORM_NODE_TYPES } from '@arrears/platform';
import { DEMO_PASSWORD, seedTenants, writePlacementCsv, type DemoTenants } from '@arrears/seed';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { TEST_JWT_SECRET } from './test-gateway.js';

const dist = path.resolve(import.meta.dirname, '../dist');
const ROWS = 10_000;
const CRASH_AT = 7_500;

interface Proc {
  name: string;
  child: ChildProcess;
  output: string[];
  url?: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let db: TestDatabase;
let owner: pg.Pool;
let tenants: DemoTenants;
let dataDir: string;
const procs: Proc[] = [];

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
    IDENTITY_HASH_KEY: 'cd'.repeat(32),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: db.appUrl,
    DB_APP_PASSWORD: decodeURIComponent(new URL(db.appUrl).password),
    DB_WORKER_PASSWORD: decodeURIComponent(new URL(db.workerUrl).password),
    DATA_DIR: dataDir,
    AGING_SCHEDULE: 'off',
    IMPORT_BATCH_SIZE: '1000',
    ...extra,
  };
}

/** Starts a built entry and resolves once it says it is ready. */
async function launch(name: string, entry: 'main.js' | 'worker.main.js', extra: Record<string, string> = {}): Promise<Proc> {
  const child = spawn(process.execPath, [path.join(dist, entry)], { env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const proc: Proc = { name, child, output, exited };
  procs.push(proc);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      const ready = /Arrears is ready at (http:\/\/localhost:\d+)\//.exec(output.join('')) ?? (/Arrears worker ready/.test(text) ? [''] : null);
      if (ready) {
        if (ready[1]) proc.url = ready[1].replace('localhost', '127.0.0.1');
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready: ${output.join('')}`));
    });
  });
  return proc;
}

async function gql(p: Proc, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${p.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const q = async (sql: string, params: unknown[] = []) => (await owner.query(sql, params)).rows;

beforeAll(async () => {
  for (const entry of ['main.js', 'worker.main.js']) {
    if (!fs.existsSync(path.join(dist, entry))) throw new Error(`apps/gateway/dist/${entry} is missing: this spec runs the built entries (nx run @arrears/gateway:build)`);
  }
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Pool({ connectionString: db.ownerUrl, max: 2, application_name: 'multi-instance-spec' });
  // The database is dropped with force at the end: a connection still closing may hear the termination.
  owner.on('connect', (client) => client.on('error', () => undefined));
  owner.on('error', () => undefined);
  const c = await owner.connect();
  try {
    await c.query('begin');
    tenants = await seedTenants(c);
    await c.query('commit');
  } finally {
    c.release();
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-multi-'));
});

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await Promise.all(procs.map((p) => Promise.race([p.exited, new Promise((r) => setTimeout(r, 15_000))])));
  await owner?.end();
  await db?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('two gateways and a worker on one database', () => {
  let g1: Proc;
  let g2: Proc;
  let token: string;
  let importId: string;

  it('start as separate processes; a token from one works on the other', async () => {
    [g1, g2] = await Promise.all([launch('gateway-1', 'main.js'), launch('gateway-2', 'main.js')]);
    const login = await gql(g1, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: 'bank-a@demo-bank-a.test', p: DEMO_PASSWORD });
    token = login.data.login.token;
    const me = await gql(g2, `{ me { user { email } } }`, {}, token);
    expect(me.data.me.user.email).toBe('bank-a@demo-bank-a.test');
  }, 120_000);

  it('an import started through one gateway, whose worker is killed mid-import, is retried and finishes through the other', async () => {
    const worker = await launch('worker-crashing', 'worker.main.js', { TEST_CRASH_IMPORT_AT_ROW: String(CRASH_AT) });
    const file = path.join(dataDir, 'placement.csv');
    await writePlacementCsv(file, { rows: ROWS, bankRefPrefix: 'MI', seed: 7 });
    const accountsBefore = Number((await q(`select count(*) from account where client_id = $1`, [tenants.bankAId]))[0].count);
    const form = new FormData();
    form.set('clientId', toGlobalId(PLATFORM_NODE_TYPES.client, tenants.bankAId));
    form.set('file', new Blob([fs.readFileSync(file)]), 'placement.csv');
    const up = await fetch(`${g1.url}/api/placements/upload?clientId=${encodeURIComponent(toGlobalId(PLATFORM_NODE_TYPES.client, tenants.bankAId))}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(up.status).toBe(202);
    importId = ((await up.json()) as { importId: string }).importId;

    // The hook kills the worker at row 7,500, after several 1,000-row batches were merged in the open transaction.
    const killed = await Promise.race([worker.exited, new Promise((r) => setTimeout(() => r({ timeout: worker.output.join('') }), 120_000))]);
    expect(killed).toEqual({ code: null, signal: 'SIGKILL' });
    const [imp] = await q(`select status, rows_read, rows_staged, rows_imported from placement_import where client_id = $1`, [tenants.bankAId]);
    expect(imp.status).toBe('running');
    expect(imp.rows_read).toBeGreaterThanOrEqual(5_000);
    expect(imp.rows_staged).toBeGreaterThan(0);
    // Progress never claimed the staged rows as imported, and the rollback left no account of this file.
    expect(imp.rows_imported).toBe(0);
    expect(Number((await q(`select count(*) from account where client_id = $1`, [tenants.bankAId]))[0].count)).toBe(accountsBefore);
    expect(Number((await q(`select count(*) from account where bank_ref like 'MI-%'`))[0].count)).toBe(0);
    const seen = await gql(g2, `query($id: ID!) { placementImport(id: $id) { status rowsImported } }`, { id: importId }, token);
    expect(seen.data.placementImport).toEqual({ status: 'RUNNING', rowsImported: 0 });

    // A new worker finds the dead pool (same host, process gone), releases its job and runs it again.
    await launch('worker', 'worker.main.js');
    // A deadline for the whole retried import, not a speed claim: on CI's two shared cores it can take over a minute.
    const done = await until(
      'the import to finish, seen through the other gateway',
      async () => {
        const r = await gql(g2, `query($id: ID!) { placementImport(id: $id) { status rowsRead rowsImported rowsRejected error } }`, { id: importId }, token);
        return r.data?.placementImport?.status === 'SUCCEEDED' ? r.data.placementImport : null;
      },
      180_000,
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED', rowsRead: ROWS, error: null });
    expect(done.rowsImported + done.rowsRejected).toBe(ROWS);
    expect(Number((await q(`select count(*) from account where bank_ref like 'MI-%'`))[0].count)).toBe(done.rowsImported);

    const jobOf = () => q(`select status, attempts, last_error from job_run where subject_id = (select id from placement_import where client_id = $1)`, [tenants.bankAId]);
    const jobs = await until('the job to be recorded as done', async () => ((await jobOf())[0]?.status === 'succeeded' ? jobOf() : null));
    expect(jobs).toEqual([{ status: 'succeeded', attempts: 2, last_error: null }]);
    expect(Number((await q(`select count(*) from graphile_worker.jobs`))[0].count)).toBe(0);
  }, 300_000);

  it('the gateways connect as the application role only, the worker as the worker role only', async () => {
    const rows = await q(
      `select application_name, usename::text, count(*)::int as n from pg_stat_activity
        where datname = $1 and application_name like 'arrears-%' group by 1, 2 order by 1, 2`,
      [db.name],
    );
    expect(rows.filter((r) => r.application_name === 'arrears-gateway').map((r) => r.usename)).toEqual(['arrears_app']);
    expect(rows.filter((r) => r.application_name === 'arrears-worker').map((r) => r.usename)).toEqual(['arrears_worker']);
    const privileged = await q(
      `select usename::text, application_name from pg_stat_activity where datname = $1 and usename in ('arrears_owner', 'postgres') and application_name <> 'multi-instance-spec' and pid <> pg_backend_pid()`,
      [db.name],
    );
    expect(privileged).toEqual([]);
  });
});
