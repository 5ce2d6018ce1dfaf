import type { EntityManager } from 'typeorm';
import { emitEvent } from '@arrears/events';
import type { Principal } from '@arrears/tenancy';
import { templateProblems, type TemplateProblem } from './placeholders.js';

export type TemplateChannel = 'sms' | 'letter';
export type VersionStatus = 'draft' | 'submitted' | 'approved' | 'rejected';

export interface TemplateRow {
  client_id: string;
  id: string;
  agency_id: string;
  channel: TemplateChannel;
  name: string;
  created_by: string;
  created_at: Date;
}

export interface TemplateVersionRow {
  client_id: string;
  id: string;
  agency_id: string;
  template_id: string;
  version: number;
  title: string | null;
  body: string;
  agency_phone: string;
  status: VersionStatus;
  created_by: string;
  created_at: Date;
  submitted_by: string | null;
  submitted_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
}

const TEMPLATE_COLUMNS = 'client_id, id, agency_id, channel, name, created_by, created_at';
const VERSION_COLUMNS = `client_id, id, agency_id, template_id, version, title, body, agency_phone, status, created_by, created_at,
  submitted_by, submitted_at, decided_by, decided_at, decision_note`;

export interface DraftInput {
  title?: string | null;
  body: string;
  agencyPhone: string;
}

export type Refusal = { problems: TemplateProblem[] } | { state: string };

/**
 * Templates per bank: the agency drafts a version, submits it, the bank's user approves or rejects it.
 * RLS decides who may do which step (migration 0018); the service keeps the order of the steps and
 * writes `template.approved` / `template.rejected` to the outbox in the same transaction.
 */
export class TemplateService {
  constructor(
    private readonly db: EntityManager,
    private readonly actor: Principal,
  ) {}

  async templates(clientId?: string | null, channel?: TemplateChannel | null): Promise<TemplateRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (clientId) where.push(`client_id = $${params.push(clientId)}`);
    if (channel) where.push(`channel = $${params.push(channel)}`);
    return this.db.query(`select ${TEMPLATE_COLUMNS} from message_template ${where.length ? `where ${where.join(' and ')}` : ''} order by name, id limit 500`, params);
  }

  async template(id: string): Promise<TemplateRow | null> {
    const [row]: TemplateRow[] = await this.db.query(`select ${TEMPLATE_COLUMNS} from message_template where id = $1`, [id]);
    return row ?? null;
  }

  async versionsOf(templateIds: readonly string[]): Promise<Map<string, TemplateVersionRow[]>> {
    const rows: TemplateVersionRow[] = await this.db.query(`select ${VERSION_COLUMNS} from message_template_version where template_id = any($1::uuid[]) order by version desc`, [templateIds]);
    const out = new Map<string, TemplateVersionRow[]>(templateIds.map((id) => [id, []]));
    for (const r of rows) out.get(r.template_id)?.push(r);
    return out;
  }

  async version(id: string): Promise<TemplateVersionRow | null> {
    const [row]: TemplateVersionRow[] = await this.db.query(`select ${VERSION_COLUMNS} from message_template_version where id = $1`, [id]);
    return row ?? null;
  }

  /** The newest approved version: the only text that may be sent. */
  async approvedVersion(templateId: string): Promise<TemplateVersionRow | null> {
    const [row]: TemplateVersionRow[] = await this.db.query(
      `select ${VERSION_COLUMNS} from message_template_version where template_id = $1 and status = 'approved' order by version desc limit 1`,
      [templateId],
    );
    return row ?? null;
  }

  /** A new template with its first draft version. Null when the bank is not one the caller may see. */
  async create(clientId: string, channel: TemplateChannel, name: string, draft: DraftInput): Promise<{ template: TemplateRow; version: TemplateVersionRow } | Refusal | null> {
    const problems = this.check(channel, draft);
    if (problems.length) return { problems };
    const [client]: { id: string }[] = await this.db.query(`select id from client where id = $1`, [clientId]);
    if (!client) return null;
    const [dup]: unknown[] = await this.db.query(`select 1 from message_template where client_id = $1 and channel = $2 and name = $3`, [clientId, channel, name.trim()]);
    if (dup) return { state: 'A template of this name already exists for this bank and channel' };
    const [template]: TemplateRow[] = await this.db.query(
      `insert into message_template (client_id, agency_id, channel, name, created_by) values ($1, $2, $3, $4, $5) returning ${TEMPLATE_COLUMNS}`,
      [clientId, this.actor.agencyId, channel, name.trim(), this.actor.userId],
    );
    return { template, version: await this.insertVersion(template, 1, draft) };
  }

  /** The next version of a template, as a draft (the approved one stays in use until this one is approved). */
  async draft(templateId: string, draft: DraftInput): Promise<TemplateVersionRow | Refusal | null> {
    const template = await this.template(templateId);
    if (!template) return null;
    const problems = this.check(template.channel, draft);
    if (problems.length) return { problems };
    // Versions of one template are numbered one after the other; serialise concurrent drafts.
    await this.db.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`template:${template.id}`]);
    const [{ n }]: { n: number }[] = await this.db.query(`select coalesce(max(version), 0)::int as n from message_template_version where template_id = $1`, [template.id]);
    return this.insertVersion(template, n + 1, draft);
  }

  private check(channel: TemplateChannel, d: DraftInput): TemplateProblem[] {
    return [...templateProblems(d.body, channel), ...(d.title ? templateProblems(d.title, 'letter') : [])];
  }

  private async insertVersion(t: TemplateRow, version: number, d: DraftInput): Promise<TemplateVersionRow> {
    const [row]: TemplateVersionRow[] = await this.db.query(
      `insert into message_template_version (client_id, agency_id, template_id, version, title, body, agency_phone, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${VERSION_COLUMNS}`,
      [t.client_id, t.agency_id, t.id, version, t.channel === 'letter' ? d.title?.trim() || null : null, d.body, d.agencyPhone.trim(), this.actor.userId],
    );
    return row;
  }

  /** Sends a draft to the bank for approval. */
  async submit(versionId: string): Promise<TemplateVersionRow | Refusal | null> {
    const v = await this.version(versionId);
    if (!v) return null;
    if (v.status !== 'draft') return { state: `Only a draft is submitted; this version is ${v.status}` };
    // TypeORM answers an UPDATE with [rows, affected count].
    const [[row]]: [TemplateVersionRow[], number] = await this.db.query(
      `update message_template_version set status = 'submitted', submitted_by = $2, submitted_at = now() where id = $1 and status = 'draft' returning ${VERSION_COLUMNS}`,
      [versionId, this.actor.userId],
    );
    if (!row) return { state: 'This version was submitted meanwhile' };
    await emitEvent(this.db, { agencyId: row.agency_id, clientId: row.client_id, type: 'template.submitted', subjectId: row.template_id, payload: { versionId: row.id, version: row.version }, actorUserId: this.actor.userId });
    return row;
  }

  /** The bank's decision on a submitted version. */
  async decide(versionId: string, approve: boolean, note: string | null): Promise<TemplateVersionRow | Refusal | null> {
    const v = await this.version(versionId);
    if (!v) return null;
    if (v.status !== 'submitted') return { state: `Only a submitted version is approved or rejected; this version is ${v.status}` };
    // TypeORM answers an UPDATE with [rows, affected count].
    const [[row]]: [TemplateVersionRow[], number] = await this.db.query(
      `update message_template_version set status = $2, decided_by = $3, decided_at = now(), decision_note = $4 where id = $1 and status = 'submitted' returning ${VERSION_COLUMNS}`,
      [versionId, approve ? 'approved' : 'rejected', this.actor.userId, note?.trim() || null],
    );
    if (!row) return { state: 'This version was decided meanwhile' };
    await emitEvent(this.db, {
      agencyId: row.agency_id,
      clientId: row.client_id,
      type: approve ? 'template.approved' : 'template.rejected',
      subjectId: row.template_id,
      payload: { versionId: row.id, version: row.version, note: row.decision_note },
      actorUserId: this.actor.userId,
    });
    return row;
  }
}
