import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@arrears/graphql';
import { RECALL_REASON_CODES } from '../assignment/recall.js';
import type { Decimal } from 'decimal.js';
import { AccountStatusValue, BucketValue } from './account.types.js';

@InputType({ description: 'Every condition must hold' })
export class AccountFilter {
  @Field(() => ID, { nullable: true })
  clientId?: string;

  @Field(() => ID, { nullable: true })
  placementId?: string;

  @Field(() => [BucketValue], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(8)
  buckets?: BucketValue[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  dpdMin?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  dpdMax?: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Total due at least' })
  balanceMin?: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'Total due at most' })
  balanceMax?: Decimal;

  @Field(() => [AccountStatusValue], { nullable: true, description: 'Default: ACTIVE only' })
  @IsOptional()
  @ArrayMaxSize(3)
  statuses?: AccountStatusValue[];

  @Field(() => ID, { nullable: true })
  assignedCollectorId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only accounts assigned to nobody' })
  unassigned?: boolean;

  @Field(() => String, { nullable: true, description: "Exact debtor name, phone number or the bank's account reference" })
  @IsOptional()
  @MaxLength(100)
  search?: string;
}

export enum AccountOrderField {
  BALANCE = 'total_due',
  DAYS_PAST_DUE = 'dpd',
  PLACED_ON = 'placed_on',
  PRIORITY = 'priority_score',
}
registerEnumType(AccountOrderField, { name: 'AccountOrderField' });

export enum OrderDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@InputType()
export class AccountOrder {
  @Field(() => AccountOrderField, { defaultValue: AccountOrderField.BALANCE })
  field: AccountOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction: OrderDirection;
}

@InputType()
export class BalanceBandInput {
  @Field(() => ID)
  collectorId: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Inclusive; open below when null' })
  min?: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'Exclusive; open above when null' })
  max?: Decimal;
}

@InputType()
export class BucketRouteInput {
  @Field(() => ID)
  collectorId: string;

  @Field(() => [BucketValue])
  @ArrayMaxSize(8)
  buckets: BucketValue[];
}

export enum AssignmentRuleKind {
  ROUND_ROBIN = 'round_robin',
  BALANCE_BAND = 'balance_band',
  BUCKET = 'bucket',
}
registerEnumType(AssignmentRuleKind, { name: 'AssignmentRuleKind' });

@InputType({ description: 'How to spread the matching accounts over collectors' })
export class AssignmentRuleInput {
  @Field(() => AssignmentRuleKind)
  kind: AssignmentRuleKind;

  @Field(() => [ID], { nullable: true, description: 'ROUND_ROBIN: the collectors, dealt in order of balance' })
  @IsOptional()
  @ArrayMaxSize(500)
  collectorIds?: string[];

  @Field(() => [BalanceBandInput], { nullable: true, description: 'BALANCE_BAND: one collector per band' })
  @IsOptional()
  @ArrayMaxSize(100)
  bands?: BalanceBandInput[];

  @Field(() => [BucketRouteInput], { nullable: true, description: 'BUCKET: one collector per set of buckets' })
  @IsOptional()
  @ArrayMaxSize(100)
  buckets?: BucketRouteInput[];
}

@InputType()
export class AssignAccountsInput {
  @Field(() => [ID], { nullable: true, description: 'These accounts…' })
  @IsOptional()
  @ArrayMaxSize(5000)
  accountIds?: string[];

  @Field(() => AccountFilter, { nullable: true, description: '…or every account matching this filter' })
  filter?: AccountFilter;

  @Field(() => Int, { nullable: true, description: 'With a filter: at most this many (highest balance first)' })
  @IsOptional()
  @Min(1)
  @Max(1_000_000)
  limit?: number;

  @Field(() => ID, { nullable: true, description: 'To this collector…' })
  collectorId?: string;

  @Field(() => ID, { nullable: true, description: '…or this team…' })
  teamId?: string;

  @Field(() => AssignmentRuleInput, { nullable: true, description: '…or by this rule' })
  rule?: AssignmentRuleInput;
}

@InputType()
export class RecallInput {
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(5000)
  accountIds?: string[];

  @Field(() => ID, { nullable: true, description: 'Recall every account of this placement' })
  placementId?: string;

  @Field(() => RecallReasonCode, { defaultValue: 'BANK_REQUEST', description: 'Why the bank takes the accounts back' })
  reasonCode: RecallReasonCode;

  @Field(() => LocalDateScalar, { nullable: true, description: "The bank's effective date (its local today when not given); never in the future" })
  effectiveOn?: string | null;

  @Field(() => String, { nullable: true, description: 'A note (required when the reason is OTHER)' })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Recall even though plans or promises are open (they are recorded and closed)' })
  confirmOpenItems: boolean;
}

@InputType({ description: "Narrows a collector's own queue; every condition must hold" })
export class QueueFilter {
  @Field(() => String, { nullable: true, description: "A prefix of the debtor's name or the bank reference, or a phone number's last digits (4 or more)" })
  @IsOptional()
  @MaxLength(100)
  search?: string;

  @Field(() => [BucketValue], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(8)
  buckets?: BucketValue[];

  @Field(() => Boolean, { nullable: true, description: "Only accounts with a promise to pay due today (the bank's date)" })
  promiseDueToday?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'true: only held accounts (whatever their contact standing); false: only accounts without a hold' })
  held?: boolean;
}
/** GraphQL spelling of the recall reason catalog (upper case). */
export const RecallReasonCode = Object.fromEntries(RECALL_REASON_CODES.map((c) => [c.toUpperCase(), c.toUpperCase()])) as Record<string, string>;
export type RecallReasonCode = string;
registerEnumType(RecallReasonCode, { name: 'RecallReasonCode', description: 'bank request, paid in full, dispute, deceased, bankruptcy, placement expiry, other' });
