import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { DateTimeScalar, ErrorResult, LimitExceeded, Node, NotEligible, resultUnion, toGlobalId } from '@arrears/graphql';
import { maskPhone } from '@arrears/accounts';
import type { Block } from '../eligibility/eligibility.js';
import { DEFAULT_OUTCOMES } from '../eligibility/outcomes.js';
import type { AttemptRow, PhoneRow, RefusalRow } from './contact.service.js';

export const CONTACT_NODE_TYPES = { attempt: 'ContactAttempt', phone: 'ContactPhone', refusal: 'ContactRefusal' } as const;

export enum ContactChannelValue {
  CALL = 'call',
  SMS = 'sms',
  LETTER = 'letter',
  EMAIL = 'email',
  VISIT = 'visit',
}
registerEnumType(ContactChannelValue, { name: 'ContactChannel' });

export enum ContactPartyValue {
  DEBTOR = 'debtor',
  GUARANTOR = 'guarantor',
  ATTORNEY = 'attorney',
  THIRD_PARTY = 'third_party',
}
registerEnumType(ContactPartyValue, { name: 'ContactParty', description: 'Who was (or is to be) reached' });

export enum ContactDirectionValue {
  OUTBOUND = 'outbound',
  INBOUND = 'inbound',
}
registerEnumType(ContactDirectionValue, { name: 'ContactDirection', description: 'INBOUND: the debtor called in (recorded, never counted)' });

@ObjectType({ description: 'One rule that stops a contact' })
export class ContactRule {
  @Field(() => String, { description: 'Stable rule name: window, connected_per_day, hold:dispute, person_hold, party, …' })
  rule: string;

  @Field(() => String)
  message: string;
}
const rules = (b: Block[]) => b.map((x) => Object.assign(new ContactRule(), x));

@ObjectType({ description: 'Whether a contact is allowed now under the current contact policy, and if not, why and when' })
export class ContactEligibility {
  @Field(() => ContactChannelValue)
  channel: ContactChannelValue;

  @Field(() => ContactPartyValue)
  party: ContactPartyValue;

  @Field(() => Boolean)
  allowed: boolean;

  @Field(() => [ContactRule], { description: 'Every rule that blocks (empty when allowed)' })
  blocks: ContactRule[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'The next time it would be allowed; null when allowed now or when only lifting a hold or changing the party would allow it' })
  nextAllowedAt: Date | null;

  @Field(() => Int, { description: 'The contact policy version decided under (0: the preset)' })
  policyVersion: number;

  @Field(() => String, { description: "The debtor's time zone (else the bank's)" })
  timeZone: string;

  @Field(() => DateTimeScalar)
  evaluatedAt: Date;

  static of(channel: string, party: string, d: { allowed: boolean; blocks: Block[]; nextAllowedAt: Date | null; policy: { version: number }; timeZone: string; evaluatedAt: Date }): ContactEligibility {
    return Object.assign(new ContactEligibility(), {
      channel: channel as ContactChannelValue,
      party: party as ContactPartyValue,
      allowed: d.allowed,
      blocks: rules(d.blocks),
      nextAllowedAt: d.nextAllowedAt,
      policyVersion: d.policy.version,
      timeZone: d.timeZone,
      evaluatedAt: d.evaluatedAt,
    });
  }
}

@ObjectType({ description: 'A phone of the debtor: the number is always masked here' })
export class ContactPhone {
  @Field(() => ID)
  id: string;

  @Field(() => String, { description: 'Masked number, e.g. 138****5678' })
  number: string;

  @Field(() => String)
  type: string;

  @Field(() => String, { description: 'valid, wrong_number, out_of_service, do_not_call' })
  status: string;

  @Field(() => String, { description: 'placement, debtor, repair' })
  source: string;

  @Field(() => Boolean, { description: "On the agency's do-not-call list" })
  doNotCall: boolean;

  @Field(() => String, { nullable: true })
  lastOutcome: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastOutcomeAt: Date | null;

  static fromRow(r: PhoneRow): ContactPhone {
    return Object.assign(new ContactPhone(), {
      id: toGlobalId(CONTACT_NODE_TYPES.phone, r.id),
      number: maskPhone(r.phone),
      type: r.phone_type,
      status: r.status,
      source: r.source,
      doNotCall: r.do_not_call,
      lastOutcome: r.last_outcome,
      lastOutcomeAt: r.last_outcome_at,
    });
  }
}

@ObjectType({ implements: Node, description: 'A contact attempt (催记). Append-only: a correction is a new attempt referencing the one it corrects' })
export class ContactAttempt extends Node {

  @Field(() => ContactChannelValue)
  channel: ContactChannelValue;

  @Field(() => ContactDirectionValue)
  direction: ContactDirectionValue;

  @Field(() => ContactPartyValue)
  party: ContactPartyValue;

  @Field(() => String, { description: 'started (a call in progress) or completed' })
  status: string;

  @Field(() => String, { nullable: true })
  outcome: string | null;

  @Field(() => Boolean, { description: 'A conversation took place (counted apart from attempts)' })
  connected: boolean;

  @Field(() => Boolean)
  rightPartyVerified: boolean;

  @Field(() => String, { nullable: true, description: 'Hidden from bank users for third-party contacts' })
  note: string | null;

  @Field(() => Int, { nullable: true })
  durationSeconds: number | null;

  @Field(() => String, { nullable: true })
  recordingRef: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  nextActionAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The attempt this one corrects' })
  correctsId: string | null;

  @Field(() => ID, { nullable: true })
  phoneId: string | null;

  @Field(() => Int)
  policyVersion: number;

  @Field(() => ID)
  madeById: string;

  @Field(() => DateTimeScalar)
  startedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt: Date | null;

  row: AttemptRow;

  static fromRow(r: AttemptRow, opts: { maskThirdParty?: boolean } = {}): ContactAttempt {
    const hide = opts.maskThirdParty && r.party === 'third_party';
    return Object.assign(new ContactAttempt(), {
      id: toGlobalId(CONTACT_NODE_TYPES.attempt, r.id),
      row: r,
      channel: r.channel as ContactChannelValue,
      direction: r.direction as ContactDirectionValue,
      party: r.party as ContactPartyValue,
      status: r.status,
      outcome: r.outcome_code,
      connected: r.connected,
      rightPartyVerified: r.right_party_verified,
      note: hide ? null : r.note,
      durationSeconds: r.duration_seconds,
      recordingRef: hide ? null : r.recording_ref,
      nextActionAt: r.next_action_at,
      correctsId: r.corrects_id && toGlobalId(CONTACT_NODE_TYPES.attempt, r.corrects_id),
      phoneId: hide || !r.phone_id ? null : toGlobalId(CONTACT_NODE_TYPES.phone, r.phone_id),
      policyVersion: r.policy_version,
      madeById: toGlobalId('User', r.made_by),
      startedAt: r.started_at,
      completedAt: r.completed_at,
    });
  }
}

@ObjectType({ description: 'A contact the policy refused, kept as evidence' })
export class ContactRefusal {
  @Field(() => ID)
  id: string;

  @Field(() => ContactChannelValue)
  channel: ContactChannelValue;

  @Field(() => ContactPartyValue)
  party: ContactPartyValue;

  @Field(() => [ContactRule])
  rules: ContactRule[];

  @Field(() => DateTimeScalar, { nullable: true })
  nextAllowedAt: Date | null;

  @Field(() => Int)
  policyVersion: number;

  @Field(() => DateTimeScalar)
  attemptedAt: Date;

  row: RefusalRow;

  static fromRow(r: RefusalRow): ContactRefusal {
    return Object.assign(new ContactRefusal(), {
      id: toGlobalId(CONTACT_NODE_TYPES.refusal, r.id),
      row: r,
      channel: r.channel as ContactChannelValue,
      party: r.party as ContactPartyValue,
      rules: rules(r.rules),
      nextAllowedAt: r.next_allowed_at,
      policyVersion: r.policy_version,
      attemptedAt: r.attempted_at,
    });
  }
}

@ObjectType({ implements: ErrorResult, description: 'The contact policy forbids this contact now; the refusal is kept as evidence' })
export class ContactBlocked extends ErrorResult {
  @Field(() => [ContactRule])
  rules: ContactRule[];

  @Field(() => DateTimeScalar, { nullable: true })
  nextAllowedAt: Date | null;

  @Field(() => Int)
  policyVersion: number;

  @Field(() => ContactRefusal)
  refusal: ContactRefusal;

  static of(refusal: RefusalRow): ContactBlocked {
    const b = new ContactBlocked();
    b.code = 'COMPLIANCE_BLOCKED';
    b.message = refusal.rules.map((r) => r.message).join('; ');
    return Object.assign(b, { rules: rules(refusal.rules), nextAllowedAt: refusal.next_allowed_at, policyVersion: refusal.policy_version, refusal: ContactRefusal.fromRow(refusal) });
  }
}

@ObjectType({ description: 'A call in progress: the number is shown to this collector for this call only' })
export class DialStarted {
  @Field(() => ContactAttempt)
  attempt: ContactAttempt;

  @Field(() => String, { description: 'The full number, revealed for this call (audited as a reveal)' })
  revealedNumber: string;

  @Field(() => String)
  telLink: string;

  @Field(() => String, { description: 'The dialer adapter that placed the call' })
  adapter: string;

  @Field(() => Int)
  revealsLeftToday: number;
}

@ObjectType()
export class ContactOutcomeCode {
  @Field(() => String)
  code: string;

  @Field(() => Boolean)
  connected: boolean;

  @Field(() => Boolean, { description: 'Discusses the debt: needs a verified right party and never a third party' })
  disclosesDebt: boolean;
}
export const OUTCOME_CODES = () => DEFAULT_OUTCOMES.map((o) => Object.assign(new ContactOutcomeCode(), { code: o.code, connected: o.connected, disclosesDebt: o.disclosesDebt }));

export const RecordContactResult = resultUnion('RecordContactResult', [ContactAttempt, ContactBlocked, NotEligible]);
export const DialResult = resultUnion('DialResult', [DialStarted, ContactBlocked, LimitExceeded]);
export const CompleteContactResult = resultUnion('CompleteContactResult', [ContactAttempt, NotEligible]);

@InputType()
export class ContactOutcomeInput {
  @Field(() => String, { description: 'An outcome code (contactOutcomeCodes)' })
  @Length(1, 60)
  outcome: string;

  @Field(() => Boolean, { description: 'Identity verified before the debt was discussed' })
  rightPartyVerified: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 4000)
  note?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(86_400)
  durationSeconds?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 500)
  recordingRef?: string;

  @Field(() => DateTimeScalar, { nullable: true })
  @IsOptional()
  nextActionAt?: Date;
}

@InputType()
export class RecordContactAttemptInput extends ContactOutcomeInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => ContactChannelValue)
  channel: ContactChannelValue;

  @Field(() => ContactPartyValue)
  party: ContactPartyValue;

  @Field(() => ContactDirectionValue, { nullable: true, defaultValue: ContactDirectionValue.OUTBOUND })
  @IsOptional()
  direction?: ContactDirectionValue;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  phoneId?: string;

  @Field(() => ID, { nullable: true, description: 'Records a correction of this attempt (the original stays)' })
  @IsOptional()
  correctsId?: string;
}

@InputType()
export class CompleteContactAttemptInput extends ContactOutcomeInput {
  @Field(() => ID)
  attemptId: string;

  @Field(() => ContactPartyValue, { nullable: true, description: 'Who was actually reached, if not the debtor' })
  @IsOptional()
  party?: ContactPartyValue;
}

@ObjectType('QueueStanding', { description: 'Whether a queued account can be worked now' })
export class QueueStandingType {
  @Field(() => Boolean, { description: 'Contactable now, or a follow-up is due' })
  open: boolean;

  @Field(() => String, { description: 'contactable, follow_up_due, or the first rule that blocks (window, hold:dispute, connected_per_day, …)' })
  reason: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it opens again; null when open or when only lifting a hold would open it' })
  opensAt: Date | null;
}

@ObjectType({ description: 'How many phone numbers a user revealed (dialed) on one day' })
export class RevealCount {
  @Field(() => ID)
  userId: string;

  @Field(() => String)
  displayName: string;

  @Field(() => String, { description: 'The UTC day (yyyy-mm-dd)' })
  day: string;

  @Field(() => Int)
  reveals: number;

  @Field(() => Int, { description: 'The daily limit per user' })
  limit: number;
}
