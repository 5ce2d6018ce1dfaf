import type { EntityManager } from 'typeorm';

export interface PurgeReport {
  /** The cut-off: accounts recalled or returned before this instant were considered. */
  before: string;
  accounts: number;
  debtors: number;
  phones: number;
  contacts: number;
  /** Per bank: how many accounts had their debtor's personal data removed. */
  byClient: { clientId: string; accounts: number }[];
}

/**
 * PIPL: removes the personal data of accounts that left the agency (recalled by the bank or returned
 * at expiry) more than `afterDays` days ago. The debtor's name, identity document, phones, addresses,
 * employer and third-party contacts are erased — but only for a debtor none of whose accounts is still
 * worked or recent. Kept, without personal data: the accounts with their amounts, dates, bucket and
 * assignment history and placement episodes — the collection record the agency must keep (at least
 * 2 years) and the bank's liquidation figures. Idempotent; set-based; returns what it purged.
 * Runs with the rights of a platform job (the owner role, like aging), across every tenant.
 */
export async function purgeDepartedAccounts(db: EntityManager, afterDays: number, now: Date = new Date()): Promise<PurgeReport> {
  if (!Number.isInteger(afterDays) || afterDays < 1) throw new RangeError('afterDays must be a whole number of days, at least 1');
  const before = new Date(now.getTime() - afterDays * 86_400_000).toISOString();
  const [row] = await db.query(
    `with departed as (
       select a.client_id, a.debtor_id from account a
        where a.status in ('recalled', 'returned') and coalesce(a.returned_at, a.recalled_at) < $1::timestamptz
     ), gone as (
       -- A debtor only when every account of theirs at that bank departed before the cut-off.
       select distinct d.client_id, d.debtor_id from departed d
        where not exists (select 1 from account o where o.client_id = d.client_id and o.debtor_id = d.debtor_id
                            and (o.status not in ('recalled', 'returned') or coalesce(o.returned_at, o.recalled_at) >= $1::timestamptz))
     ), deb as (
       update debtor x set full_name = '已清除', national_id_enc = null, national_id_masked = null, phones = '{}', addresses = '[]',
              employer = null, purged_at = now(), updated_at = now()
         from gone g where x.client_id = g.client_id and x.id = g.debtor_id and x.purged_at is null
       returning x.client_id, x.id
     ), ph as (
       delete from debtor_phone p using deb where p.client_id = deb.client_id and p.debtor_id = deb.id returning 1
     ), con as (
       delete from debtor_contact c using deb where c.client_id = deb.client_id and c.debtor_id = deb.id returning 1
     ), acc as (
       update account a set purged_at = now() from deb where a.client_id = deb.client_id and a.debtor_id = deb.id returning a.client_id
     )
     select (select count(*) from acc)::int as accounts, (select count(*) from deb)::int as debtors,
            (select count(*) from ph)::int as phones, (select count(*) from con)::int as contacts,
            coalesce((select json_agg(json_build_object('clientId', client_id, 'accounts', n)) from (select client_id, count(*)::int as n from acc group by client_id) s), '[]') as by_client`,
    [before],
  );
  return { before, accounts: row.accounts, debtors: row.debtors, phones: row.phones, contacts: row.contacts, byClient: row.by_client };
}
