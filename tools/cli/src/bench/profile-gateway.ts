// CPU profile of the gateway serving the account list (20 rows with debtor and bank names), or with
// BENCH_QUERY=queue a collector's myQueue (first 50).
//   npm run bench:profile   (BENCH_ACCOUNTS_PER_CLIENT=3000, BENCH_SECONDS=10, BENCH_WARMUP=5, BENCH_CONNECTIONS=10, BENCH_QUERY=list20, BENCH_PERF=0)
// Starts the gateway in production mode with --cpu-prof, drives it with autocannon (a warm-up first, so
// the JIT has compiled the hot path), stops it, and prints the top frames by self time and the time per
// package. The .cpuprofile is kept (path printed) for a flame graph in Chrome DevTools or speedscope.
// V8 samples the main thread's stack on a timer, so a thread descheduled inside a system call (a socket
// write that wakes a database backend on a shared core) shows as time in that call. BENCH_PERF=1 samples
// CPU time instead, with Linux perf (Debian package linux-perf): every thread of the process (V8's
// compiler and collector threads too) and the kernel's share, JavaScript frames named through
// --perf-basic-prof.
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrapRoles, connectionUrl, DB_ROLES, ensureDatabase, runMigrations, startEmbeddedPostgres } from '@arrears/db';
import { seedDemo } from '@arrears/seed';
import { BENCH_PASSWORDS, load, startGatewayProcess } from './harness.js';

const PER_CLIENT = Number(process.env.BENCH_ACCOUNTS_PER_CLIENT ?? 3000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const PERF = process.env.BENCH_PERF === '1';
const ROOT = path.resolve(import.meta.dirname, '../../../..');
/** What is profiled: who signs in, the query document, its variables. */
const CASES = {
  list20: { email: 'supervisor@demo-agency.test', document: 'arrears-accounts', variables: { first: 20 } },
  queue: { email: 'collector@demo-agency.test', document: 'arrears-my-queue', variables: {} },
} as const;
const CASE = (process.env.BENCH_QUERY ?? 'list20') as keyof typeof CASES;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function packageOf(f: ProfileNode['callFrame']): string {
  const url = f.url.replace(/^file:\/\//, '');
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? 'node (internals)' : url ? 'arrears' : f.functionName.startsWith('(') ? f.functionName : 'native');
}

/** Self time per frame and per package (node_modules/<pkg>, node: internals, the app itself). */
export function summarise(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }, window: [number, number], top = 25): string[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    // Only the load window: start-up (module loading) and the sign-in are not the hot path.
    if (at >= window[0] && at <= window[1]) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byNode.get(id)!.callFrame;
    const url = f.url.replace(/^file:\/\//, '');
    const pkg = packageOf(f);
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(ROOT + '/', '')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    frames.set(key, (frames.get(key) ?? 0) + us);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  // Inclusive: a sample counts for every package on its stack (time spent in or below it).
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(packageOf(byNode.get(at)!.callFrame));
    for (const pkg of seen) inclusive.set(pkg, (inclusive.get(pkg) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)}%`.padStart(6);
  return [
    `Self time by package (${(total / 1e6).toFixed(1)} s sampled):`,
    ...[...packages].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${pct(v)}  ${k}`),
    '',
    'Time in or below each package (inclusive):',
    ...[...inclusive].filter(([k]) => !k.startsWith('(')).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${pct(v)}  ${k}`),
    '',
    `Top ${top} frames by self time:`,
    ...[...frames].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${pct(v)}  ${k}`),
  ];
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-profile-'));
  fs.chmodSync(dir, 0o777);
  const profDir = path.join(ROOT, 'bench-results', `profile-${Date.now()}`);
  fs.mkdirSync(profDir, { recursive: true });
  const cluster = await startEmbeddedPostgres(path.join(dir, 'data'), { throwaway: true });
  try {
    await bootstrapRoles(cluster.adminUrl, BENCH_PASSWORDS);
    await ensureDatabase(cluster.adminUrl, 'bench');
    const ownerUrl = connectionUrl(cluster.adminUrl, { user: DB_ROLES.owner, password: BENCH_PASSWORDS.owner, database: 'bench' });
    await runMigrations(ownerUrl);
    await seedDemo({ ownerUrl, accountsPerClient: PER_CLIENT, dataEncryptionKey: 'ab'.repeat(32) });
    const window: [number, number] = [0, 0];
    // --perf-basic-prof also writes V8's code log; it goes next to the profile, not into the working folder.
    const nodeArgs = PERF ? ['--perf-basic-prof', '--no-logfile-per-isolate', `--logfile=${path.join(profDir, 'v8.log')}`] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
    const gateway = await startGatewayProcess(connectionUrl(cluster.adminUrl, { database: 'bench' }), {}, nodeArgs);
    const perfData = path.join(profDir, 'perf.data');
    try {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation { login(email: "${CASES[CASE].email}", password: "arrears-demo") { token } }` }),
      });
      const token = ((await res.json()) as { data: { login: { token: string } } }).data.login.token;
      const query = fs.readFileSync(path.join(ROOT, `bench/queries/${CASES[CASE].document}.graphql`), 'utf8');
      if (WARMUP > 0) await load('warm-up', `${gateway.url}/graphql`, token, query, CASES[CASE].variables, { connections: CONNECTIONS, seconds: WARMUP });
      const perf = PERF ? spawn('perf', ['record', '-F', '999', '-g', '-p', String(gateway.pid), '-o', perfData, '--', 'sleep', String(SECONDS)], { stdio: 'ignore' }) : null;
      // cpuprofile times are microseconds of the same monotonic clock as process.hrtime.
      window[0] = Number(process.hrtime.bigint() / 1000n);
      const r = await load(CASE, `${gateway.url}/graphql`, token, query, CASES[CASE].variables, { connections: CONNECTIONS, seconds: SECONDS });
      window[1] = Number(process.hrtime.bigint() / 1000n);
      if (perf) await new Promise((resolve) => perf.on('exit', resolve).on('error', resolve));
      console.log(`${CASE} under the profiler: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms (${r.requests} requests, ${r.errors + r.non2xx} errors)`);
    } finally {
      await gateway.stop();
    }
    if (PERF) {
      if (!fs.existsSync(perfData)) throw new Error('perf recorded nothing: is it installed (apt-get install linux-perf) and allowed (kernel.perf_event_paranoid)?');
      console.log(`perf data: ${perfData}\n`);
      for (const [title, args] of [
        ['CPU by thread (the first is the main thread; the others are V8 compiler, collector and libuv threads)', ['--sort', 'pid']],
        ['CPU by binary ([kernel.kallsyms]: system calls; [JIT]: optimised JavaScript)', ['--sort', 'dso']],
        ['Top 30 symbols by CPU', ['--sort', 'sym']],
      ] as const) {
        const out = execFileSync('perf', ['report', '-i', perfData, '--no-children', '--stdio', '-g', 'none', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
        console.log(`${title}:\n${out.split('\n').filter((l) => l.trim() && !l.startsWith('#')).slice(0, 30).join('\n')}\n`);
      }
      return;
    }
    const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the gateway wrote no profile');
    console.log(`profile: ${path.join(profDir, file)}\n`);
    console.log(summarise(JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')), window).join('\n'));
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
