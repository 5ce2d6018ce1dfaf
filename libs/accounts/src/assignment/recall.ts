import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import { emitEvents } from '@arrears/events';
import { holdInForce } from '../holds/hold.service.js';

/** Why a bank takes accounts back (the catalog the return file and the events carry). */
export const RECALL_REASON_CODES = ['bank_request', 'paid_in_full', 'dispute', 'deceased', 'bankruptcy', 'placement_expiry', 'other'] as const;
export type RecallReasonCode = (typeof RECALL_REASON_CODES)[number];

/** Something still running on an account when it is recalled (a repayment plan, a promise to pay). */
export interface RecallOpenItem {
  accountId: string;
  kind: 'plan' | 'promise';
  id: string;
  /** The item's global id (as the API names it). */
  nodeId: string;
  status: string;
  amount: string;
  dueOn: string | null;
}

/**
 * A domain with work that a recall ends (payments: plans and promises). It reports what is open, and
 * closes it in the recall's transaction. Registered at module load by that domain, so accounts does
 * not depend on it.
 */
export interface RecallParticipant {
  openItems(db: EntityManager, accountIds: readonly string[]): Promise<RecallOpenItem[]>;
  recalled(db: EntityManager, actor: Principal, accountIds: readonly string[], why: string): Promise<void>;
}

const participants: RecallParticipant[] = [];

export function registerRecallParticipant(p: RecallParticipant): void {
  if (!participants.includes(p)) participants.push(p);
}

export interface RecallRequest {
  accountIds?: string[];
  placementId?: string;
  reasonCode: RecallReasonCode;
  /** The bank's effective date; its local today when not given. Never in the future. */
  effectiveOn?: string | null;
  note?: string | null;
  /** The caller has seen the open items and recalls anyway. */
  confirmOpenItems: boolean;
}

export type RecallOutcome =
  | { refused: string; code: 'EFFECTIVE_DATE_IN_FUTURE' | 'NOTE_REQUIRED' }
  | {
      recalled: number;
      /** Open items were found and not confirmed: nothing was changed. */
      needsConfirmation: boolean;
      openItems: RecallOpenItem[];
      /** Accounts left out because a legal case holds them (recalled once the case is withdrawn). */
      blockedByLegalCase: number;
      recallIds: string[];
      clientIds: string[];
    };

/**
 * What makes a recall request unacceptable, or null: a reason "other" needs a note; the effective date
 * may not be after any of the accounts' banks' today (a recall is not scheduled ahead).
 */
export function recallProblem(
  reasonCode: RecallReasonCode,
  note: string | null,
  effectiveOn: string | null,
  bankTodays: readonly string[],
): { refused: string; code: 'EFFECTIVE_DATE_IN_FUTURE' | 'NOTE_REQUIRED' } | null {
  if (reasonCode === 'other' && !note?.trim()) return { refused: 'Say why in a note when the reason is "other"', code: 'NOTE_REQUIRED' };
  if (effectiveOn && bankTodays.some((today) => effectiveOn > today)) return { refused: 'The effective date is after the bank’s today: recall on that day', code: 'EFFECTIVE_DATE_IN_FUTURE' };
  return null;
}

interface Target {
  id: string;
  client_id: string;
  agency_id: string;
  placement_id: string;
  today: string;
  legal: boolean;
}

/**
 * The one recall path (bank portal per placement, account page per account): reason code and effective
 * date, one `account_recall` row per bank, an assignment-history row per account with what was open,
 * open plans and promises closed by their domain, `account.recalled` events. An account in a legal case
 * is not recalled: the legal hold is the one rule.
 */
export async function recallAccounts(db: EntityManager, actor: Principal, req: RecallRequest): Promise<RecallOutcome> {
  const note = req.note?.trim() || null;
  const noteProblem = recallProblem(req.reasonCode, note, null, []);
  if (noteProblem) return noteProblem;
  // The recall's own write path: the account column rules let a bank clear an assignment only here.
  await db.query(`select set_config('app.write_path', 'recall', true)`);
  const targets: Target[] = await db.query(
    `select a.id, a.client_id, a.agency_id, a.placement_id, (now() at time zone c.time_zone)::date::text as today,
            exists (select 1 from account_hold h where h.client_id = a.client_id and h.account_id = a.id and h.reason = 'legal_case' and ${holdInForce('h')}) as legal
       from account a join client c on c.id = a.client_id
      where a.status = 'active' and (a.id = any($1::uuid[]) or a.placement_id = $2::uuid)
      order by a.id
      for update of a`,
    [req.accountIds ?? [], req.placementId ?? null],
  );
  const eligible = targets.filter((x) => !x.legal);
  const blockedByLegalCase = targets.length - eligible.length;
  const dateProblem = recallProblem(req.reasonCode, note, req.effectiveOn ?? null, eligible.map((x) => x.today));
  if (dateProblem) return dateProblem;
  const ids = eligible.map((x) => x.id);
  const openItems = (await Promise.all(participants.map((p) => p.openItems(db, ids)))).flat();
  const base = { openItems, blockedByLegalCase, recallIds: [] as string[], clientIds: [] as string[] };
  if (!ids.length) return { ...base, recalled: 0, needsConfirmation: false };
  if (openItems.length && !req.confirmOpenItems) return { ...base, recalled: 0, needsConfirmation: true };

  const itemsOf = new Map<string, RecallOpenItem[]>();
  for (const i of openItems) itemsOf.set(i.accountId, [...(itemsOf.get(i.accountId) ?? []), i]);
  const byClient = new Map<string, Target[]>();
  for (const x of eligible) byClient.set(x.client_id, [...(byClient.get(x.client_id) ?? []), x]);
  const recallIds: string[] = [];
  const why = `recalled (${req.reasonCode})${note ? `: ${note}` : ''}`;
  for (const [clientId, accounts] of byClient) {
    const effectiveOn = req.effectiveOn ?? accounts[0].today;
    const items = accounts.flatMap((a) => itemsOf.get(a.id) ?? []);
    const [{ id: recallId }] = await db.query(
      `insert into account_recall (client_id, agency_id, reason_code, effective_on, note, placement_id, recalled_by, accounts, open_items)
       values ($1, $2, $3, $4::date, $5, $6, $7, $8, $9) returning id`,
      [clientId, accounts[0].agency_id, req.reasonCode, effectiveOn, note, req.placementId ?? null, actor.userId, accounts.length, items.length],
    );
    recallIds.push(recallId);
    const accountIds = accounts.map((a) => a.id);
    await db.query(
      `update account a set status = 'recalled', recalled_at = now(), recall_reason = coalesce($3, $4), recall_reason_code = $4, recall_effective_on = $5::date,
              assigned_collector_id = null, assigned_team_id = null, updated_at = now()
        where a.client_id = $1 and a.id = any($2::uuid[])`,
      [clientId, accountIds, note, req.reasonCode, effectiveOn],
    );
    await db.query(
      `update placement_episode e set ended_on = $3::date, end_reason = 'recalled'
        from account a where a.client_id = $1 and a.id = any($2::uuid[]) and e.client_id = a.client_id and e.account_id = a.id and e.placement_id = a.placement_id and e.ended_on is null`,
      [clientId, accountIds, effectiveOn],
    );
    await db.query(
      `insert into assignment_history (client_id, agency_id, account_id, collector_id, team_id, assigned_by, rule, recall_id, open_items)
       select $1, $2, x.id, null, null, $3, 'recall', $4, x.items from unnest($5::uuid[], $6::jsonb[]) as x(id, items)`,
      [clientId, accounts[0].agency_id, actor.userId, recallId, accountIds, accountIds.map((id) => JSON.stringify(itemsOf.get(id) ?? []))],
    );
    await emitEvents(
      db,
      accounts.map((a) => ({
        agencyId: a.agency_id,
        clientId,
        type: 'account.recalled',
        subjectId: a.id,
        actorUserId: actor.userId,
        payload: { recallId, reasonCode: req.reasonCode, effectiveOn, placementId: a.placement_id, openItems: (itemsOf.get(a.id) ?? []).map((i) => ({ kind: i.kind, id: i.id, status: i.status, amount: i.amount })) },
      })),
    );
  }
  for (const p of participants) await p.recalled(db, actor, ids, why);
  if (req.placementId) await db.query(`update placement set status = 'recalled', recalled_at = now() where id = $1 and status = 'active'`, [req.placementId]);
  return { ...base, recalled: ids.length, needsConfirmation: false, recallIds, clientIds: [...byClient.keys()] };
}
