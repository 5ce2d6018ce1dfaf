// Import benchmark: a placement file end to end through PlacementImporter (parse, validate, encrypt,
// COPY to staging, set-based merge under RLS, visible to queries), against goal 3's reference: the same
// rows already split into the import's tables, COPYed straight into them as the owner (copy-reference.ts).
// A raw COPY of the file into a bare table is printed too, as the floor of what the disk allows.
//   npm run bench:import             (BENCH_ROWS=1000000 by default; BENCH_SMALL_ROWS = BENCH_ROWS / 10;
//                                     BENCH_BATCH rows per batch; BENCH_HEAP=default for V8's own heap sizing)
// Starts a throwaway embedded Postgres (default settings: fsync on), migrates, seeds the demo tenants,
// generates the files (not timed), imports a small file then the large one as Bank A's user, each in a
// process of its own whose peak RSS is the import's (import-process.ts), counts the accounts through the
// app role, times the reference and the raw COPY, and writes the import section of docs/benchmarks.md.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { bootstrapRoles, connectionUrl, createDataSource, DB_ROLES, ensureDatabase, runMigrations, startEmbeddedPostgres } from '@arrears/db';
import { localDate } from '@arrears/accounts';
import { withTenant } from '@arrears/tenancy';
import { seedTenants, writePlacementCsv } from '@arrears/seed';
import { timeCopyReference } from './copy-reference.js';
import { explainSlowStatements, slowestPlan } from './harness.js';
import { runImportProcess, type ImportProcessResult } from './import-process.js';
import { writeBenchSection } from './report.js';

const N = Number(process.env.BENCH_ROWS ?? 1_000_000);
const SMALL = Number(process.env.BENCH_SMALL_ROWS ?? Math.max(10_000, Math.floor(N / 10)));
const BATCH = process.env.BENCH_BATCH ? Number(process.env.BENCH_BATCH) : undefined;
/** BENCH_IDS=random puts back random ids (gen_random_uuid) instead of the time-ordered uuidv7 of 0021, for comparison. */
const RANDOM_IDS = process.env.BENCH_IDS === 'random';
/** BENCH_EXPLAIN=1 prints the plan of the slowest merge batch with its triggers' times (see explainSlowStatements) instead of writing the docs section. */
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const PASSWORDS = { owner: 'bench-owner-password', app: 'bench-app-password' };
const KEY = '62656e63682d6b65792d6e6f742d612d7365637265742d2d2d2d2d2d2d2d2d21';

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const fmt = (n: number) => Math.round(n).toLocaleString('en');

const RAW_TABLE = `create table if not exists bench_raw (
  bank_ref text, card text, full_name text, national_id text, phones text, address text, employer text, currency char(3),
  principal numeric(18, 2), interest numeric(18, 2), fees numeric(18, 2), overdue_amount numeric(18, 2), delinquent_since date,
  last_payment_date date, last_payment_amount numeric(18, 2), contact_name text, contact_relation text, contact_phone text)`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-import-bench-'));
  fs.chmodSync(dir, 0o777);
  console.log(`import benchmark: ${fmt(N)} rows (and ${fmt(SMALL)} for the memory check) in ${dir}`);
  const serverLog: string[] = [];
  const cluster = await startEmbeddedPostgres(path.join(dir, 'data'), EXPLAIN ? { onLog: (m) => serverLog.push(m) } : {});
  try {
    await bootstrapRoles(cluster.adminUrl, PASSWORDS);
    await ensureDatabase(cluster.adminUrl, 'arrears_bench');
    const adminUrl = connectionUrl(cluster.adminUrl, { database: 'arrears_bench' });
    const ownerUrl = connectionUrl(cluster.adminUrl, { user: DB_ROLES.owner, password: PASSWORDS.owner, database: 'arrears_bench' });
    const appUrl = connectionUrl(cluster.adminUrl, { user: DB_ROLES.app, password: PASSWORDS.app, database: 'arrears_bench' });
    await runMigrations(ownerUrl);
    if (EXPLAIN) await explainSlowStatements(adminUrl, 1000);
    const owner = new pg.Pool({ connectionString: ownerUrl, max: 2 });
    if (RANDOM_IDS) for (const table of ['debtor', 'debtor_phone', 'debtor_contact', 'account']) await owner.query(`alter table ${table} alter column id set default gen_random_uuid()`);
    const seeding = await owner.connect();
    const tenants = await seedTenants(seeding);
    seeding.release();
    const [{ time_zone: tz }] = (await owner.query('select time_zone from client where id = $1', [tenants.bankAId])).rows;
    const placedOn = localDate(tz);

    const bigFile = path.join(dir, 'placement-big.csv');
    const smallFile = path.join(dir, 'placement-small.csv');
    let t = Date.now();
    await writePlacementCsv(bigFile, { rows: N, placedOn, bankRefPrefix: 'BIG', seed: 1 });
    await writePlacementCsv(smallFile, { rows: SMALL, placedOn, bankRefPrefix: 'SMALL', seed: 2 });
    for (const f of [bigFile, smallFile]) fs.chmodSync(f, 0o644);
    const fileMb = fs.statSync(bigFile).size / 1024 / 1024;
    console.log(`generated the files in ${((Date.now() - t) / 1000).toFixed(1)} s (${fileMb.toFixed(0)} MB for ${fmt(N)} rows)`);

    const claims = { userId: tenants.users.bankA, agencyId: tenants.demoAgencyId };
    const importFile = (filePath: string, clientId: string, userId: string) =>
      runImportProcess({ appUrl, dataEncryptionKey: KEY, batchSize: BATCH, claims: { ...claims, userId }, clientId, filePath, placedOn });

    const small = await importFile(smallFile, tenants.bankBId, tenants.users.bankB);
    report('small', small);
    const big = await importFile(bigFile, tenants.bankAId, tenants.users.bankA);
    report('large', big);
    for (const r of [small.result, big.result]) if (r.status !== 'succeeded') throw new Error(`import failed: ${r.error}`);

    const app = createDataSource({ url: appUrl, poolSize: 1, applicationName: 'arrears-import-bench' });
    await app.initialize();
    t = Date.now();
    const [{ n: visible }] = await withTenant(app, claims, (m) => m.query('select count(*)::int as n from account where client_id = $1', [tenants.bankAId]));
    console.log(`bank A's user sees ${fmt(visible)} accounts (count in ${Date.now() - t} ms)`);
    if (visible !== N) throw new Error(`expected ${N} visible accounts, saw ${visible}`);
    await app.destroy();
    if (EXPLAIN) {
      await owner.end();
      console.log(`\nmerges slower than a second: ${slowestPlan(serverLog.join('\n'), 'insert into debtor')}`);
      return;
    }

    const reference = await timeCopyReference({ adminUrl, ownerUrl, sourceClientId: tenants.bankAId, placedOn, dir });
    const perTable = Object.entries(reference.tables).map(([table, x]) => `${table} ${fmt(x.rows)} rows in ${(x.ms / 1000).toFixed(1)} s`);
    console.log(`COPY into the same tables: ${(reference.ms / 1000).toFixed(1)} s (${perTable.join(', ')})`);

    // The floor: the same file, COPYed by the server straight into a bare table (no checks,
    // no indexes, no RLS, nothing derived), as a superuser.
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(RAW_TABLE);
    t = performance.now();
    const copied = await admin.query(`copy bench_raw from '${bigFile.replace(/'/g, "''")}' with (format csv, header true)`);
    const rawMs = performance.now() - t;
    await admin.end();
    await owner.end();
    console.log(`raw COPY: ${fmt(copied.rowCount ?? 0)} rows in ${(rawMs / 1000).toFixed(1)} s`);

    const importRate = N / (big.ms / 1000);
    const rawRate = N / (rawMs / 1000);
    const referenceRate = reference.tables.account.rows / (reference.ms / 1000);
    const ratio = importRate / referenceRate;
    const s = big.result.stats;
    const lines = [
      `Command: \`${RANDOM_IDS ? 'BENCH_IDS=random ' : ''}npm run bench:import\` (BENCH_ROWS=${N}; ids ${RANDOM_IDS ? 'random (gen_random_uuid)' : 'time-ordered (uuidv7)'}; load ${os.loadavg()[0].toFixed(1)} at the end; ${os.cpus().length} cores, Node ${process.versions.node}, PostgreSQL embedded, default durability settings; ${new Date().toISOString().slice(0, 10)}).`,
      `File: ${fmt(N)} generated placement rows (zh-CN names and addresses, valid national ids, full card numbers, 1–3 phones, 60% with a third-party contact), ${fileMb.toFixed(0)} MB of CSV.`,
      '',
      '| run | rows | time s | rows/s | vs COPY into the same tables | peak RSS MB (start) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| PlacementImporter, ${fmt(SMALL)} rows (Bank B) | ${fmt(SMALL)} | ${(small.ms / 1000).toFixed(1)} | ${fmt(SMALL / (small.ms / 1000))} | | ${mb(small.peakRss)} (${mb(small.baseRss)}) |`,
      `| PlacementImporter, ${fmt(N)} rows (Bank A) | ${fmt(N)} | ${(big.ms / 1000).toFixed(1)} | ${fmt(importRate)} | ${(ratio * 100).toFixed(0)}% | ${mb(big.peakRss)} (${mb(big.baseRss)}) |`,
      `| \`COPY\` of the same rows, already split, into the same tables as the owner | ${fmt(reference.tables.account.rows)} | ${(reference.ms / 1000).toFixed(1)} | ${fmt(referenceRate)} | 100% | |`,
      `| raw \`COPY\` of the same file into a bare table | ${fmt(N)} | ${(rawMs / 1000).toFixed(1)} | ${fmt(rawRate)} | | |`,
      '',
      `The import is end to end: stream-parse (csv-parse), validate every row in JS (amounts as decimals, ids, phones, dates), encrypt the national id and hash the identity, COPY batches into a TEMP staging table, merge set-based as Bank A's user under RLS into debtor, debtor_phone, debtor_contact, account and bucket_history, write rejections, commit; then Bank A's user counts ${fmt(visible)} accounts.`,
      `The reference writes bank A's imported rows, moved to a bank of their own with new time-ordered ids, with one \`COPY FROM STDIN\` per table (${perTable.join(', ')}) in one transaction as the owner, who bypasses RLS; indexes, foreign keys and triggers run. It runs after the import, on tables already holding its rows.`,
      s ? `Of the ${(s.totalMs / 1000).toFixed(1)} s, the database batches (COPY + merge) took ${(s.dbMs / 1000).toFixed(1)} s, overlapped with parsing; parsing waited ${(s.parseWaitMs / 1000).toFixed(1)} s for the database.` : '',
      `Each import runs in a Node process of its own with its heap sized as the worker sizes it (${process.env.BENCH_HEAP === 'default' ? "here V8's defaults instead, BENCH_HEAP=default" : '`sizeHeapForJobs`'}${process.env.NODE_OPTIONS ? `, NODE_OPTIONS=${process.env.NODE_OPTIONS}` : ''}); peak RSS is that process's high-water mark (VmHWM), start-up included, and the start its RSS once connected: ${mb(small.peakRss)} MB for ${fmt(SMALL)} rows and ${mb(big.peakRss)} MB for ${fmt(N)} rows.`,
    ].filter((l, i, a) => l !== '' || a[i - 1] !== '');
    writeBenchSection('import', lines.join('\n'));
    console.log('\n' + lines.join('\n'));
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function report(label: string, r: ImportProcessResult) {
  const x = r.result;
  console.log(
    `${label}: ${x.status} ${fmt(x.rowsRead)} read, ${fmt(x.rowsImported)} new, ${fmt(x.rowsUpdated)} updated, ${fmt(x.rowsRejected)} rejected in ${(r.ms / 1000).toFixed(1)} s ` +
      `(${fmt(x.rowsRead / (r.ms / 1000))} rows/s), peak RSS ${mb(r.peakRss)} MB (from ${mb(r.baseRss)} MB)` +
      (x.stats ? `; db ${(x.stats.dbMs / 1000).toFixed(1)} s, parse waited ${(x.stats.parseWaitMs / 1000).toFixed(1)} s` : ''),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
