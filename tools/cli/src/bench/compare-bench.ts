// Side-by-side benchmark: the Arrears gateway against PostGraphile 5.1.5 on the same database, the
// same RLS policies and the same tenant context, and against the minimal SQL replayed from Node.
//   npm run bench:postgraphile   (BENCH_ACCOUNTS_PER_CLIENT=3000, BENCH_SECONDS=5, BENCH_ROUNDS=3, BENCH_CONNECTIONS=10)
// Steps: a throwaway embedded Postgres; migrations; the demo seed exactly as `npm start` runs it; the
// account list "as found" (right after the seed) and again after an operator's VACUUM ANALYZE (goal 5);
// then the gateway (production, own process) and PostGraphile (Node 22 from npm, production, own
// process, installed on demand in bench/postgraphile) alternating per round with autocannon; then the
// replay. Every raw run is printed; the table goes to docs/benchmarks.md.
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { bootstrapRoles, connectionUrl, DB_ROLES, ensureDatabase, PreparingClient, runMigrations, startEmbeddedPostgres } from '@arrears/db';
import { ACCOUNT_COLUMNS } from '@arrears/accounts';
import { seedDemo } from '@arrears/seed';
import { BENCH_JWT_SECRET, BENCH_PASSWORDS, cpuReading, cpuSecondsBetween, load, startGatewayProcess, type LoadResult } from './harness.js';
import { writeBenchSection } from './report.js';

const PER_CLIENT = Number(process.env.BENCH_ACCOUNTS_PER_CLIENT ?? 3000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const POOL_SIZE = 20;
/** BENCH_CASES=list20,byId,… runs only those (while developing); list20 always runs. */
const ONLY = process.env.BENCH_CASES?.split(',');
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const PGL_DIR = path.join(ROOT, 'bench/postgraphile');
const QUERIES = path.join(ROOT, 'bench/queries');
const run = { connections: CONNECTIONS, seconds: SECONDS };

const doc = (name: string) => fs.readFileSync(path.join(QUERIES, `${name}.graphql`), 'utf8');
const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** CPU time per request (ms) of the server's process and of the database (postmaster and its backends) during one run. */
interface CpuPerRequest {
  server: number;
  db: number;
}
type Measured = LoadResult & { cpu?: CpuPerRequest };

const line = (who: string, r: Measured) =>
  `  ${who.padEnd(12)} ${String(r.rps).padStart(6)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  (${r.requests} requests, ${r.errors + r.non2xx} errors)` +
  (r.cpu ? `  CPU per request: server ${r.cpu.server.toFixed(2)} ms, database ${r.cpu.db.toFixed(2)} ms` : '');

/** Runs `work` and adds the CPU per request that the server process (`serverPid`, or this process) and the database spent on it. */
async function withCpu(serverPid: number | null, postmasterPid: number, work: () => Promise<LoadResult>): Promise<Measured> {
  const server = () => {
    if (serverPid !== null) return cpuReading(serverPid);
    const own = process.cpuUsage();
    return new Map([[process.pid, (own.user + own.system) / 1e6]]);
  };
  const db = () => cpuReading(postmasterPid, { children: true });
  const before = { server: server(), db: db() };
  const r = await work();
  const per = (s: number) => (s * 1000) / Math.max(1, r.requests);
  return { ...r, cpu: { server: per(cpuSecondsBetween(before.server, server())), db: per(cpuSecondsBetween(before.db, db())) } };
}

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** PostGraphile on Node 22, both from npm, installed on first use into bench/postgraphile (not a workspace). */
async function startPostGraphile(databaseUrl: string, tenantContexts: Record<string, Record<string, string>>): Promise<Server> {
  const node = path.join(PGL_DIR, 'node_modules/node/bin/node');
  if (!fs.existsSync(node) || !fs.existsSync(path.join(PGL_DIR, 'node_modules/postgraphile'))) {
    console.log('installing PostGraphile 5.1.5 and Node 22 into bench/postgraphile (npm ci)…');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PGL_DIR, stdio: 'inherit' });
  }
  const child = spawn(node, [path.join(PGL_DIR, 'server.mjs')], {
    cwd: PGL_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: '0',
      POOL_SIZE: String(POOL_SIZE),
      JWT_SECRET: BENCH_JWT_SECRET,
      TENANT_CONTEXTS: JSON.stringify(tenantContexts),
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
    child.on('exit', (code) => reject(new Error(`PostGraphile exited ${code}`)));
  });
  return { url, pid: child.pid!, stop: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM'))) };
}

async function post(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`${url}: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

/** The app.* settings app.begin_request() sets for a user, read back in a rolled-back transaction. */
async function tenantContext(app: pg.Pool, userId: string, agencyId: string): Promise<Record<string, string>> {
  const c = await app.connect();
  try {
    await c.query('begin');
    const r = await c.query('select * from app.begin_request($1, $2)', [userId, agencyId]);
    if (!r.rowCount) throw new Error(`no such user ${userId}`);
    const names = ['app.agency_id', 'app.user_id', 'app.role', 'app.client_ids', 'app.law_firm_id'];
    const { rows } = await c.query(`select ${names.map((n, i) => `current_setting('${n}') as s${i}`).join(', ')}`);
    return Object.fromEntries(names.map((n, i) => [n, rows[0][`s${i}`] as string]));
  } finally {
    await c.query('rollback');
    c.release();
  }
}

interface ReplayCase {
  user: { id: string; agency: string };
  sql: string;
  params: unknown[];
}

/**
 * The minimal SQL for the same answer, from Node with a pool like the gateway's: the tenant context
 * (BEGIN + app.begin_request in one message), one query, COMMIT; `connections` workers for `seconds`.
 */
async function replay(pool: pg.Pool, c: ReplayCase): Promise<LoadResult> {
  const begin = `start transaction; select * from app.begin_request('${c.user.id}'::uuid, '${c.user.agency}'::uuid)`;
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      const t0 = performance.now();
      const client = await pool.connect();
      try {
        await client.query(begin);
        await client.query(c.sql, c.params);
        await client.query('commit');
      } catch {
        errors++;
        await client.query('rollback').catch(() => undefined);
      } finally {
        client.release();
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  latencies.sort((a, b) => a - b);
  const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] * 10) / 10;
  return { name: 'replay', requests: latencies.length, rps: Math.round(latencies.length / SECONDS), p50: q(0.5), p90: q(0.9), p99: q(0.99), errors, non2xx: 0 };
}

async function main() {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-compare-'));
  fs.chmodSync(dir, 0o777);
  const cluster = await startEmbeddedPostgres(path.join(dir, 'data'), { throwaway: true });
  const postmasterPid = Number(fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const stops: (() => Promise<void>)[] = [];
  const out: string[] = [];
  const say = (s: string) => {
    console.log(s);
    out.push(s);
  };
  try {
    await bootstrapRoles(cluster.adminUrl, BENCH_PASSWORDS);
    await ensureDatabase(cluster.adminUrl, 'bench');
    const ownerUrl = connectionUrl(cluster.adminUrl, { user: DB_ROLES.owner, password: BENCH_PASSWORDS.owner, database: 'bench' });
    const appUrl = connectionUrl(cluster.adminUrl, { user: DB_ROLES.app, password: BENCH_PASSWORDS.app, database: 'bench' });
    await runMigrations(ownerUrl);
    let t0 = Date.now();
    await seedDemo({ ownerUrl, accountsPerClient: PER_CLIENT, dataEncryptionKey: 'ab'.repeat(32) });
    console.log(`seeded the demo (${PER_CLIENT} accounts per bank) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
    owner.on('error', () => undefined);
    const one = async (sql: string, params: unknown[] = []) => (await owner.query(sql, params)).rows[0];
    const ids = await one(`select
        (select id from client where code = 'BANK_A') as bank_a,
        (select id from agency where name = 'Demo Collections') as agency,
        (select id from app_user where email = 'supervisor@demo-agency.test') as supervisor,
        (select id from app_user where email = 'collector@demo-agency.test') as collector,
        (select id from app_user where email = 'bank-a@demo-bank-a.test') as bank_user`);
    const account = await one(`select client_id, id from account where client_id = $1 order by bank_ref limit 1 offset 7`, [ids.bank_a]);

    const gateway = await startGatewayProcess(connectionUrl(cluster.adminUrl, { database: 'bench' }), { DB_POOL_SIZE: String(POOL_SIZE) });
    stops.push(() => gateway.stop());
    const login = async (email: string) => (await post(gateway.url, '', 'mutation($e: String!) { login(email: $e, password: "arrears-demo") { token } }', { e: email })).login.token as string;
    const tokens = { supervisor: await login('supervisor@demo-agency.test'), collector: await login('collector@demo-agency.test'), bankA: await login('bank-a@demo-bank-a.test') };

    const cases = [
      { key: 'list20', label: '20 accounts with debtor and bank names (supervisor, under RLS)', token: tokens.supervisor, gw: [doc('arrears-accounts'), { first: 20 }], pgl: [doc('postgraphile-accounts'), { first: 20 }] },
      { key: 'list50', label: '50 accounts with debtor and bank names', token: tokens.supervisor, gw: [doc('arrears-accounts'), { first: 50 }], pgl: [doc('postgraphile-accounts'), { first: 50 }] },
      {
        key: 'byId',
        label: 'one account by id with debtor and bank names (bank user)',
        token: tokens.bankA,
        gw: [doc('arrears-account'), { id: globalId('Account', account.id) }],
        pgl: [doc('postgraphile-account'), { id: '' }], // PostGraphile's node id, asked of it below
      },
      { key: 'queue', label: 'myQueue, first 50 (collector)', token: tokens.collector, gw: [doc('arrears-my-queue'), {}] },
      { key: 'summary', label: 'portfolioSummary (bank user)', token: tokens.bankA, gw: [doc('arrears-portfolio-summary'), { c: globalId('Client', ids.bank_a) }] },
    ].filter((c) => !ONLY || ONLY.includes(c.key) || c.key === 'list20') as { key: string; label: string; token: string; gw: [string, Record<string, unknown>]; pgl?: [string, Record<string, unknown>] }[];

    // Goal 5: the list as the seed left the database, then after an operator's VACUUM ANALYZE.
    const list = cases[0];
    // A warm-up as long as a run: with 3 s the gateway was still compiling during "as found", which then
    // read 0.78-0.88 of "after" where a second "as found" read 0.94 (2026-12-02): warm-up, not statistics.
    await load('warm-up', `${gateway.url}/graphql`, list.token, ...list.gw, run);
    // What changed since each table's last ANALYZE, as the first requests find the database.
    const unanalysed = (await owner.query(
      `select relname, n_mod_since_analyze::int as changed from pg_stat_user_tables where n_mod_since_analyze > 0 order by 2 desc, 1`,
    )).rows as { relname: string; changed: number }[];
    const asFound = await load('as found', `${gateway.url}/graphql`, list.token, ...list.gw, run);
    t0 = Date.now();
    await owner.query('vacuum analyze');
    const vacuumMs = Date.now() - t0;
    const analysed = await load('after VACUUM ANALYZE', `${gateway.url}/graphql`, list.token, ...list.gw, run);
    say(`Statistics (goal 5), ${list.label}, gateway:`);
    say(line('as found', asFound));
    say(line('after VACUUM ANALYZE', analysed) + ` (VACUUM ANALYZE took ${vacuumMs} ms)`);
    say(`  as found / after: ${(asFound.rps / analysed.rps).toFixed(2)}`);
    say(`  rows changed since their table's last ANALYZE, as found: ${unanalysed.length ? unanalysed.map((t) => `${t.relname} ${t.changed}`).join(', ') : 'none'}`);

    const appPool = new pg.Pool({ connectionString: appUrl, max: 2 });
    const contexts: Record<string, Record<string, string>> = {};
    for (const u of [ids.supervisor, ids.collector, ids.bank_user]) contexts[`${u}:${ids.agency}`] = await tenantContext(appPool, u, ids.agency);
    await appPool.end();
    const pgl = await startPostGraphile(appUrl, contexts);
    stops.push(() => pgl.stop());

    const found = await post(pgl.url, tokens.bankA, 'query($id: UUID!) { allAccounts(condition: { rowId: $id }) { nodes { id } } }', { id: account.id });
    for (const c of cases) if (c.key === 'byId') c.pgl![1].id = found.allAccounts.nodes[0].id;

    // Same answer from both: the same accounts in the same order, the same names.
    const a = (await post(gateway.url, tokens.supervisor, ...cases[0].gw)).accounts.edges.map((e: any) => [e.node.bankRef, e.node.totalDue.amount, e.node.debtor.name, e.node.client.name]);
    const b = (await post(pgl.url, tokens.supervisor, ...cases[0].pgl!)).allAccounts.edges.map((e: any) => [e.node.bankRef, e.node.totalDue, e.node.debtorByClientIdAndDebtorId.fullName, e.node.clientByClientId.name]);
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`the two servers answer differently:\n${JSON.stringify(a.slice(0, 3))}\n${JSON.stringify(b.slice(0, 3))}`);
    const byId = cases.find((c) => c.key === 'byId');
    if (byId && (await post(pgl.url, byId.token, ...byId.pgl!)).account?.bankRef !== (await post(gateway.url, byId.token, ...byId.gw)).account?.bankRef) throw new Error('the two servers find a different account');
    say(`Same answer checked: the first ${a.length} accounts, their order, debtor and bank names are equal on both servers.`);

    const results: Record<string, { gw: Measured[]; pgl: Measured[] }> = {};
    for (const c of cases) {
      results[c.key] = { gw: [], pgl: [] };
      await load('warm-up', `${gateway.url}/graphql`, c.token, ...c.gw, { connections: CONNECTIONS, seconds: 2 });
      if (c.pgl) await load('warm-up', `${pgl.url}/graphql`, c.token, ...c.pgl, { connections: CONNECTIONS, seconds: 2 });
    }
    for (let round = 1; round <= ROUNDS; round++) {
      say(`Round ${round}/${ROUNDS}`);
      for (const c of cases) {
        const order = c.pgl ? (round % 2 ? ['gw', 'pgl'] : ['pgl', 'gw']) : ['gw'];
        for (const who of order as ('gw' | 'pgl')[]) {
          const [query, vars] = who === 'gw' ? c.gw : c.pgl!;
          const server = who === 'gw' ? gateway : pgl;
          const r = await withCpu(server.pid, postmasterPid, () => load(c.key, `${server.url}/graphql`, c.token, query, vars, run));
          results[c.key][who].push(r);
          say(line(`${c.key} ${who === 'gw' ? 'Arrears' : 'PostGraphile'}`, r).replace(/^ {2}/, '  '));
        }
      }
    }
    await pgl.stop();
    stops.pop();

    // Goal 2: the minimal SQL for the same answers, replayed from Node (the gateway keeps running, idle).
    const sup = { id: ids.supervisor, agency: ids.agency };
    const accountCols = `a.id, a.bank_ref, a.total_due, a.currency, a.dpd, a.bucket, d.full_name, c.name
      from account a left join debtor d on d.client_id = a.client_id and d.id = a.debtor_id left join client c on c.id = a.client_id`;
    const replays: Record<string, ReplayCase> = {
      // The page size inlined, as the gateway sends it: a prepared LIMIT $1 would be planned again on every run.
      list20: { user: sup, sql: `select ${accountCols} where a.status = 'active' order by a.total_due desc, a.id desc limit 21`, params: [] },
      list50: { user: sup, sql: `select ${accountCols} where a.status = 'active' order by a.total_due desc, a.id desc limit 51`, params: [] },
      byId: { user: { id: ids.bank_user, agency: ids.agency }, sql: `select ${accountCols} where a.id = $1`, params: [account.id] },
      queue: {
        user: { id: ids.collector, agency: ids.agency },
        sql: `select a.id, a.bank_ref, a.priority_score, a.total_due, a.currency, d.full_name
              from account a left join debtor d on d.client_id = a.client_id and d.id = a.debtor_id
              where a.assigned_collector_id = $1 and a.status = 'active' order by a.priority_score desc, a.id desc limit 51`,
        params: [ids.collector],
      },
      summary: {
        user: { id: ids.bank_user, agency: ids.agency },
        sql: `select s.placement_month, s.bucket, s.currency, s.accounts, s.placed_amount, s.collected
              from client c join portfolio_snapshot s on s.client_id = c.id
              where c.id = $1 and s.as_of = (select max(as_of) from portfolio_snapshot where client_id = $1 and as_of <= (now() at time zone c.time_zone)::date)`,
        params: [ids.bank_a],
      },
    };
    // What the gateway's own list statement costs (every account, debtor and bank column), for comparison.
    const gatewaySql = `select ${ACCOUNT_COLUMNS}, d.id, d.client_id, d.full_name, d.national_id_masked, d.phones, d.addresses, d.employer, d.time_zone,
        c.id, c.name, c.code, c.currency, c.time_zone, c.created_at
      from account a left join debtor d on d.client_id = a.client_id and d.id = a.debtor_id left join client c on c.id = a.client_id
      where a.status = 'active' order by a.total_due desc, a.id desc limit 21`;
    const replayed: Record<string, Measured> = {};
    say('Replay of the minimal SQL (begin + tenant context, one query, commit), same pool size, same concurrency:');
    // One pool for every replay: its backends live through the runs, so their CPU is counted (withCpu).
    // Prepared statements, as the gateway's own connections use them (the cheapest way to send the SQL).
    const replayPool = new pg.Pool({ connectionString: appUrl, max: POOL_SIZE, Client: PreparingClient });
    for (const c of cases) {
      replayed[c.key] = await withCpu(null, postmasterPid, () => replay(replayPool, replays[c.key]));
      say(line(`${c.key} replay`, replayed[c.key]));
    }
    const full = await replay(replayPool, { user: sup, sql: gatewaySql, params: [] });
    await replayPool.end();
    say(line('list20 replay of the gateway statement (all columns)', full));
    await owner.end();

    const table = [
      `| request | Arrears req/s (median) | p99 ms | PostGraphile 5.1.5 req/s (median) | p99 ms | ratio | replayed SQL req/s | gateway / replay |`,
      `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
      ...cases.map((c) => {
        const g = results[c.key].gw;
        const p = results[c.key].pgl;
        const gRps = median(g.map((r) => r.rps));
        const pRps = p.length ? median(p.map((r) => r.rps)) : 0;
        const rp = replayed[c.key];
        return `| ${c.label} | ${gRps} | ${median(g.map((r) => r.p99))} | ${p.length ? pRps : '—'} | ${p.length ? median(p.map((r) => r.p99)) : '—'} | ${p.length ? (gRps / pRps).toFixed(2) : '—'} | ${rp.rps} | ${(gRps / rp.rps).toFixed(2)} |`;
      }),
    ].join('\n');
    const ms = (xs: Measured[], part: keyof CpuPerRequest) => (xs.length ? median(xs.map((r) => r.cpu![part])).toFixed(2) : '—');
    const cpuTable = [
      `| request | Arrears gateway | its database | PostGraphile | its database | replay (Node) | its database |`,
      `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
      ...cases.map((c) => {
        const { gw, pgl: p } = results[c.key];
        const rp = [replayed[c.key]];
        return `| ${c.label} | ${ms(gw, 'server')} | ${ms(gw, 'db')} | ${ms(p, 'server')} | ${ms(p, 'db')} | ${ms(rp, 'server')} | ${ms(rp, 'db')} |`;
      }),
    ].join('\n');
    console.log(`\n${table}\n\nCPU ms per request (medians):\n${cpuTable}\n`);
    writeBenchSection(
      'compare',
      [
        `Command: \`npm run bench:postgraphile\` (BENCH_ACCOUNTS_PER_CLIENT=${PER_CLIENT}, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds alternating; ${os.cpus().length} cores shared with other work, ${new Date().toISOString().slice(0, 16)}Z).`,
        `Data: the demo seed (\`npm start\`'s path) with ${PER_CLIENT} accounts per bank. Both servers in production mode in their own processes (gateway on Node ${process.versions.node}, PostGraphile on Node 22 from npm), pool ${POOL_SIZE}, as the application role under the same RLS policies; autocannon in a third process. Query documents: bench/queries/.`,
        '',
        table,
        '',
        `CPU per request, in ms (medians of the runs; user + system time of the server's process, and of the postmaster and all its backends, over the run, divided by its requests; 2 cores hold both and autocannon too):`,
        '',
        cpuTable,
        '',
        'Raw runs:',
        '',
        '```',
        ...out,
        '```',
      ].join('\n'),
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
