/**
 * Placement episodes: every (re)placement of an account is an episode of its own, kept when the
 * account moves on. Run once per import after the merge ($1 client id, $2 the new placement id,
 * $3 its placed_on): the accounts of this placement start an episode with the bucket, days past due
 * and balance they were placed at, and the episode of their previous placement ends ('replaced').
 * One statement over the placement's accounts (index account_placement_idx), not a change to the merge.
 */
export const RECORD_EPISODES_SQL = `
with placed as (
  select a.client_id, a.id, a.agency_id, a.placed_on, a.bucket, a.dpd, a.placed_amount, a.currency
    from account a where a.client_id = $1::uuid and a.placement_id = $2::uuid
), ended as (
  update placement_episode e set ended_on = $3::date, end_reason = 'replaced'
    from placed
   where e.client_id = $1::uuid and e.account_id = placed.id and e.placement_id <> $2::uuid and e.ended_on is null
)
insert into placement_episode (client_id, account_id, placement_id, agency_id, placed_on, bucket_at_placement, dpd_at_placement, balance_at_placement, currency)
select client_id, id, $2::uuid, agency_id, placed_on, bucket, dpd, placed_amount, currency from placed
on conflict (client_id, account_id, placement_id) do nothing`;

/**
 * Drops from the staged batch the rows that would change nothing: the account is active and the file
 * repeats its amounts, currency and dates ($1 client id). Returns how many were dropped.
 */
export const DROP_UNCHANGED_SQL = `
with gone as (
  delete from import_stage s using account a
   where a.client_id = $1::uuid and a.bank_ref = s.bank_ref and a.status = 'active'
     and a.principal = s.principal and a.interest = s.interest and a.fees = s.fees and a.overdue_amount = s.overdue_amount
     and a.currency = s.currency and a.delinquent_since = s.delinquent_since
     and a.charge_off_date is not distinct from s.charge_off_date
     and a.last_payment_date is not distinct from s.last_payment_date
     and a.last_payment_amount is not distinct from s.last_payment_amount
  returning 1
) select count(*)::int as n from gone`;

/**
 * Keeps on each debtor the type of its identity document and how it was matched ($1 client id), for
 * the staged rows that are not the common case (a PRC id matched by document), so a batch of ordinary
 * rows writes nothing more. A weak (name + mobile) match never upgrades a debtor matched by document.
 */
export const DEBTOR_IDENTITY_SQL = `
update debtor d set id_document_type = s.id_type, identity_match = s.identity_match
  from (select distinct on (identity_hash) identity_hash, id_type, identity_match from import_stage
         where id_type is distinct from 'prc_id' or identity_match <> 'document' order by identity_hash, row_number desc) s
 where d.client_id = $1::uuid and d.identity_hash = s.identity_hash
   and (d.id_document_type is distinct from s.id_type or d.identity_match <> s.identity_match)`;
