import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Principal } from '@arrears/tenancy';
import type { DocumentStore } from '@arrears/storage';
import { MAX_DOCUMENT_BYTES } from '../case-file/case-file.service.js';
import { CASE_COLUMNS, type CaseDocumentRow, type CaseRow } from '../case/legal-case.service.js';
import { TERMINAL_STATUSES } from '../case/status-machine.js';

export const BANK_DOCUMENT_KINDS = ['card_agreement', 'application', 'other'] as const;
export type BankDocumentKind = (typeof BANK_DOCUMENT_KINDS)[number];
/** Roles that may upload a bank's own documents: the bank, and the agency admin on its behalf. */
export const BANK_DOCUMENT_ROLES = ['client_user', 'agency_admin'] as const;
export const COURT_DOCUMENT_ROLES = ['lawyer'] as const;
export const CASE_DOCUMENT_VIEW_ROLES = ['agency_admin', 'supervisor', 'client_user', 'lawyer'] as const;

const safeName = (name: string) => (name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '') || 'document').slice(-120);

export interface BankDocumentRow {
  id: string;
  client_id: string;
  account_id: string;
  kind: BankDocumentKind;
  file_name: string;
  content_type: string;
  sha256: string;
  size: number;
  uploaded_at: Date;
}

/** Documents of legal: what the bank provides per account, and the court papers a firm adds to a case. */
export class LegalDocumentService {
  constructor(
    private readonly db: EntityManager,
    private readonly store: DocumentStore,
  ) {}

  /** Stores a bank document for an account the caller can see; null when the account is not visible. */
  async putBankDocument(actor: Principal, accountId: string, kind: BankDocumentKind, fileName: string, contentType: string, body: Readable): Promise<BankDocumentRow | null> {
    const [account]: { client_id: string; agency_id: string }[] = await this.db.query(`select client_id, agency_id from account where id = $1`, [accountId]);
    if (!account) return null;
    const id = randomUUID();
    const stored = await this.store.put(`${account.agency_id}/${account.client_id}/legal/bank-documents/${accountId}/${id}-${safeName(fileName)}`, body, { contentType, maxBytes: MAX_DOCUMENT_BYTES });
    const [row]: BankDocumentRow[] = await this.db.query(
      `insert into legal_bank_document (client_id, id, agency_id, account_id, kind, file_name, content_type, storage_key, sha256, size_bytes, uploaded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id, client_id, account_id, kind, file_name, content_type, sha256, size_bytes::int as size, uploaded_at`,
      [account.client_id, id, account.agency_id, accountId, kind, fileName.slice(0, 200), contentType, stored.key, stored.sha256, stored.size, actor.userId],
    );
    return row;
  }

  async bankDocuments(accountIds: readonly string[]): Promise<BankDocumentRow[]> {
    return this.db.query(
      `select id, client_id, account_id, kind, file_name, content_type, sha256, size_bytes::int as size, uploaded_at from legal_bank_document
        where account_id = any($1::uuid[]) order by uploaded_at desc, id`,
      [accountIds],
    );
  }

  /** A firm's court document on its own, still open case; null when the case is not visible. */
  async putCourtDocument(actor: Principal, caseId: string, fileName: string, contentType: string, body: Readable): Promise<CaseDocumentRow | 'closed' | null> {
    const [c]: CaseRow[] = await this.db.query(`select ${CASE_COLUMNS} from legal_case where id = $1`, [caseId]);
    if (!c) return null;
    if (TERMINAL_STATUSES.includes(c.status) || c.status === 'awaiting_authorisation' || c.status === 'referred') return 'closed';
    const id = randomUUID();
    const stored = await this.store.put(`${c.agency_id}/${c.client_id}/legal/cases/${c.id}/court/${id}-${safeName(fileName)}`, body, { contentType, maxBytes: MAX_DOCUMENT_BYTES });
    const [row]: CaseDocumentRow[] = await this.db.query(
      `insert into legal_case_document (client_id, id, agency_id, case_id, law_firm_id, kind, in_case_file, file_name, content_type, storage_key, sha256, size_bytes, uploaded_by)
       values ($1, $2, $3, $4, $5, 'court_document', false, $6, $7, $8, $9, $10, $11)
       returning client_id, id, agency_id, case_id, kind, in_case_file, file_name, content_type, storage_key, sha256, size_bytes::int as size, uploaded_by, created_at`,
      [c.client_id, id, c.agency_id, c.id, c.law_firm_id, fileName.slice(0, 200), contentType, stored.key, stored.sha256, stored.size, actor.userId],
    );
    return row;
  }

  /** A case document the caller may see (RLS: staff in scope, the bank, the firm), or null. */
  async caseDocument(documentId: string): Promise<CaseDocumentRow | null> {
    const [row]: CaseDocumentRow[] = await this.db.query(
      `select client_id, id, agency_id, case_id, kind, in_case_file, file_name, content_type, storage_key, sha256, size_bytes::int as size, uploaded_by, created_at
         from legal_case_document where id = $1`,
      [documentId],
    );
    return row ?? null;
  }
}
