import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every application role (app_user.role and the jobs' 'system'). */
const ROLES = ['platform_admin', 'agency_admin', 'supervisor', 'collector', 'client_user', 'lawyer', 'system'];

/**
 * The account's effective contact time zone (the debtor's zone, else the bank's), kept on the account by
 * the database, so that a work queue decides "contactable now" from the account row alone instead of
 * reading the debtor (and the bank) of every queued account.
 *
 * One rule, one place: `app.account_contact_time_zone` (BEFORE INSERT, and BEFORE UPDATE naming debtor_id
 * or contact_time_zone) sets the column from the debtor and the bank whatever the writer wrote, so no role
 * can choose its value. A change of debtor.time_zone or client.time_zone re-derives the accounts it
 * affects, as the owner (every account of the debtor or bank, not only those the caller's RLS would let it
 * update). The column guard of 0006 lets every role "change" the column: the change can only be this
 * derivation (a debtor's new zone edited by a collector, a re-placement moving an account to another debtor).
 */
export class QueueTimeZone1795536000021 implements MigrationInterface {
  name = 'QueueTimeZone1795536000021';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `alter table account add column contact_time_zone text`,
      `update account a set contact_time_zone = coalesce(d.time_zone, c.time_zone)
         from debtor d, client c where d.client_id = a.client_id and d.id = a.debtor_id and c.id = a.client_id`,
      `alter table account alter column contact_time_zone set not null`,
      `create function app.account_contact_time_zone() returns trigger
         language plpgsql security definer set search_path = public, pg_temp as $$
         begin
           select coalesce(d.time_zone, c.time_zone) into new.contact_time_zone
             from debtor d join client c on c.id = d.client_id
            where d.client_id = new.client_id and d.id = new.debtor_id;
           if not found then
             raise exception 'account % names no debtor % of its bank', new.id, new.debtor_id using errcode = '23503';
           end if;
           return new;
         end $$`,
      `create trigger account_contact_time_zone before insert or update of debtor_id, contact_time_zone on account
         for each row execute function app.account_contact_time_zone()`,
      // Naming the column is enough: the account's own trigger derives the value.
      `create function app.debtor_time_zone_changed() returns trigger
         language plpgsql security definer set search_path = public, pg_temp as $$
         begin
           update account set contact_time_zone = '' where client_id = new.client_id and debtor_id = new.id;
           return null;
         end $$`,
      `create trigger debtor_time_zone_changed after update of time_zone on debtor
         for each row when (old.time_zone is distinct from new.time_zone) execute function app.debtor_time_zone_changed()`,
      `create function app.client_time_zone_changed() returns trigger
         language plpgsql security definer set search_path = public, pg_temp as $$
         begin
           update account a set contact_time_zone = '' from debtor d
            where a.client_id = new.id and d.client_id = a.client_id and d.id = a.debtor_id and d.time_zone is null;
           return null;
         end $$`,
      `create trigger client_time_zone_changed after update of time_zone on client
         for each row when (old.time_zone is distinct from new.time_zone) execute function app.client_time_zone_changed()`,
      `revoke all on function app.account_contact_time_zone(), app.debtor_time_zone_changed(), app.client_time_zone_changed() from public`,
      // The work queue's index carries what the contact clock, the holds and RLS read of each queued account, so
      // a count of a 50,000-account queue (and the scan of a page) needs no visit to the table for the accounts
      // the clock closes. Same keys and predicate as 0002's account_queue_idx, which it replaces.
      `create index account_queue_zone_idx on account (assigned_collector_id, priority_score desc, id desc)
         include (client_id, agency_id, debtor_id, contact_time_zone) where status = 'active'`,
      `drop index account_queue_idx`,
      `insert into app.account_column_rule (role, column_name, write_path)
         select r, 'contact_time_zone', '' from unnest(array[${ROLES.map((r) => `'${r}'`).join(', ')}]) as r
       on conflict do nothing`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
