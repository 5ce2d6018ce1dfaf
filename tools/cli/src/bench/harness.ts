// Shared pieces of the benchmarks: a throwaway database, the gateway as its own production process,
// autocannon runs, and auto_explain.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { bootstrapRoles, connectionUrl, DB_ROLES, ensureDatabase, runMigrations, startEmbeddedPostgres } from '@arrears/db';
import { seedTenants, type DemoTenants } from '@arrears/seed';

export const BENCH_PASSWORDS = { owner: 'bench-owner-password', app: 'bench-app-password' };
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

export interface BenchDatabase {
  /** The `bench` database as the superuser, the owner and the application role. */
  adminUrl: string;
  ownerUrl: string;
  appUrl: string;
  tenants: DemoTenants;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * A throwaway embedded PostgreSQL (crash safety traded for speed) in a new folder named after `prefix`:
 * the roles, a migrated `bench` database and the demo tenants. `onLog` receives the server's log.
 */
export async function startBenchDatabase(prefix: string, opts: { onLog?: (m: string) => void } = {}): Promise<BenchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o777);
  const cluster = await startEmbeddedPostgres(path.join(dir, 'data'), { throwaway: true, onLog: opts.onLog });
  const stop = async () => {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await bootstrapRoles(cluster.adminUrl, BENCH_PASSWORDS);
    await ensureDatabase(cluster.adminUrl, 'bench');
    const as = (user: string, password: string) => connectionUrl(cluster.adminUrl, { user, password, database: 'bench' });
    const ownerUrl = as(DB_ROLES.owner, BENCH_PASSWORDS.owner);
    await runMigrations(ownerUrl);
    const owner = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    let tenants: DemoTenants;
    try {
      const c = await owner.connect();
      try {
        tenants = await seedTenants(c);
      } finally {
        c.release();
      }
    } finally {
      await owner.end();
    }
    return { adminUrl: connectionUrl(cluster.adminUrl, { database: 'bench' }), ownerUrl, appUrl: as(DB_ROLES.app, BENCH_PASSWORDS.app), tenants, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface LoadResult {
  name: string;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(
  name: string,
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  opts: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const require = createRequire(import.meta.url);
  const bin = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
  const extra = Object.entries(opts.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const args = [bin, '-c', String(opts.connections), '-d', String(opts.seconds), '-m', 'POST', '-H', 'content-type=application/json', '-H', `authorization=Bearer ${token}`, ...extra, '-b', JSON.stringify({ query, variables }), '--json', url];
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let buf = '';
    child.stdout.on('data', (d) => (buf += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(buf) : reject(new Error(`autocannon exited ${code}`))));
  });
  const r = JSON.parse(out);
  return { name, requests: r.requests.total, rps: Math.round(r.requests.average), p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export interface GatewayProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const USER_HZ = 100;

/** The parent pid and the CPU seconds (user + system) of a process so far, from /proc (Linux); null when it is gone. */
function procStat(pid: number): { ppid: number; cpu: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state, ppid, … utime (14th), stime (15th).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / USER_HZ };
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by `pid` and, with `children`, by each of its child processes (a postmaster's
 * backends), by pid: compare two readings with cpuSecondsBetween, since a backend may exit in between.
 */
export function cpuReading(pid: number, opts: { children?: boolean } = {}): Map<number, number> {
  const reading = new Map<number, number>();
  const own = procStat(pid);
  if (own) reading.set(pid, own.cpu);
  if (opts.children) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const s = procStat(Number(entry));
      if (s && s.ppid === pid) reading.set(Number(entry), s.cpu);
    }
  }
  return reading;
}

/** CPU seconds spent between two readings by the processes alive at the second (a process new since the first counts whole). */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

export async function startGatewayProcess(databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<GatewayProcess> {
  const main = path.resolve(import.meta.dirname, '../../../../apps/gateway/dist/main.js');
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DB_OWNER_PASSWORD: BENCH_PASSWORDS.owner,
      DB_APP_PASSWORD: BENCH_PASSWORDS.app,
      DB_POOL_SIZE: '20',
      JWT_SECRET: BENCH_JWT_SECRET,
      DATA_ENCRYPTION_KEY: 'ab'.repeat(32),
      IDENTITY_HASH_KEY: 'cd'.repeat(32),
      SEED_DEMO: 'false',
      AGING_SCHEDULE: 'off',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const m = /ready at (http:\/\/[^/\s]+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`gateway exited ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}


/**
 * Makes every new session of the application role log, through auto_explain, the plan of each statement
 * slower than `minMs` with its actual times and each trigger's time and calls (BENCH_EXPLAIN=1 in the
 * benchmarks: where a statement's time goes). Analysing costs time itself: rates measured meanwhile are
 * not the benchmark's figures.
 */
export async function explainSlowStatements(adminUrl: string, minMs: number): Promise<void> {
  const settings = ['session_preload_libraries = auto_explain', `auto_explain.log_min_duration = ${minMs}`, 'auto_explain.log_analyze = on', 'auto_explain.log_triggers = on', 'auto_explain.log_nested_statements = on'];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const setting of settings) await admin.query(`alter role ${DB_ROLES.app} set ${setting}`);
  } finally {
    await admin.end();
  }
}

/** The plan (its nodes and trigger lines, without the query text) of the slowest logged statement whose text contains `marker`. */
export function slowestPlan(serverLog: string, marker: string): string {
  const entries = serverLog.split(/(?=LOG: {2}duration: )/).filter((e) => e.includes(marker));
  const ms = (e: string) => Number(/duration: ([\d.]+) ms/.exec(e)?.[1] ?? 0);
  const slowest = entries.sort((a, b) => ms(b) - ms(a))[0];
  if (!slowest) return `no statement with "${marker}" was logged`;
  const plan = slowest.split('\n').filter((l) => /duration:|actual time=|^\s*Trigger |Execution Time/.test(l));
  return `${entries.length} logged; the slowest:\n${plan.join('\n')}`;
}
