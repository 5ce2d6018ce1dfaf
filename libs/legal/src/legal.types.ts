import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsEmail, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { DateTimeScalar, DecimalScalar, JSONObjectScalar, LocalDateScalar, Money, Node, toGlobalId } from '@arrears/graphql';
import type { CaseRow, CostRow, RecoveryRow, CaseDocumentRow } from './case/legal-case.service.js';
import type { BankDocumentRow } from './documents/documents.service.js';

export const LEGAL_NODE_TYPES = { legalCase: 'LegalCase', recovery: 'LegalRecovery', document: 'LegalDocument', bankDocument: 'BankDocument' } as const;

export enum LegalCaseStatusValue {
  AWAITING_AUTHORISATION = 'awaiting_authorisation',
  REFERRED = 'referred',
  ACCEPTED = 'accepted',
  PRE_SUIT_MEDIATION = 'pre_suit_mediation',
  FILED = 'filed',
  HEARING = 'hearing',
  JUDGMENT = 'judgment',
  ENFORCEMENT = 'enforcement',
  CLOSED = 'closed',
  WITHDRAWN = 'withdrawn',
  RETURNED = 'returned',
  DECLINED = 'declined',
  AUTHORISATION_DECLINED = 'authorisation_declined',
}
registerEnumType(LegalCaseStatusValue, { name: 'LegalCaseStatus', description: 'Where a legal case stands: the firm’s court path, or how it ended' });

export enum FeeBasisValue {
  CONTINGENCY = 'contingency',
  RISK_AGENCY = 'risk_agency',
  FIXED = 'fixed',
}
registerEnumType(FeeBasisValue, { name: 'FeeBasis', description: 'CONTINGENCY: a share of what is recovered; RISK_AGENCY: 风险代理 (a share, fee only on success); FIXED: a set fee per case' });

export enum RecoveryStatusValue {
  RECORDED = 'recorded',
  CONFIRMED = 'confirmed',
  REJECTED = 'rejected',
}
registerEnumType(RecoveryStatusValue, { name: 'LegalRecoveryStatus' });

export enum LegalCostKindValue {
  COURT_FEE = 'court_fee',
  PRESERVATION_FEE = 'preservation_fee',
  ENFORCEMENT_FEE = 'enforcement_fee',
  SERVICE_FEE = 'service_fee',
  OTHER = 'other',
}
registerEnumType(LegalCostKindValue, { name: 'LegalCostKind' });

@ObjectType()
export class EligibilityCheck {
  @Field(() => String, { description: 'Stable rule code, e.g. MIN_DPD, NOT_TIME_BARRED' })
  code: string;
  @Field(() => Boolean)
  passed: boolean;
  @Field(() => String)
  message: string;
}

@ObjectType({ description: 'The limitation period as assessed today' })
export class LimitationPeriod {
  @Field(() => LocalDateScalar)
  startsOn: string;
  @Field(() => String, { description: 'delinquency, payment or acknowledgement' })
  restartedBy: string;
  @Field(() => LocalDateScalar, { nullable: true })
  expiresOn: string | null;
  @Field(() => Boolean)
  timeBarred: boolean;
}

@ObjectType({ implements: Node, description: 'A document the bank provided for an account (card agreement, application)' })
export class BankDocument extends Node {
  @Field(() => String)
  kind: string;
  @Field(() => String)
  fileName: string;
  @Field(() => String)
  sha256: string;
  @Field(() => Int)
  size: number;
  @Field(() => DateTimeScalar)
  uploadedAt: Date;

  static fromRow(r: BankDocumentRow): BankDocument {
    return Object.assign(new BankDocument(), { id: toGlobalId(LEGAL_NODE_TYPES.bankDocument, r.id), kind: r.kind, fileName: r.file_name, sha256: r.sha256, size: r.size, uploadedAt: r.uploaded_at });
  }
}

@ObjectType({ description: 'An account as a legal candidate: every rule and what its case file still lacks' })
export class LegalCandidate {
  @Field(() => ID, { description: 'The Account id' })
  accountId: string;
  @Field(() => String)
  bankRef: string;
  @Field(() => String)
  debtorName: string;
  @Field(() => Int)
  dpd: number;
  @Field(() => String)
  bucket: string;
  @Field(() => Money)
  balance: Money;
  @Field(() => LocalDateScalar, { nullable: true })
  lastPaymentDate: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  chargeOffDate: string | null;
  @Field(() => Boolean)
  eligible: boolean;
  @Field(() => [EligibilityCheck])
  checks: EligibilityCheck[];
  @Field(() => LimitationPeriod)
  limitation: LimitationPeriod;
  @Field(() => [String], { description: 'What the case file would lack: plaintiff_legal_entity, card_agreement, application' })
  missing: string[];

  dbAccountId: string;
}

@ObjectType()
export class LegalPlaintiff {
  @Field(() => String)
  legalName: string;
  @Field(() => String, { nullable: true })
  creditCode: string | null;
  @Field(() => String, { nullable: true })
  registeredAddress: string | null;
  @Field(() => String, { nullable: true })
  representative: string | null;
  @Field(() => DateTimeScalar)
  updatedAt: Date;
}

@ObjectType({ description: "A client's readiness for legal referrals: the policy in force and what is missing client-wide" })
export class LegalReadiness {
  @Field(() => Int)
  policyVersion: number;
  @Field(() => String)
  preset: string;
  @Field(() => Boolean)
  authorisationRequired: boolean;
  @Field(() => [String])
  requiredDocuments: string[];
  @Field(() => LegalPlaintiff, { nullable: true })
  plaintiff: LegalPlaintiff | null;
  @Field(() => [String], { description: 'Missing for every account of this client (e.g. plaintiff_legal_entity)' })
  missing: string[];
}

@ObjectType()
export class CaseFile {
  @Field(() => String, { description: 'SHA-256 of manifest.json' })
  manifestSha256: string;
  @Field(() => JSONObjectScalar, { description: 'Every document of the file with its SHA-256, and what each history section holds' })
  manifest: Record<string, unknown>;
  @Field(() => JSONObjectScalar, { description: 'The frozen content: plaintiff, debtor, statement, histories, authorisation' })
  snapshot: Record<string, unknown>;
  @Field(() => DateTimeScalar)
  createdAt: Date;
}

@ObjectType({ implements: Node })
export class LegalDocument extends Node {
  @Field(() => String)
  kind: string;
  @Field(() => Boolean, { description: 'Part of the immutable case file (else a later court document)' })
  inCaseFile: boolean;
  @Field(() => String)
  fileName: string;
  @Field(() => String)
  contentType: string;
  @Field(() => String)
  sha256: string;
  @Field(() => Int)
  size: number;
  @Field(() => DateTimeScalar)
  createdAt: Date;
  @Field(() => String, { description: 'GET with the bearer token; every download is audited' })
  downloadPath: string;

  static fromRow(r: CaseDocumentRow): LegalDocument {
    const id = toGlobalId(LEGAL_NODE_TYPES.document, r.id);
    return Object.assign(new LegalDocument(), {
      id,
      kind: r.kind,
      inCaseFile: r.in_case_file,
      fileName: r.file_name,
      contentType: r.content_type,
      sha256: r.sha256,
      size: r.size,
      createdAt: r.created_at,
      downloadPath: `/api/legal/documents/${id}`,
    });
  }
}

@ObjectType()
export class LegalCaseStatusChange {
  @Field(() => LegalCaseStatusValue, { nullable: true })
  from: LegalCaseStatusValue | null;
  @Field(() => LegalCaseStatusValue)
  to: LegalCaseStatusValue;
  @Field(() => String, { nullable: true })
  note: string | null;
  @Field(() => DateTimeScalar)
  changedAt: Date;
}

@ObjectType()
export class LegalCost {
  @Field(() => ID)
  id: string;
  @Field(() => LegalCostKindValue)
  kind: LegalCostKindValue;
  @Field(() => Money)
  amount: Money;
  @Field(() => LocalDateScalar)
  incurredOn: string;
  @Field(() => String, { nullable: true })
  note: string | null;
  @Field(() => DateTimeScalar)
  recordedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When agency staff booked it to the ledger (a legal cost entry); null while it waits' })
  postedAt: Date | null;

  static fromRow(r: CostRow): LegalCost {
    return Object.assign(new LegalCost(), {
      id: r.id,
      kind: r.kind,
      amount: Money.of(r.amount, r.currency),
      incurredOn: r.incurred_on,
      note: r.note,
      recordedAt: r.recorded_at,
      postedAt: r.posted_at,
    });
  }
}

@ObjectType({ implements: Node, description: 'Money the firm recovered; agency staff confirm it, and it is then posted once' })
export class LegalRecovery extends Node {
  @Field(() => Money)
  amount: Money;
  @Field(() => LocalDateScalar)
  receivedOn: string;
  @Field(() => String, { nullable: true })
  note: string | null;
  @Field(() => RecoveryStatusValue)
  status: RecoveryStatusValue;
  @Field(() => DateTimeScalar)
  recordedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true })
  decisionNote: string | null;

  static fromRow(r: RecoveryRow): LegalRecovery {
    return Object.assign(new LegalRecovery(), {
      id: toGlobalId(LEGAL_NODE_TYPES.recovery, r.id),
      amount: Money.of(r.amount, r.currency),
      receivedOn: r.received_on,
      note: r.note,
      status: r.status as RecoveryStatusValue,
      recordedAt: r.recorded_at,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
    });
  }
}

@ObjectType({ implements: Node, description: 'An account handed to a partner law firm, with its immutable case file' })
export class LegalCase extends Node {
  @Field(() => LegalCaseStatusValue)
  status: LegalCaseStatusValue;
  @Field(() => String, { description: 'The firm, as named at referral' })
  lawFirmName: string;
  @Field(() => String)
  referredByName: string;
  @Field(() => DateTimeScalar)
  referredAt: Date;
  @Field(() => DateTimeScalar)
  statusChangedAt: Date;
  @Field(() => Boolean)
  authorisationRequired: boolean;
  @Field(() => DateTimeScalar, { nullable: true })
  authorisedAt: Date | null;
  @Field(() => String, { nullable: true })
  authorisationNote: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was declined, returned or withdrawn' })
  reason: string | null;
  @Field(() => String, { nullable: true })
  court: string | null;
  @Field(() => String, { nullable: true })
  courtCaseNo: string | null;
  @Field(() => Money, { description: 'The balance claimed at referral' })
  claim: Money;
  @Field(() => Int, { description: 'The legal_eligibility policy version the referral was made under' })
  policyVersion: number;

  row: CaseRow;

  static fromRow(r: CaseRow): LegalCase {
    return Object.assign(new LegalCase(), {
      id: toGlobalId(LEGAL_NODE_TYPES.legalCase, r.id),
      row: r,
      status: r.status as LegalCaseStatusValue,
      lawFirmName: r.law_firm_name,
      referredByName: r.referred_by_name,
      referredAt: r.referred_at,
      statusChangedAt: r.status_changed_at,
      authorisationRequired: r.authorisation_required,
      authorisedAt: r.authorised_at,
      authorisationNote: r.authorisation_note,
      reason: r.decline_reason,
      court: r.court,
      courtCaseNo: r.court_case_no,
      claim: Money.of(r.claim_amount, r.currency),
      policyVersion: r.policy_version,
    });
  }
}

@ObjectType()
export class ReferralRefusal {
  @Field(() => ID)
  accountId: string;
  @Field(() => String, { description: 'NOT_FOUND, NOT_ELIGIBLE or CASE_FILE_INCOMPLETE' })
  code: string;
  @Field(() => String)
  message: string;
}

@ObjectType()
export class ReferralResult {
  @Field(() => [LegalCase])
  cases: LegalCase[];
  @Field(() => [ReferralRefusal])
  refused: ReferralRefusal[];
}

@InputType()
export class LawFirmInput {
  @Field(() => String)
  @Length(1, 200)
  name: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  contactName?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  contactPhone?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  contactEmail?: string;
  @Field(() => [String], { nullable: true, description: 'Regions covered (provinces, cities)' })
  @IsOptional()
  @ArrayMaxSize(100)
  regions?: string[];
  @Field(() => [String], { nullable: true, description: 'Courts the firm appears before' })
  @IsOptional()
  @ArrayMaxSize(100)
  courts?: string[];
  @Field(() => FeeBasisValue)
  feeBasis: FeeBasisValue;
  @Field(() => DecimalScalar, { nullable: true, description: 'CONTINGENCY / RISK_AGENCY: the share, 0–1' })
  @IsOptional()
  feeRate?: string;
  @Field(() => DecimalScalar, { nullable: true, description: 'FIXED: the fee per case' })
  @IsOptional()
  fixedFee?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/)
  feeCurrency?: string;
}

@InputType()
export class LegalPlaintiffInput {
  @Field(() => String)
  @Length(1, 300)
  legalName: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  creditCode?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  registeredAddress?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  representative?: string;
}

@InputType()
export class ReferToLawFirmInput {
  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  accountIds: string[];
  @Field(() => ID)
  lawFirmId: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string;
}

@InputType()
export class MoveLegalCaseInput {
  @Field(() => ID)
  caseId: string;
  @Field(() => LegalCaseStatusValue)
  to: LegalCaseStatusValue;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  court?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  courtCaseNo?: string;
}

@InputType()
export class LegalCostInput {
  @Field(() => ID)
  caseId: string;
  @Field(() => LegalCostKindValue)
  kind: LegalCostKindValue;
  @Field(() => DecimalScalar)
  amount: string;
  @Field(() => LocalDateScalar)
  incurredOn: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string;
}

@InputType()
export class LegalRecoveryInput {
  @Field(() => ID)
  caseId: string;
  @Field(() => DecimalScalar)
  amount: string;
  @Field(() => LocalDateScalar)
  receivedOn: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000)
  note?: string;
}

@InputType()
export class LegalCaseFilter {
  @Field(() => [LegalCaseStatusValue], { nullable: true })
  @IsOptional()
  statuses?: LegalCaseStatusValue[];
  @Field(() => ID, { nullable: true })
  @IsOptional()
  clientId?: string;
  @Field(() => ID, { nullable: true })
  @IsOptional()
  accountId?: string;
}
