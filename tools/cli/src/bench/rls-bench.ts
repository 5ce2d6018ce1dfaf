// Row-level-security overhead: the same statements as the application role under the account policy as
// migrations leave it (each read of the request context a scalar subquery, evaluated once per statement),
// under the same policy with bare reads (current_setting and its cast evaluated per row, as before
// migration 0024), and as a superuser, who bypasses RLS (the floor).
//   npm run bench:rls      (BENCH_ACCOUNTS=100000, BENCH_ROUNDS=3, BENCH_REPEAT=7)
// One connection, one statement at a time: statement time, not throughput. Writes docs/benchmarks.md.
import 'reflect-metadata';
import os from 'node:os';
import pg from 'pg';
import { startBenchDatabase } from './harness.js';
import { writeBenchSection } from './report.js';

const N = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 7);

/** The account policy of migration 0008 with the context read bare (once per row). */
const BARE_ACCOUNT_POLICY = `
  (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
   and client_id = any (coalesce(nullif(current_setting('app.client_ids', true), ''), '{}')::uuid[])
   and (coalesce(current_setting('app.role', true), '') <> 'collector'
        or assigned_collector_id = nullif(current_setting('app.user_id', true), '')::uuid
        or assigned_team_id = any (coalesce(nullif(current_setting('app.team_ids', true), ''), '{}')::uuid[])))`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const db = await startBenchDatabase('arrears-rls-bench-');
  try {
    const t = db.tenants;
    const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 1 });
    // Half the accounts in each demo bank; every second one in the collector's queue.
    for (const [k, clientId] of [t.bankAId, t.bankBId].entries()) {
      const n = Math.floor(N / 2);
      await owner.query(`insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, 'rls bench', '2026-10-01')`, [clientId, t.demoAgencyId]);
      await owner.query(
        `insert into debtor (client_id, agency_id, full_name, identity_hash, phones)
         select $1, $2, '客户' || i, 'rls-' || i, array['139' || lpad(i::text, 8, '0')] from generate_series(1, $3) i`,
        [clientId, t.demoAgencyId, n],
      );
      await owner.query(
        `insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, currency, principal, interest, fees, overdue_amount,
                              delinquent_since, dpd, bucket, aged_on, placed_on, assigned_collector_id, assigned_at, priority_score)
         select d.client_id, d.agency_id, p.id, d.id, 'R${k}-' || d.identity_hash, 'CNY', 500 + (hashtext(d.identity_hash) & 65535), 0, 0, 100,
                date '2026-10-01', 60, (array['M1', 'M2', 'M3', 'M4'])[1 + (hashtext(d.identity_hash) & 3)], date '2026-11-30', date '2026-10-01',
                case when hashtext(d.identity_hash) & 1 = 0 then $2::uuid end, now(), (hashtext(d.identity_hash) & 65535) / 100.0
           from debtor d join placement p on p.client_id = d.client_id and p.name = 'rls bench'
          where d.client_id = $1 and d.identity_hash like 'rls-%'`,
        [clientId, t.users.collector],
      );
    }
    await owner.query('vacuum analyze');
    const admin = new pg.Client({ connectionString: db.adminUrl });
    const app = new pg.Client({ connectionString: db.appUrl });
    // The real failure is thrown below; a connection ended by the server stopping must not hide it.
    admin.on('error', () => undefined);
    app.on('error', () => undefined);
    owner.on('error', () => undefined);
    await admin.connect();
    await app.connect();
    const [{ using: subqueryUsing, check: subqueryCheck }] = (
      await owner.query(`select pg_get_expr(polqual, polrelid) as using, pg_get_expr(polwithcheck, polrelid) as check from pg_policy where polname = 'account_scope'`)
    ).rows;
    const setPolicy = (using: string, check: string) => owner.query(`alter policy account_scope on account using (${using}) with check (${check})`);

    const agency = t.demoAgencyId;
    const cases = [
      { name: `count every account of both banks (supervisor)`, user: t.users.supervisor, sql: `select count(*) from account where agency_id = $1`, params: [agency] },
      { name: `count the collector's queue (collector)`, user: t.users.collector, sql: `select count(*) from account where agency_id = $1 and assigned_collector_id = $2 and status = 'active'`, params: [agency, t.users.collector] },
      { name: `totals by bucket of one bank (bank user)`, user: t.users.bankA, sql: `select bucket, count(*), sum(total_due) from account where agency_id = $1 and client_id = $2 group by bucket order by bucket`, params: [agency, t.bankAId] },
      { name: `50 largest balances, one page (supervisor)`, user: t.users.supervisor, sql: `select id, bank_ref, total_due from account where agency_id = $1 order by total_due desc, id desc limit 50`, params: [agency] },
    ];
    const forms = [
      { name: 'RLS, context read once per statement', setUp: () => setPolicy(subqueryUsing, subqueryCheck), client: app },
      { name: 'RLS, context read per row (before 0024)', setUp: () => setPolicy(BARE_ACCOUNT_POLICY, BARE_ACCOUNT_POLICY), client: app },
      { name: 'no RLS (superuser)', setUp: () => setPolicy(subqueryUsing, subqueryCheck), client: admin },
    ];
    const answers = new Map<string, string>();
    const times = new Map<string, number[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const form of round % 2 ? forms : [...forms].reverse()) {
        await form.setUp();
        for (const k of cases) {
          for (let i = 0; i < REPEAT; i++) {
            await form.client.query('begin');
            if (form.client === app) await app.query('select app.begin_request($1, $2)', [k.user, agency]);
            const started = performance.now();
            const { rows } = await form.client.query(k.sql, k.params);
            const ms = performance.now() - started;
            await form.client.query('commit');
            const key = `${k.name}|${form.name}`;
            times.set(key, [...(times.get(key) ?? []), ms]);
            // Every form must give the same answer, or the comparison means nothing.
            const answer = JSON.stringify(rows);
            if (answers.has(k.name) && answers.get(k.name) !== answer) throw new Error(`${k.name}: ${form.name} answered differently`);
            answers.set(k.name, answer);
          }
        }
      }
      console.log(`round ${round}/${ROUNDS} done`);
    }
    await setPolicy(subqueryUsing, subqueryCheck);
    await Promise.all([app.end(), admin.end(), owner.end()]);

    const ms = (k: string, f: string) => median(times.get(`${k}|${f}`)!);
    const table = [
      `| statement | ${forms.map((f) => `${f.name}, p50 ms`).join(' | ')} |`,
      `| --- | ${forms.map(() => '---:').join(' | ')} |`,
      ...cases.map((k) => `| ${k.name} | ${forms.map((f) => ms(k.name, f.name).toFixed(1)).join(' | ')} |`),
    ].join('\n');
    console.log(table);
    writeBenchSection(
      'rls',
      [
        `Command: \`npm run bench:rls\` (BENCH_ACCOUNTS=${N}, ${ROUNDS} rounds of ${REPEAT} runs per statement and form, alternating; load ${os.loadavg()[0].toFixed(1)} at the end; ${os.cpus().length} cores, PostgreSQL embedded; ${new Date().toISOString().slice(0, 10)}).`,
        `Data: ${N} accounts over the two demo banks, half of them in the demo collector's queue. One connection, one statement at a time, timed in Node around the statement alone (the transaction and \`app.begin_request\` excluded); every form must return the same rows. Medians:`,
        '',
        table,
      ].join('\n'),
    );
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
