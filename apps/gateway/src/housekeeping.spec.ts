import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@arrears/db';
import { runHousekeeping } from './housekeeping.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

// The daily housekeeping job, as the worker role: expired refresh sessions, old finished webhook
// deliveries and old outbox events no delivery names go; live sessions, recent or pending deliveries
// and their events stay; the application role can do none of it.

let t: TestGateway;
let worker: DataSource;
const logged: string[] = [];
const log = (_level: string, message: string) => void logged.push(message);

/** An event of `clientId` fanned out to `subscriptionId`; the delivery is then aged and given a status. */
async function delivery(clientId: string, agencyId: string, subscriptionId: string, ageDays: number, status: 'pending' | 'succeeded' | 'failed'): Promise<string> {
  const [e] = await t.ownerQuery(`insert into event_outbox (client_id, agency_id, type) values ($1, $2, 'payment.posted') returning id`, [clientId, agencyId]);
  const [d] = await t.ownerQuery(
    `update webhook_delivery set status = $3, created_at = now() - make_interval(days => $4), attempts = 1
      where client_id = $1 and event_id = $2 and subscription_id = $5 returning id`,
    [clientId, e.id, status, ageDays, subscriptionId],
  );
  await t.ownerQuery(`insert into webhook_attempt (client_id, agency_id, delivery_id, attempt, latency_ms, succeeded, status_code) values ($1, $2, $3, 1, 12, $4, $5)`, [
    clientId,
    agencyId,
    d.id,
    status === 'succeeded',
    status === 'succeeded' ? 200 : 500,
  ]);
  return d.id;
}

async function subscribe(clientId: string, agencyId: string): Promise<string> {
  const [s] = await t.ownerQuery(
    `insert into webhook_subscription (client_id, agency_id, url, event_types, secret) values ($1, $2, 'https://receiver.example/hook', '{payment.posted}', $3) returning id`,
    [clientId, agencyId, 'whsec_'.padEnd(40, 'x')],
  );
  return s.id;
}

const existing = async (ids: string[]) =>
  (await t.ownerQuery(`select id from webhook_delivery where id = any($1::uuid[])`, [ids])).map((r) => r.id as string).sort();

beforeAll(async () => {
  t = await startTestGateway(inject('pgAdminUrl'));
  worker = createDataSource({ url: t.db.workerUrl, poolSize: 2 });
  await worker.initialize();
});

afterAll(async () => {
  await worker?.destroy();
  await t?.close();
});

describe('housekeeping', () => {
  it('deletes expired refresh sessions only, and a second run finds nothing', async () => {
    const u = t.tenants.users;
    const insert = (userId: string, expiresIn: string) =>
      t.ownerQuery(
        `insert into refresh_session (user_id, session_version, token_hash, expires_at) select id, session_version, sha256(random()::text::bytea), now() + $2::interval from app_user where id = $1 returning id`,
        [userId, expiresIn],
      );
    const [gone1] = await insert(u.collector, '-1 day');
    const [gone2] = await insert(u.supervisor, '-1 second');
    const [live] = await insert(u.collector, '7 days');

    const first = await runHousekeeping(worker, { deliveryRetentionDays: 90, log });
    expect(first.refreshSessions).toBeGreaterThanOrEqual(2);
    const left = (await t.ownerQuery(`select id from refresh_session where id = any($1::uuid[])`, [[gone1.id, gone2.id, live.id]])).map((r) => r.id);
    expect(left).toEqual([live.id]);
    expect((await runHousekeeping(worker, { deliveryRetentionDays: 90, log })).refreshSessions).toBe(0);
  });

  it('deletes finished deliveries older than the retention, with their attempts, in every bank; keeps recent and pending ones', async () => {
    const { demoAgencyId, bankAId, bankBId } = t.tenants;
    const subA = await subscribe(bankAId, demoAgencyId);
    const subB = await subscribe(bankBId, demoAgencyId);
    const oldA = await delivery(bankAId, demoAgencyId, subA, 120, 'succeeded');
    const oldFailedB = await delivery(bankBId, demoAgencyId, subB, 91, 'failed');
    const recentA = await delivery(bankAId, demoAgencyId, subA, 10, 'succeeded');
    const oldPendingA = await delivery(bankAId, demoAgencyId, subA, 200, 'pending');
    const age45 = await delivery(bankBId, demoAgencyId, subB, 45, 'succeeded');
    const all = [oldA, oldFailedB, recentA, oldPendingA, age45];

    const r = await runHousekeeping(worker, { deliveryRetentionDays: 90, log });
    expect(r.webhookDeliveries).toBe(2);
    expect(await existing(all)).toEqual([recentA, oldPendingA, age45].sort());
    const attempts = await t.ownerQuery(`select delivery_id from webhook_attempt where delivery_id = any($1::uuid[])`, [[oldA, oldFailedB]]);
    expect(attempts).toEqual([]);

    // Idempotent: the same retention again deletes nothing.
    expect((await runHousekeeping(worker, { deliveryRetentionDays: 90, log })).webhookDeliveries).toBe(0);
    // A shorter retention reaches the 45-day delivery, still not the pending one or the 10-day one.
    expect((await runHousekeeping(worker, { deliveryRetentionDays: 30, log })).webhookDeliveries).toBe(1);
    expect(await existing(all)).toEqual([recentA, oldPendingA].sort());
    expect(logged.filter((m) => m.includes('failed'))).toEqual([]);
  });

  it('deletes outbox events older than the retention once no delivery names them; keeps recent ones and those of pending deliveries', async () => {
    const { demoAgencyId, bankAId, bankBId } = t.tenants;
    const event = async (clientId: string, type: string, ageDays: number) => {
      const [e] = await t.ownerQuery(`insert into event_outbox (client_id, agency_id, type, occurred_at) values ($1, $2, $3, now() - make_interval(days => $4)) returning id`, [
        clientId,
        demoAgencyId,
        type,
        ageDays,
      ]);
      return e.id as string;
    };
    // No subscription takes hold.placed: these events have no delivery.
    const oldA = await event(bankAId, 'hold.placed', 100);
    const oldB = await event(bankBId, 'hold.placed', 95);
    const recentA = await event(bankAId, 'hold.placed', 5);
    // payment.posted is subscribed (previous test): its event keeps a delivery that is still pending.
    const pendingA = await event(bankAId, 'payment.posted', 150);
    const events = async () => (await t.ownerQuery(`select id from event_outbox where id = any($1::uuid[])`, [[oldA, oldB, recentA, pendingA]])).map((r) => r.id as string).sort();
    expect(await t.ownerQuery(`select status from webhook_delivery where event_id = $1`, [pendingA])).toEqual([{ status: 'pending' }]);

    const r = await runHousekeeping(worker, { deliveryRetentionDays: 90, log });
    expect(r.outboxEvents).toBeGreaterThanOrEqual(2);
    expect(await events()).toEqual([recentA, pendingA].sort());
    expect((await runHousekeeping(worker, { deliveryRetentionDays: 90, log })).outboxEvents).toBe(0);
    expect(logged.filter((m) => m.includes('failed'))).toEqual([]);
  });

  it('runs with the least privilege: the application role can neither purge sessions nor delete deliveries, the worker cannot touch refresh_session directly', async () => {
    const app = new pg.Client({ connectionString: t.db.appUrl });
    await app.connect();
    try {
      await expect(app.query('select app.refresh_session_purge()')).rejects.toThrow(/permission denied/);
      await expect(app.query('delete from webhook_delivery')).rejects.toThrow(/permission denied/);
      await expect(app.query('delete from event_outbox')).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    await expect(worker.query('delete from refresh_session')).rejects.toThrow(/permission denied/);
    // Outside a bank's system job context RLS shows the worker no delivery to delete.
    const [{ before }] = await t.ownerQuery(`select count(*)::int as before from webhook_delivery`);
    await worker.query(`delete from webhook_delivery`);
    const [{ after }] = await t.ownerQuery(`select count(*)::int as after from webhook_delivery`);
    expect(before).toBeGreaterThan(0);
    expect(after).toBe(before);
  });
});
