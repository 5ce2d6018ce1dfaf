import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedCluster } from './embedded-postgres.js';

// `npm start` after a crash: the killed run's PostgreSQL still holds the data directory.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arrears-orphan-'));
fs.chmodSync(dir, 0o777);
const started: EmbeddedCluster[] = [];

afterAll(async () => {
  for (const c of started) await c.stop().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

const pidOf = (dataDir: string) => Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

describe('embedded PostgreSQL recovery', () => {
  it('stops the orphaned server of its own data directory and starts again, keeping the data', async () => {
    const data = path.join(dir, 'data');
    const first = await startEmbeddedPostgres(data, { throwaway: true });
    started.push(first);
    const c1 = new pg.Client({ connectionString: first.adminUrl });
    await c1.connect();
    await c1.query('create table kept (n int); insert into kept values (42)');
    await c1.end();
    const orphanPid = pidOf(data);

    // A second start on the same directory, as after a SIGKILLed `npm start` whose postgres lives on.
    const recovered: string[] = [];
    const second = await startEmbeddedPostgres(data, { throwaway: true, onRecover: (m) => recovered.push(m) });
    started.splice(0, started.length, second);
    expect(recovered).toEqual([expect.stringContaining(`stopped an orphaned PostgreSQL (pid ${orphanPid})`)]);
    expect(() => process.kill(orphanPid, 0)).toThrow();
    const c2 = new pg.Client({ connectionString: second.adminUrl });
    await c2.connect();
    expect((await c2.query('select n from kept')).rows).toEqual([{ n: 42 }]);
    await c2.end();
    await second.stop();
  });

  it('removes a stale pid file whose process is gone', async () => {
    const data = path.join(dir, 'data');
    fs.writeFileSync(path.join(data, 'postmaster.pid'), `2147483646\n${data}\n`);
    const recovered: string[] = [];
    const c = await startEmbeddedPostgres(data, { throwaway: true, onRecover: (m) => recovered.push(m) });
    started.push(c);
    expect(recovered).toEqual([expect.stringContaining('removed a stale postmaster.pid')]);
    await c.stop();
  });

  it('names the cause when PostgreSQL cannot start (port in use)', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const err = await startEmbeddedPostgres(path.join(dir, 'data'), { port, throwaway: true }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(new RegExp(`PostgreSQL did not start on port ${port} in .*data`));
      expect((err as Error).message).not.toMatch(/undefined/);
    } finally {
      blocker.close();
    }
  });
});
