import type { EntityManager } from 'typeorm';

/** One fact a bank's systems may subscribe to. Payloads carry ids, codes and amounts, never personal data. */
export interface DomainEvent {
  agencyId: string;
  clientId: string;
  /** Dotted, past tense: `placement.imported`, `payment.posted`, `complaint.opened`… */
  type: string;
  subjectId?: string | null;
  payload?: Record<string, unknown>;
  actorUserId?: string | null;
}

const EVENT_TYPE = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

/**
 * Writes events to the outbox in the caller's transaction, so an event exists exactly when the change
 * it describes committed. Delivery to bank webhooks reads the outbox afterwards.
 */
export async function emitEvents(db: EntityManager, events: readonly DomainEvent[]): Promise<void> {
  if (!events.length) return;
  for (const e of events) if (!EVENT_TYPE.test(e.type)) throw new Error(`Event type must look like "thing.happened": ${e.type}`);
  await db.query(
    `insert into event_outbox (agency_id, client_id, type, subject_id, payload, actor_user_id)
     select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::jsonb[], $6::uuid[])`,
    [
      events.map((e) => e.agencyId),
      events.map((e) => e.clientId),
      events.map((e) => e.type),
      events.map((e) => e.subjectId ?? null),
      events.map((e) => JSON.stringify(e.payload ?? {})),
      events.map((e) => e.actorUserId ?? null),
    ],
  );
  for (const e of events) for (const consume of consumers.get(e.type)?.values() ?? []) await consume(db, e);
}

/** Reacts to an event inside the transaction that emits it (so both commit or neither does). */
export type EventConsumer = (db: EntityManager, event: DomainEvent) => Promise<void>;
const consumers = new Map<string, Map<string, EventConsumer>>();

/**
 * Registers an in-transaction consumer of one event type under a name (by the app that assembles the
 * domains). For reactions that must hold whenever the event does; slow or external work belongs in
 * a job instead.
 */
export function onEvent(type: string, name: string, consume: EventConsumer): void {
  if (!consumers.has(type)) consumers.set(type, new Map());
  // By name, so assembling the app twice (tests) replaces rather than doubles a consumer.
  consumers.get(type)!.set(name, consume);
}

export function emitEvent(db: EntityManager, event: DomainEvent): Promise<void> {
  return emitEvents(db, [event]);
}
