import os from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTenant } from '@arrears/tenancy';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import { PermanentJobError, queueJob, startWorker, withJobTenant, type JobContext, type JobHandlers, type JobWorker } from './index.js';
import { createDataSource } from '@arrears/db';
import type { DataSource } from 'typeorm';

// The durable queue against a real PostgreSQL, as the real roles: jobs queued by the application role
// through job_run rows, run by the worker role as the user who asked, under RLS.

let db: TestDatabase;
let owner: pg.Client;
let app: DataSource;

const ids = {
  agencyA: 'a0000000-0000-4000-8000-00000000000a',
  agencyB: 'b0000000-0000-4000-8000-00000000000b',
  bankA1: 'a1000000-0000-4000-8000-0000000000a1',
  bankA2: 'a2000000-0000-4000-8000-0000000000a2',
  bankB1: 'b1000000-0000-4000-8000-0000000000b1',
  adminA: 'a0000000-0000-4000-8000-000000000001',
  bankUserA1: 'a0000000-0000-4000-8000-000000000002',
  adminB: 'b0000000-0000-4000-8000-000000000001',
};
const claimsAdminA = { userId: ids.adminA, agencyId: ids.agencyA };

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Client({ connectionString: db.ownerUrl });
  await owner.connect();
  const i = ids;
  await owner.query(`insert into agency (id, name) values ($1, 'Agency A'), ($2, 'Agency B')`, [i.agencyA, i.agencyB]);
  await owner.query(
    `insert into client (agency_id, id, name, code, time_zone) values ($1, $2, 'Bank A1', 'A1', 'Asia/Shanghai'), ($1, $3, 'Bank A2', 'A2', 'Asia/Shanghai'), ($4, $5, 'Bank B1', 'B1', 'Asia/Shanghai')`,
    [i.agencyA, i.bankA1, i.bankA2, i.agencyB, i.bankB1],
  );
  await owner.query(
    `insert into app_user (id, agency_id, email, display_name, role, client_id, password_hash) values
       ($1, $4, 'admin@a.test', 'A', 'agency_admin', null, 'x'),
       ($2, $4, 'bank@a1.test', 'B', 'client_user', $6, 'x'),
       ($3, $5, 'admin@b.test', 'AB', 'agency_admin', null, 'x')`,
    [i.adminA, i.bankUserA1, i.adminB, i.agencyA, i.agencyB, i.bankA1],
  );
  app = createDataSource({ url: db.appUrl, poolSize: 4 });
  await app.initialize();
});

afterAll(async () => {
  await app?.destroy();
  await owner?.end();
  await db?.drop();
});

async function jobRun(id: string) {
  return (await owner.query('select status, attempts, last_error, requested_by from job_run where id = $1', [id])).rows[0];
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function withWorker<T>(handlers: JobHandlers, work: (w: JobWorker) => Promise<T>, extra: { concurrency?: number; staleAfterMs?: number } = {}): Promise<T> {
  const w = await startWorker({ url: db.workerUrl, handlers, pollInterval: 200, heartbeatMs: 60_000, ...extra });
  try {
    return await work(w);
  } finally {
    await w.stop();
  }
}

const queueAs = (claims: typeof claimsAdminA, clientId: string, agencyId = ids.agencyA, kind: 'placement_import' | 'aging' = 'placement_import') =>
  withTenant(app, claims, (m, p) => queueJob(m, { kind, clientId, agencyId, requestedBy: p.userId, subjectId: null })) as Promise<string>;

describe('queueing', () => {
  it('a job exists only when the transaction that asked for it commits, and carries ids only', async () => {
    await expect(
      withTenant(app, claimsAdminA, async (m, p) => {
        await queueJob(m, { kind: 'aging', clientId: ids.bankA2, agencyId: ids.agencyA, requestedBy: p.userId });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await owner.query(`select count(*)::int as n from graphile_worker.jobs where queue_name = $1`, [`aging:${ids.bankA2}`])).rows[0].n).toBe(0);

    const id = await queueAs(claimsAdminA, ids.bankA2, ids.agencyA, 'aging');
    const { rows } = await owner.query(`select j.payload, q.queue_name from graphile_worker._private_jobs j join graphile_worker._private_job_queues q on q.id = j.job_queue_id where j.key = $1`, [
      `job_run:${id}`,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].queue_name).toBe(`aging:${ids.bankA2}`);
    expect(Object.keys(rows[0].payload).sort()).toEqual(['agencyId', 'clientId', 'jobRunId', 'requestedBy', 'subjectId']);
    await owner.query(`delete from graphile_worker._private_jobs where key = $1`, [`job_run:${id}`]);
  });

  it('a bank user cannot queue a job for another bank, nor see its jobs', async () => {
    const bankB = await queueAs({ userId: ids.adminB, agencyId: ids.agencyB }, ids.bankB1, ids.agencyB, 'aging');
    const err = await withTenant(app, { userId: ids.bankUserA1, agencyId: ids.agencyA }, (m) =>
      queueJob(m, { kind: 'aging', clientId: ids.bankA2, agencyId: ids.agencyA }),
    ).catch((e) => e);
    expect(err?.driverError?.code ?? err?.code).toBe('42501');
    const seen = await withTenant(app, claimsAdminA, (m) => m.query('select id from job_run where id = $1', [bankB]));
    expect(seen).toEqual([]);
    expect(await jobRun(bankB)).toBeTruthy();
    await owner.query(`delete from graphile_worker._private_jobs where key = $1`, [`job_run:${bankB}`]);
  });

  it('the application role marks no job as done and cannot reach the queue or a job context', async () => {
    const id = await queueAs(claimsAdminA, ids.bankA1, ids.agencyA, 'aging');
    const c = new pg.Client({ connectionString: db.appUrl });
    await c.connect();
    try {
      const code = async (sql: string, params: unknown[] = []) => c.query(sql, params).then(() => null, (e) => e.code);
      expect(await code('select count(*) from graphile_worker.jobs')).toBe('42501');
      expect(await code(`select graphile_worker.add_job('aging', '{}'::json)`)).toBe('42501');
      expect(await code('select * from app.begin_job($1)', [ids.bankA1])).toBe('42501');
      expect(await code('select * from app.job_clients()')).toBe('42501');
      expect(await code(`select app.job_run_update($1, $2, 'succeeded', 1, null)`, [ids.bankA1, id])).toBe('42501');
      expect(await code('select count(*) from worker_pool')).toBe('42501');
      await c.query('begin');
      await c.query('select * from app.begin_request($1, $2)', [ids.adminA, ids.agencyA]);
      expect(await code(`update job_run set status = 'succeeded' where id = $1`, [id])).toBe('42501');
      await c.query('rollback');
    } finally {
      await c.end();
    }
    expect((await jobRun(id)).status).toBe('queued');
    await owner.query(`delete from graphile_worker._private_jobs where key = $1`, [`job_run:${id}`]);
  });
});

describe('running', () => {
  it('runs a job as the user who asked, under RLS', async () => {
    const id = await queueAs({ userId: ids.bankUserA1, agencyId: ids.agencyA }, ids.bankA1);
    const seen: string[][] = [];
    await withWorker(
      {
        placement_import: {
          async run(ctx) {
            const clients = await withTenant(ctx.dataSource, { userId: ctx.payload.requestedBy!, agencyId: ctx.payload.agencyId }, (m) => m.query('select id from client'));
            seen.push(clients.map((c: { id: string }) => c.id));
          },
        },
      },
      () => until('the job to succeed', async () => (await jobRun(id)).status === 'succeeded'),
    );
    expect(seen).toEqual([[ids.bankA1]]);
    expect(await jobRun(id)).toMatchObject({ status: 'succeeded', attempts: 1, last_error: null });
  });

  it('a platform job sees only its one bank', async () => {
    const w = await startWorker({ url: db.workerUrl, handlers: {}, heartbeatMs: 60_000 });
    try {
      const rows = await withJobTenant(w.dataSource, ids.bankA1, (m) => m.query('select id from client'));
      expect(rows).toEqual([{ id: ids.bankA1 }]);
      expect(await withJobTenant(w.dataSource, '00000000-0000-4000-8000-000000000000', async () => 'ran')).toBeNull();
    } finally {
      await w.stop();
    }
  });

  it('retries a failing job with back-off, and fails a permanent error at once with its reason', async () => {
    const flaky = await queueAs(claimsAdminA, ids.bankA1);
    const bad = await queueAs(claimsAdminA, ids.bankA2);
    const attempts = new Map<string, number>();
    const gaveUp: string[] = [];
    await withWorker(
      {
        placement_import: {
          async run(ctx: JobContext) {
            attempts.set(ctx.payload.jobRunId, ctx.attempt);
            if (ctx.payload.jobRunId === bad) throw new PermanentJobError('The file is empty');
            if (ctx.attempt === 1) throw new Error('boom');
          },
          async onGiveUp(ctx, reason) {
            gaveUp.push(`${ctx.payload.jobRunId}: ${reason}`);
          },
        },
      },
      async () => {
        await until('the first attempt to fail', async () => (await jobRun(flaky)).last_error);
        const r = await jobRun(flaky);
        expect(r.status).toBe('queued');
        expect(r.last_error).toMatch(/^Attempt 1 of 5 failed: An internal error \(logged by the worker for job .+\); it will be retried$/);
        // Back-off: the next attempt is scheduled in the future; bring it forward instead of waiting.
        const [{ later }] = (await owner.query(`select run_at > now() as later from graphile_worker.jobs where key = $1`, [`job_run:${flaky}`])).rows;
        expect(later).toBe(true);
        await owner.query(`update graphile_worker._private_jobs set run_at = now() where key = $1`, [`job_run:${flaky}`]);
        await until('the retry to succeed', async () => (await jobRun(flaky)).status === 'succeeded');
        await until('the permanent failure', async () => (await jobRun(bad)).status === 'failed');
      },
    );
    expect(attempts.get(flaky)).toBe(2);
    expect(await jobRun(bad)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'The file is empty' });
    expect(gaveUp).toEqual([`${bad}: The file is empty`]);
    expect((await owner.query(`select count(*)::int as n from graphile_worker.jobs where key = any($1)`, [[`job_run:${flaky}`, `job_run:${bad}`]])).rows[0].n).toBe(0);
  });

  it('a handler that keeps its own schedule (RunLater) runs again at its time, as the same job', async () => {
    const id = await queueAs(claimsAdminA, ids.bankA1);
    const runs: number[] = [];
    await withWorker({
      placement_import: {
        async run() {
          runs.push(Date.now());
          if (runs.length === 1) return { retryAt: new Date(Date.now() + 60_000), reason: 'Receiver answered 503; next in a minute' };
        },
      },
    }, async () => {
      await until('the first run to ask for later', async () => (await jobRun(id)).last_error);
      expect(await jobRun(id)).toMatchObject({ status: 'queued', last_error: 'Receiver answered 503; next in a minute' });
      // One waiting queue job under the job's key, at the handler's time (not graphile-worker's back-off).
      const queued = (await owner.query(`select run_at > now() + interval '50 seconds' as at_its_time, attempts from graphile_worker.jobs where key = $1`, [`job_run:${id}`])).rows;
      expect(queued).toEqual([{ at_its_time: true, attempts: 0 }]);
      await owner.query(`update graphile_worker._private_jobs set run_at = now() where key = $1`, [`job_run:${id}`]);
      await until('the second run to succeed', async () => (await jobRun(id)).status === 'succeeded');
    });
    expect(runs).toHaveLength(2);
    expect((await owner.query(`select count(*)::int as n from graphile_worker._private_jobs where key = $1 or payload->>'jobRunId' = $2`, [`job_run:${id}`, id])).rows[0].n).toBe(0);
  });

  it('a failed job queued again (retry) runs again', async () => {
    const id = await queueAs(claimsAdminA, ids.bankA1);
    let fail = true;
    const handlers: JobHandlers = {
      placement_import: {
        async run() {
          if (fail) throw new PermanentJobError('Not yet');
        },
      },
    };
    await withWorker(handlers, () => until('the failure', async () => (await jobRun(id)).status === 'failed'));
    fail = false;
    const updated = await withTenant(app, claimsAdminA, (m) => m.query(`update job_run set status = 'queued' where id = $1 and status = 'failed' returning attempts`, [id]));
    expect(updated[0]).toEqual([{ attempts: 0 }]);
    await withWorker(handlers, () => until('the retried job', async () => (await jobRun(id)).status === 'succeeded'));
  });

  it('is fair across banks: one bank’s backlog does not hold the other bank’s job', async () => {
    const log: string[] = [];
    const bankA = [];
    for (let n = 0; n < 4; n++) bankA.push(await queueAs(claimsAdminA, ids.bankA1));
    const bankB = await queueAs({ userId: ids.adminB, agencyId: ids.agencyB }, ids.bankB1, ids.agencyB);
    await withWorker(
      {
        placement_import: {
          async run(ctx) {
            const who = ctx.payload.clientId === ids.bankB1 ? 'B' : 'A';
            log.push(`${who} start`);
            await new Promise((r) => setTimeout(r, 300));
            log.push(`${who} end`);
          },
        },
      },
      () => until('every job', async () => (await owner.query(`select bool_and(status = 'succeeded') as done from job_run where id = any($1)`, [[...bankA, bankB]])).rows[0].done),
      { concurrency: 2 },
    );
    // Bank A's jobs run one at a time (their own queue); bank B's starts while bank A's first still runs.
    expect(log.indexOf('B start')).toBeLessThan(log.indexOf('A end'));
    let running = 0;
    for (const e of log.filter((l) => l.startsWith('A'))) {
      running += e.endsWith('start') ? 1 : -1;
      expect(running).toBeLessThanOrEqual(1);
    }
  });
});

describe('recovery from a killed worker', () => {
  it('releases the jobs of a dead pool at once on the same host, and fails a job whose last attempt died', async () => {
    const again = await queueAs(claimsAdminA, ids.bankA1);
    const last = await queueAs(claimsAdminA, ids.bankA2);
    // What a SIGKILLed pool leaves behind: jobs locked by it, attempts counted, a heartbeat row whose process is gone.
    const deadPool = 'dead-pool-1';
    await owner.query(`insert into worker_pool (id, hostname, pid, heartbeat_at) values ($1, $2, 2147483646, now())`, [deadPool, os.hostname()]);
    await owner.query(`update graphile_worker._private_jobs set locked_at = now(), locked_by = $1, attempts = 1 where key = $2`, [deadPool, `job_run:${again}`]);
    await owner.query(`update graphile_worker._private_jobs set locked_at = now(), locked_by = $1, attempts = max_attempts where key = $2`, [deadPool, `job_run:${last}`]);
    await owner.query(`update job_run set status = 'running', attempts = 1 where id = $1`, [again]);
    await owner.query(`update job_run set status = 'running', attempts = 5 where id = $1`, [last]);
    const gaveUp: string[] = [];
    await withWorker(
      {
        placement_import: {
          async run() {},
          async onGiveUp(ctx, reason) {
            gaveUp.push(reason);
          },
        },
      },
      async () => {
        await until('the released job to run again', async () => (await jobRun(again)).status === 'succeeded');
        await until('the exhausted job to fail', async () => (await jobRun(last)).status === 'failed');
      },
    );
    expect(await jobRun(again)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((await jobRun(last)).last_error).toBe('Failed after 5 attempts: the worker stopped during the last attempt');
    expect(gaveUp).toEqual(['Failed after 5 attempts: the worker stopped during the last attempt']);
    expect((await owner.query(`select count(*)::int as n from worker_pool where id = $1`, [deadPool])).rows[0].n).toBe(0);
    expect((await owner.query(`select count(*)::int as n from graphile_worker.jobs where locked_by is not null`)).rows[0].n).toBe(0);
  });

  it('leaves a live pool of another host alone until its heartbeat is stale', async () => {
    await withWorker({}, async (w) => {
      await owner.query(`insert into worker_pool (id, hostname, pid, heartbeat_at) values ('other-host-live', 'elsewhere', 1, now()), ('other-host-stale', 'elsewhere', 1, now() - interval '5 minutes')`);
      const r = await w.sweep();
      expect(r.deadPools).toEqual(['other-host-stale']);
    });
    expect((await owner.query(`select id from worker_pool`)).rows).toEqual([{ id: 'other-host-live' }]);
    await owner.query(`delete from worker_pool`);
  });
});
