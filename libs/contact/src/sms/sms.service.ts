import type { EntityManager } from 'typeorm';
import { emitEvent } from '@arrears/events';
import { queueJob } from '@arrears/jobs';
import type { Principal } from '@arrears/tenancy';
import type { ContactService, Refused } from '../attempts/contact.service.js';
import { prepareMessage, recordMessageAttempt, placeholderValues } from '../templates/message-facts.js';
import { renderTemplate } from '../templates/placeholders.js';
import type { SmsAdapterSettings } from './sms-gateway.js';

export interface SmsRow {
  client_id: string;
  id: string;
  account_id: string;
  attempt_id: string;
  template_version_id: string;
  phone_id: string;
  to_number: string;
  body: string;
  adapter: 'outbox' | 'http';
  status: 'queued' | 'sent' | 'failed';
  gateway_ref: string | null;
  last_error: string | null;
  delivery_attempts: number;
  created_by: string;
  created_at: Date;
  sent_at: Date | null;
}

export const SMS_COLUMNS = `client_id, id, account_id, attempt_id, template_version_id, phone_id, to_number, body, adapter, status, gateway_ref, last_error,
  delivery_attempts, created_by, created_at, sent_at`;

/** Attempts an HTTP gateway gets before the message is marked failed. */
export const SMS_DELIVERY_ATTEMPTS = 5;

export type SendSmsOutcome = { sms: SmsRow } | Refused | { notApproved: true } | { noPhone: true } | null;

/**
 * Sends an SMS from a bank-approved template: the same contact gate as calls (channel sms: hours,
 * limits, holds, do-not-call), recorded as a contact attempt, then handed to the configured adapter.
 * `outbox` stores the message for an external gateway (sent as far as Arrears is concerned); `http`
 * queues a durable delivery job that POSTs it to the SMS gateway with retries.
 */
export class SmsService {
  constructor(
    private readonly db: EntityManager,
    private readonly actor: Principal,
    private readonly contact: ContactService,
    private readonly adapter: SmsAdapterSettings,
  ) {}

  async send(accountId: string, templateId: string, phoneId: string | null): Promise<SendSmsOutcome> {
    const p = await prepareMessage(this.db, this.actor, this.contact, accountId, templateId, 'sms');
    if (p.kind === 'missing') return null;
    if (p.kind === 'not_approved') return { notApproved: true };
    const phones = (await this.contact.phones([p.account.id])).get(p.account.id) ?? [];
    const phone = phoneId ? phones.find((x) => x.id === phoneId) : (phones.find((x) => x.phone_type === 'mobile' && x.status === 'valid' && !x.do_not_call) ?? phones[0]);
    if (phoneId && !phone) return null;
    if (!phone) return { noPhone: true };
    await this.contact.lockPerson(p.account);
    const decision = await this.contact.decide(p.account, 'sms', 'debtor', 'outbound', phone);
    if (!decision.allowed) return this.contact.refuse(decision, 'sms', 'debtor');
    const now = this.contact.now;
    const body = renderTemplate(p.version.body, placeholderValues(p.facts, p.version));
    const attempt = await recordMessageAttempt(this.db, this.actor, decision, 'sms', phone.id, `${p.template.name} v${p.version.version}`, now);
    const outbox = this.adapter.adapter === 'outbox';
    const [sms]: SmsRow[] = await this.db.query(
      `insert into sms_message (client_id, agency_id, account_id, attempt_id, template_version_id, phone_id, to_number, body, adapter, status, created_by, created_at, sent_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning ${SMS_COLUMNS}`,
      [p.account.client_id, p.account.agency_id, p.account.id, attempt.id, p.version.id, phone.id, phone.phone, body, this.adapter.adapter, outbox ? 'sent' : 'queued', this.actor.userId, now, outbox ? now : null],
    );
    if (!outbox) {
      await queueJob(this.db, { kind: 'sms_delivery', clientId: sms.client_id, agencyId: p.account.agency_id, subjectId: sms.id, requestedBy: this.actor.userId, maxAttempts: SMS_DELIVERY_ATTEMPTS });
    }
    const base = { agencyId: p.account.agency_id, clientId: p.account.client_id, subjectId: p.account.id, actorUserId: this.actor.userId };
    await emitEvent(this.db, { ...base, type: 'contact.attempted', payload: { attemptId: attempt.id, channel: 'sms', direction: 'outbound', party: 'debtor', outcome: 'sms_sent', connected: false, policyVersion: decision.policy.version } });
    // Ids only: the text and the number stay in sms_message, which an external gateway reads under the outbox adapter.
    await emitEvent(this.db, { ...base, type: 'sms.queued', payload: { smsId: sms.id, attemptId: attempt.id, templateVersionId: p.version.id, adapter: sms.adapter } });
    return { sms };
  }

  async messagesOf(accountIds: readonly string[]): Promise<Map<string, SmsRow[]>> {
    const rows: SmsRow[] = await this.db.query(`select ${SMS_COLUMNS} from sms_message where account_id = any($1::uuid[]) order by created_at desc, id desc limit 500`, [accountIds]);
    const out = new Map<string, SmsRow[]>(accountIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.account_id)?.push(r);
    return out;
  }
}
