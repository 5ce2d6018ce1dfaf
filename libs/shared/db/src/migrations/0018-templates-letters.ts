import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ctx, inClientScope, roleIn } from './rls.js';

const STAFF = roleIn('agency_admin', 'supervisor', 'collector');
/** Who drafts and submits templates at the agency. */
const AUTHORS = roleIn('agency_admin', 'supervisor');
const BANK = roleIn('client_user');

/**
 * SMS and letter templates per bank (versioned; the agency drafts and submits, the bank approves or
 * rejects), the SMS messages sent from them (what was sent, through which adapter, how delivery went)
 * and the sent-letter register (the PDF in the document store with its SHA-256). Every table is keyed by
 * client and guarded by plain-SQL row-level security like every other tenant table.
 */
export class TemplatesLetters1795536000017 implements MigrationInterface {
  name = 'TemplatesLetters1795536000017';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `create table message_template (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        channel text not null check (channel in ('sms', 'letter')),
        name text not null check (length(trim(name)) between 1 and 120),
        created_by uuid not null references app_user (id),
        created_at timestamptz not null default now(),
        primary key (client_id, id),
        unique (client_id, channel, name)
      )`,
      `create index message_template_id_idx on message_template (id)`,
      `alter table message_template enable row level security`,
      `alter table message_template force row level security`,
      `create policy message_template_read on message_template for select using (${inClientScope} and (${STAFF} or ${BANK}))`,
      `create policy message_template_add on message_template for insert with check (${inClientScope} and ${AUTHORS} and created_by = ${ctx.userId})`,
      `grant select, insert on message_template to arrears_app`,

      // A version's text never changes (no column grant on it): a change is a new version the bank approves again.
      `create table message_template_version (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        template_id uuid not null,
        version integer not null check (version >= 1),
        title text,
        body text not null check (length(body) between 1 and 20000),
        agency_phone text not null check (length(trim(agency_phone)) between 3 and 40),
        status text not null default 'draft' check (status in ('draft', 'submitted', 'approved', 'rejected')),
        created_by uuid not null references app_user (id),
        created_at timestamptz not null default now(),
        submitted_by uuid references app_user (id),
        submitted_at timestamptz,
        decided_by uuid references app_user (id),
        decided_at timestamptz,
        decision_note text,
        primary key (client_id, id),
        unique (client_id, template_id, version),
        foreign key (client_id, template_id) references message_template (client_id, id),
        check ((status in ('approved', 'rejected')) = (decided_at is not null))
      )`,
      `create index message_template_version_id_idx on message_template_version (id)`,
      `alter table message_template_version enable row level security`,
      `alter table message_template_version force row level security`,
      // The bank sees what was submitted to it, never the agency's drafts.
      `create policy message_template_version_read on message_template_version for select using (${inClientScope} and (${STAFF} or (${BANK} and status <> 'draft')))`,
      `create policy message_template_version_add on message_template_version for insert with check (${inClientScope} and ${AUTHORS} and created_by = ${ctx.userId} and status = 'draft')`,
      `create policy message_template_version_submit on message_template_version for update
         using (${inClientScope} and ${AUTHORS} and status = 'draft')
         with check (${inClientScope} and ${AUTHORS} and status = 'submitted' and submitted_by = ${ctx.userId})`,
      `create policy message_template_version_decide on message_template_version for update
         using (${inClientScope} and ${BANK} and status = 'submitted')
         with check (${inClientScope} and ${BANK} and status in ('approved', 'rejected') and decided_by = ${ctx.userId})`,
      `grant select, insert on message_template_version to arrears_app`,
      `grant update (status, submitted_by, submitted_at, decided_by, decided_at, decision_note) on message_template_version to arrears_app`,

      // An SMS as it was (or is to be) sent: the text and number exactly as handed to the adapter.
      `create table sms_message (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        attempt_id uuid not null,
        template_version_id uuid not null,
        phone_id uuid not null,
        to_number text not null,
        body text not null,
        adapter text not null check (adapter in ('outbox', 'http')),
        status text not null check (status in ('queued', 'sent', 'failed')),
        gateway_ref text,
        last_error text,
        delivery_attempts integer not null default 0,
        created_by uuid not null references app_user (id),
        created_at timestamptz not null,
        sent_at timestamptz,
        updated_at timestamptz not null default now(),
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id),
        foreign key (client_id, attempt_id) references contact_attempt (client_id, id),
        foreign key (client_id, template_version_id) references message_template_version (client_id, id)
      )`,
      `create index sms_message_account_idx on sms_message (client_id, account_id, created_at desc)`,
      `create index sms_message_id_idx on sms_message (id)`,
      `alter table sms_message enable row level security`,
      `alter table sms_message force row level security`,
      `create policy sms_message_read on sms_message for select using (${inClientScope})`,
      `create policy sms_message_send on sms_message for insert with check (${inClientScope} and ${STAFF} and created_by = ${ctx.userId})`,
      `create policy sms_message_deliver on sms_message for update using (${inClientScope} and ${STAFF}) with check (${inClientScope})`,
      `grant select, insert on sms_message to arrears_app`,
      `grant update (status, gateway_ref, last_error, delivery_attempts, sent_at, updated_at) on sms_message to arrears_app`,

      // The sent-letter register: who, when, which template version, which address, which document.
      `create table letter (
        client_id uuid not null references client (id),
        id uuid not null default gen_random_uuid(),
        agency_id uuid not null references agency (id),
        account_id uuid not null,
        attempt_id uuid not null,
        template_version_id uuid not null,
        address text not null,
        document_key text not null,
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        size integer not null check (size > 0),
        created_by uuid not null references app_user (id),
        created_at timestamptz not null,
        primary key (client_id, id),
        foreign key (client_id, account_id) references account (client_id, id),
        foreign key (client_id, attempt_id) references contact_attempt (client_id, id),
        foreign key (client_id, template_version_id) references message_template_version (client_id, id)
      )`,
      `create index letter_time_idx on letter (client_id, created_at desc, id desc)`,
      `create index letter_account_idx on letter (client_id, account_id, created_at desc)`,
      `create index letter_id_idx on letter (id)`,
      `alter table letter enable row level security`,
      `alter table letter force row level security`,
      `create policy letter_read on letter for select using (${inClientScope})`,
      `create policy letter_add on letter for insert with check (${inClientScope} and ${STAFF} and created_by = ${ctx.userId})`,
      `grant select, insert on letter to arrears_app`,
    ];
    for (const s of statements) await q.query(s);

    // SMS delivery through an HTTP gateway is a durable job: add its kind to whatever kinds exist now.
    const [c]: { def: string }[] = await q.query(
      `select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'job_run'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%kind%'`,
    );
    const kinds = new Set([...(c?.def ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]));
    kinds.add('sms_delivery');
    const [{ name }]: { name: string }[] = await q.query(
      `select conname as name from pg_constraint where conrelid = 'job_run'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%kind%'`,
    );
    await q.query(`alter table job_run drop constraint ${name}`);
    await q.query(`alter table job_run add constraint ${name} check (kind in (${[...kinds].map((k) => `'${k}'`).join(', ')}))`);
  }

  async down(): Promise<void> {
    throw new Error('Migrations are forward-only');
  }
}
