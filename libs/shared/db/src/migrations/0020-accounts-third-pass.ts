import type { MigrationInterface, QueryRunner } from 'typeorm';
import { clientTable, ctx, inClientScope, roleIn } from './rls.js';

/**
 * Accounts, third pass: an account's other parties (guarantors, co-borrowers) with a relation code,
 * agency suspension, and the platform admin's overview of agencies (counts across tenants through a
 * SECURITY DEFINER door that answers platform admins only).
 */
export class AccountsThirdPass1795536000019 implements MigrationInterface {
  name = 'AccountsThirdPass1795536000019';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // Guarantors and co-borrowers belong to one loan (the account), not to the person: a guarantor of
      // one card is nobody's guarantor on another. Emergency contacts stay with the debtor (debtor_contact).
      `create table account_party (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null,
        account_id uuid not null,
        role text not null check (role in ('co_borrower', 'guarantor')),
        relation_code text not null check (relation_code in ('spouse', 'parent', 'child', 'sibling', 'relative', 'friend', 'colleague', 'employer', 'other')),
        relation_text text,
        name text not null check (length(trim(name)) between 1 and 200),
        phone text,
        national_id_masked text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (client_id, id),
        unique (client_id, account_id, role, name),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      ...clientTable('account_party', 'select, insert, update'),
      // Agency staff who manage the book and the import (any importing role, bank users included) add parties.
      `create policy account_party_writers on account_party as restrictive for insert
         with check (${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'client_user')})`,
      `create policy account_party_updaters on account_party as restrictive for update
         using (${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'client_user')})`,

      // A suspended agency: its users cannot sign in, and their tokens stop (their session version moves).
      `alter table agency add column suspended_at timestamptz, add column suspended_reason text`,
      `create function app.set_agency_suspended(p_agency_id uuid, p_suspend boolean, p_reason text)
         returns table (id uuid, name text, created_at timestamptz, suspended_at timestamptz, suspended_reason text)
         language plpgsql volatile security definer set search_path = public, pg_temp as $$
         begin
           if ${ctx.role} is distinct from 'platform_admin' then return; end if;
           update agency g set suspended_at = case when p_suspend then coalesce(g.suspended_at, now()) end,
                               suspended_reason = case when p_suspend then left(p_reason, 500) end
            where g.id = p_agency_id;
           if not found then return; end if;
           if p_suspend then
             update app_user u set session_version = u.session_version + 1 where u.agency_id = p_agency_id;
           end if;
           return query select g.id, g.name, g.created_at, g.suspended_at, g.suspended_reason from agency g where g.id = p_agency_id;
         end
         $$`,
      `revoke all on function app.set_agency_suspended(uuid, boolean, text) from public`,
      `grant execute on function app.set_agency_suspended(uuid, boolean, text) to arrears_app`,

      // What the platform admin sees of each agency: counts only, no tenant data. Platform admins have no
      // client scope, so RLS would show them zero rows; this door counts for them and nobody else.
      `create function app.agency_overview(p_agency_ids uuid[])
         returns table (agency_id uuid, users int, active_users int, clients int, accounts bigint, active_accounts bigint)
         language sql stable security definer set search_path = public, pg_temp as $$
           select g.id,
                  (select count(*)::int from app_user u where u.agency_id = g.id),
                  (select count(*)::int from app_user u where u.agency_id = g.id and u.disabled_at is null),
                  (select count(*)::int from client c where c.agency_id = g.id),
                  (select count(*) from account a where a.client_id in (select c.id from client c where c.agency_id = g.id)),
                  (select count(*) from account a where a.client_id in (select c.id from client c where c.agency_id = g.id) and a.status = 'active')
             from agency g
            where g.id = any (p_agency_ids) and ${ctx.role} = 'platform_admin'
         $$`,
      `revoke all on function app.agency_overview(uuid[]) from public`,
      `grant execute on function app.agency_overview(uuid[]) to arrears_app`,
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
