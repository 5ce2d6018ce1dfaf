import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { PolicyVersion } from '@arrears/platform';
import type { QueueWeights } from '../queue/priority.js';
import { DateTimeScalar, LocalDateScalar, Money, Node, toGlobalId } from '@arrears/graphql';
import type { Bucket } from '../aging/aging.js';

export const ACCOUNT_NODE_TYPES = { account: 'Account', debtor: 'Debtor', placement: 'Placement', team: 'Team', recall: 'AccountRecall' } as const;

/** GraphQL names cannot hold '+': M6_PLUS stands for the database's 'M6+'. */
export enum BucketValue {
  M0 = 'M0',
  M1 = 'M1',
  M2 = 'M2',
  M3 = 'M3',
  M4 = 'M4',
  M5 = 'M5',
  M6 = 'M6',
  M6_PLUS = 'M6+',
}
registerEnumType(BucketValue, {
  name: 'Bucket',
  description: "Delinquency bucket slot by days past due: M0 not past due; which days M1…M6_PLUS hold is the bank's bucket_bands policy (default M1 = 1–30 … M6 = 151–180, M6_PLUS beyond)",
});

export enum AccountStatusValue {
  ACTIVE = 'active',
  RECALLED = 'recalled',
  RETURNED = 'returned',
  CLOSED = 'closed',
}
registerEnumType(AccountStatusValue, { name: 'AccountStatus' });

export interface AccountRow {
  id: string;
  client_id: string;
  placement_id: string;
  debtor_id: string;
  bank_ref: string;
  card_last4: string | null;
  currency: string;
  principal: string;
  interest: string;
  fees: string;
  total_due: string;
  overdue_amount: string;
  placed_amount: string;
  collected: string;
  delinquent_since: string;
  charge_off_date: string | null;
  last_payment_date: string | null;
  last_payment_amount: string | null;
  dpd: number;
  bucket: Bucket;
  aged_on: string;
  status: 'active' | 'recalled' | 'returned' | 'closed';
  placed_on: string;
  recalled_at: Date | null;
  recall_reason: string | null;
  assigned_collector_id: string | null;
  assigned_team_id: string | null;
  assigned_at: Date | null;
  last_contact_at: Date | null;
  next_promise_due: string | null;
  broken_promises: number;
  priority_score: string;
  /** The account's debtor, when the query joined it (see AccountJoins), with the columns the operation asked for. */
  joined_debtor?: DebtorRow;
  /** The account's bank, when the query joined it. */
  joined_client?: JoinedClientRow;
  /** The bank's queue weights in force, when the work queue read them with its page (for `priority`). */
  queue_weights?: PolicyVersion<QueueWeights>;
}

/** A bank row as a join reads it (the shape of the platform's ClientRow), with the columns the operation asked for (clientColumnsFor). */
export interface JoinedClientRow {
  id: string;
  name: string;
  code: string;
  currency: string;
  time_zone: string;
  created_at: Date;
}

/** Columns of AccountRow, with dates as ISO strings (the row is mapped without time-zone guessing). */
export const ACCOUNT_COLUMNS = `a.id, a.client_id, a.placement_id, a.debtor_id, a.bank_ref, a.card_last4, a.currency, a.principal, a.interest,
  a.fees, a.total_due, a.overdue_amount, a.placed_amount, a.collected, a.delinquent_since::text, a.charge_off_date::text,
  a.last_payment_date::text, a.last_payment_amount, a.dpd, a.bucket, a.aged_on::text, a.status, a.placed_on::text, a.recalled_at,
  a.recall_reason, a.assigned_collector_id, a.assigned_team_id, a.assigned_at, a.last_contact_at, a.next_promise_due::text,
  a.broken_promises, a.priority_score`;

/** Each column of ACCOUNT_COLUMNS by name, with its cast. */
const COLUMN_SQL = new Map(ACCOUNT_COLUMNS.split(',').map((c) => [c.trim().replace(/^a\.|::text$/g, ''), c.trim()]));

const MONEY = ['currency'];
/**
 * The columns each GraphQL field of Account reads (its own property, or its field resolver). A read
 * that knows which fields the operation asks for (look-ahead) selects only those columns: the account
 * list is about a quarter cheaper in Postgres and in parsing with 8 columns instead of 32. A field
 * missing from this map makes the read select every column, so a new field is never left without data.
 */
const FIELD_COLUMNS: Record<string, readonly string[]> = {
  __typename: [],
  id: [],
  bankRef: ['bank_ref'],
  cardLast4: ['card_last4'],
  currency: ['currency'],
  principal: ['principal', ...MONEY],
  interest: ['interest', ...MONEY],
  fees: ['fees', ...MONEY],
  totalDue: ['total_due', ...MONEY],
  overdueAmount: ['overdue_amount', ...MONEY],
  placedAmount: ['placed_amount', ...MONEY],
  collected: ['collected', ...MONEY],
  delinquentSince: ['delinquent_since'],
  chargeOffDate: ['charge_off_date'],
  lastPaymentDate: ['last_payment_date'],
  lastPaymentAmount: ['last_payment_amount', ...MONEY],
  daysPastDue: ['dpd'],
  bucket: ['bucket'],
  agedOn: ['aged_on'],
  status: ['status'],
  placedOn: ['placed_on'],
  recalledAt: ['recalled_at'],
  recallReason: ['recall_reason'],
  assignedAt: ['assigned_at'],
  lastContactAt: ['last_contact_at'],
  nextPromiseDue: ['next_promise_due'],
  brokenPromises: ['broken_promises'],
  client: [],
  debtor: ['debtor_id'],
  placement: ['placement_id'],
  assignedCollector: ['assigned_collector_id'],
  priority: ['dpd', 'total_due', 'next_promise_due', 'broken_promises', 'last_contact_at', 'priority_score'],
  bucketHistory: [],
  assignmentHistory: [],
  parties: ['debtor_id'],
};

/**
 * The SQL column list for the fields asked for (`fields`, null when unknown), plus `always` (e.g. the
 * sort column of a cursor). id and client_id are always read.
 */
export function accountColumnsFor(fields: ReadonlySet<string> | null, always: readonly string[] = []): string {
  if (!fields) return ACCOUNT_COLUMNS;
  const names = new Set(['id', 'client_id', ...always]);
  for (const f of fields) {
    const cols = FIELD_COLUMNS[f];
    if (!cols) return ACCOUNT_COLUMNS;
    for (const c of cols) names.add(c);
  }
  return [...names].map((n) => COLUMN_SQL.get(n) ?? ACCOUNT_COLUMNS).join(', ');
}

@ObjectType({ description: 'One factor of a queue priority score and the points it adds' })
export class PriorityFactor {
  @Field(() => String)
  factor: string;

  @Field(() => Float)
  points: number;

  @Field(() => Float, { description: 'The most points this factor can add under the weights in force' })
  weight: number;

  @Field(() => String)
  detail: string;
}

@ObjectType({ description: 'Why an account stands where it does in a work queue' })
export class QueuePriority {
  @Field(() => Float, { description: 'The sum of the factors, as of now (the queue is ordered by the score stored at the last aging or assignment)' })
  score: number;

  @Field(() => String, { description: 'The queue_weights preset the weights come from' })
  weightsPreset: string;

  @Field(() => Int, { description: 'The version of the queue_weights policy in force (0 = the preset, never changed)' })
  weightsVersion: number;

  @Field(() => [PriorityFactor])
  factors: PriorityFactor[];
}

@ObjectType({ implements: Node, description: 'One delinquent credit-card account placed by a bank' })
export class Account extends Node {
  @Field(() => String, { description: "The bank's account reference" })
  bankRef: string;

  @Field(() => String, { nullable: true, description: 'Last four digits of the card; the full number is never stored' })
  cardLast4: string | null;

  @Field(() => String)
  currency: string;

  @Field(() => Money)
  principal: Money;

  @Field(() => Money)
  interest: Money;

  @Field(() => Money)
  fees: Money;

  @Field(() => Money, { description: 'Principal + interest + fees' })
  totalDue: Money;

  @Field(() => Money)
  overdueAmount: Money;

  @Field(() => Money, { description: 'Total due when (re)placed' })
  placedAmount: Money;

  @Field(() => Money)
  collected: Money;

  @Field(() => LocalDateScalar)
  delinquentSince: string;

  @Field(() => LocalDateScalar, { nullable: true })
  chargeOffDate: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  lastPaymentDate: string | null;

  @Field(() => Money, { nullable: true })
  lastPaymentAmount: Money | null;

  @Field(() => Int)
  daysPastDue: number;

  @Field(() => BucketValue)
  bucket: BucketValue;

  @Field(() => LocalDateScalar, { description: 'The date days past due and bucket were computed for' })
  agedOn: string;

  @Field(() => Boolean, { description: 'Written off (核销) by the bank: it has a charge-off date. Not implied by the bucket.' })
  writtenOff: boolean;

  @Field(() => AccountStatusValue)
  status: AccountStatusValue;

  @Field(() => LocalDateScalar)
  placedOn: string;

  @Field(() => DateTimeScalar, { nullable: true })
  recalledAt: Date | null;

  @Field(() => String, { nullable: true })
  recallReason: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  assignedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastContactAt: Date | null;

  @Field(() => LocalDateScalar, { nullable: true })
  nextPromiseDue: string | null;

  @Field(() => Int)
  brokenPromises: number;

  row: AccountRow;

  static fromRow(r: AccountRow): Account {
    // Assigned one by one in a fixed order (not Object.assign of a literal): every account gets the same
    // hidden class, which matters at a page of rows per request. A column the read did not select
    // (look-ahead: its field is not asked for) stays undefined.
    const a = new Account();
    const m = (v: string) => (v === undefined ? (undefined as unknown as Money) : Money.of(v, r.currency));
    a.id = toGlobalId(ACCOUNT_NODE_TYPES.account, r.id);
    a.row = r;
    a.bankRef = r.bank_ref;
    a.cardLast4 = r.card_last4;
    a.currency = r.currency;
    a.principal = m(r.principal);
    a.interest = m(r.interest);
    a.fees = m(r.fees);
    a.totalDue = m(r.total_due);
    a.overdueAmount = m(r.overdue_amount);
    a.placedAmount = m(r.placed_amount);
    a.collected = m(r.collected);
    a.delinquentSince = r.delinquent_since;
    a.chargeOffDate = r.charge_off_date;
    a.lastPaymentDate = r.last_payment_date;
    a.lastPaymentAmount = r.last_payment_amount === null ? null : m(r.last_payment_amount);
    a.daysPastDue = r.dpd;
    a.bucket = r.bucket as BucketValue;
    a.agedOn = r.aged_on;
    a.writtenOff = r.charge_off_date !== null;
    a.status = r.status as AccountStatusValue;
    a.placedOn = r.placed_on;
    a.recalledAt = r.recalled_at;
    a.recallReason = r.recall_reason;
    a.assignedAt = r.assigned_at;
    a.lastContactAt = r.last_contact_at;
    a.nextPromiseDue = r.next_promise_due;
    a.brokenPromises = r.broken_promises;
    return a;
  }
}

/** The debtor columns a read of debtors may select; id and client_id always come. */
export const DEBTOR_COLUMNS = ['id', 'client_id', 'full_name', 'national_id_masked', 'phones', 'addresses', 'employer', 'time_zone', 'id_document_type', 'identity_match'] as const;
export type DebtorColumn = (typeof DEBTOR_COLUMNS)[number];

/** The columns each GraphQL field of Debtor reads; as for accounts, a field missing here reads every column. */
const DEBTOR_FIELD_COLUMNS: Record<string, readonly DebtorColumn[]> = {
  __typename: [],
  id: [],
  name: ['full_name'],
  nationalIdMasked: ['national_id_masked'],
  phones: ['phones'],
  addresses: ['addresses'],
  employer: ['employer'],
  timeZone: ['time_zone'],
  idDocumentType: ['id_document_type'],
  identityMatch: ['identity_match'],
  contacts: [],
};

/** The columns of `all` that the fields asked for read, in `all`'s order; every column when a field is unknown (or `fields` is null). */
function columnsFor<C extends string>(all: readonly C[], byField: Record<string, readonly C[]>, always: readonly C[], fields: ReadonlySet<string> | null): readonly C[] {
  if (!fields) return all;
  const names = new Set<C>(always);
  for (const f of fields) {
    const cols = byField[f];
    if (!cols) return all;
    for (const c of cols) names.add(c);
  }
  return all.filter((c) => names.has(c));
}

/** The debtor columns for the Debtor fields asked for (`fields`, null when unknown: every column). */
export function debtorColumnsFor(fields: ReadonlySet<string> | null): readonly DebtorColumn[] {
  return columnsFor(DEBTOR_COLUMNS, DEBTOR_FIELD_COLUMNS, ['id', 'client_id'], fields);
}

/** The bank columns a join may select; id always comes. */
export const CLIENT_COLUMNS = ['id', 'name', 'code', 'currency', 'time_zone', 'created_at'] as const;
export type ClientColumn = (typeof CLIENT_COLUMNS)[number];

/** The columns each GraphQL field of Client reads (the platform's Client); a field missing here reads every column. */
const CLIENT_FIELD_COLUMNS: Record<string, readonly ClientColumn[]> = {
  __typename: [],
  id: [],
  name: ['name'],
  code: ['code'],
  currency: ['currency'],
  timeZone: ['time_zone'],
  createdAt: ['created_at'],
};

/**
 * The bank columns to join for the Client fields asked for (`fields`, null when unknown: every column),
 * with `also` (what the account's own fields read of its bank, e.g. priority the time zone).
 */
export function clientColumnsFor(fields: ReadonlySet<string> | null, also: readonly ClientColumn[] = []): readonly ClientColumn[] {
  return columnsFor(CLIENT_COLUMNS, CLIENT_FIELD_COLUMNS, ['id', ...also], fields);
}

export interface DebtorRow {
  id: string;
  client_id: string;
  full_name: string;
  national_id_masked: string | null;
  phones: string[];
  addresses: unknown;
  employer: string | null;
  time_zone: string | null;
  id_document_type: string | null;
  identity_match: string;
}

@ObjectType({ description: 'A person reachable about a debt other than the debtor (restricted to agency staff)' })
export class ThirdPartyContact {
  @Field(() => String)
  relation: string;

  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'Masked' })
  phone: string | null;
}

@ObjectType({ implements: Node, description: 'The cardholder. Protected fields are masked.' })
export class Debtor extends Node {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true, description: 'Masked national id, e.g. 110***********1234' })
  nationalIdMasked: string | null;

  @Field(() => [String], { description: 'Masked phone numbers' })
  phones: string[];

  @Field(() => [String])
  addresses: string[];

  @Field(() => String, { nullable: true })
  employer: string | null;

  @Field(() => String, { nullable: true, description: "IANA time zone; null means the bank's" })
  timeZone: string | null;

  @Field(() => String, { nullable: true, description: 'prc_id, hk_macau_permit, taiwan_permit or passport; null without a document' })
  idDocumentType: string | null;

  @Field(() => String, {
    description: 'How the person was matched: document, name_mobile (weak: never carries person-level holds or cross-bank counts) or none',
  })
  identityMatch: string;

  row: DebtorRow;
}

export interface PlacementRow {
  id: string;
  client_id: string;
  name: string;
  placed_on: string;
  expires_on: string | null;
  status: 'active' | 'recalled' | 'returned';
  recalled_at: Date | null;
  created_at: Date;
}

@ObjectType({ implements: Node, description: 'A batch of accounts a bank handed over' })
export class Placement extends Node {
  @Field(() => String)
  name: string;

  @Field(() => LocalDateScalar)
  placedOn: string;

  @Field(() => LocalDateScalar, { nullable: true })
  expiresOn: string | null;

  @Field(() => String)
  status: string;

  @Field(() => DateTimeScalar, { nullable: true })
  recalledAt: Date | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  row: PlacementRow;

  static fromRow(r: PlacementRow): Placement {
    return Object.assign(new Placement(), {
      id: toGlobalId(ACCOUNT_NODE_TYPES.placement, r.id),
      row: r,
      name: r.name,
      placedOn: r.placed_on,
      expiresOn: r.expires_on,
      status: r.status,
      recalledAt: r.recalled_at,
      createdAt: r.created_at,
    });
  }
}

@ObjectType({ description: 'A bucket change kept for roll rates' })
export class BucketChange {
  @Field(() => BucketValue, { nullable: true })
  fromBucket: BucketValue | null;

  @Field(() => BucketValue)
  toBucket: BucketValue;

  @Field(() => Int)
  daysPastDue: number;

  @Field(() => LocalDateScalar)
  changedOn: string;

  @Field(() => String, { description: 'placement, aging, balance_change or cure' })
  cause: string;
}

@ObjectType({ description: 'One assignment of an account' })
export class AssignmentChange {
  @Field(() => String, { description: 'manual, filter, round_robin, balance_band, bucket' })
  rule: string;

  @Field(() => DateTimeScalar)
  assignedAt: Date;

  collectorId: string | null;
  assignedById: string;
  teamId: string | null;
}
