import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { ConnectionType, DateTimeScalar, LocalDateScalar, Node, NotEligible, resultUnion, toGlobalId } from '@arrears/graphql';
import { localDate, maskPhone } from '@arrears/accounts';
import { COMPLAINT_CLOCK_PRESETS, daysRemaining } from '../clock/complaint-clock.js';
import { isUndecided } from '../workflow/complaint-workflow.js';
import type { ComplaintDetailRow, ComplaintEntryRow, ComplaintHistoryRow, ComplaintRow } from './complaint.service.js';

export const COMPLAINT_NODE_TYPES = { complaint: 'Complaint', entry: 'ComplaintEntry', contactAttempt: 'ContactAttempt', letter: 'Letter' } as const;

export enum ComplaintStatusValue {
  RECEIVED = 'received',
  ACKNOWLEDGED = 'acknowledged',
  INVESTIGATING = 'investigating',
  RESOLVED = 'resolved',
  CLOSED = 'closed',
  WITHDRAWN = 'withdrawn',
}
registerEnumType(ComplaintStatusValue, { name: 'ComplaintStatus' });

export enum ComplaintSourceValue {
  DEBTOR = 'debtor',
  THIRD_PARTY = 'third_party',
  BANK = 'bank',
  REGULATOR = 'regulator',
  OTHER = 'other',
}
registerEnumType(ComplaintSourceValue, { name: 'ComplaintSource', description: 'Who the complaint came from (REGULATOR: a referral, e.g. from the 12378 hotline)' });

export enum ComplaintSeverityValue {
  LOW = 'low',
  MEDIUM = 'medium',
  HIGH = 'high',
  CRITICAL = 'critical',
}
registerEnumType(ComplaintSeverityValue, { name: 'ComplaintSeverity' });

export enum ComplaintOutcomeValue {
  UPHELD = 'upheld',
  PARTLY_UPHELD = 'partly_upheld',
  NOT_UPHELD = 'not_upheld',
}
registerEnumType(ComplaintOutcomeValue, { name: 'ComplaintOutcome' });

export enum ClockBasisValue {
  CALENDAR = 'calendar',
  WORKING = 'working',
}
registerEnumType(ClockBasisValue, { name: 'ClockBasis', description: 'Calendar days, or China working days (holidays skipped, make-up days counted)' });

@ObjectType({ description: 'One deadline of a complaint and how much time is left' })
export class ComplaintClock {
  @Field(() => ClockBasisValue)
  basis: ClockBasisValue;

  @Field(() => LocalDateScalar, { description: 'Counted from (the day received, or reopened)' })
  startedOn: string;

  @Field(() => LocalDateScalar, { description: "The last day to decide in time, in the bank's time zone" })
  dueOn: string;

  @Field(() => Int, { nullable: true, description: 'Days left (calendar or working, as the basis); 0 on the due day, negative when late; null once decided' })
  daysRemaining: number | null;

  @Field(() => Boolean, { description: 'Decided after the due day, or still undecided past it' })
  late: boolean;

  @Field(() => Boolean, { description: "The count crossed a year the holiday calendar does not cover yet" })
  approximate: boolean;
}

@ObjectType({ description: "The complaint's body: hidden by the database from the person it is against, and from lawyers" })
export class ComplaintDetail {
  @Field(() => String, { nullable: true })
  complainantName: string | null;

  @Field(() => String, { nullable: true, description: 'Masked' })
  complainantPhone: string | null;

  @Field(() => String, { nullable: true, description: 'How a third party relates to the debtor (emergency contact, employer, …)' })
  complainantRelation: string | null;

  @Field(() => String, { description: "The complainant's words" })
  words: string;

  @Field(() => String, { nullable: true })
  findings: string | null;

  @Field(() => String, { nullable: true })
  remedy: string | null;

  @Field(() => String, { nullable: true })
  rootCause: string | null;

  @Field(() => String, { nullable: true, description: 'The outcome notice sent to the complainant, naming the further channels of redress' })
  outcomeNotice: string | null;

  static fromRow(r: ComplaintDetailRow): ComplaintDetail {
    return Object.assign(new ComplaintDetail(), {
      complainantName: r.complainant_name,
      complainantPhone: r.complainant_phone ? maskPhone(r.complainant_phone) : null,
      complainantRelation: r.complainant_relation,
      words: r.words,
      findings: r.findings,
      remedy: r.remedy,
      rootCause: r.root_cause,
      outcomeNotice: r.outcome_notice,
    });
  }
}

@ObjectType({ description: 'A comment or a piece of evidence' })
export class ComplaintEntry {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'comment or evidence' })
  kind: string;

  @Field(() => String, { nullable: true })
  body: string | null;

  @Field(() => String, { description: "The author's role (a bank user's comments are marked as the bank's)" })
  authorRole: string;

  @Field(() => String, { nullable: true })
  fileName: string | null;

  @Field(() => String, { nullable: true })
  contentType: string | null;

  @Field(() => Int, { nullable: true })
  sizeBytes: number | null;

  @Field(() => String, { nullable: true })
  sha256: string | null;

  @Field(() => String, { nullable: true, description: 'GET with the bearer token; every download is audited' })
  downloadPath: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  authorId: string;

  static fromRow(r: ComplaintEntryRow): ComplaintEntry {
    const id = toGlobalId(COMPLAINT_NODE_TYPES.entry, r.id);
    const complaint = toGlobalId(COMPLAINT_NODE_TYPES.complaint, r.complaint_id);
    return Object.assign(new ComplaintEntry(), {
      id,
      kind: r.kind,
      body: r.body,
      authorRole: r.author_role,
      fileName: r.file_name,
      contentType: r.content_type,
      sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
      sha256: r.sha256,
      downloadPath: r.kind === 'evidence' ? `/api/complaints/${complaint}/evidence/${id}` : null,
      createdAt: r.created_at,
      authorId: r.author_id,
    });
  }
}

@ObjectType({ description: 'A step in the complaint’s history: a transition, an extension (with its reason and approver), a new handler' })
export class ComplaintHistoryEntry {
  @Field(() => String)
  action: string;

  @Field(() => ComplaintStatusValue, { nullable: true })
  fromStatus: ComplaintStatusValue | null;

  @Field(() => ComplaintStatusValue)
  toStatus: ComplaintStatusValue;

  @Field(() => String, { nullable: true })
  reason: string | null;

  @Field(() => DateTimeScalar)
  at: Date;

  actorId: string;

  static fromRow(r: ComplaintHistoryRow): ComplaintHistoryEntry {
    return Object.assign(new ComplaintHistoryEntry(), {
      action: r.action,
      fromStatus: r.from_status as ComplaintStatusValue | null,
      toStatus: r.to_status as ComplaintStatusValue,
      reason: r.reason,
      at: r.at,
      actorId: r.actor_id,
    });
  }
}

@ObjectType({ implements: Node, description: 'A complaint (投诉) with its two clocks' })
export class Complaint extends Node {
  @Field(() => String, { description: 'Human-readable reference, e.g. TS-2026-000123' })
  reference: string;

  @Field(() => ComplaintStatusValue)
  status: ComplaintStatusValue;

  @Field(() => ComplaintSourceValue)
  source: ComplaintSourceValue;

  @Field(() => String, { nullable: true, description: "The regulator's reference of a referral (e.g. the 12378 ticket)" })
  regulatorRef: string | null;

  @Field(() => String, { description: 'Category code (see complaintCategories)' })
  category: string;

  @Field(() => ComplaintSeverityValue)
  severity: ComplaintSeverityValue;

  @Field(() => ComplaintOutcomeValue, { nullable: true })
  outcome: ComplaintOutcomeValue | null;

  @Field(() => ID, { nullable: true })
  accountId: string | null;

  @Field(() => String, { nullable: true, description: "The account's bank reference" })
  accountRef: string | null;

  @Field(() => String, { nullable: true })
  debtorName: string | null;

  @Field(() => ID, { nullable: true, description: 'The contact attempt complained about (a plain reference)' })
  againstContactAttemptId: string | null;

  @Field(() => ID, { nullable: true, description: 'The letter complained about (a plain reference)' })
  againstLetterId: string | null;

  @Field(() => Boolean, { description: 'Whether the complaint is against a member of staff (who, see againstCollector)' })
  againstStaff: boolean;

  @Field(() => DateTimeScalar)
  receivedAt: Date;

  @Field(() => ComplaintClock, { description: "The regulator's deadline (with extensions)" })
  regulatoryClock: ComplaintClock;

  @Field(() => ComplaintClock, { nullable: true, description: "The agency's contractual deadline to the bank" })
  contractualClock: ComplaintClock | null;

  @Field(() => Int, { description: 'Extensions granted so far' })
  extensionLevel: number;

  @Field(() => Int, { description: 'Extensions the policy allows' })
  maxExtensions: number;

  @Field(() => Int, { description: 'The complaint_clock policy version the clocks were set under' })
  policyVersion: number;

  @Field(() => String)
  policyPreset: string;

  @Field(() => Boolean, { description: 'Undecided and its earliest deadline is within the policy’s due-soon days' })
  dueSoon: boolean;

  @Field(() => Boolean, { description: 'The complainant asked that their number be put on the agency’s do-not-call list' })
  doNotCallRequested: boolean;

  @Field(() => Boolean, { description: 'The complaint holds its account (open, or resolved and not yet closed)' })
  holdsAccount: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  resolvedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  closedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  withdrawnAt: Date | null;

  @Field(() => Int)
  reopenedCount: number;

  row: ComplaintRow;

  static fromRow(r: ComplaintRow, now = new Date()): Complaint {
    const today = localDate(r.time_zone, now);
    const undecided = isUndecided(r.status);
    const clock = (basis: 'calendar' | 'working', dueOn: string): ComplaintClock => {
      const left = undecided ? daysRemaining(basis, today, dueOn) : null;
      return Object.assign(new ComplaintClock(), {
        basis: basis as ClockBasisValue,
        startedOn: r.clock_started_on,
        dueOn,
        daysRemaining: left?.days ?? null,
        late: (r.decided_on ?? today) > dueOn,
        approximate: r.clock_approximate || Boolean(left?.approximate),
      });
    };
    const earliest = r.contractual_due_on && r.contractual_due_on < r.regulatory_due_on ? r.contractual_due_on : r.regulatory_due_on;
    const soonLimit = new Date(`${today}T00:00:00Z`);
    soonLimit.setUTCDate(soonLimit.getUTCDate() + r.due_soon_days);
    const preset = COMPLAINT_CLOCK_PRESETS[r.policy_preset];
    return Object.assign(new Complaint(), {
      id: toGlobalId(COMPLAINT_NODE_TYPES.complaint, r.id),
      reference: r.reference,
      status: r.status as ComplaintStatusValue,
      source: r.source as ComplaintSourceValue,
      regulatorRef: r.regulator_ref,
      category: r.category,
      severity: r.severity as ComplaintSeverityValue,
      outcome: r.outcome as ComplaintOutcomeValue | null,
      accountId: r.account_id ? toGlobalId('Account', r.account_id) : null,
      accountRef: r.bank_ref,
      debtorName: r.debtor_name,
      againstContactAttemptId: r.against_contact_attempt_id ? toGlobalId(COMPLAINT_NODE_TYPES.contactAttempt, r.against_contact_attempt_id) : null,
      againstLetterId: r.against_letter_id ? toGlobalId(COMPLAINT_NODE_TYPES.letter, r.against_letter_id) : null,
      againstStaff: r.against_user_id !== null,
      receivedAt: r.received_at,
      regulatoryClock: clock(r.regulatory_basis, r.regulatory_due_on),
      contractualClock: r.contractual_due_on && r.contractual_basis ? clock(r.contractual_basis, r.contractual_due_on) : null,
      extensionLevel: r.extension_level,
      maxExtensions: preset ? preset.regulatory.extensions.length : r.extension_level,
      policyVersion: r.policy_version,
      policyPreset: r.policy_preset,
      dueSoon: undecided && earliest >= today && earliest <= soonLimit.toISOString().slice(0, 10),
      doNotCallRequested: r.do_not_call_requested,
      holdsAccount: r.account_id !== null && ['received', 'acknowledged', 'investigating', 'resolved'].includes(r.status),
      acknowledgedAt: r.acknowledged_at,
      resolvedAt: r.resolved_at,
      closedAt: r.closed_at,
      withdrawnAt: r.withdrawn_at,
      reopenedCount: r.reopened_count,
      row: r,
    });
  }
}

@ObjectType()
export class ComplaintConnection extends ConnectionType(Complaint) {}

export const ComplaintResult = resultUnion('ComplaintResult', [Complaint, NotEligible]);
export const ComplaintEntryResult = resultUnion('ComplaintEntryResult', [ComplaintEntry, NotEligible]);

@ObjectType({ description: 'A complaint category of the agency' })
export class ComplaintCategory {
  @Field(() => String)
  code: string;

  @Field(() => String)
  nameEn: string;

  @Field(() => String)
  nameZh: string;

  @Field(() => Boolean)
  builtIn: boolean;

  @Field(() => Boolean)
  active: boolean;
}

@InputType()
export class SetComplaintCategoryInput {
  @Field(() => String, { description: 'Stable code, e.g. "debt_sold"' })
  @MaxLength(40)
  code: string;

  @Field(() => String)
  @MaxLength(100)
  nameEn: string;

  @Field(() => String)
  @MaxLength(100)
  nameZh: string;

  @Field(() => Boolean, { nullable: true, description: 'False retires it: no new complaints in it, old ones keep it' })
  active?: boolean;
}

export const ComplaintCategoryResult = resultUnion('ComplaintCategoryResult', [ComplaintCategory, NotEligible]);

@ObjectType({ description: 'Complaint counts for one category, collector or bank' })
export class ComplaintSummaryRow {
  @Field(() => String, { description: 'The category code, the collector’s or bank’s id, or "none"' })
  key: string;

  @Field(() => String)
  label: string;

  @Field(() => Int)
  total: number;

  @Field(() => Int)
  open: number;

  @Field(() => Int, { description: 'Upheld or partly upheld' })
  upheld: number;

  @Field(() => Int, { description: 'Decided late, or undecided past the regulatory deadline' })
  regulatoryBreaches: number;

  @Field(() => Int)
  contractualBreaches: number;
}

@ObjectType()
export class ComplaintSummary {
  @Field(() => [ComplaintSummaryRow])
  byCategory: ComplaintSummaryRow[];

  @Field(() => [ComplaintSummaryRow], { description: 'By the collector complained against (empty for bank users, who do not see the agency’s staff)' })
  byCollector: ComplaintSummaryRow[];

  @Field(() => [ComplaintSummaryRow])
  byClient: ComplaintSummaryRow[];
}

@InputType()
export class ComplaintFilter {
  @Field(() => [ComplaintStatusValue], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(6)
  statuses?: ComplaintStatusValue[];

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  categories?: string[];

  @Field(() => ID, { nullable: true })
  clientId?: string;

  @Field(() => ID, { nullable: true })
  accountId?: string;

  @Field(() => ID, { nullable: true, description: 'The collector complained against' })
  collectorId?: string;

  @Field(() => ID, { nullable: true })
  handlerId?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Earliest deadline on or before this day' })
  dueBefore?: string;

  @Field(() => Boolean, { nullable: true, description: 'Undecided past a deadline' })
  overdue?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Undecided with a deadline within the due-soon days' })
  dueSoon?: boolean;

  @Field(() => String, { nullable: true, description: 'Exact reference (TS-…)' })
  @IsOptional()
  @MaxLength(40)
  reference?: string;
}

@InputType()
export class RaiseComplaintInput {
  @Field(() => ID, { nullable: true, description: 'The bank, when no account is known (e.g. a third party)' })
  clientId?: string;

  @Field(() => ID, { nullable: true })
  accountId?: string;

  @Field(() => ComplaintSourceValue)
  source: ComplaintSourceValue;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  regulatorRef?: string;

  @Field(() => String)
  @MaxLength(40)
  category: string;

  @Field(() => ComplaintSeverityValue)
  severity: ComplaintSeverityValue;

  @Field(() => ID, { nullable: true, description: 'The member of staff complained against' })
  againstCollectorId?: string;

  @Field(() => Boolean, { nullable: true, description: "Against the account's assigned collector (how a bank names them without seeing staff)" })
  againstAssignedCollector?: boolean;

  @Field(() => ID, { nullable: true })
  againstContactAttemptId?: string;

  @Field(() => ID, { nullable: true })
  againstLetterId?: string;

  @Field(() => ID, { nullable: true })
  handlerId?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  complainantName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(40)
  complainantPhone?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  complainantRelation?: string;

  @Field(() => String, { description: "The complainant's words" })
  @MaxLength(20000)
  words: string;

  @Field(() => Boolean, { nullable: true, description: 'Put the complainant’s number on the agency-wide do-not-call list' })
  doNotCallRequested?: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was received, if before now (clocks start then)' })
  receivedAt?: Date;
}

@InputType()
export class ResolveComplaintInput {
  @Field(() => ID)
  id: string;

  @Field(() => ComplaintOutcomeValue)
  outcome: ComplaintOutcomeValue;

  @Field(() => String)
  @MaxLength(5000)
  rootCause: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  remedy?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  findings?: string;
}
