import type { EntityManager } from 'typeorm';
import { HoldService } from '@arrears/accounts';
import { emitEvent } from '@arrears/events';
import type { Principal } from '@arrears/tenancy';

/** The account as legal reads it when it assembles a case file (its own query, see case-file.service.ts). */
export interface AccountFacts {
  clientId: string;
  agencyId: string;
  accountId: string;
  bankRef: string;
  cardLast4: string | null;
  currency: string;
  principal: string;
  interest: string;
  fees: string;
  lateCharges: string;
  costs: string;
  credit: string;
  totalDue: string;
  overdueAmount: string;
  placedAmount: string;
  collected: string;
  delinquentSince: string;
  chargeOffDate: string | null;
  lastPaymentDate: string | null;
  lastPaymentAmount: string | null;
  dpd: number;
  bucket: string;
  status: 'active' | 'recalled' | 'closed';
  /** The bank's time zone: the calendar of its books. */
  clientTimeZone: string;
}

export interface StatementPayment {
  date: string;
  amount: string;
  reference: string | null;
  /** `posted` or `reversed` (with the reversal's date and reason in `reversal`). */
  status?: string;
  channel?: string;
  reversal?: { on: string; reason: string | null } | null;
}

/** One movement of what is owed (a ledger entry): signed amounts per component, positive raises the debt. */
export interface StatementLine {
  date: string;
  kind: string;
  principal: string;
  interest: string;
  fees: string;
  lateCharges: string;
  costs: string;
  credit: string;
  total: string;
  reference: string | null;
}

/** The statement of account a court will read: structure of the balance, payments, charge-off. */
export interface StatementOfAccount {
  /** Where the figures come from (e.g. "account_balance" or "ledger"), recorded in the manifest. */
  source: string;
  asOf: string;
  currency: string;
  principal: string;
  interest: string;
  fees: string;
  lateCharges: string;
  costs: string;
  credit: string;
  balance: string;
  overdueAmount: string;
  delinquentSince: string;
  chargeOffDate: string | null;
  chargeOffBalance: string | null;
  /** How the charge-off balance was found: the ledger's sum on that day, or the balance as placed when the ledger starts later. */
  chargeOffBalanceBasis?: 'ledger' | 'placement_opening' | 'account_balance' | null;
  lastPayment: { date: string; amount: string | null } | null;
  payments: StatementPayment[];
  /** Every ledger movement in date order (empty when the source has no ledger). */
  lines: StatementLine[];
}

export interface HistoryEntry {
  at: string;
  kind: string;
  summary: string;
  outcome: string | null;
}

/** One section of history; `entries` empty means "none on file", which the manifest says in words. */
export interface HistorySection {
  source: string;
  entries: HistoryEntry[];
}

export interface StatementProvider {
  statement(db: EntityManager, account: AccountFacts, asOf: string): Promise<StatementOfAccount>;
  /** The latest payment per account for eligibility and limitation; without it the account's last payment date is used. */
  lastPayments?(db: EntityManager, accountIds: readonly string[]): Promise<Map<string, string | null>>;
}

export interface ContactHistoryProvider {
  contactHistory(db: EntityManager, accountId: string): Promise<HistorySection>;
  letters(db: EntityManager, accountId: string): Promise<HistorySection>;
  /** The latest debt acknowledgement recorded as a contact outcome, per account (restarts the limitation period). */
  lastAcknowledgements(db: EntityManager, accountIds: readonly string[]): Promise<Map<string, string | null>>;
}

export interface ArrangementHistoryProvider {
  /** Promises to pay and repayment plans, and how each ended. */
  arrangements(db: EntityManager, accountId: string): Promise<HistorySection>;
  /** Accounts with a repayment plan in force; without it only the plan's hold counts. */
  activePlans?(db: EntityManager, accountIds: readonly string[]): Promise<Set<string>>;
}

export interface ComplaintHistoryProvider {
  complaints(db: EntityManager, accountId: string): Promise<HistorySection>;
  /** Accounts with an undecided complaint or an open dispute; without it only complaint and dispute holds count. */
  openMatters?(db: EntityManager, accountIds: readonly string[]): Promise<Set<string>>;
}

export interface ConfirmedRecovery {
  clientId: string;
  agencyId: string;
  recoveryId: string;
  caseId: string;
  accountId: string;
  amount: string;
  currency: string;
  receivedOn: string;
}

/** Posts a confirmed recovery as money received on the account. Called once per recovery. */
export interface RecoveryPoster {
  post(db: EntityManager, actor: Principal, recovery: ConfirmedRecovery): Promise<{ postingRef: string }>;
}

export interface RecordedCost {
  clientId: string;
  agencyId: string;
  costId: string;
  caseId: string;
  accountId: string;
  kind: string;
  amount: string;
  currency: string;
  incurredOn: string;
}

/** Books a legal cost against the debtor (a ledger entry). Called once per cost, by agency staff. */
export interface CostPoster {
  post(db: EntityManager, actor: Principal, cost: RecordedCost): Promise<{ postingRef: string }>;
}

/** A poster's refusal (e.g. the account is closed): the decision is undone and the caller gets the code. */
export class PostingRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface CaseFileProviders {
  statement: StatementProvider;
  contact: ContactHistoryProvider;
  arrangements: ArrangementHistoryProvider;
  complaints: ComplaintHistoryProvider;
  recoveries: RecoveryPoster;
  costs: CostPoster;
}

/** The statement from the account's own balance columns (until a ledger provides the movements). */
export const balanceColumnsStatement: StatementProvider = {
  async statement(_db, a, asOf) {
    return {
      source: 'account_balance',
      asOf,
      currency: a.currency,
      principal: a.principal,
      interest: a.interest,
      fees: a.fees,
      lateCharges: a.lateCharges,
      costs: a.costs,
      credit: a.credit,
      balance: a.totalDue,
      overdueAmount: a.overdueAmount,
      delinquentSince: a.delinquentSince,
      chargeOffDate: a.chargeOffDate,
      // The balance columns are today's; with no ledger the charge-off balance is not known separately.
      chargeOffBalance: a.chargeOffDate ? a.totalDue : null,
      chargeOffBalanceBasis: a.chargeOffDate ? 'account_balance' : null,
      lastPayment: a.lastPaymentDate ? { date: a.lastPaymentDate, amount: a.lastPaymentAmount } : null,
      payments: a.lastPaymentDate ? [{ date: a.lastPaymentDate, amount: a.lastPaymentAmount ?? '0.00', reference: 'last payment reported by the bank' }] : [],
      lines: [],
    };
  },
};

const none = (source: string): HistorySection => ({ source, entries: [] });

/** No contact records exist in this build: every section is "none on file". */
export const noContactHistory: ContactHistoryProvider = {
  contactHistory: async () => none('none_on_file'),
  letters: async () => none('none_on_file'),
  lastAcknowledgements: async (_db, ids) => new Map(ids.map((id) => [id, null])),
};

export const noArrangements: ArrangementHistoryProvider = { arrangements: async () => none('none_on_file') };

/** Complaints and disputes as the holds they placed (reason, when, how and when they ended). */
export const complaintHoldsHistory: ComplaintHistoryProvider = {
  async complaints(db, accountId) {
    const holds = (await new HoldService(db).history(accountId)).filter((h) => h.reason === 'complaint' || h.reason === 'dispute');
    return {
      source: 'account_holds',
      entries: holds
        .map((h) => ({
          at: h.placed_at.toISOString(),
          kind: h.reason,
          summary: h.note ?? '',
          outcome: h.lifted_at ? `closed ${h.lifted_at.toISOString().slice(0, 10)}${h.lift_note ? `: ${h.lift_note}` : ''}` : 'open',
        }))
        .reverse(),
    };
  },
};

/**
 * Records the confirmed recovery in legal's own posting table (its primary key makes it happen once)
 * and announces it; a ledger-backed poster replaces this when payments post from it.
 */
export const recordingRecoveryPoster: RecoveryPoster = {
  async post(db, actor, r) {
    await db.query(
      `insert into legal_recovery_posting (client_id, recovery_id, agency_id, account_id, amount, currency, posted_by) values ($1, $2, $3, $4, $5, $6, $7)`,
      [r.clientId, r.recoveryId, r.agencyId, r.accountId, r.amount, r.currency, actor.userId],
    );
    await emitEvent(db, {
      agencyId: r.agencyId,
      clientId: r.clientId,
      type: 'legal.recovery_confirmed',
      subjectId: r.recoveryId,
      payload: { caseId: r.caseId, accountId: r.accountId, amount: r.amount, currency: r.currency, receivedOn: r.receivedOn },
      actorUserId: actor.userId,
    });
    return { postingRef: r.recoveryId };
  },
};

/** Without a ledger a cost cannot be booked: posting it is refused and the cost stays recorded. */
export const noCostPosting: CostPoster = {
  async post() {
    throw new PostingRefused('NO_LEDGER', 'Costs are booked by the ledger, which is not wired');
  },
};

export const DEFAULT_PROVIDERS: CaseFileProviders = {
  statement: balanceColumnsStatement,
  contact: noContactHistory,
  arrangements: noArrangements,
  complaints: complaintHoldsHistory,
  recoveries: recordingRecoveryPoster,
  costs: noCostPosting,
};
