import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { ConnectionType, DateTimeScalar, Node, NotEligible, resultUnion, toGlobalId } from '@arrears/graphql';
import { maskPhone } from '@arrears/accounts';
import { ContactBlocked } from '../attempts/contact.types.js';
import type { TemplateRow, TemplateVersionRow } from '../templates/template.service.js';
import type { SmsRow } from '../sms/sms.service.js';
import type { LetterRow } from './letter.service.js';
import { PLACEHOLDERS } from '../templates/placeholders.js';

export const CORRESPONDENCE_NODE_TYPES = { template: 'MessageTemplate', version: 'MessageTemplateVersion', letter: 'Letter', sms: 'SmsMessage' } as const;

export enum MessageChannelValue {
  SMS = 'sms',
  LETTER = 'letter',
}
registerEnumType(MessageChannelValue, { name: 'MessageChannel' });

export enum TemplateVersionStatusValue {
  DRAFT = 'draft',
  SUBMITTED = 'submitted',
  APPROVED = 'approved',
  REJECTED = 'rejected',
}
registerEnumType(TemplateVersionStatusValue, { name: 'TemplateVersionStatus', description: 'DRAFT at the agency, SUBMITTED to the bank, then APPROVED or REJECTED by the bank' });

@ObjectType({ implements: Node, description: 'One version of a template; its text never changes once created' })
export class MessageTemplateVersion extends Node {
  @Field(() => Int)
  version: number;

  @Field(() => String, { nullable: true, description: 'Letter heading (letters only)' })
  title: string | null;

  @Field(() => String, { description: `Text with placeholders: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}` })
  body: string;

  @Field(() => String, { description: 'The number debtors are told to call ({{agencyPhone}})' })
  agencyPhone: string;

  @Field(() => TemplateVersionStatusValue)
  status: TemplateVersionStatusValue;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  submittedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The bank's note on its decision" })
  decisionNote: string | null;

  row: TemplateVersionRow;

  static fromRow(r: TemplateVersionRow): MessageTemplateVersion {
    return Object.assign(new MessageTemplateVersion(), {
      id: toGlobalId(CORRESPONDENCE_NODE_TYPES.version, r.id),
      version: r.version,
      title: r.title,
      body: r.body,
      agencyPhone: r.agency_phone,
      status: r.status as TemplateVersionStatusValue,
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
      decidedAt: r.decided_at,
      decisionNote: r.decision_note,
      row: r,
    });
  }
}

@ObjectType({ implements: Node, description: "An SMS or letter template of one bank; only a version the bank approved is ever sent" })
export class MessageTemplate extends Node {
  @Field(() => MessageChannelValue)
  channel: MessageChannelValue;

  @Field(() => String)
  name: string;

  @Field(() => ID)
  clientId: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  row: TemplateRow;

  static fromRow(r: TemplateRow): MessageTemplate {
    return Object.assign(new MessageTemplate(), {
      id: toGlobalId(CORRESPONDENCE_NODE_TYPES.template, r.id),
      channel: r.channel as MessageChannelValue,
      name: r.name,
      clientId: toGlobalId('Client', r.client_id),
      createdAt: r.created_at,
      row: r,
    });
  }
}

@ObjectType({ implements: Node, description: 'An SMS as handed to the adapter' })
export class SmsMessage extends Node {
  @Field(() => String, { description: 'queued (waiting for the HTTP gateway), sent, failed' })
  status: string;

  @Field(() => String, { description: 'outbox or http' })
  adapter: string;

  @Field(() => String)
  body: string;

  @Field(() => String, { description: 'Masked number' })
  to: string;

  @Field(() => String, { nullable: true, description: "The gateway's message id" })
  gatewayRef: string | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Int)
  deliveryAttempts: number;

  @Field(() => ID)
  attemptId: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  sentAt: Date | null;

  static fromRow(r: SmsRow): SmsMessage {
    return Object.assign(new SmsMessage(), {
      id: toGlobalId(CORRESPONDENCE_NODE_TYPES.sms, r.id),
      status: r.status,
      adapter: r.adapter,
      body: r.body,
      to: maskPhone(r.to_number),
      gatewayRef: r.gateway_ref,
      lastError: r.last_error,
      deliveryAttempts: r.delivery_attempts,
      attemptId: toGlobalId('ContactAttempt', r.attempt_id),
      createdAt: r.created_at,
      sentAt: r.sent_at,
    });
  }
}

@ObjectType({ implements: Node, description: 'A letter in the sent-letter register: the PDF is kept in the document store with its SHA-256' })
export class Letter extends Node {
  @Field(() => String, { description: 'The address it was sent to' })
  address: string;

  @Field(() => String)
  sha256: string;

  @Field(() => Int)
  size: number;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => ID)
  attemptId: string;

  @Field(() => String, { description: 'GET with the bearer token: the PDF (audited download)' })
  downloadPath: string;

  row: LetterRow;

  static fromRow(r: LetterRow): Letter {
    const id = toGlobalId(CORRESPONDENCE_NODE_TYPES.letter, r.id);
    return Object.assign(new Letter(), {
      id,
      address: r.address,
      sha256: r.sha256,
      size: r.size,
      createdAt: r.created_at,
      attemptId: toGlobalId('ContactAttempt', r.attempt_id),
      downloadPath: `/api/letters/${id}/pdf`,
      row: r,
    });
  }
}

@ObjectType()
export class LetterConnection extends ConnectionType(Letter) {}

@InputType()
export class CreateMessageTemplateInput {
  @Field(() => ID)
  clientId: string;

  @Field(() => MessageChannelValue)
  channel: MessageChannelValue;

  @Field(() => String)
  @Length(1, 120)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  title?: string | null;

  @Field(() => String)
  @Length(1, 20000)
  body: string;

  @Field(() => String)
  @Length(3, 40)
  agencyPhone: string;
}

@InputType()
export class DraftMessageTemplateInput {
  @Field(() => ID)
  templateId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  title?: string | null;

  @Field(() => String)
  @Length(1, 20000)
  body: string;

  @Field(() => String)
  @Length(3, 40)
  agencyPhone: string;
}

@InputType()
export class SendSmsInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => ID)
  templateId: string;

  @Field(() => ID, { nullable: true, description: "Default: the debtor's first valid mobile" })
  @IsOptional()
  phoneId?: string | null;
}

@InputType()
export class GenerateLetterInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => ID)
  templateId: string;

  @Field(() => Int, { nullable: true, description: "Which of the debtor's addresses (0 = the first)" })
  @IsOptional()
  @Min(0)
  @Max(50)
  addressIndex?: number | null;
}

export const CreateMessageTemplateResult = resultUnion('CreateMessageTemplateResult', [MessageTemplate, NotEligible]);
export const TemplateVersionResult = resultUnion('TemplateVersionResult', [MessageTemplateVersion, NotEligible]);
export const SendSmsResult = resultUnion('SendSmsResult', [SmsMessage, ContactBlocked, NotEligible]);
export const GenerateLetterResult = resultUnion('GenerateLetterResult', [Letter, ContactBlocked, NotEligible]);
