import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectionUrl, DB_ROLES, ensureDatabase, runMigrations } from '@arrears/db';
import { TEST_PASSWORDS } from './constants.js';

// Migrations run on databases that hold data: a database migrated to an earlier release, given rows that
// a later migration rewrites, then migrated to the end.

const name = `u_${Math.random().toString(16).slice(2, 10)}`;
const adminUrl = () => connectionUrl(inject('pgAdminUrl'), { database: 'postgres' });

afterAll(async () => {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
  await c.end();
});

describe('upgrades with data', () => {
  it('0028 gives the completed contact attempts of an existing database their person', async () => {
    await ensureDatabase(adminUrl(), name);
    const ownerUrl = connectionUrl(inject('pgAdminUrl'), { user: DB_ROLES.owner, password: TEST_PASSWORDS.owner, database: name });
    await runMigrations(ownerUrl, { through: 'VisitCancelReason1795536000026' });
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      const [agency, bank, user] = ['a0000000-0000-4000-8000-00000000000a', 'a1000000-0000-4000-8000-0000000000a1', 'a0000000-0000-4000-8000-000000000003'];
      await owner.query(`insert into agency (id, name) values ($1, 'Agency A')`, [agency]);
      await owner.query(`insert into client (agency_id, id, name, code) values ($1, $2, 'Bank A1', 'A1')`, [agency, bank]);
      await owner.query(`insert into app_user (id, agency_id, email, display_name, role, password_hash) values ($1, $2, 'c@a.test', 'C', 'collector', 'x')`, [user, agency]);
      await owner.query(
        `with p as (insert into placement (client_id, agency_id, name, placed_on) values ($1, $2, 'P', '2026-10-01') returning id),
              d as (insert into debtor (client_id, agency_id, full_name, national_id_masked, identity_hash, phones, addresses)
                    values ($1, $2, 'D', '110***********0000', 'person-1', '{}', '[]') returning id),
              a as (insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, currency, principal, interest, fees, overdue_amount, delinquent_since, dpd, bucket, aged_on, placed_on)
                    select $1, $2, p.id, d.id, 'R-1', 'CNY', 1000, 0, 0, 500, date '2026-09-22', 40, 'M2', date '2026-11-01', date '2026-10-01' from p, d returning id, debtor_id)
         insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, status, outcome_code, policy_version, made_by, started_at, completed_at)
         select $1, $2, a.id, a.debtor_id, 'call', 'outbound', 'debtor', 'completed', 'no_answer', 0, $3, now(), now() from a`,
        [bank, agency, user],
      );
      expect((await runMigrations(ownerUrl))[0]).toBe('AttemptIdentity1795536000027');
      const { rows } = await owner.query(`select identity_hash, status from contact_attempt`);
      expect(rows).toEqual([{ identity_hash: 'person-1', status: 'completed' }]);
    } finally {
      await owner.end();
    }
  });
});
