// Work-queue benchmark: myQueue with the contact rules (hours in the debtor's zone, limits, holds) on a
// large queue, inside and outside contact hours, against the same queue without the rules.
//   npm run bench:queue     (BENCH_ACCOUNTS=50000, BENCH_SECONDS=3, BENCH_ROUNDS=2, BENCH_CONNECTIONS=4)
// The gateway runs as its own process with NODE_ENV=test, the only mode that honours the test clock
// header (x-arrears-test-now), so that "outside hours" does not depend on when the benchmark runs.
import 'reflect-metadata';
import os from 'node:os';
import pg from 'pg';
import type { DemoTenants } from '@arrears/seed';
import { writeBenchSection } from './report.js';
import { explainSlowStatements, load, slowestPlan, startBenchDatabase, startGatewayProcess, type LoadResult } from './harness.js';

const N = Number(process.env.BENCH_ACCOUNTS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
/** BENCH_EXPLAIN=1 prints the plans of the slowest page, count and person-load statements (see explainSlowStatements) instead of writing the docs section. */
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';

// Tuesday 2026-12-01: 10:00 and 03:00 in Shanghai (08:00 and 01:00 in Urumqi).
const INSIDE = '2026-12-01T02:00:00.000Z';
const OUTSIDE = '2026-12-01T19:00:00.000Z';

async function portfolio(owner: pg.Pool, t: DemoTenants) {
  await owner.query(`insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, 'bench', '2026-10-01')`, [t.bankAId, t.demoAgencyId]);
  // One debtor in ten lives in Urumqi (UTC+6); the others take the bank's zone (Shanghai).
  await owner.query(
    `insert into debtor (client_id, agency_id, full_name, national_id_masked, identity_hash, phones, time_zone)
     select $1, $2, '客户' || i, '110***********' || lpad((i % 10000)::text, 4, '0'), 'q' || i, array['139' || lpad(i::text, 8, '0')],
            case when i % 10 = 0 then 'Asia/Urumqi' end
       from generate_series(1, $3) i`,
    [t.bankAId, t.demoAgencyId, N],
  );
  await owner.query(`insert into debtor_phone (client_id, agency_id, phone, debtor_id) select client_id, agency_id, phones[1], id from debtor where client_id = $1`, [t.bankAId]);
  await owner.query(
    `insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, interest, fees,
                          overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on, assigned_collector_id, assigned_at, priority_score)
     select d.client_id, d.agency_id, p.id, d.id, 'Q-' || g.i, lpad((g.i % 10000)::text, 4, '0'), 'CNY', 500 + g.i % 20000, 0, 0, 100,
            date '2026-10-01', 60, 'M2', date '2026-11-30', date '2026-10-01', $3, now(), (g.i * 7919 % 100000) / 100.0
       from generate_series(1, $2) g(i)
       join debtor d on d.client_id = $1 and d.identity_hash = 'q' || g.i
       cross join (select id from placement where client_id = $1) p`,
    [t.bankAId, N, t.users.collector],
  );
  // One account in five was called once to three times in the two days before 10:00 (no answer); one in fifty
  // also had its three conversations of the day already (the China preset's limit).
  const insert = (select: string) =>
    owner.query(
      `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, outcome_code, connected, policy_version, made_by, started_at, completed_at)
       select a.client_id, a.agency_id, a.id, a.debtor_id, 'call', 'outbound', 'debtor', 'completed', x.outcome, x.connected, 0, $2, x.at, x.at
         from (${select}) x join account a on a.client_id = $1 and a.bank_ref = 'Q-' || x.i`,
      [t.bankAId, t.users.collector, INSIDE, N],
    );
  await insert(`select i, 'no_answer' as outcome, false as connected, $3::timestamptz - (10 + (i * 37 + k * 600) % 2800) * interval '1 minute' as at
                  from generate_series(5, $4, 5) i cross join lateral generate_series(1, 1 + i % 3) k`);
  await insert(`select i, 'right_party_contact' as outcome, true as connected, $3::timestamptz - (20 * k) * interval '1 minute' as at
                  from generate_series(50, $4, 50) i cross join generate_series(1, 3) k`);
}

async function main() {
  const serverLog: string[] = [];
  const db = await startBenchDatabase('arrears-bench-', EXPLAIN ? { onLog: (m) => serverLog.push(m) } : {});
  try {
    const tenants = db.tenants;
    const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 2 });
    owner.on('error', () => undefined);
    const t0 = Date.now();
    await portfolio(owner, tenants);
    await owner.query('vacuum analyze');
    const [{ n }] = (await owner.query(`select count(*)::int as n from contact_attempt`)).rows;
    console.log(`wrote ${N} accounts and ${n} contact attempts in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await owner.end();
    if (EXPLAIN) await explainSlowStatements(db.adminUrl, 100);

    const gateway = await startGatewayProcess(db.adminUrl, { NODE_ENV: 'test' });
    try {
      const res = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(email: "collector@demo-agency.test", password: "arrears-demo") { token } }' }),
      });
      const token = ((await res.json()) as { data: { login: { token: string } } }).data.login.token;
      const node = 'id bankRef priority { score } totalDue { amount } debtor { name }';
      const cases = [
        { name: 'outside hours (03:00 Shanghai), page + totalCount', now: OUTSIDE, q: `{ myQueue(first: 50) { totalCount edges { node { ${node} } } pageInfo { endCursor } } }` },
        { name: 'outside hours, page only', now: OUTSIDE, q: `{ myQueue(first: 50) { edges { node { ${node} } } pageInfo { endCursor } } }` },
        { name: 'inside hours (10:00 Shanghai), page + totalCount', now: INSIDE, q: `{ myQueue(first: 50) { totalCount edges { node { ${node} } } pageInfo { endCursor } } }` },
        { name: 'inside hours, page only', now: INSIDE, q: `{ myQueue(first: 50) { edges { node { ${node} } } pageInfo { endCursor } } }` },
        { name: 'reference: includeBlocked (no contact rules), page + totalCount', now: INSIDE, q: `{ myQueue(first: 50, includeBlocked: true) { totalCount edges { node { ${node} } } pageInfo { endCursor } } }` },
        // The queue screen's header, asked once per visit: when the first blocked account of the 500 highest-priority ones opens.
        { name: 'inside hours, next opening (the screen header)', now: INSIDE, q: `{ myQueueNextOpening }` },
        { name: 'outside hours, next opening', now: OUTSIDE, q: `{ myQueueNextOpening }` },
      ];
      // What each case answers (a benchmark of a wrong answer proves nothing).
      const answers: string[] = [];
      for (const k of cases) {
        const r = await fetch(`${gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-arrears-test-now': k.now },
          body: JSON.stringify({ query: k.q }),
        });
        const body = (await r.json()) as { data?: { myQueue?: { totalCount?: number; edges: unknown[] }; myQueueNextOpening?: string | null }; errors?: unknown };
        if (body.errors || !body.data) throw new Error(`${k.name}: ${JSON.stringify(body.errors)}`);
        const q = body.data.myQueue;
        answers.push(q ? `${q.edges.length} on the page${q.totalCount === undefined ? '' : `, totalCount ${q.totalCount}`}` : `opens ${body.data.myQueueNextOpening}`);
      }
      const runs: (LoadResult & { load: string; round: number })[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 ? cases : [...cases].reverse();
        for (const k of order) {
          const before = os.loadavg()[0].toFixed(1);
          const r = await load(k.name, `${gateway.url}/graphql`, token, k.q, {}, { connections: CONNECTIONS, seconds: SECONDS, headers: { 'x-arrears-test-now': k.now } });
          runs.push({ ...r, load: before, round });
          console.log(`round ${round} | ${k.name} | ${r.rps} req/s | p50 ${r.p50} ms | p99 ${r.p99} ms | errors ${r.errors + r.non2xx} | load ${before}`);
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const table = [
        `| case | answer | req/s (median) | p50 ms | p99 ms | load (1 min) |`,
        `| --- | --- | ---: | ---: | ---: | --- |`,
        ...cases.map((k, i) => {
          const mine = runs.filter((r) => r.name === k.name);
          return `| ${k.name} | ${answers[i]} | ${median(mine.map((r) => r.rps))} | ${median(mine.map((r) => r.p50))} | ${median(mine.map((r) => r.p99))} | ${mine.map((r) => r.load).join(', ')} |`;
        }),
      ].join('\n');
      console.log(table);
      if (EXPLAIN) {
        console.log(`\ncounts: ${slowestPlan(serverLog.join('\n'), 'count(*)')}`);
        console.log(`\npages: ${slowestPlan(serverLog.join('\n'), 'limit')}`);
        console.log(`\nperson loads: ${slowestPlan(serverLog.join('\n'), 'with mine as')}`);
        return;
      }
      writeBenchSection(
        'queue',
        [
          `Command: \`npm run bench:queue\` (BENCH_ACCOUNTS=${N}, ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} alternating rounds; ${os.cpus().length} cores shared, ${new Date().toISOString().slice(0, 10)}).`,
          `Queue: ${N} active accounts of Bank A assigned to one collector (one debtor in ten in Urumqi, the rest in Shanghai), ${n} outbound calls in the two days before 10:00; China preset (08:00–22:00, three conversations a day per person).`,
          '',
          table,
          '',
          'Every raw run:',
          '',
          ...runs.map((r) => `- round ${r.round}, ${r.name}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors + r.non2xx}, load ${r.load}`),
        ].join('\n'),
      );
    } finally {
      await gateway.stop();
    }
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
