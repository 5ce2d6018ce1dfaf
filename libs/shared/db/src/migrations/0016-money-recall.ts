import type { MigrationInterface, QueryRunner } from 'typeorm';
import { inClientScope, roleIn } from './rls.js';

const SYSTEM = roleIn('system');

/** Forced RLS: everybody in the client's scope reads; `insert` roles add rows. */
function readAndInsert(table: string, insert: string): string[] {
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy ${table}_read on ${table} for select using (${inClientScope})`,
    `create policy ${table}_insert on ${table} for insert with check (${inClientScope} and ${insert})`,
    `grant select, insert on ${table} to arrears_app`,
  ];
}

const RECALL_REASON_CODES = ['bank_request', 'paid_in_full', 'dispute', 'deceased', 'bankruptcy', 'placement_expiry', 'other'];

/**
 * Money, second part:
 * - Recall with a reason code and an effective date (`account_recall`, one row per recall request;
 *   each recalled account gets an assignment_history row pointing at it with the plans and promises
 *   that were open). Open promises of a recalled account are withdrawn.
 * - Credits: refunded (`credit_refund`, the payer's reference unique per bank) or applied to another
 *   account of the same debtor at the same bank; two new ledger kinds.
 * - Scheduled evaluation of promises and plans as role 'system' (`arrangement_run`, one row per bank
 *   and local day: the marker that makes the daily job run once). A hold lifted by the system has no
 *   user, so `lifted_by` may be empty when `lifted_at` is set.
 */
export class MoneyRecall1795536000015 implements MigrationInterface {
  name = 'MoneyRecall1795536000015';

  async up(q: QueryRunner): Promise<void> {
    const [holdCheck] = await q.query(
      `select conname from pg_constraint where conrelid = 'account_hold'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%lifted_by%'`,
    );
    const codes = RECALL_REASON_CODES.map((c) => `'${c}'`).join(', ');
    for (const sql of [
      // --- recall
      `create table account_recall (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        reason_code text not null check (reason_code in (${codes})),
        effective_on date not null,
        note text,
        placement_id uuid,
        recalled_by uuid not null references app_user (id),
        recalled_at timestamptz not null default now(),
        accounts integer not null default 0,
        open_items integer not null default 0,
        primary key (client_id, id)
      )`,
      `create index account_recall_id_idx on account_recall (id)`,
      ...readAndInsert('account_recall', roleIn('agency_admin', 'supervisor', 'client_user')),
      `create policy account_recall_count on account_recall for update using (${inClientScope} and ${roleIn('agency_admin', 'supervisor', 'client_user')}) with check (${inClientScope})`,
      `grant update (accounts, open_items) on account_recall to arrears_app`,
      `alter table assignment_history add column recall_id uuid, add column open_items jsonb`,
      `alter table assignment_history add foreign key (client_id, recall_id) references account_recall (client_id, id)`,
      `create index assignment_history_recall_idx on assignment_history (client_id, recall_id) where recall_id is not null`,
      `alter table account add column recall_reason_code text check (recall_reason_code in (${codes})), add column recall_effective_on date`,
      `alter table promise_to_pay drop constraint promise_to_pay_status_check`,
      `alter table promise_to_pay add constraint promise_to_pay_status_check check (status in ('open', 'kept', 'partial', 'broken', 'withdrawn'))`,
      // The bank withdraws open promises of the accounts it takes back (recall), nothing else.
      `create policy promise_to_pay_withdraw on promise_to_pay for update using (${inClientScope} and ${roleIn('client_user')}) with check (${inClientScope} and status = 'withdrawn')`,
      `insert into app.account_column_rule (role, column_name, write_path)
         select r, c, p from (values
           ('agency_admin', ''), ('supervisor', ''), ('client_user', 'recall'), ('system', ''),
           ('agency_admin', 'placement_import'), ('supervisor', 'placement_import'), ('client_user', 'placement_import')) as v(r, p),
           unnest(array['recall_reason_code', 'recall_effective_on']) as c
       on conflict do nothing`,
      `insert into app.account_column_rule (role, column_name, write_path) values ('client_user', 'next_promise_due', 'recall') on conflict do nothing`,

      // --- credits
      `alter table ledger_entry drop constraint ledger_entry_kind_check`,
      `alter table ledger_entry add constraint ledger_entry_kind_check check (kind in ('placement_opening', 'bank_balance_update', 'payment', 'reversal',
         'interest_freeze', 'discount', 'write_off', 'legal_cost', 'adjustment', 'refund', 'credit_transfer'))`,
      `create table credit_refund (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        amount numeric(18, 2) not null check (amount > 0),
        reference text not null,
        refunded_on date not null,
        note text,
        approved_by uuid not null references app_user (id),
        ledger_entry_id uuid not null,
        created_at timestamptz not null default now(),
        primary key (client_id, id),
        unique (client_id, reference),
        foreign key (client_id, account_id) references account (client_id, id),
        foreign key (client_id, ledger_entry_id) references ledger_entry (client_id, id)
      )`,
      `create index credit_refund_account_idx on credit_refund (client_id, account_id)`,
      ...readAndInsert('credit_refund', roleIn('agency_admin', 'supervisor')),
      `create table credit_transfer (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        from_account_id uuid not null,
        to_account_id uuid not null,
        amount numeric(18, 2) not null check (amount > 0),
        note text,
        applied_by uuid not null references app_user (id),
        created_at timestamptz not null default now(),
        primary key (client_id, id),
        check (from_account_id <> to_account_id),
        foreign key (client_id, from_account_id) references account (client_id, id),
        foreign key (client_id, to_account_id) references account (client_id, id)
      )`,
      `create index credit_transfer_from_idx on credit_transfer (client_id, from_account_id)`,
      `create index credit_transfer_to_idx on credit_transfer (client_id, to_account_id)`,
      ...readAndInsert('credit_transfer', roleIn('agency_admin', 'supervisor')),

      // --- scheduled evaluation of promises and plans
      `create table arrangement_run (
        client_id uuid not null references client (id),
        run_on date not null,
        agency_id uuid not null references agency (id),
        promises_changed integer not null default 0,
        plans_broken integer not null default 0,
        ran_at timestamptz not null default now(),
        primary key (client_id, run_on)
      )`,
      ...readAndInsert('arrangement_run', SYSTEM),
      `create policy arrangement_run_update on arrangement_run for update using (${inClientScope} and ${SYSTEM}) with check (${inClientScope})`,
      `grant update (promises_changed, plans_broken) on arrangement_run to arrears_app`,
      `alter table account_hold drop constraint ${holdCheck.conname}`,
      `alter table account_hold add constraint account_hold_lift_check check (lifted_by is null or lifted_at is not null)`,
      `create policy account_hold_lift_system on account_hold for update using (${inClientScope} and ${SYSTEM}) with check (${inClientScope})`,
      `create policy promise_to_pay_system on promise_to_pay for update using (${inClientScope} and ${SYSTEM}) with check (${inClientScope})`,
      `create policy repayment_plan_system on repayment_plan for update using (${inClientScope} and ${SYSTEM}) with check (${inClientScope})`,
      `create policy plan_step_system on plan_step for insert with check (${inClientScope} and ${SYSTEM})`,
      `insert into app.account_column_rule (role, column_name, write_path)
         select 'system', c, 'payments' from unnest(array['broken_promises', 'next_promise_due', 'updated_at']) as c
       on conflict do nothing`,
    ]) {
      await q.query(sql);
    }
  }

  async down(): Promise<void> {
    throw new Error('MoneyRecall cannot be reverted');
  }
}
