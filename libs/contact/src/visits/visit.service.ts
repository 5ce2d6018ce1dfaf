import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import type { Party } from '../policy/contact-policy.js';
import type { ContactDecision, ContactService, Problem, Refused } from '../attempts/contact.service.js';

/** Photo evidence of a visit: at most 10 MB each, images only. */
export const VISIT_PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const VISIT_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;

export interface VisitRow {
  client_id: string;
  id: string;
  agency_id: string;
  account_id: string;
  address: string;
  collector_ids: string[];
  planned_at: Date;
  planned_by: string;
  policy_version: number;
  status: 'scheduled' | 'completed' | 'cancelled';
  attempt_id: string | null;
  met: string | null;
  checked_in_at: Date | null;
  latitude: string | null;
  longitude: string | null;
  recorded_by: string | null;
  cancel_reason: string | null;
  cancelled_at: Date | null;
  cancelled_by: string | null;
  created_at: Date;
}

export interface VisitPhotoRow {
  client_id: string;
  id: string;
  visit_id: string;
  document_key: string;
  file_name: string;
  content_type: string;
  size_bytes: string;
  sha256: string;
  uploaded_by: string;
  uploaded_at: Date;
}

const VISIT_COLUMNS = `client_id, id, agency_id, account_id, address, collector_ids, planned_at, planned_by, policy_version, status, attempt_id, met,
  checked_in_at, latitude::text as latitude, longitude::text as longitude, recorded_by, cancel_reason, cancelled_at, cancelled_by, created_at`;
const PHOTO_COLUMNS = 'client_id, id, visit_id, document_key, file_name, content_type, size_bytes::text as size_bytes, sha256, uploaded_by, uploaded_at';

/** Where a visit photo lives in the document store: under its tenant, never the uploaded name. */
export function visitPhotoKey(v: Pick<VisitRow, 'agency_id' | 'client_id' | 'id'>): string {
  return `${v.agency_id}/${v.client_id}/visits/${v.id}/${randomUUID()}`;
}

/** Why a visit can no longer be re-planned or cancelled, or null while it is still planned. */
export function notOpen(v: Pick<VisitRow, 'status'>): { code: string; problem: string } | null {
  if (v.status === 'cancelled') return { code: 'VISIT_CANCELLED', problem: 'This visit was cancelled' };
  if (v.status === 'completed') return { code: 'VISIT_NOT_OPEN', problem: 'The result of this visit is already recorded' };
  return null;
}

/** Whether a user may record the result of (and add photos to) a visit: a collector sent on it, or a planner. */
export function mayWorkVisit(v: Pick<VisitRow, 'collector_ids'>, actor: Pick<Principal, 'userId' | 'role'>): boolean {
  return actor.role === 'agency_admin' || actor.role === 'supervisor' || v.collector_ids.includes(actor.userId);
}

export interface ScheduleInput {
  accountId: string;
  address: string;
  collectorIds: string[];
  plannedAt: Date;
}

export interface VisitResultInput {
  met: Party | 'nobody';
  outcome: string;
  rightPartyVerified: boolean;
  note?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  nextActionAt?: Date | null;
}

/**
 * Field visits. Scheduling asks the contact gate (channel visit) at the planned time, so a visit outside
 * the debtor's hours, on a held account or over the visit limits is never planned; recording the result
 * asks it again at check-in (the real contact) and records a contact attempt of channel visit.
 */
export class VisitService {
  constructor(
    private readonly db: EntityManager,
    private readonly actor: Principal,
  ) {}

  async get(id: string): Promise<VisitRow | null> {
    const [row]: VisitRow[] = await this.db.query(`select ${VISIT_COLUMNS} from field_visit where id = $1`, [id]);
    return row ?? null;
  }

  async list(opts: { mine: boolean; accountId?: string | null; first: number }): Promise<VisitRow[]> {
    const params: unknown[] = [opts.first];
    const where: string[] = [];
    if (opts.mine) {
      params.push(this.actor.userId);
      where.push(`$${params.length}::uuid = any (collector_ids)`);
    }
    if (opts.accountId) {
      params.push(opts.accountId);
      where.push(`account_id = $${params.length}`);
    }
    return this.db.query(
      `select ${VISIT_COLUMNS} from field_visit ${where.length ? `where ${where.join(' and ')}` : ''} order by (status = 'scheduled') desc, planned_at, id limit $1`,
      params,
    );
  }

  /** Plans a visit; `planning` is the contact service with its clock at the planned time. */
  async schedule(planning: ContactService, input: ScheduleInput): Promise<{ visit: VisitRow } | { blocked: ContactDecision } | { problem: string; code: string } | null> {
    const account = await planning.account(input.accountId);
    if (!account) return null;
    const collectors = [...new Set(input.collectorIds)];
    const found: { id: string }[] = await this.db.query(
      `select id from app_user where id = any($1::uuid[]) and agency_id = $2 and role in ('collector', 'supervisor') and disabled_at is null`,
      [collectors, account.agency_id],
    );
    if (!collectors.length || found.length !== collectors.length) return { code: 'COLLECTOR_UNKNOWN', problem: 'Send one or more active collectors of the agency' };
    const decision = await planning.decide(account, 'visit', 'debtor');
    if (!decision.allowed) return { blocked: decision };
    const [visit]: VisitRow[] = await this.db.query(
      `insert into field_visit (client_id, agency_id, account_id, address, collector_ids, planned_at, planned_by, policy_version)
       values ($1, $2, $3, $4, $5::uuid[], $6, $7, $8) returning ${VISIT_COLUMNS}`,
      [account.client_id, account.agency_id, account.id, input.address.trim(), collectors, input.plannedAt, this.actor.userId, decision.policy.version],
    );
    return { visit };
  }

  /**
   * Moves a planned visit to another time; `planning` is the contact service with its clock at the new
   * time, so the plan is checked by the gate exactly as when it was scheduled.
   */
  async replan(planning: ContactService, visit: VisitRow, plannedAt: Date): Promise<{ visit: VisitRow } | { blocked: ContactDecision } | { problem: string; code: string }> {
    const closed = notOpen(visit);
    if (closed) return closed;
    const account = await planning.account(visit.account_id);
    if (!account) return { code: 'NOT_FOUND', problem: 'Account not found' };
    const decision = await planning.decide(account, 'visit', 'debtor');
    if (!decision.allowed) return { blocked: decision };
    const [[row]]: [VisitRow[], number] = await this.db.query(
      `update field_visit set planned_at = $2, policy_version = $3 where id = $1 and status = 'scheduled' returning ${VISIT_COLUMNS}`,
      [visit.id, plannedAt, decision.policy.version],
    );
    return row ? { visit: row } : { code: 'VISIT_NOT_OPEN', problem: 'The visit is no longer planned' };
  }

  /** Calls off a planned visit, keeping why, when and by whom; its result can then never be recorded. */
  async cancel(visit: VisitRow, reason: string): Promise<{ visit: VisitRow } | { problem: string; code: string }> {
    const closed = notOpen(visit);
    if (closed) return closed;
    const why = reason.trim();
    if (!why || why.length > 500) return { code: 'CANCEL_REASON_INVALID', problem: 'Say why the visit is called off (at most 500 characters)' };
    const [[row]]: [VisitRow[], number] = await this.db.query(
      `update field_visit set status = 'cancelled', cancel_reason = $2, cancelled_at = now(), cancelled_by = $3
        where id = $1 and status = 'scheduled' returning ${VISIT_COLUMNS}`,
      [visit.id, why, this.actor.userId],
    );
    return row ? { visit: row } : { code: 'VISIT_NOT_OPEN', problem: 'The visit is no longer planned' };
  }

  /** Records what happened at the visit, once: a contact attempt of channel visit (checked by the gate now). */
  async record(contact: ContactService, visit: VisitRow, input: VisitResultInput): Promise<{ visit: VisitRow } | Refused | Problem | { problem: { rule: string; message: string }[] }> {
    if (visit.status === 'cancelled') return { problem: [{ rule: 'visit_cancelled', message: 'This visit was cancelled' }] };
    if (visit.status !== 'scheduled') return { problem: [{ rule: 'visit_not_open', message: 'The result of this visit is already recorded' }] };
    if (!mayWorkVisit(visit, this.actor)) return { problem: [{ rule: 'not_on_visit', message: 'Only a collector sent on the visit records its result' }] };
    const outcome = await contact.outcome(input.outcome);
    if (input.met === 'nobody' && outcome?.connected) return { problem: [{ rule: 'nobody_met', message: 'Nobody was met: choose an outcome without a conversation' }] };
    const out = await contact.record({
      accountId: visit.account_id,
      channel: 'visit',
      party: input.met === 'nobody' ? 'debtor' : input.met,
      direction: 'outbound',
      outcome: input.outcome,
      rightPartyVerified: input.rightPartyVerified,
      note: input.note,
      nextActionAt: input.nextActionAt,
    });
    if (!out) return { problem: [{ rule: 'not_found', message: 'Account not found' }] };
    if (!('attempt' in out)) return out;
    const [[row]]: [VisitRow[], number] = await this.db.query(
      `update field_visit set status = 'completed', attempt_id = $2, met = $3, checked_in_at = $4, latitude = $5, longitude = $6, recorded_by = $7
        where id = $1 and status = 'scheduled' returning ${VISIT_COLUMNS}`,
      [visit.id, out.attempt.id, input.met, contact.now, input.latitude ?? null, input.longitude ?? null, this.actor.userId],
    );
    if (!row) return { problem: [{ rule: 'visit_not_open', message: 'The result of this visit is already recorded' }] };
    return { visit: row };
  }

  async photos(visitIds: readonly string[]): Promise<Map<string, VisitPhotoRow[]>> {
    const rows: VisitPhotoRow[] = await this.db.query(`select ${PHOTO_COLUMNS} from field_visit_photo where visit_id = any($1::uuid[]) order by uploaded_at, id`, [visitIds]);
    const out = new Map<string, VisitPhotoRow[]>(visitIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.visit_id)?.push(r);
    return out;
  }

  async photo(visitId: string, photoId: string): Promise<VisitPhotoRow | null> {
    const [row]: VisitPhotoRow[] = await this.db.query(`select ${PHOTO_COLUMNS} from field_visit_photo where visit_id = $1 and id = $2`, [visitId, photoId]);
    return row ?? null;
  }

  async addPhoto(visit: VisitRow, doc: { key: string; fileName: string; contentType: string; size: number; sha256: string }): Promise<VisitPhotoRow> {
    const [row]: VisitPhotoRow[] = await this.db.query(
      `insert into field_visit_photo (client_id, agency_id, visit_id, document_key, file_name, content_type, size_bytes, sha256, uploaded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${PHOTO_COLUMNS}`,
      [visit.client_id, visit.agency_id, visit.id, doc.key, doc.fileName, doc.contentType, doc.size, doc.sha256, this.actor.userId],
    );
    return row;
  }
}
