import type { MigrationInterface, QueryRunner } from 'typeorm';
import { clientTable, ctx, inClientScope, roleIn } from './rls.js';

/** The request's teams (set by app.begin_request); a collector sees accounts of their teams. */
const teamIds = `coalesce(nullif(current_setting('app.team_ids', true), ''), '{}')::uuid[]`;

/**
 * Accounts, second pass: placement episodes, bucket history causes, collector data minimisation in
 * RLS (the request context carries the user's teams), an inbound-call look-up, prefix search
 * indexes, placement extensions and returns, and the content hash of imported files.
 */
export class AccountsSecondPass1795536000007 implements MigrationInterface {
  name = 'AccountsSecondPass1795536000007';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // Each (re)placement of an account is an episode of its own, kept when the account moves on.
      // Payments credit an episode by (account_id, placement_id); liquidation by 委案手别 reads it.
      `create table placement_episode (
        client_id uuid not null references client (id),
        account_id uuid not null,
        placement_id uuid not null,
        agency_id uuid not null,
        placed_on date not null,
        bucket_at_placement text not null,
        dpd_at_placement integer not null,
        balance_at_placement numeric(18, 2) not null,
        currency char(3) not null,
        collected numeric(18, 2) not null default 0,
        ended_on date,
        end_reason text check (end_reason in ('replaced', 'recalled', 'returned', 'closed')),
        created_at timestamptz not null default now(),
        primary key (client_id, account_id, placement_id),
        foreign key (client_id, account_id) references account (client_id, id),
        foreign key (client_id, placement_id) references placement (client_id, id)
      )`,
      `create index placement_episode_placement_idx on placement_episode (client_id, placement_id)`,
      ...clientTable('placement_episode', 'select, insert, update'),
      `insert into placement_episode (client_id, account_id, placement_id, agency_id, placed_on, bucket_at_placement, dpd_at_placement, balance_at_placement, currency, collected, ended_on, end_reason)
       select a.client_id, a.id, a.placement_id, a.agency_id, a.placed_on, coalesce(h.to_bucket, a.bucket), coalesce(h.dpd, a.dpd), a.placed_amount, a.currency, a.collected,
              case when a.status = 'recalled' then coalesce(a.recalled_at::date, a.placed_on) end, case when a.status = 'recalled' then 'recalled' end
         from account a
         left join lateral (select to_bucket, dpd from bucket_history b where b.client_id = a.client_id and b.account_id = a.id and b.changed_on >= a.placed_on
                             order by b.changed_on, b.id limit 1) h on true`,

      // Why a bucket changed: roll-rate reports tell aging from a cure or a re-placement. The import's
      // merge writes the first bucket of an episode and does not name a cause, hence the default.
      `alter table bucket_history add column cause text not null default 'placement'
         check (cause in ('placement', 'aging', 'balance_change', 'cure'))`,
      `alter table bucket_history add column bands_version integer`,

      // Buckets are slots M0…M6+ whose day bands come from the client's bucket_bands policy.
      `alter table account add column returned_at timestamptz`,
      `alter table account drop constraint account_status_check`,
      `alter table account add constraint account_status_check check (status in ('active', 'recalled', 'returned', 'closed'))`,

      // Collectors see only their own and their teams' accounts (data minimisation); everybody else
      // sees the client scope. Plain expressions, no subquery: the teams come with the request context.
      `drop policy account_client_scope on account`,
      `create policy account_scope on account
         using (${inClientScope} and (coalesce(${ctx.role}, '') <> 'collector' or assigned_collector_id = ${ctx.userId} or assigned_team_id = any (${teamIds})))
         with check (${inClientScope})`,

      // The same function as migration 0006 (session version, per-transaction limits), now also setting
      // the user's teams: a collector sees the accounts of their teams (no subquery in the policy).
      `create or replace function app.begin_request(p_user_id uuid, p_agency_id uuid, p_session_version int default null,
                                                    p_statement_timeout text default '15s', p_idle_timeout text default '30s')
         returns table (user_id uuid, agency_id uuid, role text, client_ids uuid[], law_firm_id uuid, email text, display_name text, must_change_password boolean)
         language plpgsql volatile security definer set search_path = public, pg_temp as $$
         declare
           u app_user;
           scope uuid[];
           teams uuid[];
         begin
           perform set_config('statement_timeout', p_statement_timeout, true);
           perform set_config('idle_in_transaction_session_timeout', p_idle_timeout, true);
           select * into u from app_user a where a.id = p_user_id and a.agency_id is not distinct from p_agency_id and a.disabled_at is null
             and (p_session_version is null or a.session_version = p_session_version);
           if not found then return; end if;
           if u.role = 'agency_admin' then
             select coalesce(array_agg(c.id order by c.id), '{}') into scope from client c where c.agency_id = u.agency_id;
           elsif u.role = 'client_user' then
             scope := array[u.client_id];
           elsif u.role in ('supervisor', 'collector') then
             select coalesce(array_agg(s.client_id order by s.client_id), '{}') into scope from user_client_scope s where s.user_id = u.id;
           else
             scope := '{}';
           end if;
           select coalesce(array_agg(m.team_id order by m.team_id), '{}') into teams from team_member m where m.user_id = u.id and m.agency_id = u.agency_id;
           perform set_config('app.agency_id', coalesce(u.agency_id::text, ''), true);
           perform set_config('app.user_id', u.id::text, true);
           perform set_config('app.role', u.role, true);
           perform set_config('app.client_ids', scope::text, true);
           perform set_config('app.law_firm_id', coalesce(u.law_firm_id::text, ''), true);
           perform set_config('app.team_ids', teams::text, true);
           return query select u.id, u.agency_id, u.role, scope, u.law_firm_id, u.email, u.display_name, u.must_change_password;
         end
         $$`,

      // An inbound call or a complaint taken by phone: staff find whose account it is, and no more
      // (no balance, no address, the name masked). Scoped to the caller's agency and banks.
      `create function app.inbound_lookup(p_phone text, p_bank_ref text)
         returns table (account_id uuid, client_id uuid, bank_ref text, debtor_name_masked text, status text, assigned_collector_id uuid, assigned_team_id uuid)
         language sql stable security definer set search_path = public, pg_temp as $$
           select a.id, a.client_id, a.bank_ref,
                  left(d.full_name, 1) || repeat('*', greatest(char_length(d.full_name) - 1, 1)),
                  a.status, a.assigned_collector_id, a.assigned_team_id
             from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id
            where a.agency_id = ${ctx.agencyId} and a.client_id = any (${ctx.clientIds})
              and ${ctx.role} in ('agency_admin', 'supervisor', 'collector')
              and ((p_bank_ref is not null and a.bank_ref = p_bank_ref)
                or (p_phone is not null and a.debtor_id in (select p.debtor_id from debtor_phone p where p.client_id = a.client_id and p.phone = p_phone)))
            order by a.status, a.bank_ref
            limit 20
         $$`,
      `revoke all on function app.inbound_lookup(text, text) from public`,
      `grant execute on function app.inbound_lookup(text, text) to arrears_app`,

      // A disabled collector's book goes back to the unassigned pool at once, with history, whoever
      // disables them and however. Runs as the disabling user: RLS still decides which accounts move.
      `create function app.release_disabled_collector_book() returns trigger language plpgsql as $$
         begin
           with released as (
             update account a set assigned_collector_id = null, assigned_team_id = null, assigned_at = now(), updated_at = now()
              where a.assigned_collector_id = new.id and a.status = 'active'
             returning a.client_id, a.id, a.agency_id
           )
           insert into assignment_history (client_id, agency_id, account_id, collector_id, team_id, assigned_by, rule)
           select client_id, agency_id, id, null, null, coalesce(${ctx.userId}, new.id), 'collector_disabled' from released;
           return new;
         end $$`,
      `create trigger app_user_release_book after update of disabled_at on app_user
         for each row when (old.disabled_at is null and new.disabled_at is not null)
         execute function app.release_disabled_collector_book()`,

      // Prefix search under RLS: byte-order ("C") ranges are leakproof comparisons an index can serve.
      `create index debtor_name_prefix_idx on debtor (client_id, (full_name collate "C"))`,
      `create index account_bank_ref_prefix_idx on account (client_id, (bank_ref collate "C"))`,
      `create index account_card_last4_idx on account (client_id, card_last4) where card_last4 is not null`,

      // Identity: the document type kept, and how the debtor was matched (a weak name + mobile match
      // must never carry person-level holds or cross-bank counts).
      // The default is the common case (a PRC id); the import corrects every other row after its merge.
      `alter table debtor add column id_document_type text default 'prc_id' check (id_document_type in ('prc_id', 'hk_macau_permit', 'taiwan_permit', 'passport'))`,
      `update debtor set id_document_type = null where national_id_enc is null`,
      `alter table debtor add column identity_match text not null default 'document' check (identity_match in ('document', 'name_mobile', 'none'))`,
      `update debtor set identity_match = 'none' where national_id_enc is null`,
      `alter table placement_import add column identity_matches jsonb`,

      // PIPL: when a departed account's personal data was erased (the collection record stays).
      `alter table account add column purged_at timestamptz`,
      `alter table debtor add column purged_at timestamptz`,

      // A file imported before is recognised by its content hash.
      `alter table placement_import add column content_sha256 text`,
      `create index placement_import_hash_idx on placement_import (client_id, content_sha256) where content_sha256 is not null`,

      // 留案: the agency asks to keep a placement past its expiry; the bank's user decides.
      `create table placement_extension (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null,
        placement_id uuid not null,
        requested_until date not null,
        reason text not null,
        status text not null default 'requested' check (status in ('requested', 'approved', 'rejected')),
        requested_by uuid not null,
        requested_at timestamptz not null default now(),
        decided_by uuid,
        decided_at timestamptz,
        primary key (client_id, id),
        foreign key (client_id, placement_id) references placement (client_id, id)
      )`,
      `create index placement_extension_placement_idx on placement_extension (client_id, placement_id)`,
      `create index placement_extension_id_idx on placement_extension (id)`,
      `alter table placement_extension enable row level security`,
      `alter table placement_extension force row level security`,
      `create policy placement_extension_read on placement_extension for select using (${inClientScope})`,
      `create policy placement_extension_request on placement_extension for insert with check (${inClientScope} and ${roleIn('agency_admin', 'supervisor')})`,
      // Only the bank decides.
      `create policy placement_extension_decide on placement_extension for update using (${inClientScope} and ${roleIn('client_user')}) with check (${inClientScope})`,
      `grant select, insert, update on placement_extension to arrears_app`,
      `alter table placement drop constraint placement_status_check`,
      `alter table placement add constraint placement_status_check check (status in ('active', 'recalled', 'returned'))`,
      `alter table placement add column returned_at timestamptz`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
