import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@arrears/db';
import { startWorker, type JobWorker } from '@arrears/jobs';
import { LocalDiskStore } from '@arrears/storage';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { PlacementImporter } from '../import/importer.js';
import { ownerQuery, seedImportFixture, tempDir, type ImportFixture } from '../import/test-fixtures.js';
import { ProtectedData } from '../protected-data.js';
import { accountsJobs, agingSweep } from './accounts-jobs.js';

// Imports and aging as durable jobs: queued by the app role with the upload in the document store, run
// by a real graphile-worker as the worker role, under RLS.

const KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const HEADER = ['账号', '卡号', '客户姓名', '身份证号', '手机号', '地址', '本金', '利息', '费用', '逾期金额', '逾期起始日'];
const row = (ref: string) => [ref, '1234', '队列', null, '13800002222', null, '100', '0', '0', '100', '2024-01-01'];

let db: TestDatabase;
let app: DataSource;
let f: ImportFixture;
let dir: string;
let store: LocalDiskStore;
let worker: JobWorker;
const importer = new PlacementImporter({ protectedData: new ProtectedData(KEY, { 1: KEY }) });

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  f = await seedImportFixture(db.ownerUrl);
  app = createDataSource({ url: db.appUrl, poolSize: 4 });
  await app.initialize();
  dir = tempDir();
  store = new LocalDiskStore(path.join(dir, 'documents'));
  const jobs = accountsJobs({ store, protectedData: new ProtectedData(KEY, { 1: KEY }), log: () => undefined });
  worker = await startWorker({ url: db.workerUrl, handlers: jobs.handlers, platformTasks: jobs.platformTasks, pollInterval: 200, heartbeatMs: 60_000 });
});

afterAll(async () => {
  await worker?.stop();
  await app?.destroy();
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const q = <T = Record<string, any>>(sql: string, params: unknown[] = []) => ownerQuery<T>(db.ownerUrl, sql, params);

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function queueFile(
  name: string,
  content: string,
  user: keyof ImportFixture['users'] = 'bankA',
  beforeQueue?: (fileKey: string) => Promise<unknown>,
): Promise<{ importId: string; fileKey: string }> {
  const fileKey = `${f.bankA}/placement-imports/${name}`;
  await store.put(fileKey, Buffer.from(content));
  await beforeQueue?.(fileKey);
  const importId = await importer.queue({ dataSource: app, claims: f.claims(user), clientId: f.bankA, fileKey, fileName: name, placedOn: '2024-03-01' });
  return { importId, fileKey };
}

const importRow = async (id: string) => (await q('select status, rows_read, rows_staged, rows_imported, rows_rejected, error, file_key from placement_import where id = $1', [id]))[0];
const jobOf = async (importId: string) => (await q(`select kind, status, attempts, last_error, requested_by from job_run where subject_id = $1`, [importId]))[0];

describe('placement imports as jobs', () => {
  it('runs a queued import as the uploading user, then deletes the stored upload', async () => {
    const csv = [HEADER, row('Q-1'), row('Q-2'), row('Q-3')].map((r) => r.map((c) => c ?? '').join(',')).join('\n');
    const { importId, fileKey } = await queueFile('q1.csv', csv);
    const job = await jobOf(importId);
    expect(job).toMatchObject({ kind: 'placement_import', requested_by: f.users.bankA });
    // The worker may already have picked it up (LISTEN/NOTIFY).
    expect(['queued', 'running', 'succeeded']).toContain(job.status);
    await until('the import', async () => (await importRow(importId)).status === 'succeeded');
    expect(await importRow(importId)).toMatchObject({ rows_read: 3, rows_staged: 3, rows_imported: 3, error: null });
    await until('the job record', async () => (await jobOf(importId)).status === 'succeeded');
    expect(await store.stat(fileKey)).toBeNull();
    expect((await q(`select count(*)::int as n from account where bank_ref like 'Q-%'`))[0].n).toBe(3);
  });

  it('fails a malformed file at once with its reason (no retry) and keeps nothing of it', async () => {
    const { importId, fileKey } = await queueFile('bad.csv', 'no,header,we,know\n1,2,3,4\n');
    await until('the failure', async () => (await importRow(importId)).status === 'failed');
    const imp = await importRow(importId);
    expect(imp.rows_imported).toBe(0);
    expect(imp.error).toMatch(/column/i);
    const job = await until('the job failure', async () => ((await jobOf(importId)).status === 'failed' ? jobOf(importId) : null));
    expect(job).toMatchObject({ attempts: 1, last_error: imp.error });
    // Kept for a retry from the jobs screen.
    expect(await store.stat(fileKey)).not.toBeNull();
  });

  it('fails with a clear reason when the upload is gone', async () => {
    // Gone before the job is queued: the worker picks a job up as soon as it is queued (LISTEN/NOTIFY), so a
    // delete after queueing could lose the race and the import would succeed.
    const { importId } = await queueFile('gone.csv', [HEADER, row('G-1')].map((r) => r.map((c) => c ?? '').join(',')).join('\n'), 'bankA', (key) => store.delete(key));
    await until('the failure', async () => (await importRow(importId)).status === 'failed');
    expect((await importRow(importId)).error).toBe('The uploaded file is no longer available');
    expect((await q(`select count(*)::int as n from account where bank_ref = 'G-1'`))[0].n).toBe(0);
  });

  it('a collector cannot queue an import (refused before anything is recorded)', async () => {
    const before = (await q('select count(*)::int as n from job_run'))[0].n;
    await expect(importer.queue({ dataSource: app, claims: f.claims('collector'), clientId: f.bankA, fileKey: 'x/y.csv', fileName: 'y.csv' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await q('select count(*)::int as n from job_run'))[0].n).toBe(before);
  });
});

describe('daily aging as a scheduled job', () => {
  it('queues one aging job per bank whose local day has turned, and ages only that bank', async () => {
    await q(`update account set aged_on = aged_on - 3, dpd = 0 where client_id = $1`, [f.bankA]);
    await q(`update client set time_zone = 'Pacific/Kiritimati' where id = $1`, [f.bankA]);
    expect(await agingSweep(worker.dataSource)).toEqual([f.bankA]);
    // A second sweep while the job is pending queues nothing more.
    expect(await agingSweep(worker.dataSource)).toEqual([]);
    await until('the aging job', async () => (await q(`select status from job_run where kind = 'aging' and client_id = $1`, [f.bankA]))[0]?.status === 'succeeded');
    const [acc] = await q<{ aged_on: string; today: string; dpd: number }>(
      `select a.aged_on::text, (now() at time zone 'Pacific/Kiritimati')::date::text as today, a.dpd from account a where a.client_id = $1 limit 1`,
      [f.bankA],
    );
    expect(acc.aged_on).toBe(acc.today);
    expect(acc.dpd).toBeGreaterThan(0);
    // Aged today: nothing to queue until the bank's next local day.
    expect(await agingSweep(worker.dataSource)).toEqual([]);
  });
});
