import type { DataSource } from 'typeorm';
import { jobClients, withJobTenant, type JobLog } from '@arrears/jobs';
import { PlanService } from '../plan/plan.service.js';
import { evaluateDuePromises } from '../promise/promise.service.js';

/** How often the scheduler looks for banks whose local day has turned (graphile-worker crontab). */
export const ARRANGEMENTS_CRONTAB = '*/15 * * * * arrangements_sweep ?max=1';

export interface ArrangementRun {
  clientId: string;
  runOn: string;
  promisesChanged: number;
  plansBroken: number;
}

/**
 * Evaluates promises to pay and breaks overdue plans of one bank as of its local today, as role
 * 'system' under RLS (no user asked). The `arrangement_run` row for (bank, day) is claimed in the same
 * transaction: a second run that day finds it and does nothing, and a run that fails leaves no row, so
 * the next tick tries again. Null when the bank was already done today.
 */
export async function runArrangements(dataSource: DataSource, clientId: string, now: Date = new Date()): Promise<ArrangementRun | null> {
  return withJobTenant(dataSource, clientId, async (db, t) => {
    const [claimed]: { run_on: string }[] = await db.query(
      `insert into arrangement_run (client_id, agency_id, run_on) values ($1, $2, ($3::timestamptz at time zone $4)::date)
       on conflict do nothing returning run_on::text`,
      [t.clientId, t.agencyId, now.toISOString(), t.timeZone],
    );
    if (!claimed) return null;
    const promises = await evaluateDuePromises(db, claimed.run_on, null);
    const plans = await new PlanService(db).breakOverdue(null, claimed.run_on);
    await db.query(`update arrangement_run set promises_changed = $3, plans_broken = $4 where client_id = $1 and run_on = $2::date`, [
      t.clientId,
      claimed.run_on,
      promises.length,
      plans.length,
    ]);
    return { clientId: t.clientId, runOn: claimed.run_on, promisesChanged: promises.length, plansBroken: plans.length };
  }).then((r) => r ?? null);
}

/** Every bank once per local day; one bank's failure does not stop the others (it is retried next tick). */
export async function arrangementsSweep(dataSource: DataSource, log: JobLog, now: Date = new Date()): Promise<ArrangementRun[]> {
  const done: ArrangementRun[] = [];
  for (const c of await jobClients(dataSource)) {
    try {
      const r = await runArrangements(dataSource, c.clientId, now);
      if (r) done.push(r);
    } catch (err) {
      log('error', 'arrangement evaluation failed', { clientId: c.clientId, err: err instanceof Error ? err.message : String(err) });
    }
  }
  return done;
}

/** What the money domain runs in the background, for a worker to register. */
export function paymentsJobs(): { platformTasks: Record<string, (ctx: { dataSource: DataSource; log: JobLog }) => Promise<void>>; crontab: string } {
  return {
    platformTasks: {
      arrangements_sweep: async ({ dataSource, log }) => {
        const runs = await arrangementsSweep(dataSource, log);
        if (runs.length) log('info', 'evaluated promises and plans', { clients: runs.length, promisesChanged: runs.reduce((s, r) => s + r.promisesChanged, 0), plansBroken: runs.reduce((s, r) => s + r.plansBroken, 0) });
      },
    },
    crontab: ARRANGEMENTS_CRONTAB,
  };
}
