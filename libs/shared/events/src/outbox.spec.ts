import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { createDataSource } from '@arrears/db';
import { createTestDatabase, type TestDatabase } from '@arrears/testing';
import type { DataSource } from 'typeorm';
import { emitEvent, emitEvents } from './outbox.js';

let db: TestDatabase;
let owner: pg.Pool;
let app: DataSource;
let agencyId: string;
let clientA: string;
let clientB: string;

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'));
  owner = new pg.Pool({ connectionString: db.ownerUrl });
  agencyId = (await owner.query(`insert into agency (name) values ('Outbox agency') returning id`)).rows[0].id;
  clientA = (await owner.query(`insert into client (agency_id, name, code, currency, time_zone) values ($1, 'A', 'BANK_A', 'CNY', 'Asia/Shanghai') returning id`, [agencyId])).rows[0].id;
  clientB = (await owner.query(`insert into client (agency_id, name, code, currency, time_zone) values ($1, 'B', 'BANK_B', 'CNY', 'Asia/Shanghai') returning id`, [agencyId])).rows[0].id;
  app = createDataSource({ url: db.appUrl, poolSize: 2, applicationName: 'outbox-spec' });
  await app.initialize();
});

afterAll(async () => {
  await app?.destroy();
  await owner?.end();
  await db?.drop();
});

/** A transaction in the context of a user who sees only `clientIds` (what app.begin_request sets). */
async function asScope<T>(clientIds: string[], work: (m: DataSource['manager']) => Promise<T>, commit = true): Promise<T> {
  const runner = app.createQueryRunner();
  await runner.startTransaction();
  try {
    await runner.query(`select set_config('app.agency_id', $1, true), set_config('app.client_ids', $2, true), set_config('app.role', 'agency_admin', true)`, [agencyId, `{${clientIds.join(',')}}`]);
    const out = await work(runner.manager);
    if (commit) await runner.commitTransaction();
    else await runner.rollbackTransaction();
    return out;
  } catch (e) {
    await runner.rollbackTransaction();
    throw e;
  } finally {
    await runner.release();
  }
}

describe('event outbox', () => {
  it('keeps an event exactly when its transaction commits', async () => {
    await asScope([clientA], (m) => emitEvent(m, { agencyId, clientId: clientA, type: 'placement.imported', payload: { rows: 3 } }));
    await asScope([clientA], (m) => emitEvent(m, { agencyId, clientId: clientA, type: 'account.recalled' }), false);
    const rows = (await owner.query('select type, payload from event_outbox order by occurred_at')).rows;
    expect(rows).toEqual([{ type: 'placement.imported', payload: { rows: 3 } }]);
  });

  it("refuses an event for a bank outside the writer's scope (RLS)", async () => {
    await expect(asScope([clientA], (m) => emitEvents(m, [{ agencyId, clientId: clientB, type: 'payment.posted' }]))).rejects.toThrow(/row-level security/);
  });

  it('lets each bank read only its own events', async () => {
    await asScope([clientB], (m) => emitEvent(m, { agencyId, clientId: clientB, type: 'payment.posted', payload: { amount: '10.00' } }));
    const seenByA = await asScope([clientA], (m) => m.query('select type from event_outbox'));
    expect(seenByA).toEqual([{ type: 'placement.imported' }]);
  });

  it('refuses a type that is not "thing.happened"', async () => {
    await expect(asScope([clientA], (m) => emitEvent(m, { agencyId, clientId: clientA, type: 'Payment Posted' }))).rejects.toThrow(/thing.happened/);
  });
});
