import { Field, Int, ObjectType, registerEnumType, ID } from 'type-graphql';
import { ConnectionType, DateTimeScalar, Node, toGlobalId } from '@arrears/graphql';

export const JOB_NODE_TYPE = 'JobRun';

export enum JobKindValue {
  PLACEMENT_IMPORT = 'placement_import',
  AGING = 'aging',
  WEBHOOK_DELIVERY = 'webhook_delivery',
  SMS_DELIVERY = 'sms_delivery',
}
registerEnumType(JobKindValue, { name: 'JobKind', description: 'What a background job does' });

export enum JobStatusValue {
  QUEUED = 'queued',
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(JobStatusValue, { name: 'JobStatus', description: 'QUEUED includes a job waiting for its next attempt after a failure' });

/** The node type of each kind's subject (jobs know ids only; the owning domain resolves them). */
const SUBJECT_NODE_TYPES: Partial<Record<string, string>> = { placement_import: 'PlacementImport', webhook_delivery: 'WebhookDelivery' };

export interface JobRunRow {
  id: string;
  client_id: string;
  client_name: string;
  kind: string;
  subject_id: string | null;
  status: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

@ObjectType({ implements: Node, description: 'A background job of one bank: an import, the daily aging, …' })
export class JobRun extends Node {
  @Field(() => JobKindValue)
  kind: JobKindValue;

  @Field(() => JobStatusValue)
  status: JobStatusValue;

  @Field(() => Int, { description: 'Attempts made so far (a crashed worker’s attempt counts)' })
  attempts: number;

  @Field(() => Int)
  maxAttempts: number;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (no internals: those are in the worker log with the job id)' })
  lastError: string | null;

  @Field(() => ID, { nullable: true, description: 'What the job works on, e.g. the PlacementImport' })
  subjectId: string | null;

  @Field(() => ID, { description: 'The bank (Client) the job belongs to' })
  clientId: string;

  @Field(() => String)
  clientName: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt: Date | null;

  static fromRow(r: JobRunRow): JobRun {
    const subjectType = SUBJECT_NODE_TYPES[r.kind];
    return Object.assign(new JobRun(), {
      id: toGlobalId(JOB_NODE_TYPE, r.id),
      kind: r.kind as JobKindValue,
      status: r.status as JobStatusValue,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      lastError: r.last_error,
      subjectId: subjectType && r.subject_id ? toGlobalId(subjectType, r.subject_id) : null,
      clientId: toGlobalId('Client', r.client_id),
      clientName: r.client_name,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    });
  }
}

@ObjectType()
export class JobRunConnection extends ConnectionType(JobRun) {}
