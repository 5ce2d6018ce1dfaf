import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { emitEvent } from '@arrears/events';
import type { DocumentStore } from '@arrears/storage';
import type { Principal } from '@arrears/tenancy';
import type { ContactService, Refused } from '../attempts/contact.service.js';
import { localParts } from '../eligibility/zoned-time.js';
import { placeholderValues, prepareMessage, recordMessageAttempt } from '../templates/message-facts.js';
import { renderTemplate } from '../templates/placeholders.js';
import { renderLetterPdf } from './letter-pdf.js';

export interface LetterRow {
  client_id: string;
  id: string;
  account_id: string;
  attempt_id: string;
  template_version_id: string;
  address: string;
  document_key: string;
  sha256: string;
  size: number;
  created_by: string;
  created_at: Date;
}

const LETTER_COLUMNS = 'client_id, id, account_id, attempt_id, template_version_id, address, document_key, sha256, size, created_by, created_at';
/** A one-page letter is about 15 KB; anything near this is a template gone wrong. */
const LETTER_MAX_BYTES = 5 * 1024 * 1024;

export type LetterOutcome = { letter: LetterRow } | Refused | { notApproved: true } | { noAddress: true } | null;

/**
 * Letters from bank-approved templates: checked by the contact gate (channel letter), rendered to PDF,
 * kept in the document store with their SHA-256 and entered in the sent-letter register together with
 * the contact attempt they count as.
 */
export class LetterService {
  constructor(
    private readonly db: EntityManager,
    private readonly actor: Principal,
    private readonly contact: ContactService,
    private readonly documents: DocumentStore,
  ) {}

  async generate(accountId: string, templateId: string, addressIndex: number): Promise<LetterOutcome> {
    const p = await prepareMessage(this.db, this.actor, this.contact, accountId, templateId, 'letter');
    if (p.kind === 'missing') return null;
    if (p.kind === 'not_approved') return { notApproved: true };
    const address = p.facts.addresses[addressIndex];
    if (!address) return { noAddress: true };
    await this.contact.lockPerson(p.account);
    const decision = await this.contact.decide(p.account, 'letter', 'debtor');
    if (!decision.allowed) return this.contact.refuse(decision, 'letter', 'debtor');
    const now = this.contact.now;
    const values = placeholderValues(p.facts, p.version);
    const pdf = await renderLetterPdf({
      bankName: p.facts.bankName,
      recipientName: p.facts.debtorName,
      address,
      title: p.version.title ? renderTemplate(p.version.title, values) : null,
      body: renderTemplate(p.version.body, values),
      reference: p.facts.reference,
      objectionNotice: values.objectionNotice,
      date: localParts(now, decision.timeZone).date,
      createdAt: now,
    });
    // Stored before the register row: a rolled-back transaction leaves an unreferenced file, never a row without its file.
    const id = randomUUID();
    const key = `${p.account.agency_id}/${p.account.client_id}/letters/${id}.pdf`;
    const stored = await this.documents.put(key, pdf, { contentType: 'application/pdf', maxBytes: LETTER_MAX_BYTES });
    const attempt = await recordMessageAttempt(this.db, this.actor, decision, 'letter', null, `${p.template.name} v${p.version.version}`, now);
    const [letter]: LetterRow[] = await this.db.query(
      `insert into letter (client_id, id, agency_id, account_id, attempt_id, template_version_id, address, document_key, sha256, size, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning ${LETTER_COLUMNS}`,
      [p.account.client_id, id, p.account.agency_id, p.account.id, attempt.id, p.version.id, address, key, stored.sha256, stored.size, this.actor.userId, now],
    );
    const base = { agencyId: p.account.agency_id, clientId: p.account.client_id, subjectId: p.account.id, actorUserId: this.actor.userId };
    await emitEvent(this.db, { ...base, type: 'contact.attempted', payload: { attemptId: attempt.id, channel: 'letter', direction: 'outbound', party: 'debtor', outcome: 'letter_sent', connected: false, policyVersion: decision.policy.version } });
    await emitEvent(this.db, { ...base, type: 'letter.sent', payload: { letterId: id, attemptId: attempt.id, templateVersionId: p.version.id, sha256: stored.sha256 } });
    return { letter };
  }

  async letter(id: string): Promise<LetterRow | null> {
    const [row]: LetterRow[] = await this.db.query(`select ${LETTER_COLUMNS} from letter where id = $1`, [id]);
    return row ?? null;
  }

  async lettersOf(accountIds: readonly string[]): Promise<Map<string, LetterRow[]>> {
    const rows: LetterRow[] = await this.db.query(`select ${LETTER_COLUMNS} from letter where account_id = any($1::uuid[]) order by created_at desc, id desc limit 500`, [accountIds]);
    const out = new Map<string, LetterRow[]>(accountIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.account_id)?.push(r);
    return out;
  }

  /** The sent-letter register across the caller's banks, newest first (keyset on time and id). */
  async register(first: number, after: [string, string] | null, clientId?: string): Promise<LetterRow[]> {
    const params: unknown[] = [first + 1];
    const where: string[] = [];
    if (clientId) where.push(`client_id = $${params.push(clientId)}`);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    return this.db.query(`select ${LETTER_COLUMNS} from letter ${where.length ? `where ${where.join(' and ')}` : ''} order by created_at desc, id desc limit $1`, params);
  }
}
