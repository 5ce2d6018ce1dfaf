import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { createDataSource } from './data-source.js';
import { DB_ROLES } from './bootstrap.js';
import { Foundation1795536000000 } from './migrations/0001-foundation.js';
import { Accounts1795536000001 } from './migrations/0002-accounts.js';
import { FailedLoginAudit1795536000002 } from './migrations/0003-failed-login-audit.js';
import { ImportWritePath1795536000003 } from './migrations/0004-import-write-path.js';
import { DomainSeams1795536000004 } from './migrations/0005-domain-seams.js';
import { Hardening1795536000005 } from './migrations/0006-hardening.js';
import { Operations1795536000006 } from './migrations/0007-operations.js';
import { AccountsSecondPass1795536000007 } from './migrations/0008-accounts-second-pass.js';
import { Contact1795536000008 } from './migrations/0009-contact.js';
import { Payments1795536000009 } from './migrations/0010-payments.js';
import { Complaints1795536000010 } from './migrations/0011-complaints.js';
import { Legal1795536000011 } from './migrations/0012-legal.js';
import { Performance1795536000012 } from './migrations/0013-performance.js';
import { Webhooks1795536000013 } from './migrations/0014-webhooks.js';
import { RefreshSessions1795536000014 } from './migrations/0015-refresh-sessions.js';
import { MoneyRecall1795536000015 } from './migrations/0016-money-recall.js';
import { LegalWiring1795536000016 } from './migrations/0017-legal-wiring.js';
import { TemplatesLetters1795536000017 } from './migrations/0018-templates-letters.js';
import { VisitsDialer1795536000018 } from './migrations/0019-visits-dialer.js';
import { AccountsThirdPass1795536000019 } from './migrations/0020-accounts-third-pass.js';
import { PerfQueue1795536000020 } from './migrations/0021-perf-queue.js';
import { QueueTimeZone1795536000021 } from './migrations/0022-queue-time-zone.js';
import { Housekeeping1795536000022 } from './migrations/0023-housekeeping.js';
import { RlsContextOnce1795536000023 } from './migrations/0024-rls-context-once.js';
import { LegalHoldEvents1795536000024 } from './migrations/0025-legal-hold-events.js';
import { OutboxRetention1795536000025 } from './migrations/0026-outbox-retention.js';
import { VisitCancelReason1795536000026 } from './migrations/0027-visit-cancel-reason.js';
import { AttemptIdentity1795536000027 } from './migrations/0028-attempt-identity.js';
import { TriggerPointLookups1795536000028 } from './migrations/0029-trigger-point-lookups.js';
import { PersonLoadPerAccount1795536000029 } from './migrations/0030-person-load-per-account.js';
import { PersonCallsView1795536000030 } from './migrations/0031-person-calls-view.js';
import { QueueZones1795536000031 } from './migrations/0032-queue-zones.js';
import { ImportIndexes1795536000032 } from './migrations/0033-import-indexes.js';
import { QueuePersonsAtRisk1795536000033 } from './migrations/0034-queue-persons-at-risk.js';

/** Every migration, in order. Forward-only; each runs in its own transaction as the owner role. */
export const migrations = [
  Foundation1795536000000,
  Accounts1795536000001,
  FailedLoginAudit1795536000002,
  ImportWritePath1795536000003,
  DomainSeams1795536000004,
  Hardening1795536000005,
  Operations1795536000006,
  AccountsSecondPass1795536000007,
  Contact1795536000008,
  Payments1795536000009,
  Complaints1795536000010,
  Legal1795536000011,
  Performance1795536000012,
  Webhooks1795536000013,
  RefreshSessions1795536000014,
  MoneyRecall1795536000015,
  LegalWiring1795536000016,
  TemplatesLetters1795536000017,
  VisitsDialer1795536000018,
  AccountsThirdPass1795536000019,
  PerfQueue1795536000020,
  QueueTimeZone1795536000021,
  Housekeeping1795536000022,
  RlsContextOnce1795536000023,
  LegalHoldEvents1795536000024,
  OutboxRetention1795536000025,
  VisitCancelReason1795536000026,
  AttemptIdentity1795536000027,
  TriggerPointLookups1795536000028,
  PersonLoadPerAccount1795536000029,
  PersonCallsView1795536000030,
  QueueZones1795536000031,
  ImportIndexes1795536000032,
  QueuePersonsAtRisk1795536000033,
];

/** The job queue's schema (graphile-worker's own migrations, run as the owner before ours). */
export const JOB_QUEUE_SCHEMA = 'graphile_worker';

/**
 * Runs the pending migrations and returns their names. `through` stops after the migration of that name
 * (upgrade tests: a database as an earlier release left it, with data, then the rest).
 */
export async function runMigrations(ownerUrl: string, opts: { through?: string } = {}): Promise<string[]> {
  // graphile-worker installs and upgrades its schema itself; ours refer to it (job_run's trigger).
  await runWorkerMigrations({ connectionString: ownerUrl, schema: JOB_QUEUE_SCHEMA });
  const last = opts.through === undefined ? migrations.length - 1 : migrations.findIndex((m) => m.name === opts.through);
  if (last < 0) throw new Error(`No migration named ${opts.through}`);
  const ds = createDataSource({ url: ownerUrl, poolSize: 1, applicationName: 'arrears-migrate' });
  ds.setOptions({ migrations: migrations.slice(0, last + 1), migrationsTransactionMode: 'each' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations();
    // Re-granted every time: a graphile-worker upgrade may add tables or functions. Only the worker role
    // reaches the queue; the application role enqueues through job_run rows (see 0007-operations).
    for (const sql of [
      `revoke all on schema ${JOB_QUEUE_SCHEMA} from public`,
      `grant usage on schema ${JOB_QUEUE_SCHEMA} to ${DB_ROLES.worker}`,
      `grant select, insert, update, delete on all tables in schema ${JOB_QUEUE_SCHEMA} to ${DB_ROLES.worker}`,
      `grant usage, select, update on all sequences in schema ${JOB_QUEUE_SCHEMA} to ${DB_ROLES.worker}`,
      `grant execute on all functions in schema ${JOB_QUEUE_SCHEMA} to ${DB_ROLES.worker}`,
    ]) {
      await ds.query(sql);
    }
    // graphile-worker keeps its tables to their owner with RLS enabled and no policy; the worker role
    // (not the owner, not BYPASSRLS, since it runs tenant jobs under RLS) gets a policy on each of them.
    const tables: { name: string }[] = await ds.query(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = $1 and c.relkind = 'r' and c.relrowsecurity
          and not exists (select 1 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname and p.policyname = 'arrears_worker_all')`,
      [JOB_QUEUE_SCHEMA],
    );
    for (const t of tables) {
      await ds.query(`create policy arrears_worker_all on ${JOB_QUEUE_SCHEMA}.${t.name} to ${DB_ROLES.worker} using (true) with check (true)`);
    }
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
