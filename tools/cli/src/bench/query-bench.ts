// Query benchmark: p50/p99 latency of the hot read paths through the real gateway on a large portfolio.
//   npm run bench:queries            (BENCH_ACCOUNTS=1000000 by default, BENCH_SECONDS=10, BENCH_WARMUP=3, BENCH_CONNECTIONS=10)
// Starts a throwaway embedded Postgres, writes the portfolio set-based as the owner (the import
// pipeline has its own benchmark), ages it, starts the gateway in this process and drives it with
// autocannon from a child process so load generation does not share the gateway's event loop.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { bootstrapRoles, connectionUrl, createDataSource, DB_ROLES, ensureDatabase, runMigrations, startEmbeddedPostgres } from '@arrears/db';
import { recomputeAging, refreshPortfolioSnapshot } from '@arrears/accounts';
import { seedTenants } from '@arrears/seed';
import { writeBenchSection } from './report.js';
import { queueDebtorZone } from './queue-zone.js';
import { BENCH_PASSWORDS, load as loadRun, startGatewayProcess, type LoadResult } from './harness.js';

/** One measured run of a query, after an unmeasured one of WARMUP seconds (the gateway's JIT compiles that query's path). */
const load = async (name: string, url: string, token: string, query: string, variables: Record<string, unknown>) => {
  if (WARMUP > 0) await loadRun(name, url, token, query, variables, { connections: CONNECTIONS, seconds: WARMUP });
  return loadRun(name, url, token, query, variables, { connections: CONNECTIONS, seconds: SECONDS });
};

const N = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const QUEUE_SIZE = Math.min(20_000, Math.floor(N / 10));
const PASSWORDS = BENCH_PASSWORDS;

function elapsed(since: number) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function portfolio(owner: pg.Pool, t: Awaited<ReturnType<typeof seedTenants>>, zone: string) {
  const half = Math.floor(N / 2);
  for (const [clientId, count, prefix] of [
    [t.bankAId, N - half, 'A'],
    [t.bankBId, half, 'B'],
  ] as const) {
    await owner.query(
      `insert into placement (client_id, agency_id, name, placed_on)
       select $1, $2, $3 || ' ' || to_char(m, 'YYYY-MM'), m::date from generate_series(date '2025-12-01', date '2026-11-01', interval '1 month') m`,
      [clientId, t.demoAgencyId, prefix],
    );
    await owner.query(
      `insert into debtor (client_id, agency_id, full_name, national_id_masked, identity_hash, phones, time_zone)
       select $1, $2, '客户' || i, '110***********' || lpad((i % 10000)::text, 4, '0'), $3 || i, array['139' || lpad(i::text, 8, '0')], $5
       from generate_series(1, $4) i`,
      [clientId, t.demoAgencyId, prefix, count, zone],
    );
    await owner.query(`insert into debtor_phone (client_id, agency_id, phone, debtor_id) select client_id, agency_id, phones[1], id from debtor where client_id = $1`, [clientId]);
    await owner.query(
      `with p as (select id, row_number() over (order by placed_on) - 1 as k from placement where client_id = $1)
       insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, interest, fees,
                            overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on)
       select d.client_id, d.agency_id, p.id, d.id, $2 || '-' || g.i, lpad((g.i % 10000)::text, 4, '0'), 'CNY',
              500 + (g.i::bigint * 7919 % 200000) + (g.i % 100) / 100.0, (g.i % 5000) / 10.0, (g.i % 300), 100 + g.i % 5000,
              date '2026-11-24' - (1 + g.i * 37 % 400), 0, 'M0', date '2000-01-01', date '2025-12-01' + (g.i % 12) * interval '1 month'
       from generate_series(1, $3) g(i)
       join debtor d on d.client_id = $1 and d.identity_hash = $2 || g.i
       join p on p.k = g.i % 12`,
      [clientId, prefix, count],
    );
  }
  await owner.query(
    `update account set assigned_collector_id = $1, assigned_at = now()
     where (client_id, id) in (select client_id, id from account where client_id = $2 order by id limit $3)`,
    [t.users.collector, t.bankAId, QUEUE_SIZE],
  );
}

async function main() {
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-bench-'));
  fs.chmodSync(dir, 0o777);
  const cluster = await startEmbeddedPostgres(path.join(dir, 'data'), { throwaway: true });
  try {
    await bootstrapRoles(cluster.adminUrl, PASSWORDS);
    await ensureDatabase(cluster.adminUrl, 'bench');
    const ownerUrl = connectionUrl(cluster.adminUrl, { user: DB_ROLES.owner, password: PASSWORDS.owner, database: 'bench' });
    await runMigrations(ownerUrl);
    const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
    owner.on('error', () => undefined); // an idle client dropped at shutdown is not a failure
    const c = await owner.connect();
    const tenants = await seedTenants(c);
    c.release();
    let t0 = Date.now();
    const zone = queueDebtorZone(new Date());
    await portfolio(owner, tenants, zone);
    console.log(`wrote ${N} accounts in ${elapsed(t0)}; debtors in ${zone}`);
    t0 = Date.now();
    const ownerDs = createDataSource({ url: ownerUrl, poolSize: 1 });
    await ownerDs.initialize();
    await ownerDs.transaction(async (m) => {
      await recomputeAging(m, '2026-11-24');
      await refreshPortfolioSnapshot(m);
    });
    await owner.query('vacuum analyze');
    // Written pages flushed before measuring: a checkpoint still writing the new portfolio out would
    // compete with the measured runs for the two cores.
    const admin = new pg.Client({ connectionString: connectionUrl(cluster.adminUrl, { database: 'bench' }) });
    await admin.connect();
    await admin.query('checkpoint');
    await admin.end();
    console.log(`aged, analysed and checkpointed in ${elapsed(t0)}`);

    await ownerDs.destroy();
    await owner.end();

    const gateway = await startGatewayProcess(connectionUrl(cluster.adminUrl, { database: 'bench' }));
    try {
      const login = async (email: string) => {
        const res = await fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'mutation($e: String!) { login(email: $e, password: "arrears-demo") { token } }', variables: { e: email } }),
        });
        return ((await res.json()) as { data: { login: { token: string } } }).data.login.token;
      };
      const [supervisor, collector, bankA] = await Promise.all(['supervisor@demo-agency.test', 'collector@demo-agency.test', 'bank-a@demo-bank-a.test'].map(login));
      const bankAId = Buffer.from(`Client:${tenants.bankAId}`).toString('base64url');
      const page = 'edges { cursor node { id bankRef totalDue { amount currency } daysPastDue bucket debtor { name } } } pageInfo { hasNextPage endCursor }';
      const results: LoadResult[] = [];
      results.push(
        await load('accounts: bucket M3, by balance desc, 50 a page (supervisor, both banks)', `${gateway.url}/graphql`, supervisor,
          `query($f: AccountFilter) { accounts(first: 50, filter: $f, orderBy: { field: BALANCE, direction: DESC }) { ${page} } }`, { f: { buckets: ['M3'] } }),
      );
      results.push(
        await load(`myQueue: first 50 of ${QUEUE_SIZE} accounts (collector)`, `${gateway.url}/graphql`, collector,
          `{ myQueue(first: 50) { edges { node { id bankRef priority { score } totalDue { amount } } } pageInfo { endCursor } } }`, {}),
      );
      results.push(
        await load('portfolioSummary: Demo Bank A (bank user)', `${gateway.url}/graphql`, bankA,
          `query($c: ID!) { portfolioSummary(clientId: $c) { totals { accounts placed { amount } collected { amount } liquidationRate } byBucket { key accounts placed { amount } } byPlacementMonth { key accounts liquidationRate } } }`, { c: bankAId }),
      );
      const table = [
        `| query | requests | req/s | p50 ms | p90 ms | p99 ms | errors |`,
        `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
        ...results.map((r) => `| ${r.name} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.errors + r.non2xx} |`),
      ].join('\n');
      console.log(table);
      writeBenchSection('queries', [
        `Command: \`npm run bench:queries\` (BENCH_ACCOUNTS=${N}, ${CONNECTIONS} connections, ${SECONDS} s per query after ${WARMUP} s unmeasured; ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 16)}Z).`,
        `Portfolio: ${N} accounts over two banks, aged; the collector's queue holds ${QUEUE_SIZE} accounts; the debtors live in ${zone} (${new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date())} there at the end of the run, inside the China preset's 08:00–22:00: \`myQueue\` applies every contact rule). Gateway in production mode in its own process, autocannon in another.`,
        '',
        table,
      ].join('\n'));
    } finally {
      await gateway.stop();
    }
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`done in ${elapsed(started)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
