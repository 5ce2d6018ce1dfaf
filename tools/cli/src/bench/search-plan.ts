// Debtor search at scale, under RLS: the plans Postgres takes as the application role inside a tenant
// context (a plan taken as the owner proves nothing: the owner bypasses the policies).
import 'reflect-metadata';
import os from 'node:os';
import pg from 'pg';
import { accountConditions, Params } from '@arrears/accounts';
import { startBenchDatabase } from './harness.js';
import { writeBenchSection } from './report.js';

const N = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const NAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['小明', '小红', '建国', '秀英', '伟', '芳', '娜', '敏', '静', '强'];

async function main() {
  const db = await startBenchDatabase('arrears-search-');
  try {
    const owner = new pg.Pool({ connectionString: db.ownerUrl, max: 1 });
    const t = db.tenants;
    const t0 = Date.now();
    const half = Math.floor(N / 2);
    for (const [clientId, count, prefix] of [
      [t.bankAId, N - half, 'A'],
      [t.bankBId, half, 'B'],
    ] as const) {
      const [{ id: placementId }] = (await owner.query(`insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, 'bench', '2026-10-01') returning id`, [clientId, t.demoAgencyId])).rows;
      await owner.query(
        `insert into debtor (client_id, agency_id, full_name, identity_hash, phones)
         select $1, $2, ($5::text[])[1 + i % 10] || ($6::text[])[1 + (i / 10) % 10] || (i % 997), $3 || i, array['139' || lpad(i::text, 8, '0')]
         from generate_series(1, $4) i`,
        [clientId, t.demoAgencyId, prefix, count, NAMES, GIVEN],
      );
      await owner.query(`insert into debtor_phone (client_id, agency_id, phone, debtor_id) select client_id, agency_id, phones[1], id from debtor where client_id = $1`, [clientId]);
      await owner.query(
        `insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on)
         select d.client_id, d.agency_id, $3, d.id, $2 || '-' || lpad(g.i::text, 8, '0'), lpad((g.i * 7 % 10000)::text, 4, '0'), 'CNY', 1000, 100,
                date '2026-10-01' - g.i % 300, 1 + g.i % 300, 'M1', '2026-10-01', '2026-10-01'
         from generate_series(1, $4) g(i) join debtor d on d.client_id = $1 and d.identity_hash = $2 || g.i`,
        [clientId, prefix, placementId, count],
      );
    }
    await owner.query('vacuum analyze');
    console.log(`wrote ${N} accounts in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    await owner.end();

    // As the application role, inside the supervisor's tenant context (both banks in scope).
    const app = new pg.Client({ connectionString: db.appUrl });
    await app.connect();
    const sections: string[] = [];
    for (const [label, term] of [
      ['name prefix', '王小明1'],
      ['bank reference prefix', 'A-0012345'],
      ['card last four', '1234'],
      ['phone (exact)', '139 0001 2345'],
    ] as const) {
      const p = new Params();
      const where = accountConditions({ search: term }, p);
      const sql = `select a.id, a.bank_ref from account a where ${where.join(' and ')} order by a.total_due desc, a.id desc limit 51`;
      await app.query('begin');
      await app.query('select * from app.begin_request($1, $2)', [t.users.supervisor, t.demoAgencyId]);
      const { rows: [{ role }] } = await app.query(`select current_user as role`);
      const plan = (await app.query(`explain (analyze, buffers off, costs off, summary on) ${sql}`, p.values)).rows.map((r) => r['QUERY PLAN']).join('\n');
      const found = (await app.query(sql, p.values)).rowCount;
      await app.query('rollback');
      console.log(`-- ${label} "${term}" as ${role}: ${found} rows\n${plan}\n`);
      sections.push(`**${label}** (\`${term}\`, ${found} rows, as \`${role}\`):\n\n\`\`\`\n${plan}\n\`\`\``);
    }
    await app.end();
    writeBenchSection('search', [`Command: \`npm run bench:search\` (BENCH_ACCOUNTS=${N}; ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}). Plans as the application role inside a supervisor's tenant context.`, '', ...sections].join('\n\n'));
  } finally {
    await db.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
