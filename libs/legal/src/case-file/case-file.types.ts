import type { EligibilityResult } from '../eligibility/eligibility.js';
import type { HistorySection, StatementOfAccount } from './providers.js';

/** Everything the case file says, frozen at handoff (stored as case-file.json and in legal_case_file.snapshot). */
export interface CaseFileSnapshot {
  format: 'arrears.case-file/1';
  caseId: string;
  generatedAt: string;
  referral: { referredAt: string; referredBy: string; lawFirm: { id: string; name: string } };
  policy: { kind: string; version: number; preset: string };
  plaintiff: { bankName: string; bankCode: string; legalName: string | null; creditCode: string | null; registeredAddress: string | null; representative: string | null };
  debtor: { name: string; nationalIdMasked: string | null; addresses: unknown; employer: string | null };
  account: { bankRef: string; cardLast4: string | null; currency: string; bucket: string; dpd: number; placedOn: string };
  statement: StatementOfAccount;
  contactHistory: HistorySection;
  letters: HistorySection;
  arrangements: HistorySection;
  complaints: HistorySection;
  authorisation: { required: boolean; authorisedBy: string | null; authorisedAt: string | null; note: string | null };
  eligibility: EligibilityResult;
}

export interface ManifestEntry {
  kind: string;
  fileName: string;
  contentType: string;
  sha256: string;
  size: number;
}

export interface CaseFileManifest {
  format: 'arrears.case-file-manifest/1';
  caseId: string;
  generatedAt: string;
  documents: ManifestEntry[];
  /** Each history section and what it holds: "n entries" or "none on file". */
  sections: { name: string; source: string; entries: number; status: string }[];
}
