import type { MigrationInterface, QueryRunner } from 'typeorm';
import { clientTable } from './rls.js';

/**
 * The effective contact zones each bank's accounts are in (`client_contact_zone`), so that a work queue
 * can tell before reading it that every account in it is outside its contact hours.
 *
 * The queue's clock is a function of the bank and the account's zone (0022, 0024). When the clock is
 * closed for every (bank, zone) pair, as it is at night for a portfolio in one country, the page still
 * read the whole queue from its index to find no open account: 20,000 index entries for an empty page.
 * With the pairs listed here, the page and its count ask first whether any pair of the queue's banks is
 * open, once per statement, and skip the queue when none is.
 *
 * The list may hold more than the accounts use, never less: a pair is added when an account is inserted
 * in a zone (one set-based statement per insert statement, from its transition table) and when an
 * account's zone changes (its debtor's or bank's zone edited, a re-placement); pairs are not removed. An
 * extra pair costs one clock evaluation per statement. Only the database writes it, as the owner.
 */
export class QueueZones1795536000031 implements MigrationInterface {
  name = 'QueueZones1795536000031';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `create table client_contact_zone (
         client_id uuid not null references client (id),
         agency_id uuid not null,
         time_zone text not null,
         primary key (client_id, time_zone))`,
      ...clientTable('client_contact_zone', 'select'),
      `insert into client_contact_zone (client_id, agency_id, time_zone)
         select distinct client_id, agency_id, contact_time_zone from account`,
      `create function app.account_zones_inserted() returns trigger
         language plpgsql security definer set search_path = public, pg_temp as $$
         begin
           insert into client_contact_zone (client_id, agency_id, time_zone)
             select distinct client_id, agency_id, contact_time_zone from inserted
           on conflict do nothing;
           return null;
         end $$`,
      `create trigger account_zones_inserted after insert on account referencing new table as inserted
         for each statement execute function app.account_zones_inserted()`,
      `create function app.account_zone_changed() returns trigger
         language plpgsql security definer set search_path = public, pg_temp as $$
         begin
           insert into client_contact_zone (client_id, agency_id, time_zone)
             values (new.client_id, new.agency_id, new.contact_time_zone)
           on conflict do nothing;
           return null;
         end $$`,
      // The zone changes only through these two columns (app.account_contact_time_zone derives it).
      `create trigger account_zone_changed after update of debtor_id, contact_time_zone on account
         for each row when (old.contact_time_zone is distinct from new.contact_time_zone)
         execute function app.account_zone_changed()`,
      `revoke all on function app.account_zones_inserted(), app.account_zone_changed() from public`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
