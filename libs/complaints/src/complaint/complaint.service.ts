import type { EntityManager } from 'typeorm';
import { HoldService, localDate, normalisePhone } from '@arrears/accounts';
import { emitEvent } from '@arrears/events';
import { notFound } from '@arrears/graphql';
import { PolicyService } from '@arrears/platform';
import type { Principal } from '@arrears/tenancy';
import { COMPLAINT_CLOCK, complaintDeadlines, nextExtension, type ComplaintClockPolicy } from '../clock/complaint-clock.js';
import { decide, handlerProblem, isHolding, outcomeNotice, type ComplaintAction, type ComplaintOutcome, type ComplaintStatus } from '../workflow/complaint-workflow.js';
import { isActiveCategory } from './categories.js';

export const COMPLAINT_SOURCES = ['debtor', 'third_party', 'bank', 'regulator', 'other'] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ComplaintRow {
  client_id: string;
  id: string;
  agency_id: string;
  reference: string;
  source: ComplaintSource;
  regulator_ref: string | null;
  category: string;
  severity: Severity;
  status: ComplaintStatus;
  outcome: ComplaintOutcome | null;
  account_id: string | null;
  debtor_id: string | null;
  against_user_id: string | null;
  against_contact_attempt_id: string | null;
  against_letter_id: string | null;
  handler_id: string | null;
  raised_by: string;
  raised_by_role: string;
  received_at: Date;
  clock_started_on: string;
  policy_version: number;
  policy_preset: string;
  regulatory_basis: 'calendar' | 'working';
  regulatory_due_on: string;
  extension_level: number;
  contractual_basis: 'calendar' | 'working' | null;
  contractual_due_on: string | null;
  clock_approximate: boolean;
  due_soon_days: number;
  acknowledged_at: Date | null;
  decided_on: string | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  withdrawn_at: Date | null;
  reopened_count: number;
  do_not_call_requested: boolean;
  updated_at: Date;
  /** Joined: the bank's time zone (clocks count its local days), the account's reference and debtor's name. */
  time_zone: string;
  bank_ref: string | null;
  debtor_name: string | null;
}

export interface ComplaintDetailRow {
  complaint_id: string;
  complainant_name: string | null;
  complainant_phone: string | null;
  complainant_relation: string | null;
  words: string;
  findings: string | null;
  remedy: string | null;
  root_cause: string | null;
  outcome_notice: string | null;
}

export interface ComplaintEntryRow {
  id: string;
  complaint_id: string;
  client_id: string;
  agency_id: string;
  kind: 'comment' | 'evidence';
  author_id: string;
  author_role: string;
  body: string | null;
  document_key: string | null;
  file_name: string | null;
  content_type: string | null;
  size_bytes: string | null;
  sha256: string | null;
  created_at: Date;
}

export interface ComplaintHistoryRow {
  complaint_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  actor_id: string;
  at: Date;
}

const COLUMNS = `c.client_id, c.id, c.agency_id, c.reference, c.source, c.regulator_ref, c.category, c.severity, c.status, c.outcome,
  c.account_id, c.debtor_id, c.against_user_id, c.against_contact_attempt_id, c.against_letter_id, c.handler_id, c.raised_by,
  c.raised_by_role, c.received_at, c.clock_started_on::text, c.policy_version, c.policy_preset, c.regulatory_basis,
  c.regulatory_due_on::text, c.extension_level, c.contractual_basis, c.contractual_due_on::text, c.clock_approximate,
  c.due_soon_days, c.acknowledged_at, c.decided_on::text, c.resolved_at, c.closed_at, c.withdrawn_at, c.reopened_count,
  c.do_not_call_requested, c.updated_at, cl.time_zone, a.bank_ref, d.full_name as debtor_name`;
const FROM = `complaint c join client cl on cl.id = c.client_id
  left join account a on a.client_id = c.client_id and a.id = c.account_id
  left join debtor d on d.client_id = c.client_id and d.id = c.debtor_id`;

/** The SQL for "the bank's local today" of complaint row `c` joined with client `cl`. */
export const TODAY_SQL = `(now() at time zone cl.time_zone)::date`;
/** The earlier of the two deadlines. */
export const EARLIEST_DUE_SQL = `least(c.regulatory_due_on, coalesce(c.contractual_due_on, c.regulatory_due_on))`;
/** When the clock stopped (decided or withdrawn), or today for a running one. */
const STOPPED_OR_TODAY = `coalesce(c.decided_on, ${TODAY_SQL})`;
export const REGULATORY_BREACH_SQL = `(${STOPPED_OR_TODAY} > c.regulatory_due_on)`;
export const CONTRACTUAL_BREACH_SQL = `(c.contractual_due_on is not null and ${STOPPED_OR_TODAY} > c.contractual_due_on)`;

export interface RaiseInput {
  clientId?: string | null;
  accountId?: string | null;
  source: ComplaintSource;
  regulatorRef?: string | null;
  category: string;
  severity: Severity;
  againstUserId?: string | null;
  againstAssignedCollector?: boolean | null;
  againstContactAttemptId?: string | null;
  againstLetterId?: string | null;
  handlerId?: string | null;
  complainantName?: string | null;
  complainantPhone?: string | null;
  complainantRelation?: string | null;
  words: string;
  doNotCallRequested?: boolean | null;
  /** When it was received, if earlier than now (a letter that arrived yesterday). */
  receivedAt?: Date | null;
}

export interface ActInput {
  outcome?: ComplaintOutcome | null;
  remedy?: string | null;
  rootCause?: string | null;
  findings?: string | null;
  reason?: string | null;
  handlerId?: string | null;
}

export type Refusal = { ok: false; code: string; message: string };
export type Outcome<T> = { ok: true; value: T } | Refusal;
const refuse = (code: string, message: string): Refusal => ({ ok: false, code, message });

export interface ComplaintCriteria {
  statuses?: ComplaintStatus[];
  categories?: string[];
  clientId?: string | null;
  accountId?: string | null;
  againstUserId?: string | null;
  handlerId?: string | null;
  dueBefore?: string | null;
  overdue?: boolean | null;
  dueSoon?: boolean | null;
  reference?: string | null;
}

const ROLES_WHO_MAY_APPROVE = ['agency_admin'];

/**
 * Complaints: intake, the workflow, both clocks, the hold on the account, and the body kept apart.
 * Everything runs in the caller's tenant transaction; RLS decides which complaints, and which bodies,
 * exist for the caller.
 */
export class ComplaintService {
  constructor(private readonly db: EntityManager) {}

  async byIds(ids: readonly string[]): Promise<ComplaintRow[]> {
    return this.db.query(`select ${COLUMNS} from ${FROM} where c.id = any($1::uuid[])`, [ids]);
  }

  async get(id: string, lock = false): Promise<ComplaintRow | null> {
    if (lock) await this.db.query(`select 1 from complaint where id = $1 for update`, [id]);
    return (await this.byIds([id]))[0] ?? null;
  }

  async list(criteria: ComplaintCriteria, first: number, after: [string, string] | null): Promise<ComplaintRow[]> {
    const { where, params } = this.where(criteria);
    if (after) {
      params.push(after[0], after[1]);
      where.push(`(c.regulatory_due_on, c.id) > ($${params.length - 1}::date, $${params.length}::uuid)`);
    }
    params.push(first + 1);
    return this.db.query(`select ${COLUMNS} from ${FROM} where ${where.join(' and ') || 'true'} order by c.regulatory_due_on, c.id limit $${params.length}`, params);
  }

  async count(criteria: ComplaintCriteria): Promise<number> {
    const { where, params } = this.where(criteria);
    const [r] = await this.db.query(`select count(*)::int as n from complaint c join client cl on cl.id = c.client_id where ${where.join(' and ') || 'true'}`, params);
    return r.n;
  }

  private where(f: ComplaintCriteria): { where: string[]; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.statuses?.length) where.push(`c.status = any(${p(f.statuses)}::text[])`);
    if (f.categories?.length) where.push(`c.category = any(${p(f.categories)}::text[])`);
    if (f.clientId) where.push(`c.client_id = ${p(f.clientId)}::uuid`);
    if (f.accountId) where.push(`c.account_id = ${p(f.accountId)}::uuid`);
    if (f.againstUserId) where.push(`c.against_user_id = ${p(f.againstUserId)}::uuid`);
    if (f.handlerId) where.push(`c.handler_id = ${p(f.handlerId)}::uuid`);
    if (f.reference) where.push(`c.reference = ${p(f.reference.trim().toUpperCase())}`);
    if (f.dueBefore) where.push(`${EARLIEST_DUE_SQL} <= ${p(f.dueBefore)}::date`);
    const undecided = `c.status in ('received', 'acknowledged', 'investigating')`;
    if (f.overdue) where.push(`${undecided} and ${EARLIEST_DUE_SQL} < ${TODAY_SQL}`);
    if (f.dueSoon) where.push(`${undecided} and ${EARLIEST_DUE_SQL} >= ${TODAY_SQL} and ${EARLIEST_DUE_SQL} <= ${TODAY_SQL} + c.due_soon_days`);
    return { where, params };
  }

  async details(ids: readonly string[]): Promise<ComplaintDetailRow[]> {
    return this.db.query(
      `select complaint_id, complainant_name, complainant_phone, complainant_relation, words, findings, remedy, root_cause, outcome_notice
         from complaint_detail where complaint_id = any($1::uuid[])`,
      [ids],
    );
  }

  async entries(ids: readonly string[]): Promise<ComplaintEntryRow[]> {
    return this.db.query(
      `select id, complaint_id, client_id, agency_id, kind, author_id, author_role, body, document_key, file_name, content_type, size_bytes, sha256, created_at
         from complaint_entry where complaint_id = any($1::uuid[]) order by created_at, id`,
      [ids],
    );
  }

  async entry(complaintId: string, entryId: string): Promise<ComplaintEntryRow | null> {
    const [row] = await this.db.query(
      `select id, complaint_id, client_id, agency_id, kind, author_id, author_role, body, document_key, file_name, content_type, size_bytes, sha256, created_at
         from complaint_entry where complaint_id = $1 and id = $2`,
      [complaintId, entryId],
    );
    return row ?? null;
  }

  async history(ids: readonly string[]): Promise<ComplaintHistoryRow[]> {
    return this.db.query(
      `select complaint_id, action, from_status, to_status, reason, actor_id, at from complaint_history where complaint_id = any($1::uuid[]) order by at, id`,
      [ids],
    );
  }

  /** Takes a complaint: checks what it names, starts both clocks under the client's policy, holds the account. */
  async raise(actor: Principal, input: RaiseInput): Promise<Outcome<ComplaintRow>> {
    const words = input.words?.trim();
    if (!words) return refuse('WORDS_REQUIRED', "Record the complainant's words");
    if (!(await isActiveCategory(this.db, input.category))) return refuse('UNKNOWN_CATEGORY', `"${input.category}" is not one of the agency's complaint categories`);
    if (input.source === 'regulator' && !input.regulatorRef?.trim()) return refuse('REGULATOR_REF_REQUIRED', "A regulator referral needs the regulator's reference (e.g. the 12378 ticket number)");

    let clientId = input.clientId ?? null;
    let debtorId: string | null = null;
    let assignedCollector: string | null = null;
    if (input.accountId) {
      const [acc] = await this.db.query(`select client_id, debtor_id, assigned_collector_id from account where id = $1`, [input.accountId]);
      if (!acc || (clientId && acc.client_id !== clientId)) throw notFound('Account');
      clientId = acc.client_id;
      debtorId = acc.debtor_id;
      assignedCollector = acc.assigned_collector_id;
    } else if (actor.role === 'client_user') {
      return refuse('ACCOUNT_REQUIRED', 'A bank raises complaints on its own accounts: choose the account');
    }
    if (!clientId) return refuse('CLIENT_REQUIRED', 'Choose the bank the complaint is about, or the account');
    const [client] = await this.db.query(`select id, time_zone from client where id = $1`, [clientId]);
    if (!client) throw notFound('Client');

    let againstUserId = input.againstUserId ?? null;
    if (input.againstAssignedCollector) {
      if (!assignedCollector) return refuse('NO_ASSIGNED_COLLECTOR', 'The account has no collector to complain about');
      againstUserId = assignedCollector;
    }
    if (input.againstUserId) {
      const [u] = await this.db.query(`select id from app_user where id = $1 and role in ('agency_admin', 'supervisor', 'collector')`, [input.againstUserId]);
      if (!u) throw notFound('User');
    }
    // The person complained against does not record the complaint about themselves.
    if (againstUserId && againstUserId === actor.userId) return refuse('HANDLER_IS_SUBJECT', 'A complaint against you is recorded by somebody else');
    if (input.handlerId) {
      const problem = await this.handlerCheck(input.handlerId, againstUserId);
      if (problem) return problem;
    }

    const policy = await new PolicyService(this.db).current(COMPLAINT_CLOCK, clientId);
    const receivedAt = input.receivedAt && input.receivedAt < new Date() ? input.receivedAt : new Date();
    const startedOn = localDate(client.time_zone, receivedAt);
    const clocks = complaintDeadlines(policy.body, startedOn);
    const phone = input.complainantPhone?.trim() ? normalisePhone(input.complainantPhone) : null;
    const doNotCall = Boolean(input.doNotCallRequested);
    if (doNotCall && !phone) return refuse('PHONE_REQUIRED', 'Give the number to put on the do-not-call list');

    // References count per bank and year (TS-2026-000001): a shared sequence would let one agency see
    // how many complaints the others take. Raises for one bank take turns for the number.
    await this.db.query(`select pg_advisory_xact_lock(hashtext('complaint_reference:' || $1))`, [clientId]);
    const year = startedOn.slice(0, 4);
    const [{ next }] = await this.db.query(
      `select coalesce(max(substr(reference, 9)::int), 0) + 1 as next from complaint where client_id = $1 and reference like $2`,
      [clientId, `TS-${year}-%`],
    );
    const reference = `TS-${year}-${String(next).padStart(6, '0')}`;
    const [{ id }] = await this.db.query(
      `insert into complaint (client_id, agency_id, reference, source, regulator_ref, category, severity, account_id, debtor_id,
          against_user_id, against_contact_attempt_id, against_letter_id, handler_id, raised_by, raised_by_role, received_at,
          clock_started_on, policy_version, policy_preset, regulatory_basis, regulatory_due_on, contractual_basis, contractual_due_on,
          clock_approximate, due_soon_days, do_not_call_requested)
       select c.id, c.agency_id, $25,
          $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24
         from client c where c.id = $1
       returning id`,
      [
        clientId, input.source, input.regulatorRef?.trim() || null, input.category, input.severity, input.accountId ?? null, debtorId,
        againstUserId, input.againstContactAttemptId ?? null, input.againstLetterId ?? null, input.handlerId ?? null, actor.userId, actor.role, receivedAt,
        startedOn, policy.version, policy.preset, clocks.regulatory.basis, clocks.regulatory.dueOn, clocks.contractual?.basis ?? null,
        clocks.contractual?.dueOn ?? null, clocks.regulatory.approximate || Boolean(clocks.contractual?.approximate), policy.body.dueSoonDays, doNotCall, reference,
      ],
    );
    await this.db.query(
      `insert into complaint_detail (client_id, complaint_id, agency_id, complainant_name, complainant_phone, complainant_relation, words)
       select client_id, id, agency_id, $2, $3, $4, $5 from complaint where id = $1`,
      [id, input.complainantName?.trim() || null, phone, input.complainantRelation?.trim() || null, words],
    );
    const row = (await this.get(id)) as ComplaintRow;
    await this.record(actor, row, 'raise', null, 'received', null);
    if (row.account_id) await this.hold(actor, row);
    if (doNotCall) await this.emit(actor, row, 'complaint.do_not_call_requested', {});
    return { ok: true, value: row };
  }

  /** One step of the workflow (or an extension, or a new handler), refused with a code when not allowed. */
  async act(actor: Principal, id: string, action: ComplaintAction, input: ActInput = {}): Promise<Outcome<ComplaintRow>> {
    const row = await this.get(id, true);
    if (!row) throw notFound('Complaint');
    const decision = decide({ action, status: row.status, actorId: actor.userId, againstUserId: row.against_user_id, outcome: input.outcome, rootCause: input.rootCause });
    if (!decision.ok) return refuse(decision.code, decision.message);
    const to = decision.to;
    const reason = input.reason?.trim() || null;
    const today = localDate(row.time_zone);
    // Who takes it on first becomes its handler, unless one was named.
    const takeOver = row.handler_id ? null : actor.userId;

    switch (action) {
      case 'acknowledge':
        await this.update(id, `status = $2, acknowledged_at = now(), handler_id = coalesce(handler_id, $3)`, [to, takeOver]);
        break;
      case 'investigate':
        await this.update(id, `status = $2, handler_id = coalesce(handler_id, $3)`, [to, takeOver]);
        break;
      case 'resolve': {
        const notice = outcomeNotice({ reference: row.reference, outcome: input.outcome as ComplaintOutcome, remedy: input.remedy ?? null, preset: row.policy_preset });
        await this.update(id, `status = $2, outcome = $3, decided_on = $4, resolved_at = now()`, [to, input.outcome, today]);
        await this.db.query(`update complaint_detail set findings = $2, remedy = $3, root_cause = $4, outcome_notice = $5, updated_at = now() where complaint_id = $1`, [
          id,
          input.findings?.trim() || null,
          input.remedy?.trim() || null,
          input.rootCause?.trim() || null,
          notice,
        ]);
        break;
      }
      case 'close':
        await this.update(id, `status = $2, closed_at = now()`, [to]);
        break;
      case 'withdraw':
        if (!reason) return refuse('REASON_REQUIRED', 'Say how the complainant withdrew');
        await this.update(id, `status = $2, withdrawn_at = now(), decided_on = $3`, [to, today]);
        break;
      case 'reopen': {
        if (!reason) return refuse('REASON_REQUIRED', 'Say why the complaint is reopened');
        // A reopened complaint is decided afresh: both clocks restart today under the policy now in force.
        const policy = await new PolicyService(this.db).current(COMPLAINT_CLOCK, row.client_id);
        const clocks = complaintDeadlines(policy.body, today);
        await this.update(
          id,
          `status = $2, outcome = null, decided_on = null, resolved_at = null, closed_at = null, withdrawn_at = null, reopened_count = reopened_count + 1,
           clock_started_on = $3, extension_level = 0, policy_version = $4, policy_preset = $5, regulatory_basis = $6, regulatory_due_on = $7,
           contractual_basis = $8, contractual_due_on = $9, clock_approximate = $10, due_soon_days = $11`,
          [to, today, policy.version, policy.preset, clocks.regulatory.basis, clocks.regulatory.dueOn, clocks.contractual?.basis ?? null, clocks.contractual?.dueOn ?? null,
            clocks.regulatory.approximate || Boolean(clocks.contractual?.approximate), policy.body.dueSoonDays],
        );
        break;
      }
      case 'extend': {
        if (!reason) return refuse('REASON_REQUIRED', 'An extension records its reason');
        const policy = await this.policyOf(row);
        const next = nextExtension(policy, row.extension_level, ROLES_WHO_MAY_APPROVE.includes(actor.role));
        if (!next.ok) return refuse(next.code, next.message);
        const clocks = complaintDeadlines(policy, row.clock_started_on, next.level);
        await this.update(id, `extension_level = $2, regulatory_due_on = $3, clock_approximate = clock_approximate or $4`, [next.level, clocks.regulatory.dueOn, clocks.regulatory.approximate]);
        break;
      }
      case 'assign': {
        if (!input.handlerId) return refuse('HANDLER_REQUIRED', 'Choose the handler');
        const problem = await this.handlerCheck(input.handlerId, row.against_user_id);
        if (problem) return problem;
        await this.update(id, `handler_id = $2`, [input.handlerId]);
        break;
      }
    }

    const after = (await this.get(id)) as ComplaintRow;
    await this.record(actor, after, action, row.status, after.status, action === 'assign' ? null : reason, action === 'extend' ? { extensionLevel: after.extension_level, regulatoryDueOn: after.regulatory_due_on } : {});
    if (after.account_id) {
      if (isHolding(after.status) && !isHolding(row.status)) await this.hold(actor, after);
      if (!isHolding(after.status) && isHolding(row.status)) await new HoldService(this.db).liftBySource(actor, { type: 'complaint', id }, `Complaint ${after.reference} ${after.status}`);
    }
    return { ok: true, value: after };
  }

  /** A comment from staff or the bank; the person complained against cannot add to the body. */
  async comment(actor: Principal, complaintId: string, body: string): Promise<Outcome<ComplaintEntryRow>> {
    const row = await this.get(complaintId);
    if (!row) throw notFound('Complaint');
    if (row.against_user_id === actor.userId) return refuse('HANDLER_IS_SUBJECT', 'The person complained against cannot add to the complaint');
    const text = body?.trim();
    if (!text) return refuse('COMMENT_REQUIRED', 'Write the comment');
    const [entry] = await this.db.query(
      `insert into complaint_entry (client_id, agency_id, complaint_id, kind, author_id, author_role, body)
       values ($1, $2, $3, 'comment', $4, $5, $6)
       returning id, complaint_id, client_id, agency_id, kind, author_id, author_role, body, document_key, file_name, content_type, size_bytes, sha256, created_at`,
      [row.client_id, row.agency_id, row.id, actor.userId, actor.role, text],
    );
    await this.emit(actor, row, 'complaint.commented', { entryId: entry.id, authorRole: actor.role });
    return { ok: true, value: entry };
  }

  /** Records evidence already stored (the caller streamed it to the document store under `key`). */
  async addEvidence(
    actor: Principal,
    row: ComplaintRow,
    doc: { key: string; fileName: string; contentType: string; size: number; sha256: string; note?: string | null },
  ): Promise<ComplaintEntryRow> {
    const [entry] = await this.db.query(
      `insert into complaint_entry (client_id, agency_id, complaint_id, kind, author_id, author_role, body, document_key, file_name, content_type, size_bytes, sha256)
       values ($1, $2, $3, 'evidence', $4, $5, $6, $7, $8, $9, $10, $11)
       returning id, complaint_id, client_id, agency_id, kind, author_id, author_role, body, document_key, file_name, content_type, size_bytes, sha256, created_at`,
      [row.client_id, row.agency_id, row.id, actor.userId, actor.role, doc.note?.trim() || null, doc.key, doc.fileName, doc.contentType, doc.size, doc.sha256],
    );
    await this.emit(actor, row, 'complaint.evidence_added', { entryId: entry.id, sha256: doc.sha256, size: doc.size });
    return entry;
  }

  /** Whether the caller may read the complaint's body (RLS answers: the detail row is visible or not). */
  async bodyVisible(complaintId: string): Promise<boolean> {
    const rows = await this.db.query(`select 1 from complaint_detail where complaint_id = $1`, [complaintId]);
    return rows.length > 0;
  }

  private async policyOf(row: ComplaintRow): Promise<ComplaintClockPolicy> {
    const v = await new PolicyService(this.db).version(COMPLAINT_CLOCK, row.client_id, row.policy_version);
    return (v ?? (await new PolicyService(this.db).current(COMPLAINT_CLOCK, row.client_id))).body;
  }

  private async handlerCheck(handlerId: string, againstUserId: string | null): Promise<Refusal | null> {
    const [u] = await this.db.query(`select id from app_user where id = $1 and role in ('agency_admin', 'supervisor') and disabled_at is null`, [handlerId]);
    if (!u) throw notFound('Handler');
    const problem = handlerProblem(handlerId, againstUserId);
    return problem ? refuse(problem.code, problem.message) : null;
  }

  private async update(id: string, set: string, params: unknown[]): Promise<void> {
    await this.db.query(`update complaint set ${set}, updated_at = now() where id = $1`, [id, ...params]);
  }

  private async hold(actor: Principal, row: ComplaintRow): Promise<void> {
    await new HoldService(this.db).place(actor, {
      accountId: row.account_id as string,
      reason: 'complaint',
      note: `Complaint ${row.reference} (${row.category})`,
      source: { type: 'complaint', id: row.id },
    });
  }

  private async record(actor: Principal, row: ComplaintRow, action: string, from: ComplaintStatus | null, to: ComplaintStatus, reason: string | null, extra: Record<string, unknown> = {}) {
    await this.db.query(
      `insert into complaint_history (client_id, agency_id, complaint_id, action, from_status, to_status, reason, actor_id) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.client_id, row.agency_id, row.id, action, from, to, reason, actor.userId],
    );
    const type = action === 'raise' ? 'complaint.received' : `complaint.${EVENT_NAMES[action as ComplaintAction]}`;
    await this.emit(actor, row, type, { from, ...extra });
  }

  private async emit(actor: Principal, row: ComplaintRow, type: string, extra: Record<string, unknown>) {
    await emitEvent(this.db, {
      agencyId: row.agency_id,
      clientId: row.client_id,
      type,
      subjectId: row.id,
      actorUserId: actor.userId,
      // Ids and codes only: the complainant's identity and words never leave in an event.
      payload: { reference: row.reference, status: row.status, category: row.category, severity: row.severity, outcome: row.outcome, accountId: row.account_id, regulatoryDueOn: row.regulatory_due_on, ...extra },
    });
  }
}

const EVENT_NAMES: Record<ComplaintAction, string> = {
  acknowledge: 'acknowledged',
  investigate: 'investigation_started',
  resolve: 'resolved',
  close: 'closed',
  withdraw: 'withdrawn',
  reopen: 'reopened',
  extend: 'extended',
  assign: 'handler_assigned',
};
