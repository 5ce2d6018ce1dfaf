import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account's contact-zone trigger finds the account's debtor by the debtor's id, whatever the planner
 * knows about the bank.
 *
 * A row trigger's lookup is planned once per session and the plan is kept. Written as
 * `d.client_id = new.client_id and d.id = new.debtor_id`, every index that starts with client_id (the
 * name, name-prefix and identity indexes) can serve it, and for a bank the statistics have not seen (a
 * new bank's first placement, or a table never analysed) they all look as cheap as the primary key; a
 * plan that goes through the bank's name index then reads all of the bank's debtors for each new account.
 * A 100,000-row first placement spent 40 s of a 47 s 20,000-row batch in this trigger, 155 s of the next
 * one. Now only the debtor's id is an index condition (the bank is compared with `is not distinct from`,
 * which no index serves and which is the same test for two non-null ids), so the only index plans are the
 * ones that find one id, and sequential scans are off for the function, so a plan made while the table was
 * small cannot scan it later (`libs/shared/testing/src/trigger-plans.spec.ts`).
 */
export class TriggerPointLookups1795536000028 implements MigrationInterface {
  name = 'TriggerPointLookups1795536000028';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create or replace function app.account_contact_time_zone() returns trigger
         language plpgsql security definer set search_path = public, pg_temp set enable_seqscan = off as $$
         begin
           select coalesce(d.time_zone, c.time_zone) into new.contact_time_zone
             from debtor d join client c on c.id = d.client_id
            where d.id = new.debtor_id and d.client_id is not distinct from new.client_id;
           if not found then
             raise exception 'account % names no debtor % of its bank', new.id, new.debtor_id using errcode = '23503';
           end if;
           return new;
         end $$`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
