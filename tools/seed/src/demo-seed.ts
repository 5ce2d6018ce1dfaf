import pg from 'pg';
import { hashPassword } from '@arrears/auth';
import { localDate, ProtectedData } from '@arrears/accounts';
import { createDataSource } from '@arrears/db';
import type { DocumentStore } from '@arrears/storage';
import { finishPortfolio, seedPortfolio } from './demo-portfolio.js';
import { seedDemoComplaints } from './demo-complaints.js';
import { seedDemoPayments } from './demo-payments.js';
import { seedLegalDemo } from './demo-legal.js';
import { seedAccountsSecondPass } from './demo-accounts2.js';
import { seedAccountsThirdPass } from './demo-accounts3.js';
import { seedContactDemo } from './demo-contact.js';
import { seedLettersDemo } from './demo-letters.js';
import { seedVisitsDemo } from './demo-visits.js';

export const DEMO_PASSWORD = 'arrears-demo';

export const DEMO_LOGINS = [
  { email: 'platform@arrears.test', what: 'platform admin' },
  { email: 'admin@demo-agency.test', what: 'agency admin, Demo Collections' },
  { email: 'supervisor@demo-agency.test', what: 'supervisor, Demo Collections' },
  { email: 'collector@demo-agency.test', what: 'collector, Demo Collections' },
  { email: 'bank-a@demo-bank-a.test', what: 'bank user, Demo Bank A' },
  { email: 'bank-b@demo-bank-b.test', what: 'bank user, Demo Bank B' },
  { email: 'lawyer@demo-lawfirm.test', what: 'lawyer, Demo Law Firm' },
  { email: 'admin@rival-recovery.test', what: 'agency admin, Rival Recovery (another agency)' },
] as const;

export interface SeedOptions {
  /** Owner connection: the seed is an operator's tool and writes like a migration would. */
  ownerUrl: string;
  accountsPerClient: number;
  dataEncryptionKey: string;
  /** The identity hash key ring (config.identityHashKeys); tests and benches use the test gateway's key. */
  identityHashKeys?: Readonly<Record<number, string>>;
  /** Where the demo's bank documents are stored; without it the legal demo has no documents or cases. */
  documents?: DocumentStore;
  log?: (m: string) => void;
}

type Q = pg.PoolClient;

async function upsertAgency(q: Q, name: string): Promise<string> {
  const found = await q.query('select id from agency where lower(name) = lower($1)', [name]);
  if (found.rows[0]) return found.rows[0].id;
  return (await q.query('insert into agency (name) values ($1) returning id', [name])).rows[0].id;
}

async function upsertClient(q: Q, agencyId: string, name: string, code: string): Promise<string> {
  const r = await q.query(
    `insert into client (agency_id, name, code, currency, time_zone) values ($1, $2, $3, 'CNY', 'Asia/Shanghai')
     on conflict (agency_id, code) do update set name = excluded.name returning id`,
    [agencyId, name, code],
  );
  return r.rows[0].id;
}

async function upsertLawFirm(q: Q, agencyId: string, name: string): Promise<string> {
  const r = await q.query(`insert into law_firm (agency_id, name) values ($1, $2) on conflict (agency_id, name) do update set name = excluded.name returning id`, [agencyId, name]);
  return r.rows[0].id;
}

async function upsertUser(q: Q, u: { agencyId: string | null; email: string; name: string; role: string; clientId?: string; lawFirmId?: string; hash: string }): Promise<string> {
  const r = await q.query(
    `insert into app_user (agency_id, email, display_name, role, client_id, law_firm_id, password_hash)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (email) do update set display_name = excluded.display_name returning id`,
    [u.agencyId, u.email, u.name, u.role, u.clientId ?? null, u.lawFirmId ?? null, u.hash],
  );
  return r.rows[0].id;
}

export interface DemoTenants {
  demoAgencyId: string;
  rivalAgencyId: string;
  bankAId: string;
  bankBId: string;
  rivalBankId: string;
  users: Record<string, string>;
}

/** The platform and agency part of the demo: two agencies, three banks, one user of each role. */
export async function seedTenants(q: Q): Promise<DemoTenants> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const demoAgencyId = await upsertAgency(q, 'Demo Collections');
  const rivalAgencyId = await upsertAgency(q, 'Rival Recovery');
  const bankAId = await upsertClient(q, demoAgencyId, 'Demo Bank A', 'BANK_A');
  const bankBId = await upsertClient(q, demoAgencyId, 'Demo Bank B', 'BANK_B');
  const rivalBankId = await upsertClient(q, rivalAgencyId, 'Rival Bank', 'RIVAL_BANK');
  const lawFirmId = await upsertLawFirm(q, demoAgencyId, 'Demo Law Firm');
  const users: Record<string, string> = {};
  users.platform = await upsertUser(q, { agencyId: null, email: 'platform@arrears.test', name: 'Platform Admin', role: 'platform_admin', hash });
  users.admin = await upsertUser(q, { agencyId: demoAgencyId, email: 'admin@demo-agency.test', name: '王管理', role: 'agency_admin', hash });
  users.supervisor = await upsertUser(q, { agencyId: demoAgencyId, email: 'supervisor@demo-agency.test', name: '李主管', role: 'supervisor', hash });
  users.collector = await upsertUser(q, { agencyId: demoAgencyId, email: 'collector@demo-agency.test', name: '张催收', role: 'collector', hash });
  users.collector2 = await upsertUser(q, { agencyId: demoAgencyId, email: 'collector2@demo-agency.test', name: '赵催收', role: 'collector', hash });
  users.bankA = await upsertUser(q, { agencyId: demoAgencyId, email: 'bank-a@demo-bank-a.test', name: 'Bank A Portfolio Manager', role: 'client_user', clientId: bankAId, hash });
  users.bankB = await upsertUser(q, { agencyId: demoAgencyId, email: 'bank-b@demo-bank-b.test', name: 'Bank B Portfolio Manager', role: 'client_user', clientId: bankBId, hash });
  users.lawyer = await upsertUser(q, { agencyId: demoAgencyId, email: 'lawyer@demo-lawfirm.test', name: '陈律师', role: 'lawyer', lawFirmId, hash });
  users.rivalAdmin = await upsertUser(q, { agencyId: rivalAgencyId, email: 'admin@rival-recovery.test', name: 'Rival Admin', role: 'agency_admin', hash });
  for (const u of [users.supervisor, users.collector, users.collector2]) {
    await q.query(
      `insert into user_client_scope (agency_id, client_id, user_id) select $1, unnest($2::uuid[]), $3 on conflict do nothing`,
      [demoAgencyId, [bankAId, bankBId], u],
    );
  }
  return { demoAgencyId, rivalAgencyId, bankAId, bankBId, rivalBankId, users };
}

/**
 * Seeds the demo data once: tenants, users and a portfolio for each bank. Idempotent: it does nothing
 * when the demo exists, and everything is keyed by natural keys. Returns false when nothing was done.
 */
export async function seedDemo(opts: SeedOptions): Promise<boolean> {
  const pool = new pg.Pool({ connectionString: opts.ownerUrl, max: 2 });
  try {
    const q = await pool.connect();
    try {
      const existing = await q.query(`select 1 from app_user where email = 'admin@rival-recovery.test'`);
      if (existing.rowCount) return false;
      await q.query('begin');
      const t = await seedTenants(q);
      const protect = new ProtectedData(opts.dataEncryptionKey, opts.identityHashKeys ?? { 1: 'cd'.repeat(32) });
      const today = localDate('Asia/Shanghai');
      opts.log?.(`seeding ${opts.accountsPerClient} accounts for each demo bank`);
      await seedPortfolio(q, { agencyId: t.demoAgencyId, clientId: t.bankAId, prefix: 'A', accounts: opts.accountsPerClient, today, seed: 1, protect });
      await seedPortfolio(q, { agencyId: t.demoAgencyId, clientId: t.bankBId, prefix: 'B', accounts: opts.accountsPerClient, today, seed: 2, protect });
      await seedPortfolio(q, { agencyId: t.rivalAgencyId, clientId: t.rivalBankId, prefix: 'R', accounts: Math.min(200, opts.accountsPerClient), today, seed: 3, protect });
      await q.query('commit');
      const owner = createDataSource({ url: opts.ownerUrl, poolSize: 1, applicationName: 'arrears-seed' });
      await owner.initialize();
      try {
        await finishPortfolio(owner, { bankIds: [t.bankAId, t.bankBId], collectorIds: [t.users.collector, t.users.collector2], supervisorId: t.users.supervisor });
        await seedAccountsSecondPass(owner, t, protect);
        await seedAccountsThirdPass(owner, t);
        await finishPortfolio(owner, { bankIds: [t.rivalBankId], collectorIds: [], supervisorId: t.users.rivalAdmin });
        await seedDemoComplaints(owner, t);
        await seedDemoPayments(owner, { agencyId: t.demoAgencyId, bankAId: t.bankAId, collectorId: t.users.collector, supervisorId: t.users.supervisor });
        await seedLegalDemo(owner, t, { documents: opts.documents, dataEncryptionKey: opts.dataEncryptionKey });
        await seedContactDemo(owner, t);
        await seedLettersDemo(owner, t);
        await seedVisitsDemo(owner, t);
      } finally {
        await owner.destroy();
      }
      // The seed rewrote every account (assignment, aging): clear the dead row versions and give the
      // planner statistics before the first user arrives (as the owner, outside a transaction). Every
      // table, not only the accounts': a small table never analysed (the banks, the users) is planned
      // by a guess until autovacuum happens to reach it, and a prepared plan keeps that guess.
      await q.query('vacuum (analyze)');
      return true;
    } catch (e) {
      await q.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      q.release();
    }
  } finally {
    await pool.end();
  }
}
