import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inClientScope, roleIn } from './rls.js';

const STAFF = roleIn('agency_admin', 'supervisor', 'collector');
const STAFF_AND_BANK = roleIn('agency_admin', 'supervisor', 'collector', 'client_user');

/** A client-keyed table with forced RLS: everybody in scope reads; `writers` insert (and update when given). */
function moneyTable(table: string, opts: { insert: string; update?: string }): string[] {
  const out = [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy ${table}_read on ${table} for select using (${inClientScope})`,
    `create policy ${table}_insert on ${table} for insert with check (${inClientScope} and ${opts.insert})`,
  ];
  if (opts.update) out.push(`create policy ${table}_update on ${table} for update using (${inClientScope} and ${opts.update}) with check (${inClientScope})`);
  out.push(`grant select, insert${opts.update ? ', update' : ''} on ${table} to arrears_app`);
  return out;
}

/**
 * Money: the account ledger (append-only, one amount per balance component), payments with the bank's
 * transaction reference as idempotency key, promises to pay, repayment plans with their installments
 * and approval steps. The account's balance columns stay the ledger's sum: writes by the payments
 * domain post an entry and move the columns in the same transaction; any other writer (a re-placement,
 * a bank balance file, the seed) is turned into a ledger entry by triggers, so no import code changes.
 */
export class Payments1795536000009 implements MigrationInterface {
  name = 'Payments1795536000009';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // Late-payment charges (违约金/滞纳金) apart from other fees; costs (legal, collection); a credit for overpayments.
      `alter table account add column late_charges numeric(18, 2) not null default 0 check (late_charges >= 0),
         add column costs numeric(18, 2) not null default 0 check (costs >= 0),
         add column credit numeric(18, 2) not null default 0 check (credit >= 0),
         add column closed_at timestamptz,
         add column close_reason text`,
      `alter table account alter column total_due set expression as (principal + interest + fees + late_charges + costs)`,

      `create table ledger_entry (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        seq bigint generated always as identity,
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        placement_id uuid,
        kind text not null check (kind in ('placement_opening', 'bank_balance_update', 'payment', 'reversal', 'interest_freeze',
          'discount', 'write_off', 'legal_cost', 'adjustment')),
        principal numeric(18, 2) not null default 0,
        interest numeric(18, 2) not null default 0,
        fees numeric(18, 2) not null default 0,
        late_charges numeric(18, 2) not null default 0,
        costs numeric(18, 2) not null default 0,
        credit numeric(18, 2) not null default 0,
        effective_on date not null default current_date,
        payment_id uuid,
        plan_id uuid,
        note text,
        created_by uuid,
        created_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      `create index ledger_entry_account_idx on ledger_entry (client_id, account_id, seq)`,
      // Append-only: no UPDATE or DELETE grant for the application role.
      ...moneyTable('ledger_entry', { insert: STAFF_AND_BANK }),

      /*
       * Opening entries: every account inserted by any writer (import, seed) gets one entry with its
       * balances. A statement trigger with a transition table keeps a 100,000-row import set-based.
       */
      `create function app.ledger_account_opened() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
         begin
           insert into ledger_entry (client_id, agency_id, account_id, placement_id, kind, principal, interest, fees, late_charges, costs, credit, effective_on, note)
           select client_id, agency_id, id, placement_id, 'placement_opening', principal, interest, fees, late_charges, costs, credit, placed_on, 'opening balance'
             from opened;
           return null;
         end $$`,
      `create trigger account_ledger_opening after insert on account referencing new table as opened
         for each statement execute function app.ledger_account_opened()`,

      /*
       * A balance written by anything but the payments domain (a re-placement, a bank balance update) is
       * the bank's statement as of a date (the new placed_on, or today): payments and reversals dated
       * after it are applied again on top, so nothing is lost or counted twice; the difference to the old
       * balance is one ledger entry. The payments domain marks its own writes with app.ledger_posting.
       */
      `create function app.ledger_account_restated() returns trigger language plpgsql security definer set search_path = public, pg_temp as $$
         declare
           replaced boolean := new.placement_id is distinct from old.placement_id;
           as_of date := case when new.placement_id is distinct from old.placement_id then new.placed_on else current_date end;
           later record;
           overflow numeric := 0;
         begin
           if coalesce(current_setting('app.ledger_posting', true), '') = 'on' then
             return new;
           end if;
           select coalesce(sum(principal), 0) p, coalesce(sum(interest), 0) i, coalesce(sum(fees), 0) f,
                  coalesce(sum(late_charges), 0) l, coalesce(sum(costs), 0) c
             into later
             from ledger_entry
            where client_id = new.client_id and account_id = new.id and kind in ('payment', 'reversal') and effective_on > as_of;
           -- A restated component is the bank's figure before those payments: take them off again. What
           -- they paid beyond it moves to principal, then to the credit, so no payment is lost.
           if replaced or new.interest is distinct from old.interest then
             new.interest := new.interest + later.i;
             if new.interest < 0 then overflow := overflow - new.interest; new.interest := 0; end if;
           end if;
           if replaced or new.fees is distinct from old.fees then
             new.fees := new.fees + later.f;
             if new.fees < 0 then overflow := overflow - new.fees; new.fees := 0; end if;
           end if;
           if new.late_charges is distinct from old.late_charges then
             new.late_charges := new.late_charges + later.l;
             if new.late_charges < 0 then overflow := overflow - new.late_charges; new.late_charges := 0; end if;
           end if;
           if new.costs is distinct from old.costs then
             new.costs := new.costs + later.c;
             if new.costs < 0 then overflow := overflow - new.costs; new.costs := 0; end if;
           end if;
           if replaced or new.principal is distinct from old.principal then
             new.principal := new.principal + later.p;
           end if;
           new.principal := new.principal - overflow;
           if new.principal < 0 then new.credit := new.credit - new.principal; new.principal := 0; end if;
           insert into ledger_entry (client_id, agency_id, account_id, placement_id, kind, principal, interest, fees, late_charges, costs, credit, effective_on, note)
           values (new.client_id, new.agency_id, new.id, new.placement_id,
                   case when replaced then 'placement_opening' else 'bank_balance_update' end,
                   new.principal - old.principal, new.interest - old.interest, new.fees - old.fees,
                   new.late_charges - old.late_charges, new.costs - old.costs, new.credit - old.credit, as_of,
                   case when replaced then 're-placement: bank balance restated' else 'bank balance restated' end);
           return new;
         end $$`,
      `create trigger account_ledger_restated before update of placement_id, principal, interest, fees, late_charges, costs on account
         for each row when (old.placement_id is distinct from new.placement_id or old.principal is distinct from new.principal
           or old.interest is distinct from new.interest or old.fees is distinct from new.fees
           or old.late_charges is distinct from new.late_charges or old.costs is distinct from new.costs)
         execute function app.ledger_account_restated()`,
      // The placed amount follows the new total due (it now includes late charges and costs).
      `create or replace function app.account_placed_amount() returns trigger language plpgsql as $$
         begin
           new.placed_amount := new.principal + new.interest + new.fees + new.late_charges + new.costs;
           return new;
         end $$`,
      // Opening entries for the accounts that exist already.
      `insert into ledger_entry (client_id, agency_id, account_id, placement_id, kind, principal, interest, fees, late_charges, costs, credit, effective_on, note)
       select client_id, agency_id, id, placement_id, 'placement_opening', principal, interest, fees, late_charges, costs, credit, placed_on, 'opening balance'
         from account`,

      `create table repayment_plan (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        status text not null check (status in ('proposed', 'approved', 'rejected', 'active', 'completed', 'broken', 'cancelled')),
        currency char(3) not null,
        basis numeric(18, 2) not null check (basis > 0),
        discount numeric(18, 2) not null default 0 check (discount >= 0),
        total numeric(18, 2) not null check (total > 0),
        months integer not null check (months between 1 and 60),
        first_due_on date not null,
        interest_freeze boolean not null default false,
        required_level text not null check (required_level in ('collector', 'supervisor', 'agency_admin', 'bank')),
        routing_reason text not null,
        routing jsonb not null default '[]',
        policy_version integer not null,
        agreement_ref text not null,
        note text,
        proposed_by uuid not null references app_user (id),
        proposed_at timestamptz not null default now(),
        decided_at timestamptz,
        activated_at timestamptz,
        ended_at timestamptz,
        end_reason text,
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      `create index repayment_plan_account_idx on repayment_plan (client_id, account_id, proposed_at desc)`,
      `create index repayment_plan_pending_idx on repayment_plan (required_level, proposed_at, id) where status = 'proposed'`,
      `create index repayment_plan_id_idx on repayment_plan (id)`,
      // At most one plan in negotiation or force per account.
      `create unique index repayment_plan_one_open on repayment_plan (client_id, account_id) where status in ('proposed', 'approved', 'active')`,
      // The bank's user decides plans above the agency's mandate, so it may update them.
      ...moneyTable('repayment_plan', { insert: STAFF, update: STAFF_AND_BANK }),

      `create table plan_installment (
        client_id uuid not null references client (id),
        plan_id uuid not null,
        seq integer not null check (seq between 1 and 60),
        agency_id uuid not null,
        due_on date not null,
        amount numeric(18, 2) not null check (amount > 0),
        paid numeric(18, 2) not null default 0 check (paid >= 0 and paid <= amount),
        paid_at timestamptz,
        primary key (client_id, plan_id, seq),
        foreign key (client_id, plan_id) references repayment_plan (client_id, id)
      )`,
      ...moneyTable('plan_installment', { insert: STAFF, update: STAFF_AND_BANK }),

      `create table plan_step (
        client_id uuid not null references client (id),
        id bigint generated always as identity,
        agency_id uuid not null,
        plan_id uuid not null,
        action text not null check (action in ('proposed', 'approved', 'rejected', 'activated', 'broken', 'completed', 'cancelled', 'reopened')),
        level text,
        actor_id uuid references app_user (id),
        reason text,
        at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, plan_id) references repayment_plan (client_id, id)
      )`,
      `create index plan_step_plan_idx on plan_step (client_id, plan_id, id)`,
      ...moneyTable('plan_step', { insert: STAFF_AND_BANK }),

      `create table payment (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        placement_id uuid not null,
        bank_txn_ref text not null check (length(bank_txn_ref) between 1 and 100),
        amount numeric(18, 2) not null check (amount > 0),
        currency char(3) not null,
        paid_on date not null,
        channel text not null check (channel in ('agency', 'direct_to_bank')),
        status text not null default 'posted' check (status in ('posted', 'reversed')),
        allocation jsonb not null,
        plan_id uuid,
        policy_version integer not null,
        note text,
        posted_by uuid not null references app_user (id),
        posted_at timestamptz not null default now(),
        reversed_by uuid references app_user (id),
        reversed_at timestamptz,
        reversal_reason text,
        primary key (client_id, id),
        -- The idempotency key: a bank transaction is posted once per client, whatever the account.
        unique (client_id, bank_txn_ref),
        foreign key (client_id, account_id) references account (client_id, id),
        foreign key (client_id, placement_id) references placement (client_id, id)
      )`,
      `create index payment_account_idx on payment (client_id, account_id, paid_on desc)`,
      `create index payment_day_idx on payment (client_id, paid_on)`,
      `create index payment_id_idx on payment (id)`,
      ...moneyTable('payment', { insert: STAFF, update: STAFF }),

      `create table promise_to_pay (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        series_id uuid not null,
        seq integer not null check (seq between 1 and 6),
        amount numeric(18, 2) not null check (amount > 0),
        currency char(3) not null,
        due_on date not null,
        status text not null default 'open' check (status in ('open', 'kept', 'partial', 'broken')),
        paid numeric(18, 2) not null default 0,
        grace_days integer not null,
        policy_version integer not null,
        taken_by uuid not null references app_user (id),
        taken_at timestamptz not null default now(),
        evaluated_at timestamptz,
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id)
      )`,
      `create index promise_account_idx on promise_to_pay (client_id, account_id, due_on)`,
      `create index promise_open_idx on promise_to_pay (due_on) where status = 'open'`,
      `create index promise_collector_idx on promise_to_pay (client_id, taken_by, due_on)`,
      ...moneyTable('promise_to_pay', { insert: STAFF, update: STAFF }),

      // Bank payment files: one row per upload, its rejected rows, and the column layout per bank and file kind.
      `create table payment_import (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        file_kind text not null,
        file_name text not null,
        format text not null check (format in ('csv', 'xlsx')),
        status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
        rows_read integer not null default 0,
        rows_posted integer not null default 0,
        rows_duplicate integer not null default 0,
        rows_rejected integer not null default 0,
        total_posted numeric(20, 2) not null default 0,
        error text,
        created_by uuid not null references app_user (id),
        created_at timestamptz not null default now(),
        finished_at timestamptz,
        primary key (client_id, id)
      )`,
      `create index payment_import_id_idx on payment_import (id)`,
      ...moneyTable('payment_import', { insert: STAFF, update: STAFF }),
      `create table payment_import_rejection (
        client_id uuid not null references client (id),
        import_id uuid not null,
        row_number integer not null,
        agency_id uuid not null,
        reason text not null,
        value text,
        primary key (client_id, import_id, row_number),
        foreign key (client_id, import_id) references payment_import (client_id, id)
      )`,
      ...moneyTable('payment_import_rejection', { insert: STAFF }),
      `create table payment_file_mapping (
        client_id uuid not null references client (id),
        file_kind text not null check (file_kind in ('payments', 'direct_payments')),
        agency_id uuid not null,
        mapping jsonb not null,
        updated_by uuid,
        updated_at timestamptz not null default now(),
        primary key (client_id, file_kind)
      )`,
      ...moneyTable('payment_file_mapping', { insert: roleIn('agency_admin', 'supervisor'), update: roleIn('agency_admin', 'supervisor') }),
    ];
    for (const s of statements) await q.query(s);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
