import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { HoldService } from '@arrears/accounts';
import { ComplaintService } from '@arrears/complaints';
import { emitEvent } from '@arrears/events';
import {
  accountsWithActivePlan,
  lastPaymentDates,
  LedgerService,
  PaymentRefusal,
  PaymentService,
  PlanService,
  postLegalCost,
  postLegalRecovery,
  PromiseService,
} from '@arrears/payments';
import {
  PostingRefused,
  type ArrangementHistoryProvider,
  type CaseFileProviders,
  type ComplaintHistoryProvider,
  type ContactHistoryProvider,
  type CostPoster,
  type HistoryEntry,
  type RecoveryPoster,
  type StatementLine,
  type StatementProvider,
} from './providers.js';

/*
 * The case file and eligibility on top of the other domains: the ledger and payments, contact attempts,
 * promises and plans, complaints. Everything is read in the caller's transaction, so RLS decides what
 * exists. The gateway passes these to `legalRuntime`; legal's own defaults stay usable without them.
 */

const COMPONENT_KEYS = ['principal', 'interest', 'fees', 'late_charges', 'costs'] as const;
const MAX_LINES = 2000;

const money = (v: Decimal.Value) => new Decimal(v).toFixed(2);
/** A local date (YYYY-MM-DD) in the bank's time zone, the calendar its books and a court use. */
const dayIn = (timeZone: string) => {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (d: Date) => f.format(d);
};
async function bankDay(db: EntityManager, accountId: string): Promise<(d: Date) => string> {
  const [row]: { time_zone: string }[] = await db.query(`select c.time_zone from account a join client c on c.id = a.client_id where a.id = $1`, [accountId]);
  return dayIn(row?.time_zone ?? 'Asia/Shanghai');
}

/** The statement of account from the ledger: every movement, payments and reversals, charge-off. */
export const ledgerStatement: StatementProvider = {
  async statement(db, a, asOf) {
    const ledger = new LedgerService(db);
    const dayOf = dayIn(a.clientTimeZone);
    const entries = (await ledger.entries(a.accountId, MAX_LINES)).reverse(); // oldest first
    const lines: StatementLine[] = entries.map((e) => ({
      date: e.effective_on,
      kind: e.kind,
      principal: e.principal,
      interest: e.interest,
      fees: e.fees,
      lateCharges: e.late_charges,
      costs: e.costs,
      credit: e.credit,
      total: money(COMPONENT_KEYS.reduce((s, c) => s.plus(e[c]), new Decimal(0))),
      reference: e.note,
    }));
    lines.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)); // stable: same-day entries keep their posting order
    const payments = (await new PaymentService(db).forAccount(a.accountId, 500)).reverse();
    const [lastDay] = [...(await lastPaymentDates(db, [a.accountId])).values()];
    const lastPosted = [...payments].reverse().find((p) => p.status === 'posted' && p.paid_on === lastDay);

    // The charge-off balance is the ledger's sum on the charge-off day; a ledger that starts later (the
    // account was placed after charge-off) gives the balance as placed, and says so.
    let chargeOffBalance: string | null = null;
    let chargeOffBalanceBasis: 'ledger' | 'placement_opening' | null = null;
    if (a.chargeOffDate && lines.length) {
      const upTo = lines.filter((l) => l.date <= a.chargeOffDate!);
      if (upTo.length) {
        chargeOffBalance = money(upTo.reduce((s, l) => s.plus(l.total), new Decimal(0)));
        chargeOffBalanceBasis = 'ledger';
      } else {
        const opening = lines.find((l) => l.kind === 'placement_opening');
        chargeOffBalance = opening ? opening.total : null;
        chargeOffBalanceBasis = opening ? 'placement_opening' : null;
      }
    }
    const mismatches = await ledger.verify([a.accountId]);
    return {
      source: mismatches.length ? 'ledger_unverified' : 'ledger',
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
      chargeOffBalance,
      chargeOffBalanceBasis,
      lastPayment: lastDay ? { date: lastDay, amount: lastPosted?.amount ?? (lastDay === a.lastPaymentDate ? a.lastPaymentAmount : null) } : null,
      payments: payments.map((p) => ({
        date: p.paid_on,
        amount: p.amount,
        reference: p.bank_txn_ref,
        status: p.status,
        channel: p.channel,
        reversal: p.reversed_at ? { on: dayOf(p.reversed_at), reason: p.reversal_reason } : null,
      })),
      lines,
    };
  },
  lastPayments: (db, ids) => lastPaymentDates(db, ids),
};

interface AttemptHistoryRow {
  id: string;
  channel: string;
  direction: string;
  party: string;
  status: string;
  outcome_code: string | null;
  note: string | null;
  duration_seconds: number | null;
  corrects_id: string | null;
  at: Date;
  recorded_at: Date;
}

/**
 * Contact attempts as the account's history. A corrected attempt shows its correction's outcome at the
 * time the contact happened; the superseded record is left out (it stays in the contact domain).
 */
const EFFECTIVE_ATTEMPTS = `
  from contact_attempt a
  join client cl on cl.id = a.client_id
  left join contact_attempt o on o.client_id = a.client_id and o.id = a.corrects_id
 where a.account_id = any($1::uuid[])
   and not exists (select 1 from contact_attempt c where c.client_id = a.client_id and c.corrects_id = a.id)`;

export const contactAttemptsHistory: ContactHistoryProvider = {
  async contactHistory(db, accountId) {
    const rows: AttemptHistoryRow[] = await db.query(
      `select a.id, a.channel, a.direction, a.party, a.status, a.outcome_code, a.note, a.duration_seconds, a.corrects_id,
              coalesce(o.started_at, a.started_at) as at, a.started_at as recorded_at
         ${EFFECTIVE_ATTEMPTS}
        order by at, a.id limit ${MAX_LINES}`,
      [[accountId]],
    );
    const dayOf = await bankDay(db, accountId);
    return {
      source: 'contact_attempts',
      entries: rows.map(
        (r): HistoryEntry => ({
          at: r.at.toISOString(),
          kind: `${r.channel} ${r.direction} ${r.party}`,
          summary: [r.note?.trim(), r.duration_seconds != null ? `${r.duration_seconds}s` : null].filter(Boolean).join(' · '),
          outcome: r.status === 'started' ? 'no outcome recorded' : `${r.outcome_code}${r.corrects_id ? ` (corrected ${dayOf(r.recorded_at)})` : ''}`,
        }),
      ),
    };
  },
  /** The sent-letter register: which approved template version went to which address, with the PDF's hash. */
  async letters(db, accountId) {
    const rows: { at: Date; name: string; version: number; address: string; sha256: string }[] = await db.query(
      `select l.created_at as at, t.name, v.version, l.address, l.sha256
         from letter l
         join message_template_version v on v.client_id = l.client_id and v.id = l.template_version_id
         join message_template t on t.client_id = v.client_id and t.id = v.template_id
        where l.account_id = $1
        order by l.created_at, l.id limit ${MAX_LINES}`,
      [accountId],
    );
    return {
      source: 'letter_register',
      entries: rows.map((r): HistoryEntry => ({ at: r.at.toISOString(), kind: 'letter', summary: `${r.name} v${r.version} → ${r.address}`, outcome: `sha256 ${r.sha256}` })),
    };
  },
  /** The day (in the bank's time zone) of the latest contact whose outcome is a debt acknowledgement. */
  async lastAcknowledgements(db, accountIds) {
    const rows: { account_id: string; day: string }[] = await db.query(
      `select a.account_id, max((coalesce(o.started_at, a.started_at) at time zone cl.time_zone)::date)::text as day
         ${EFFECTIVE_ATTEMPTS}
          and a.status = 'completed' and a.outcome_code = 'debt_acknowledged'
        group by a.account_id`,
      [accountIds],
    );
    const out = new Map<string, string | null>(accountIds.map((id) => [id, null]));
    for (const r of rows) out.set(r.account_id, r.day);
    return out;
  },
};

/** Promises to pay and repayment plans, each with how it ended. */
export const paymentsArrangements: ArrangementHistoryProvider = {
  async arrangements(db, accountId) {
    const promises = await new PromiseService(db).forAccount(accountId);
    const plans = await new PlanService(db).forAccounts([accountId]);
    const dayOf = await bankDay(db, accountId);
    const entries: HistoryEntry[] = [
      ...promises.map((p) => ({
        at: p.taken_at.toISOString(),
        kind: 'promise_to_pay',
        summary: `${p.amount} ${p.currency} due ${p.due_on}${p.seq > 1 ? ` (instalment ${p.seq} of a series)` : ''}`,
        outcome: p.status === 'open' ? 'open' : `${p.status}, paid ${p.paid}${p.evaluated_at ? ` (judged ${dayOf(p.evaluated_at)})` : ''}`,
      })),
      ...plans.map((p) => ({
        at: p.proposed_at.toISOString(),
        kind: 'repayment_plan',
        summary: `${p.months} months from ${p.first_due_on}, total ${p.total} ${p.currency}, discount ${p.discount}${p.interest_freeze ? ', interest frozen' : ''}; agreement ${p.agreement_ref}`,
        outcome: `${p.status}${p.ended_at ? ` ${dayOf(p.ended_at)}` : p.activated_at ? ` since ${dayOf(p.activated_at)}` : ''}${p.end_reason ? `: ${p.end_reason}` : ''}`,
      })),
    ];
    entries.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    return { source: 'payments', entries };
  },
  activePlans: (db, ids) => accountsWithActivePlan(db, ids),
};

/**
 * Complaints (reference, category, status and outcome — never the complainant's words) and disputes
 * (the dispute holds a contact outcome or a user placed, with how they ended).
 */
export const complaintsHistory: ComplaintHistoryProvider = {
  async complaints(db, accountId) {
    const complaints = await new ComplaintService(db).list({ accountId }, 100, null);
    const dayOf = await bankDay(db, accountId);
    const holds = (await new HoldService(db).history(accountId)).filter((h) => h.reason === 'dispute' || (h.reason === 'complaint' && h.source_type !== 'complaint'));
    const entries: HistoryEntry[] = [
      ...complaints.map((c) => ({
        at: c.received_at.toISOString(),
        kind: 'complaint',
        summary: `${c.reference} · ${c.category} · ${c.severity} · ${c.source}`,
        outcome: [c.status, c.outcome, c.decided_on ? `decided ${c.decided_on}` : null, c.closed_at ? `closed ${dayOf(c.closed_at)}` : null, c.withdrawn_at ? `withdrawn ${dayOf(c.withdrawn_at)}` : null]
          .filter(Boolean)
          .join(', '),
      })),
      ...holds.map((h) => ({
        at: h.placed_at.toISOString(),
        kind: h.reason,
        summary: h.note ?? '',
        outcome: h.lifted_at ? `closed ${dayOf(h.lifted_at)}${h.lift_note ? `: ${h.lift_note}` : ''}` : 'open',
      })),
    ];
    entries.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    return { source: 'complaints', entries };
  },
  async openMatters(db, accountIds) {
    const rows: { account_id: string }[] = await db.query(
      `select distinct account_id from complaint where account_id = any($1::uuid[]) and status in ('received', 'acknowledged', 'investigating')`,
      [accountIds],
    );
    return new Set(rows.map((r) => r.account_id));
  },
};

const refused = (e: unknown): never => {
  if (e instanceof PaymentRefusal) throw new PostingRefused(e.code, e.message);
  throw e;
};

/** A confirmed recovery becomes a payment (idempotent by the recovery id), recorded against the recovery. */
export const paymentRecoveryPoster: RecoveryPoster = {
  async post(db, actor, r) {
    const posted = await postLegalRecovery(db, actor, r).catch(refused);
    if (!posted) throw new PostingRefused('NOT_FOUND', 'The account is not visible');
    await db.query(
      `insert into legal_recovery_posting (client_id, recovery_id, agency_id, account_id, amount, currency, posted_by, payment_id) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.clientId, r.recoveryId, r.agencyId, r.accountId, r.amount, r.currency, actor.userId, posted.payment.id],
    );
    await emitEvent(db, {
      agencyId: r.agencyId,
      clientId: r.clientId,
      type: 'legal.recovery_confirmed',
      subjectId: r.recoveryId,
      payload: { caseId: r.caseId, accountId: r.accountId, amount: r.amount, currency: r.currency, receivedOn: r.receivedOn, paymentId: posted.payment.id },
      actorUserId: actor.userId,
    });
    return { postingRef: posted.payment.id };
  },
};

/** A legal cost becomes a `legal_cost` ledger entry raising the costs balance. */
export const ledgerCostPoster: CostPoster = {
  async post(db, actor, c) {
    const posted = await postLegalCost(db, actor, c).catch(refused);
    if (!posted) throw new PostingRefused('NOT_FOUND', 'The account is not visible');
    return { postingRef: posted.ledgerEntryId };
  },
};

/** Every provider backed by the other domains. */
export const DOMAIN_PROVIDERS: CaseFileProviders = {
  statement: ledgerStatement,
  contact: contactAttemptsHistory,
  arrangements: paymentsArrangements,
  complaints: complaintsHistory,
  recoveries: paymentRecoveryPoster,
  costs: ledgerCostPoster,
};
