import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { HoldService } from '@arrears/accounts';
import { emitEvent } from '@arrears/events';
import { PolicyService, type PolicyVersion } from '@arrears/platform';
import type { Principal } from '@arrears/tenancy';
import { assembleCaseFile, assessAccounts, loadAccountFacts, missingForReferral, type LegalRuntime } from '../case-file/case-file.service.js';
import { LEGAL_ELIGIBILITY, type LegalEligibilityPolicy } from '../eligibility/eligibility-policy.js';
import { PostingRefused } from '../case-file/providers.js';
import { acceptsMoney, ACTIVE_STATUSES, TERMINAL_STATUSES, transitionRefusal, type CaseActor, type CaseStatus } from './status-machine.js';

export interface CaseRow {
  client_id: string;
  id: string;
  agency_id: string;
  account_id: string;
  law_firm_id: string;
  law_firm_name: string;
  referred_by_name: string;
  status: CaseStatus;
  firm_visible: boolean;
  authorisation_required: boolean;
  authorised_by: string | null;
  authorised_at: Date | null;
  authorisation_note: string | null;
  referred_by: string;
  referred_at: Date;
  policy_version: number;
  currency: string;
  claim_amount: string;
  decline_reason: string | null;
  court: string | null;
  court_case_no: string | null;
  status_changed_at: Date;
}

export const CASE_COLUMNS = `client_id, id, agency_id, account_id, law_firm_id, law_firm_name, referred_by_name, status, firm_visible, authorisation_required,
  authorised_by, authorised_at, authorisation_note, referred_by, referred_at, policy_version, currency, claim_amount, decline_reason, court, court_case_no, status_changed_at`;

/** An expected refusal: code and message, returned to the client as a union member. */
export class Refusal {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

export interface RecoveryRow {
  client_id: string;
  id: string;
  agency_id: string;
  case_id: string;
  law_firm_id: string;
  account_id: string;
  amount: string;
  currency: string;
  received_on: string;
  note: string | null;
  status: 'recorded' | 'confirmed' | 'rejected';
  recorded_by: string;
  recorded_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
}
export const RECOVERY_COLUMNS = `client_id, id, agency_id, case_id, law_firm_id, account_id, amount, currency, received_on::text, note, status, recorded_by, recorded_at, decided_by, decided_at, decision_note`;

export interface CostRow {
  id: string;
  case_id: string;
  kind: string;
  amount: string;
  currency: string;
  incurred_on: string;
  note: string | null;
  recorded_by: string;
  recorded_at: Date;
  posted_at: Date | null;
  ledger_entry_id: string | null;
}
const COST_COLUMNS = `id, case_id, kind, amount, currency, incurred_on::text, note, recorded_by, recorded_at, posted_at, ledger_entry_id`;

const actorOf = (p: Principal): CaseActor => (p.role === 'lawyer' ? 'lawyer' : p.role === 'client_user' ? 'bank' : 'staff');

/**
 * Legal cases: referral, the bank's authorisation, the firm's work and the agency's decisions. Every
 * call runs in the caller's tenant transaction; RLS decides which cases exist for the caller (a lawyer:
 * only the firm's), so an unknown or foreign id is simply not found.
 */
export class LegalCaseService {
  constructor(
    private readonly db: EntityManager,
    private readonly rt: LegalRuntime,
  ) {}

  async byIds(ids: readonly string[]): Promise<CaseRow[]> {
    return this.db.query(`select ${CASE_COLUMNS} from legal_case where id = any($1::uuid[])`, [ids]);
  }

  async get(id: string): Promise<CaseRow | null> {
    return (await this.byIds([id]))[0] ?? null;
  }

  async list(opts: { first: number; after: [string, string] | null; statuses?: CaseStatus[]; clientId?: string; accountId?: string; lawFirmId?: string }): Promise<CaseRow[]> {
    const where: string[] = [];
    const params: unknown[] = [opts.first + 1];
    const add = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (opts.after) where.push(`(referred_at, id) < (${add(opts.after[0])}::timestamptz, ${add(opts.after[1])}::uuid)`);
    if (opts.statuses?.length) where.push(`status = any(${add(opts.statuses)}::text[])`);
    if (opts.clientId) where.push(`client_id = ${add(opts.clientId)}::uuid`);
    if (opts.accountId) where.push(`account_id = ${add(opts.accountId)}::uuid`);
    if (opts.lawFirmId) where.push(`law_firm_id = ${add(opts.lawFirmId)}::uuid`);
    return this.db.query(
      `select ${CASE_COLUMNS}, to_json(referred_at)#>>'{}' as referred_iso from legal_case ${where.length ? `where ${where.join(' and ')}` : ''}
        order by referred_at desc, id desc limit $1`,
      params,
    );
  }

  private policies(clientIds: string[]): Promise<Map<string, PolicyVersion<LegalEligibilityPolicy>>> {
    return new PolicyService(this.db).currentFor(LEGAL_ELIGIBILITY, clientIds);
  }

  /**
   * Refers accounts to a firm. Each account is checked again (eligibility under the policy in force and
   * completeness of what its case file needs); those that pass get a case, a hold, and, unless the bank
   * must authorise first, their case file. The others come back with the reason.
   */
  async refer(actor: Principal, accountIds: string[], lawFirmId: string, note: string | null): Promise<{ cases: CaseRow[]; refused: { accountId: string; code: string; message: string }[] } | Refusal> {
    const [firm]: { id: string; name: string }[] = await this.db.query(`select id, name from law_firm where id = $1`, [lawFirmId]);
    if (!firm) return new Refusal('LAW_FIRM_NOT_FOUND', 'Law firm not found');
    const facts = await loadAccountFacts(this.db, [...new Set(accountIds)]);
    const refused: { accountId: string; code: string; message: string }[] = [];
    for (const id of accountIds) if (!facts.has(id)) refused.push({ accountId: id, code: 'NOT_FOUND', message: 'Account not found' });
    // In the caller's order, so results line up with what was asked.
    const order = [...new Set(accountIds)];
    const byClient = new Map<string, string[]>();
    for (const id of order) {
      const a = facts.get(id);
      if (a) byClient.set(a.clientId, [...(byClient.get(a.clientId) ?? []), id]);
    }
    const policies = await this.policies([...byClient.keys()]);
    const cases: CaseRow[] = [];
    for (const [clientId, ids] of byClient) {
      const policy = policies.get(clientId)!;
      const assessed = await assessAccounts(this.db, this.rt.providers, ids.map((id) => facts.get(id)!), policy.body);
      const missing = await missingForReferral(this.db, clientId, ids, policy.body);
      for (const id of ids) {
        const e = assessed.get(id)!;
        const failedChecks = e.checks.filter((c) => !c.passed);
        if (failedChecks.length) {
          refused.push({ accountId: id, code: 'NOT_ELIGIBLE', message: failedChecks.map((c) => c.message).join('; ') });
          continue;
        }
        const gaps = missing.get(id) ?? [];
        if (gaps.length) {
          refused.push({ accountId: id, code: 'CASE_FILE_INCOMPLETE', message: `Missing: ${gaps.join(', ')}` });
          continue;
        }
        const a = facts.get(id)!;
        const required = policy.body.bankAuthorisationRequired;
        const [row]: CaseRow[] = await this.db.query(
          `insert into legal_case (client_id, agency_id, account_id, law_firm_id, law_firm_name, referred_by_name, status, firm_visible, authorisation_required,
                                   referred_by, policy_version, currency, claim_amount)
           values ($1, $2, $3, $4, $5, $6, $7, false, $8, $9, $10, $11, $12) returning ${CASE_COLUMNS}`,
          [clientId, a.agencyId, id, firm.id, firm.name, actor.displayName, required ? 'awaiting_authorisation' : 'referred', required, actor.userId, policy.version, a.currency, a.totalDue],
        );
        await new HoldService(this.db).place(actor, { accountId: id, reason: 'legal_case', note: `Referred to ${firm.name}`, source: { type: 'legal_case', id: row.id } });
        await this.history(row, null, row.status, note);
        await emitEvent(this.db, {
          agencyId: row.agency_id,
          clientId,
          type: 'legal.case_referred',
          subjectId: row.id,
          payload: { accountId: id, lawFirmId: firm.id, authorisationRequired: required, claimAmount: row.claim_amount, currency: row.currency, policyVersion: policy.version },
          actorUserId: actor.userId,
        });
        cases.push(required ? row : await this.handOver(actor, row));
      }
    }
    const rank = (accountId: string) => order.indexOf(accountId);
    return { cases: cases.sort((x, y) => rank(x.account_id) - rank(y.account_id)), refused: refused.sort((x, y) => rank(x.accountId) - rank(y.accountId)) };
  }

  /** Assembles the case file and makes the case visible to the firm. */
  private async handOver(actor: Principal, row: CaseRow): Promise<CaseRow> {
    await assembleCaseFile(this.db, this.rt, actor, row);
    const [[updated]]: [CaseRow[], number] = await this.db.query(`update legal_case set firm_visible = true where client_id = $1 and id = $2 returning ${CASE_COLUMNS}`, [row.client_id, row.id]);
    return updated;
  }

  /** The bank authorises the suit (the case file is assembled now, including the authorisation) or declines it. */
  async authorise(actor: Principal, caseId: string, approve: boolean, note: string | null): Promise<CaseRow | Refusal | null> {
    const c = await this.get(caseId);
    if (!c) return null;
    const to: CaseStatus = approve ? 'referred' : 'authorisation_declined';
    const refusal = transitionRefusal(c.status, to, 'bank');
    if (refusal) return new Refusal(refusal.code, refusal.message);
    const [[moved]]: [CaseRow[], number] = await this.db.query(
      `update legal_case set status = $3, authorised_by = $4, authorised_at = case when $5 then now() end, authorisation_note = $6, status_changed_at = now()
        where client_id = $1 and id = $2 and status = 'awaiting_authorisation' returning ${CASE_COLUMNS}`,
      [c.client_id, c.id, to, actor.userId, approve, note],
    );
    if (!moved) return new Refusal('CONFLICT', 'The case changed meanwhile; reload it');
    await this.history(moved, c.status, to, note);
    await emitEvent(this.db, {
      agencyId: c.agency_id,
      clientId: c.client_id,
      type: approve ? 'legal.case_authorised' : 'legal.authorisation_declined',
      subjectId: c.id,
      payload: { accountId: c.account_id },
      actorUserId: actor.userId,
    });
    if (!approve) {
      await new HoldService(this.db).liftBySource(actor, { type: 'legal_case', id: c.id }, 'The bank declined the suit');
      return moved;
    }
    return this.handOver(actor, moved);
  }

  /** Moves a case (the firm along the court path, the agency withdrawing it); terminal moves lift the account's hold. */
  async move(actor: Principal, caseId: string, to: CaseStatus, input: { note?: string | null; court?: string | null; courtCaseNo?: string | null }): Promise<CaseRow | Refusal | null> {
    const c = await this.get(caseId);
    if (!c) return null;
    const who = actorOf(actor);
    if (who === 'bank') return new Refusal('NOT_YOURS_TO_MOVE', 'The bank authorises or declines; it does not move cases');
    const refusal = transitionRefusal(c.status, to, who);
    if (refusal) return new Refusal(refusal.code, refusal.message);
    const [[moved]]: [CaseRow[], number] = await this.db.query(
      `update legal_case set status = $3, status_changed_at = now(), court = coalesce($4, court), court_case_no = coalesce($5, court_case_no),
              decline_reason = case when $3 in ('declined', 'returned', 'withdrawn') then $6 else decline_reason end
        where client_id = $1 and id = $2 and status = $7 returning ${CASE_COLUMNS}`,
      [c.client_id, c.id, to, input.court?.trim() || null, input.courtCaseNo?.trim() || null, input.note?.trim() || null, c.status],
    );
    if (!moved) return new Refusal('CONFLICT', 'The case changed meanwhile; reload it');
    await this.history(moved, c.status, to, input.note ?? null);
    await this.announce(actor, moved, 'legal.status_changed', { from: c.status, to, accountId: c.account_id });
    if (who === 'staff' && TERMINAL_STATUSES.includes(to)) await new HoldService(this.db).liftBySource(actor, { type: 'legal_case', id: c.id }, `Legal case ${to}`);
    return moved;
  }

  /**
   * Events (and, for a lawyer, the hold lift of a finished case): staff write them directly; a lawyer has
   * no client scope, so the database's narrow app.legal_firm_effects does it for the firm's own case.
   */
  private async announce(actor: Principal, c: CaseRow, type: string, payload: Record<string, unknown>): Promise<void> {
    if (actor.role === 'lawyer') {
      await this.db.query(`select app.legal_firm_effects($1, $2, $3, $4::jsonb)`, [c.client_id, c.id, type, JSON.stringify(payload)]);
    } else {
      await emitEvent(this.db, { agencyId: c.agency_id, clientId: c.client_id, type, subjectId: c.id, payload, actorUserId: actor.userId });
    }
  }

  private async history(c: CaseRow, from: CaseStatus | null, to: CaseStatus, note: string | null): Promise<void> {
    await this.db.query(
      `insert into legal_case_status (client_id, agency_id, case_id, law_firm_id, from_status, to_status, note, changed_by)
       values ($1, $2, $3, $4, $5, $6, $7, nullif(current_setting('app.user_id', true), '')::uuid)`,
      [c.client_id, c.agency_id, c.id, c.law_firm_id, from, to, note?.trim() || null],
    );
  }

  async recordCost(actor: Principal, caseId: string, input: { kind: string; amount: string; incurredOn: string; note?: string | null }): Promise<CostRow | Refusal | null> {
    const c = await this.get(caseId);
    if (!c) return null;
    if (!acceptsMoney(c.status)) return new Refusal('CASE_NOT_IN_PROGRESS', `Costs are recorded once the firm works the case (it is ${c.status})`);
    const amount = positive(input.amount);
    if (!amount) return new Refusal('INVALID_AMOUNT', 'The amount must be a positive decimal with at most two places');
    const [row]: CostRow[] = await this.db.query(
      `insert into legal_cost (client_id, agency_id, case_id, law_firm_id, kind, amount, currency, incurred_on, note, recorded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${COST_COLUMNS}`,
      [c.client_id, c.agency_id, c.id, c.law_firm_id, input.kind, amount, c.currency, input.incurredOn, input.note?.trim() || null, actor.userId],
    );
    await this.announce(actor, c, 'legal.cost_recorded', { costId: row.id, kind: row.kind, amount: row.amount, currency: row.currency });
    // Staff book their own costs at once; a firm's costs wait for staff to post them (lawyers never reach the ledger).
    if (actor.role === 'lawyer') return row;
    return this.postCost(actor, row.id);
  }

  /**
   * Agency staff book a recorded cost against the debtor through the CostPoster (a ledger entry). The
   * guarded UPDATE makes it once; a poster's refusal undoes the claim and comes back as a refusal.
   */
  async postCost(actor: Principal, costId: string): Promise<CostRow | Refusal | null> {
    const [cost]: (CostRow & { client_id: string; agency_id: string })[] = await this.db.query(`select client_id, agency_id, ${COST_COLUMNS} from legal_cost where id = $1`, [costId]);
    if (!cost) return null;
    const c = await this.get(cost.case_id);
    if (!c) return null;
    if (cost.posted_at) return new Refusal('ALREADY_POSTED', 'The cost is already booked to the ledger');
    await this.db.query(`savepoint legal_cost_post`);
    try {
      const { postingRef } = await this.rt.providers.costs.post(this.db, actor, {
        clientId: cost.client_id,
        agencyId: cost.agency_id,
        costId: cost.id,
        caseId: c.id,
        accountId: c.account_id,
        kind: cost.kind,
        amount: cost.amount,
        currency: cost.currency,
        incurredOn: cost.incurred_on,
      });
      const [[posted]]: [CostRow[], number] = await this.db.query(
        `update legal_cost set posted_at = now(), posted_by = $3, ledger_entry_id = $4 where client_id = $1 and id = $2 and posted_at is null returning ${COST_COLUMNS}`,
        [cost.client_id, cost.id, actor.userId, postingRef],
      );
      if (!posted) {
        await this.db.query(`rollback to savepoint legal_cost_post`);
        return new Refusal('ALREADY_POSTED', 'The cost was booked meanwhile');
      }
      await this.db.query(`release savepoint legal_cost_post`);
      await this.announce(actor, c, 'legal.cost_posted', { costId: cost.id, ledgerEntryId: postingRef, amount: cost.amount, currency: cost.currency });
      return posted;
    } catch (e) {
      if (!(e instanceof PostingRefused)) throw e;
      await this.db.query(`rollback to savepoint legal_cost_post`);
      return new Refusal(e.code, e.message);
    }
  }

  async recordRecovery(actor: Principal, caseId: string, input: { amount: string; receivedOn: string; note?: string | null }): Promise<RecoveryRow | Refusal | null> {
    const c = await this.get(caseId);
    if (!c) return null;
    if (!acceptsMoney(c.status)) return new Refusal('CASE_NOT_IN_PROGRESS', `Recoveries are recorded once the firm works the case (it is ${c.status})`);
    const amount = positive(input.amount);
    if (!amount) return new Refusal('INVALID_AMOUNT', 'The amount must be a positive decimal with at most two places');
    const [row]: RecoveryRow[] = await this.db.query(
      `insert into legal_recovery (client_id, agency_id, case_id, law_firm_id, account_id, amount, currency, received_on, note, recorded_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${RECOVERY_COLUMNS}`,
      [c.client_id, c.agency_id, c.id, c.law_firm_id, c.account_id, amount, c.currency, input.receivedOn, input.note?.trim() || null, actor.userId],
    );
    await this.announce(actor, c, 'legal.recovery_recorded', { recoveryId: row.id, amount: row.amount, currency: row.currency });
    return row;
  }

  async recoveriesByIds(ids: readonly string[]): Promise<RecoveryRow[]> {
    return this.db.query(`select ${RECOVERY_COLUMNS} from legal_recovery where id = any($1::uuid[])`, [ids]);
  }

  /**
   * Agency staff confirm a recovery (posted exactly once through the RecoveryPoster) or reject it. The
   * guarded UPDATE is the once: a second confirmation finds no 'recorded' row and is refused.
   */
  async decideRecovery(actor: Principal, recoveryId: string, confirm: boolean, note: string | null): Promise<RecoveryRow | Refusal | null> {
    const [r] = await this.recoveriesByIds([recoveryId]);
    if (!r) return null;
    if (r.status !== 'recorded') return new Refusal('ALREADY_DECIDED', `The recovery is already ${r.status}`);
    // A poster's refusal (e.g. the account is closed) undoes the confirmation too: the recovery stays recorded.
    await this.db.query(`savepoint legal_recovery_decide`);
    const [[decided]]: [RecoveryRow[], number] = await this.db.query(
      `update legal_recovery set status = $3, decided_by = $4, decided_at = now(), decision_note = $5
        where client_id = $1 and id = $2 and status = 'recorded' returning ${RECOVERY_COLUMNS}`,
      [r.client_id, r.id, confirm ? 'confirmed' : 'rejected', actor.userId, note?.trim() || null],
    );
    if (!decided) {
      await this.db.query(`release savepoint legal_recovery_decide`);
      return new Refusal('ALREADY_DECIDED', 'The recovery was decided meanwhile');
    }
    if (confirm) {
      try {
        await this.rt.providers.recoveries.post(this.db, actor, {
          clientId: r.client_id,
          agencyId: r.agency_id,
          recoveryId: r.id,
          caseId: r.case_id,
          accountId: r.account_id,
          amount: r.amount,
          currency: r.currency,
          receivedOn: r.received_on,
        });
      } catch (e) {
        if (!(e instanceof PostingRefused)) throw e;
        await this.db.query(`rollback to savepoint legal_recovery_decide`);
        return new Refusal(e.code, e.message);
      }
      await this.db.query(`release savepoint legal_recovery_decide`);
    } else {
      await this.db.query(`release savepoint legal_recovery_decide`);
      await emitEvent(this.db, { agencyId: r.agency_id, clientId: r.client_id, type: 'legal.recovery_rejected', subjectId: r.id, payload: { caseId: r.case_id }, actorUserId: actor.userId });
    }
    return decided;
  }

  async costs(caseIds: readonly string[]): Promise<CostRow[]> {
    return this.db.query(
      `select ${COST_COLUMNS} from legal_cost where case_id = any($1::uuid[]) order by recorded_at, id`,
      [caseIds],
    );
  }

  async recoveries(caseIds: readonly string[]): Promise<RecoveryRow[]> {
    return this.db.query(`select ${RECOVERY_COLUMNS} from legal_recovery where case_id = any($1::uuid[]) order by recorded_at, id`, [caseIds]);
  }

  async statusHistory(caseIds: readonly string[]) {
    return this.db.query(
      `select id, case_id, from_status, to_status, note, changed_by, changed_at from legal_case_status where case_id = any($1::uuid[]) order by changed_at, id`,
      [caseIds],
    ) as Promise<{ id: string; case_id: string; from_status: string | null; to_status: string; note: string | null; changed_by: string; changed_at: Date }[]>;
  }

  async caseFiles(caseIds: readonly string[]) {
    return this.db.query(`select case_id, snapshot, manifest, manifest_sha256, created_at from legal_case_file where case_id = any($1::uuid[])`, [caseIds]) as Promise<
      { case_id: string; snapshot: Record<string, unknown>; manifest: Record<string, unknown>; manifest_sha256: string; created_at: Date }[]
    >;
  }

  async documents(caseIds: readonly string[]) {
    return this.db.query(
      `select client_id, id, agency_id, case_id, kind, in_case_file, file_name, content_type, storage_key, sha256, size_bytes::int as size, uploaded_by, created_at
         from legal_case_document where case_id = any($1::uuid[]) order by in_case_file desc, created_at, file_name`,
      [caseIds],
    ) as Promise<CaseDocumentRow[]>;
  }

  /** Accounts with an active case, for callers that must refuse something on them. */
  async activeFor(accountIds: readonly string[]): Promise<Set<string>> {
    const rows: { account_id: string }[] = await this.db.query(`select account_id from legal_case where account_id = any($1::uuid[]) and status = any($2::text[])`, [
      accountIds,
      ACTIVE_STATUSES,
    ]);
    return new Set(rows.map((r) => r.account_id));
  }
}

export interface CaseDocumentRow {
  client_id: string;
  id: string;
  agency_id: string;
  case_id: string;
  kind: string;
  in_case_file: boolean;
  file_name: string;
  content_type: string;
  storage_key: string;
  sha256: string;
  size: number;
  uploaded_by: string;
  created_at: Date;
}

function positive(amount: string): string | null {
  if (!/^\d{1,16}(\.\d{1,2})?$/.test(amount.trim())) return null;
  const d = new Decimal(amount.trim());
  return d.gt(0) ? d.toFixed(2) : null;
}
