import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import { emitEvents } from '@arrears/events';

/** Why an account may not be worked (DOMAIN.md, holds). */
export const HOLD_REASONS = [
  'complaint',
  'dispute',
  'hardship',
  'installment_plan',
  'legal_case',
  'cease_request',
  'attorney_represented',
  'bankruptcy',
  'deceased',
  'other',
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Holds about the person, not one bank's account: they reach the same person's accounts at the agency's other banks. */
export const PERSON_LEVEL_HOLD_REASONS: readonly HoldReason[] = ['deceased', 'bankruptcy', 'cease_request', 'attorney_represented'];

/** What placed a hold (a complaint, a plan, a legal case…), so that it is lifted by the same thing. */
export interface HoldSource {
  type: string;
  id: string;
}

export interface HoldRow {
  client_id: string;
  id: string;
  account_id: string;
  reason: HoldReason;
  note: string | null;
  source_type: string | null;
  source_id: string | null;
  placed_by: string;
  placed_at: Date;
  ends_at: Date | null;
  lifted_by: string | null;
  lifted_at: Date | null;
  lift_note: string | null;
}

const COLUMNS = 'client_id, id, account_id, reason, note, source_type, source_id, placed_by, placed_at, ends_at, lifted_by, lifted_at, lift_note';

/** A hold is in force until it is lifted or its end time passes (`h`: the alias of account_hold, if any). */
export const holdInForce = (h = '') => {
  const c = h ? `${h}.` : '';
  return `${c}lifted_at is null and (${c}ends_at is null or ${c}ends_at > now())`;
};
const HOLD_IN_FORCE = holdInForce();

/** SQL for "account `a` has no hold in force": queues and contact eligibility filter on it. */
export const notHeld = (a = 'a') =>
  `not exists (select 1 from account_hold h where h.client_id = ${a}.client_id and h.account_id = ${a}.id and ${holdInForce('h')})`;

/**
 * Holds are account state that several domains place (complaints, plans, legal cases, the collector
 * recording a cease request). A held account is not contactable and is in no queue; lifting the last
 * hold returns it. Every call runs in the caller's tenant transaction, so RLS decides what exists.
 */
export class HoldService {
  constructor(private readonly db: EntityManager) {}

  /**
   * Places a hold on an account the caller can see; returns null when the account is not visible.
   * A source already holding the account (the same complaint twice) returns its existing hold.
   */
  async place(actor: Principal, input: { accountId: string; reason: HoldReason; note?: string | null; endsAt?: Date | null; source?: HoldSource | null }): Promise<HoldRow | null> {
    if (input.source) {
      const [existing]: HoldRow[] = await this.db.query(
        `select ${COLUMNS} from account_hold where account_id = $1 and source_type = $2 and source_id = $3 and ${HOLD_IN_FORCE}`,
        [input.accountId, input.source.type, input.source.id],
      );
      if (existing) return existing;
    }
    const rows: HoldRow[] = await this.db.query(
      `insert into account_hold (client_id, agency_id, account_id, reason, note, source_type, source_id, placed_by, ends_at)
       select a.client_id, a.agency_id, a.id, $2, $3, $4, $5, $6, $7 from account a where a.id = $1
       returning ${COLUMNS}`,
      [input.accountId, input.reason, input.note?.trim() || null, input.source?.type ?? null, input.source?.id ?? null, actor.userId, input.endsAt ?? null],
    );
    await holdEvents(this.db, actor, 'hold.placed', rows);
    return rows[0] ?? null;
  }

  async get(holdId: string): Promise<HoldRow | null> {
    const [row]: HoldRow[] = await this.db.query(`select ${COLUMNS} from account_hold where id = $1`, [holdId]);
    return row ?? null;
  }

  /** Lifts one hold; null when it does not exist for the caller or was already lifted. */
  async lift(actor: Principal, holdId: string, note?: string | null): Promise<HoldRow | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [HoldRow[], number] = await this.db.query(
      `update account_hold set lifted_by = $2, lifted_at = now(), lift_note = $3 where id = $1 and lifted_at is null returning ${COLUMNS}`,
      [holdId, actor.userId, note?.trim() || null],
    );
    await holdEvents(this.db, actor, 'hold.lifted', rows);
    return rows[0] ?? null;
  }

  /** Lifts the holds a source placed (a complaint closed, a plan broken); other holds stay. */
  async liftBySource(actor: Principal | null, source: HoldSource, note?: string | null): Promise<HoldRow[]> {
    const [rows]: [HoldRow[], number] = await this.db.query(
      `update account_hold set lifted_by = $3, lifted_at = now(), lift_note = $4
        where source_type = $1 and source_id = $2 and lifted_at is null returning ${COLUMNS}`,
      [source.type, source.id, actor?.userId ?? null, note?.trim() || null],
    );
    await holdEvents(this.db, actor, 'hold.lifted', rows);
    return rows;
  }

  /** Holds in force for each account (empty list when none), oldest first. */
  async inForce(accountIds: readonly string[]): Promise<Map<string, HoldRow[]>> {
    const rows: HoldRow[] = await this.db.query(
      `select ${COLUMNS} from account_hold where account_id = any($1::uuid[]) and ${HOLD_IN_FORCE} order by placed_at, id`,
      [accountIds],
    );
    const byAccount = new Map<string, HoldRow[]>(accountIds.map((id) => [id, []]));
    for (const r of rows) byAccount.get(r.account_id)?.push(r);
    return byAccount;
  }

  /**
   * For each account, whether a person-level hold is in force on the same person's accounts at another
   * bank of the agency. Answered by a narrow SECURITY DEFINER function (migration 0009): a yes or no,
   * never which bank, which account or why.
   */
  async personHeldElsewhere(accountIds: readonly string[]): Promise<Map<string, boolean>> {
    const rows: { id: string; held: boolean }[] = await this.db.query(
      `select a.id, app.person_held_elsewhere(a.client_id, a.debtor_id) as held from account a where a.id = any($1::uuid[])`,
      [accountIds],
    );
    return new Map(rows.map((r) => [r.id, r.held]));
  }

  async isHeld(accountId: string): Promise<boolean> {
    return ((await this.inForce([accountId])).get(accountId)?.length ?? 0) > 0;
  }

  /** Every hold of an account, in force or not, newest first (at most 100). */
  async history(accountId: string): Promise<HoldRow[]> {
    return this.db.query(`select ${COLUMNS} from account_hold where account_id = $1 order by placed_at desc, id desc limit 100`, [accountId]);
  }
}

/** Holds placed and lifted go to the event outbox in the same transaction (reason and source, no notes). */
/** A system job (no actor) lifts holds too: the event then names no user. */
async function holdEvents(db: EntityManager, actor: Principal | null, type: 'hold.placed' | 'hold.lifted', rows: HoldRow[]): Promise<void> {
  if (!rows.length) return;
  const agencies: { id: string; agency_id: string }[] = await db.query(`select id, agency_id from account_hold where id = any($1::uuid[])`, [rows.map((r) => r.id)]);
  const agencyOf = new Map(agencies.map((a) => [a.id, a.agency_id]));
  await emitEvents(
    db,
    rows.map((r) => ({
      agencyId: agencyOf.get(r.id) ?? actor?.agencyId ?? '',
      clientId: r.client_id,
      type,
      subjectId: r.account_id,
      payload: { holdId: r.id, reason: r.reason, endsAt: r.ends_at, source: r.source_type ? { type: r.source_type, id: r.source_id } : null },
      actorUserId: actor?.userId ?? null,
    })),
  );
}
