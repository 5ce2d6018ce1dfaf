/**
 * The set-based merge of one staged batch into the tenant tables, as a single statement so the batch is
 * one round trip. Runs as the importing user: RLS checks every row written.
 *
 * Parameters: $1 client id, $2 agency id, $3 placement id, $4 placed_on, $5 aged_on (the client's local
 * date), $6 the bank's header text of bankRef (named in duplicate rejections).
 *
 * - debtor: upsert on (client_id, identity_hash); the last row of the batch wins for name and id, phones
 *   and addresses are merged (a re-placement adds numbers, never forgets one a collector may use).
 * - debtor_phone: one row per (debtor, phone), ON CONFLICT DO NOTHING.
 * - account: upsert on (client_id, bank_ref). A re-placed account takes the new amounts, placement,
 *   aging and placed_on and becomes active again (even when recalled or closed): the bank handing it
 *   over again is the decision. Its assignment and collected amount are kept.
 *   `where account.placement_id <> excluded.placement_id` skips a second row of the same file with the
 *   same bank_ref (an earlier batch already wrote it); such rows become rejections.
 * - bucket_history: the first bucket of a new account, and the change of a re-placed one.
 *
 * Every lookup of an existing row is keyed so that exactly one index fits: inside one import the tables
 * grow by up to millions of uncommitted rows the planner has no statistics for, and a nested loop over
 * the wrong index walks every row of the client (or this statement's own new index entries) per row.
 * - debtor_contact: a third-party contact not yet on file (same name and phone) is added.
 */
export const MERGE_BATCH_SQL = `
with deb as (
  insert into debtor (client_id, agency_id, full_name, national_id_enc, national_id_masked, identity_hash, phones, addresses, employer, time_zone)
  select distinct on (identity_hash) $1::uuid, $2::uuid, full_name, national_id_enc, national_id_masked, identity_hash, phones,
         case when address is null then '[]'::jsonb else jsonb_build_array(address) end, employer, time_zone
    from import_stage
   order by identity_hash, row_number desc
  on conflict (client_id, identity_hash) do update set
    full_name = excluded.full_name,
    national_id_enc = coalesce(excluded.national_id_enc, debtor.national_id_enc),
    national_id_masked = coalesce(excluded.national_id_masked, debtor.national_id_masked),
    phones = case when excluded.phones <@ debtor.phones then debtor.phones
                  else array(select distinct p from unnest(debtor.phones || excluded.phones) p) end,
    addresses = case when debtor.addresses @> excluded.addresses then debtor.addresses else debtor.addresses || excluded.addresses end,
    employer = coalesce(excluded.employer, debtor.employer),
    time_zone = coalesce(excluded.time_zone, debtor.time_zone),
    updated_at = now()
  returning id, identity_hash, (xmax = 0) as fresh
),
staged as (
  select s.*, deb.id as debtor_id, deb.fresh as debtor_fresh from import_stage s join deb using (identity_hash)
),
ph as (
  insert into debtor_phone (client_id, phone, debtor_id, agency_id)
  select distinct $1::uuid, p, staged.debtor_id, $2::uuid from staged cross join unnest(staged.phones) p
  on conflict do nothing
),
acc as (
  insert into account (client_id, agency_id, placement_id, debtor_id, bank_ref, card_last4, currency, principal, interest, fees, overdue_amount,
                       delinquent_since, charge_off_date, last_payment_date, last_payment_amount, dpd, bucket, aged_on, placed_on)
  select $1::uuid, $2::uuid, $3::uuid, debtor_id, bank_ref, card_last4, currency, principal, interest, fees, overdue_amount,
         delinquent_since, charge_off_date, last_payment_date, last_payment_amount, dpd, bucket, $5::date, $4::date
    from staged
  on conflict (client_id, bank_ref) do update set
    placement_id = excluded.placement_id,
    debtor_id = excluded.debtor_id,
    card_last4 = coalesce(excluded.card_last4, account.card_last4),
    currency = excluded.currency,
    principal = excluded.principal,
    interest = excluded.interest,
    fees = excluded.fees,
    overdue_amount = excluded.overdue_amount,
    delinquent_since = excluded.delinquent_since,
    charge_off_date = excluded.charge_off_date,
    last_payment_date = excluded.last_payment_date,
    last_payment_amount = excluded.last_payment_amount,
    dpd = excluded.dpd,
    bucket = excluded.bucket,
    aged_on = excluded.aged_on,
    placed_on = excluded.placed_on,
    status = 'active',
    recalled_at = null,
    recall_reason = null,
    updated_at = now()
  where account.placement_id <> excluded.placement_id
  returning id, bank_ref, bucket, dpd, (xmax = 0) as inserted
),
hist as (
  -- A new account's first bucket; a re-placed one's change, from its latest history row (the aging job
  -- records every change). Only re-placed accounts look anything up: by (client_id, account_id), the one
  -- index that fits, so the lookup never depends on statistics of a table growing inside this transaction.
  insert into bucket_history (client_id, agency_id, account_id, from_bucket, to_bucket, dpd, changed_on)
  select $1::uuid, $2::uuid, acc.id, prev.bucket, acc.bucket, acc.dpd, $5::date
    from acc
    left join lateral (select h.to_bucket as bucket from bucket_history h
                        where not acc.inserted and h.client_id = $1::uuid and h.account_id = acc.id
                        order by h.changed_on desc, h.id desc limit 1) prev on true
   where acc.inserted or prev.bucket is distinct from acc.bucket
),
con as (
  insert into debtor_contact (client_id, agency_id, debtor_id, relation, name, phone)
  select distinct on (s.debtor_id, s.contact_name, s.contact_phone) $1::uuid, $2::uuid, s.debtor_id, s.contact_relation, s.contact_name, s.contact_phone
    from staged s
    -- Only a debtor that existed before this batch can already have the contact on file.
    left join lateral (select 1 as known from debtor_contact c
                        where not s.debtor_fresh and c.client_id = $1::uuid and c.debtor_id = s.debtor_id and c.name = s.contact_name
                          and c.phone is not distinct from s.contact_phone
                        limit 1) k on true
   where s.contact_name is not null and k.known is null
),
dup as (
  insert into import_rejection_stage (row_number, seq, column_name, reason, value)
  select s.row_number, 0, $6::text, $6::text || ' appears more than once in the file; only its first row was imported', s.bank_ref
    from import_stage s
   where not exists (select 1 from acc where acc.bank_ref = s.bank_ref)
  returning 1
)
select (select count(*) from acc where inserted)::int as inserted,
       (select count(*) from acc where not inserted)::int as updated,
       (select count(*) from dup)::int as duplicates`;

/** Moves the import's staged rejections into placement_rejection ($1 client, $2 import, $3 agency). */
export const INSERT_REJECTIONS_SQL = `
insert into placement_rejection (client_id, import_id, row_number, seq, agency_id, column_name, reason, value)
select $1::uuid, $2::uuid, row_number, seq, $3::uuid, column_name, reason, value from import_rejection_stage`;
