import type { EntityManager } from 'typeorm';
import type { Readable } from 'node:stream';
import { localDate, type ProtectedData } from '@arrears/accounts';
import { readAll, type DocumentStore } from '@arrears/storage';
import { PolicyService } from '@arrears/platform';
import { assessEligibility, type EligibilityResult } from '../eligibility/eligibility.js';
import { LEGAL_ELIGIBILITY, type LegalEligibilityPolicy } from '../eligibility/eligibility-policy.js';
import type { CaseFileManifest, CaseFileSnapshot, ManifestEntry } from './case-file.types.js';
import type { AccountFacts, CaseFileProviders, HistorySection } from './providers.js';
import { renderStatementPdf } from './statement-pdf.js';

/** What legal needs to run: where documents live, how to read protected identity, and its providers. */
export interface LegalRuntime {
  documents: DocumentStore;
  protectedData: ProtectedData;
  providers: CaseFileProviders;
}

export interface AccountWithDebtor extends AccountFacts {
  placedOn: string;
  debtorName: string;
  nationalIdMasked: string | null;
  nationalIdEnc: string | null;
  addresses: unknown;
  employer: string | null;
}

export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

interface FactsRow {
  client_id: string;
  agency_id: string;
  id: string;
  bank_ref: string;
  card_last4: string | null;
  currency: string;
  principal: string;
  interest: string;
  fees: string;
  late_charges: string;
  costs: string;
  credit: string;
  total_due: string;
  overdue_amount: string;
  placed_amount: string;
  collected: string;
  delinquent_since: string;
  charge_off_date: string | null;
  last_payment_date: string | null;
  last_payment_amount: string | null;
  dpd: number;
  bucket: string;
  status: AccountFacts['status'];
  placed_on: string;
  time_zone: string;
  full_name: string;
  national_id_masked: string | null;
  national_id_enc: string | null;
  addresses: unknown;
  employer: string | null;
}

/** The accounts legal looks at, with their debtors, as the caller's RLS lets them be seen. */
export async function loadAccountFacts(db: EntityManager, accountIds: readonly string[]): Promise<Map<string, AccountWithDebtor>> {
  const rows: FactsRow[] = await db.query(
    `select a.client_id, a.agency_id, a.id, a.bank_ref, a.card_last4, a.currency, a.principal, a.interest, a.fees, a.late_charges, a.costs, a.credit, a.total_due,
            a.overdue_amount, a.placed_amount, a.collected, a.delinquent_since::text, a.charge_off_date::text, a.last_payment_date::text,
            a.last_payment_amount, a.dpd, a.bucket, a.status, a.placed_on::text, c.time_zone,
            d.full_name, d.national_id_masked, d.national_id_enc, d.addresses, d.employer
       from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id join client c on c.id = a.client_id
      where a.id = any($1::uuid[])`,
    [accountIds],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        clientId: r.client_id,
        agencyId: r.agency_id,
        accountId: r.id,
        bankRef: r.bank_ref,
        cardLast4: r.card_last4,
        currency: r.currency,
        principal: r.principal,
        interest: r.interest,
        fees: r.fees,
        lateCharges: r.late_charges,
        costs: r.costs,
        credit: r.credit,
        totalDue: r.total_due,
        overdueAmount: r.overdue_amount,
        placedAmount: r.placed_amount,
        collected: r.collected,
        delinquentSince: r.delinquent_since,
        chargeOffDate: r.charge_off_date,
        lastPaymentDate: r.last_payment_date,
        lastPaymentAmount: r.last_payment_amount,
        dpd: r.dpd,
        bucket: r.bucket,
        status: r.status,
        placedOn: r.placed_on,
        clientTimeZone: r.time_zone,
        debtorName: r.full_name,
        nationalIdMasked: r.national_id_masked,
        nationalIdEnc: r.national_id_enc,
        addresses: r.addresses,
        employer: r.employer,
      } satisfies AccountWithDebtor,
    ]),
  );
}

/** A US debtor's state, when an address is recorded as an object with a `state`. */
export function debtorStateOf(addresses: unknown): string | null {
  if (!Array.isArray(addresses)) return null;
  for (const a of addresses) if (a && typeof a === 'object' && typeof (a as { state?: unknown }).state === 'string') return (a as { state: string }).state;
  return null;
}

/** Eligibility of each account under the client's policy in force, with the facts it needs. */
export async function assessAccounts(
  db: EntityManager,
  providers: CaseFileProviders,
  accounts: AccountWithDebtor[],
  policy: LegalEligibilityPolicy,
): Promise<Map<string, EligibilityResult>> {
  const ids = accounts.map((a) => a.accountId);
  const holds: { account_id: string; reason: string }[] = await db.query(
    `select account_id, reason from account_hold where account_id = any($1::uuid[]) and lifted_at is null and (ends_at is null or ends_at > now())`,
    [ids],
  );
  const cases: { account_id: string }[] = await db.query(
    `select account_id from legal_case where account_id = any($1::uuid[]) and status not in ('closed', 'withdrawn', 'returned', 'declined', 'authorisation_declined')`,
    [ids],
  );
  // One after another: they share the request's one connection (pg refuses overlapping queries from pg 9).
  const acks = await providers.contact.lastAcknowledgements(db, ids);
  const lastPayments = await providers.statement.lastPayments?.(db, ids);
  const activePlans = await providers.arrangements.activePlans?.(db, ids);
  const openMatters = await providers.complaints.openMatters?.(db, ids);
  const withCase = new Set(cases.map((c) => c.account_id));
  return new Map(
    accounts.map((a) => [
      a.accountId,
      assessEligibility(
        {
          accountStatus: a.status,
          dpd: a.dpd,
          balance: a.totalDue,
          delinquentSince: a.delinquentSince,
          lastPaymentDate: lastPayments ? (lastPayments.get(a.accountId) ?? null) : a.lastPaymentDate,
          lastAcknowledgementDate: acks.get(a.accountId) ?? null,
          holdReasons: holds.filter((h) => h.account_id === a.accountId && h.reason !== 'legal_case').map((h) => h.reason),
          hasActiveCase: withCase.has(a.accountId),
          hasActivePlan: activePlans?.has(a.accountId) ?? false,
          hasOpenComplaint: openMatters?.has(a.accountId) ?? false,
          debtorState: debtorStateOf(a.addresses),
        },
        policy,
        localDate(a.clientTimeZone),
      ),
    ]),
  );
}

export interface PlaintiffRow {
  client_id: string;
  legal_name: string;
  credit_code: string | null;
  registered_address: string | null;
  representative: string | null;
  updated_at: Date;
}

/** What is missing before an account's case file can be complete: the plaintiff entity and required documents. */
export async function missingForReferral(db: EntityManager, clientId: string, accountIds: readonly string[], policy: LegalEligibilityPolicy): Promise<Map<string, string[]>> {
  const [plaintiff] = await db.query(`select 1 from legal_plaintiff where client_id = $1`, [clientId]);
  const docs: { account_id: string; kind: string }[] = await db.query(
    `select distinct account_id, kind from legal_bank_document where client_id = $1 and account_id = any($2::uuid[])`,
    [clientId, accountIds],
  );
  return new Map(
    accountIds.map((id) => [
      id,
      [...(plaintiff ? [] : ['plaintiff_legal_entity']), ...policy.requiredDocuments.filter((k) => !docs.some((d) => d.account_id === id && d.kind === k))],
    ]),
  );
}

export interface CaseForFile {
  client_id: string;
  id: string;
  agency_id: string;
  account_id: string;
  law_firm_id: string;
  law_firm_name: string;
  referred_by_name: string;
  referred_at: Date;
  policy_version: number;
  authorisation_required: boolean;
  authorised_at: Date | null;
  authorisation_note: string | null;
}

const sectionStatus = (s: HistorySection) => (s.entries.length ? `${s.entries.length} entries` : 'none on file');

/**
 * Assembles the immutable case file at handoff: a snapshot of everything a court and the firm need,
 * the statement-and-history PDF, copies of the bank's documents and a manifest with the SHA-256 of
 * each. Everything is copied, never referenced, so later changes to the account cannot reach it.
 */
export async function assembleCaseFile(db: EntityManager, rt: LegalRuntime, actor: { userId: string; displayName: string }, c: CaseForFile): Promise<{ manifestSha256: string }> {
  const account = (await loadAccountFacts(db, [c.account_id])).get(c.account_id);
  if (!account) throw new Error(`case ${c.id}: its account is not visible`);
  const policyVersion = (await new PolicyService(db).version(LEGAL_ELIGIBILITY, c.client_id, c.policy_version)) ?? (await new PolicyService(db).current(LEGAL_ELIGIBILITY, c.client_id));
  const asOf = localDate(account.clientTimeZone);
  const p = rt.providers;
  const statement = await p.statement.statement(db, account, asOf);
  const contactHistory = await p.contact.contactHistory(db, c.account_id);
  const letters = await p.contact.letters(db, c.account_id);
  const arrangements = await p.arrangements.arrangements(db, c.account_id);
  const complaints = await p.complaints.complaints(db, c.account_id);
  const eligibility = (await assessAccounts(db, p, [account], policyVersion.body)).get(c.account_id)!;
  const [client] = await db.query(`select name, code from client where id = $1`, [c.client_id]);
  const [plaintiff]: PlaintiffRow[] = await db.query(`select * from legal_plaintiff where client_id = $1`, [c.client_id]);
  const generatedAt = new Date().toISOString();
  const snapshot: CaseFileSnapshot = {
    format: 'arrears.case-file/1',
    caseId: c.id,
    generatedAt,
    referral: { referredAt: c.referred_at.toISOString(), referredBy: c.referred_by_name, lawFirm: { id: c.law_firm_id, name: c.law_firm_name } },
    policy: { kind: LEGAL_ELIGIBILITY.kind, version: policyVersion.version, preset: policyVersion.preset },
    plaintiff: {
      bankName: client.name,
      bankCode: client.code,
      legalName: plaintiff?.legal_name ?? null,
      creditCode: plaintiff?.credit_code ?? null,
      registeredAddress: plaintiff?.registered_address ?? null,
      representative: plaintiff?.representative ?? null,
    },
    debtor: { name: account.debtorName, nationalIdMasked: account.nationalIdMasked, addresses: account.addresses, employer: account.employer },
    account: { bankRef: account.bankRef, cardLast4: account.cardLast4, currency: account.currency, bucket: account.bucket, dpd: account.dpd, placedOn: account.placedOn },
    statement,
    contactHistory,
    letters,
    arrangements,
    complaints,
    authorisation: {
      required: c.authorisation_required,
      authorisedBy: c.authorisation_required && c.authorised_at ? actor.displayName : null,
      authorisedAt: c.authorised_at?.toISOString() ?? null,
      note: c.authorisation_note,
    },
    eligibility,
  };

  let fullId: string | null = null;
  if (account.nationalIdEnc) {
    try {
      fullId = rt.protectedData.decrypt(account.nationalIdEnc);
    } catch {
      fullId = null; // sealed with another key: the masked id is printed instead
    }
  }

  const files: { kind: string; fileName: string; contentType: string; body: Buffer | Readable }[] = [
    { kind: 'case_file_json', fileName: 'case-file.json', contentType: 'application/json', body: Buffer.from(JSON.stringify(snapshot, null, 2)) },
    { kind: 'statement_pdf', fileName: 'statement-and-history.pdf', contentType: 'application/pdf', body: await renderStatementPdf(snapshot, fullId) },
  ];
  if (c.authorisation_required) {
    files.push({ kind: 'authorisation', fileName: 'authorisation.json', contentType: 'application/json', body: Buffer.from(JSON.stringify({ caseId: c.id, ...snapshot.authorisation }, null, 2)) });
  }
  const bankDocs: { kind: string; file_name: string; content_type: string; storage_key: string; sha256: string }[] = await db.query(
    `select distinct on (kind) kind, file_name, content_type, storage_key, sha256 from legal_bank_document
      where client_id = $1 and account_id = $2 order by kind, uploaded_at desc`,
    [c.client_id, c.account_id],
  );
  for (const d of bankDocs) {
    files.push({ kind: d.kind, fileName: `${d.kind}-${d.file_name}`, contentType: d.content_type, body: await readAll(await rt.documents.get(d.storage_key)) });
  }

  const prefix = `${c.agency_id}/${c.client_id}/legal/cases/${c.id}`;
  const entries: (ManifestEntry & { key: string })[] = [];
  for (const f of files) {
    const safeName = f.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    const stored = await rt.documents.put(`${prefix}/${safeName}`, f.body, { contentType: f.contentType, maxBytes: MAX_DOCUMENT_BYTES });
    entries.push({ kind: f.kind, fileName: safeName, contentType: f.contentType, sha256: stored.sha256, size: stored.size, key: stored.key });
  }
  const manifest: CaseFileManifest = {
    format: 'arrears.case-file-manifest/1',
    caseId: c.id,
    generatedAt,
    documents: entries.map(({ key: _key, ...e }) => e),
    sections: (
      [
        ['statement', { source: statement.source, entries: [] as unknown[] }],
        ['contact_history', contactHistory],
        ['letters', letters],
        ['promises_and_plans', arrangements],
        ['complaints_and_disputes', complaints],
      ] as const
    ).map(([name, s]) =>
      name === 'statement'
        ? { name, source: s.source, entries: statement.payments.length, status: `balance ${statement.balance} ${statement.currency}` }
        : { name, source: s.source, entries: s.entries.length, status: sectionStatus(s as HistorySection) },
    ),
  };
  const manifestDoc = await rt.documents.put(`${prefix}/manifest.json`, Buffer.from(JSON.stringify(manifest, null, 2)), { contentType: 'application/json', maxBytes: MAX_DOCUMENT_BYTES });
  entries.push({ kind: 'manifest', fileName: 'manifest.json', contentType: 'application/json', sha256: manifestDoc.sha256, size: manifestDoc.size, key: manifestDoc.key });

  await db.query(
    `insert into legal_case_document (client_id, agency_id, case_id, law_firm_id, kind, in_case_file, file_name, content_type, storage_key, sha256, size_bytes, uploaded_by)
     select $1, $2, $3, $4, e.kind, true, e.file_name, e.content_type, e.storage_key, e.sha256, e.size_bytes, $5
       from unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[]) as e(kind, file_name, content_type, storage_key, sha256, size_bytes)`,
    [
      c.client_id,
      c.agency_id,
      c.id,
      c.law_firm_id,
      actor.userId,
      entries.map((e) => e.kind),
      entries.map((e) => e.fileName),
      entries.map((e) => e.contentType),
      entries.map((e) => e.key),
      entries.map((e) => e.sha256),
      entries.map((e) => e.size),
    ],
  );
  await db.query(
    `insert into legal_case_file (client_id, case_id, agency_id, law_firm_id, snapshot, manifest, manifest_sha256, created_by) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.client_id, c.id, c.agency_id, c.law_firm_id, JSON.stringify(snapshot), JSON.stringify(manifest), manifestDoc.sha256, actor.userId],
  );
  return { manifestSha256: manifestDoc.sha256 };
}
