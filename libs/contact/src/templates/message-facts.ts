import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import type { ContactAccountRow, ContactDecision, ContactService } from '../attempts/contact.service.js';
import type { Channel } from '../policy/contact-policy.js';
import { formatAmount, objectionNotice, type PlaceholderValues } from './placeholders.js';
import { TemplateService, type TemplateRow, type TemplateVersionRow } from './template.service.js';

/** What a message may say about its account: the whitelisted values and the addresses on file. */
export interface MessageFacts {
  bankName: string;
  debtorName: string;
  amountDue: string;
  currency: string;
  reference: string;
  /** The next date a payment is due: a promise or an active plan's unpaid installment, else null. */
  dueDate: string | null;
  addresses: string[];
}

export async function messageFacts(db: EntityManager, accountId: string): Promise<MessageFacts | null> {
  const [r]: { bank_name: string; full_name: string; total_due: string; currency: string; bank_ref: string; due_date: string | null; addresses: unknown }[] = await db.query(
    `select c.name as bank_name, d.full_name, a.total_due::text, a.currency, a.bank_ref, d.addresses,
            least(a.next_promise_due,
                  (select min(i.due_on) from repayment_plan p join plan_installment i on i.client_id = p.client_id and i.plan_id = p.id
                    where p.client_id = a.client_id and p.account_id = a.id and p.status = 'active' and i.paid < i.amount))::text as due_date
       from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id join client c on c.id = a.client_id where a.id = $1`,
    [accountId],
  );
  if (!r) return null;
  const list = Array.isArray(r.addresses) ? r.addresses : [];
  const addresses = list.map((a) => (typeof a === 'string' ? a : Object.values((a ?? {}) as Record<string, unknown>).filter((v) => typeof v === 'string').join(' '))).filter((a) => a.trim());
  return { bankName: r.bank_name, debtorName: r.full_name, amountDue: r.total_due, currency: r.currency, reference: r.bank_ref, dueDate: r.due_date, addresses };
}

export function placeholderValues(f: MessageFacts, v: TemplateVersionRow): PlaceholderValues {
  return {
    debtorName: f.debtorName,
    amountDue: formatAmount(f.amountDue, f.currency),
    dueDate: f.dueDate ?? '',
    agencyPhone: v.agency_phone,
    reference: f.reference,
    objectionNotice: objectionNotice(f.bankName, v.agency_phone, f.currency),
  };
}

export type Prepared =
  | { kind: 'missing' }
  | { kind: 'not_approved'; template: TemplateRow }
  | { kind: 'ready'; account: ContactAccountRow; template: TemplateRow; version: TemplateVersionRow; facts: MessageFacts };

/**
 * The account, the template (of the same bank and channel, else missing) and its newest approved version.
 * Another bank's template is missing, exactly like an id that does not exist.
 */
export async function prepareMessage(db: EntityManager, actor: Principal, contact: ContactService, accountId: string, templateId: string, channel: 'sms' | 'letter'): Promise<Prepared> {
  const account = await contact.account(accountId);
  if (!account) return { kind: 'missing' };
  const templates = new TemplateService(db, actor);
  const template = await templates.template(templateId);
  if (!template || template.client_id !== account.client_id || template.channel !== channel) return { kind: 'missing' };
  const version = await templates.approvedVersion(template.id);
  if (!version) return { kind: 'not_approved', template };
  const facts = await messageFacts(db, account.id);
  if (!facts) return { kind: 'missing' };
  return { kind: 'ready', account, template, version, facts };
}

/** A message sent counts as a completed outbound contact attempt to the debtor (never connected). */
export async function recordMessageAttempt(
  db: EntityManager,
  actor: Principal,
  decision: ContactDecision,
  channel: Extract<Channel, 'sms' | 'letter'>,
  phoneId: string | null,
  note: string,
  now: Date,
): Promise<{ id: string }> {
  const a = decision.account;
  const [row]: { id: string }[] = await db.query(
    `insert into contact_attempt (client_id, agency_id, account_id, debtor_id, channel, direction, party, phone_id, status, outcome_code, connected,
                                  right_party_verified, note, policy_version, made_by, started_at, completed_at)
     values ($1, $2, $3, $4, $5, 'outbound', 'debtor', $6, 'completed', $7, false, false, $8, $9, $10, $11, $11) returning id`,
    [a.client_id, a.agency_id, a.id, a.debtor_id, channel, phoneId, `${channel}_sent`, note, decision.policy.version, actor.userId, now],
  );
  await db.query(`update account set last_contact_at = greatest(last_contact_at, $2::timestamptz) where id = $1`, [a.id, now]);
  return row;
}
