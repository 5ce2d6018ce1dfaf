import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import { DEFAULT_AGENCY_OUTCOMES, effectiveOutcomes, outcomeEditProblems, type AgencyOutcome, type OutcomeEdit, type OutcomeEditProblem, type OutcomeKind } from './outcome-list.js';

interface OutcomeRow {
  code: string;
  label_zh: string;
  label_en: string;
  connected: boolean;
  discloses_debt: boolean;
  kind: OutcomeKind;
  places_hold: AgencyOutcome['placesHold'] | null;
  built_in: boolean;
  active: boolean;
  sort: number;
}

const fromRow = (r: OutcomeRow): AgencyOutcome => ({
  code: r.code,
  labelZh: r.label_zh,
  labelEn: r.label_en,
  connected: r.connected,
  disclosesDebt: r.discloses_debt,
  kind: r.kind,
  placesHold: r.places_hold ?? undefined,
  wrongNumber: r.kind === 'wrong_number',
  builtIn: r.built_in,
  active: r.active,
  sort: r.sort,
});

/**
 * The agency's outcome list (contact_outcome, RLS by agency). Until the agency admin edits it, the
 * built-in defaults apply; the first edit stores the defaults with it, so the list is whole afterwards.
 */
export class OutcomeService {
  constructor(private readonly db: EntityManager) {}

  async list(): Promise<AgencyOutcome[]> {
    const rows: OutcomeRow[] = await this.db.query(
      `select code, label_zh, label_en, connected, discloses_debt, kind, places_hold, built_in, active, sort from contact_outcome where agency_id = nullif(current_setting('app.agency_id', true), '')::uuid`,
    );
    return effectiveOutcomes(rows.map(fromRow));
  }

  /** An outcome an attempt may record now (active codes only). */
  async find(code: string): Promise<AgencyOutcome | undefined> {
    return (await this.list()).find((o) => o.code === code && o.active);
  }

  async set(actor: Principal, edit: OutcomeEdit): Promise<{ outcome: AgencyOutcome } | { problems: OutcomeEditProblem[] }> {
    const existing = (await this.list()).find((o) => o.code === edit.code);
    const problems = outcomeEditProblems(existing, edit);
    if (problems.length) return { problems };
    // Serialise edits of one agency's list (the first edit seeds it).
    await this.db.query(`select pg_advisory_xact_lock(hashtextextended('contact_outcome:' || $1, 0))`, [actor.agencyId]);
    for (const d of DEFAULT_AGENCY_OUTCOMES) {
      await this.db.query(
        `insert into contact_outcome (agency_id, code, label_zh, label_en, connected, discloses_debt, kind, places_hold, built_in, active, sort, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, true, true, $9, $10) on conflict (agency_id, code) do nothing`,
        [actor.agencyId, d.code, d.labelZh, d.labelEn, d.connected, d.disclosesDebt, d.kind, d.placesHold ?? null, d.sort, actor.userId],
      );
    }
    await this.db.query(
      `insert into contact_outcome (agency_id, code, label_zh, label_en, connected, discloses_debt, kind, built_in, active, sort, updated_by)
       values ($1, $2, $3, $4, $5, $6, $7, false, $8, $9, $10)
       on conflict (agency_id, code) do update set label_zh = excluded.label_zh, label_en = excluded.label_en, connected = excluded.connected,
         discloses_debt = excluded.discloses_debt, kind = excluded.kind, active = excluded.active, sort = excluded.sort, updated_by = excluded.updated_by, updated_at = now()`,
      [actor.agencyId, edit.code, edit.labelZh.trim(), edit.labelEn.trim(), edit.connected, edit.disclosesDebt, edit.kind, edit.active, edit.sort, actor.userId],
    );
    const outcome = (await this.list()).find((o) => o.code === edit.code) as AgencyOutcome;
    return { outcome };
  }
}
