import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@arrears/tenancy';
import { LedgerService } from './ledger/ledger.service.js';
import { PaymentRefusal, PaymentService, type PaymentRow } from './payment/payment.service.js';
import { cents, zero } from './rules/components.js';

/** The bank transaction reference a legal recovery is posted under: the recovery's id makes it once. */
export const legalRecoveryRef = (recoveryId: string) => `LEGAL-RECOVERY-${recoveryId}`;

/**
 * A recovery confirmed on a legal case, posted as a payment through the one payment path: allocation,
 * the placement episode, cure, promises and the bank's collection report all treat it like any payment.
 * It is reported as paid to the bank directly: a court pays enforcement proceeds to the plaintiff, and
 * it still counts for the agency whose firm recovered it. A replay with the same recovery id returns
 * the first payment (`duplicate: true`). Null when the account is not visible.
 */
export async function postLegalRecovery(
  db: EntityManager,
  actor: Principal,
  input: { recoveryId: string; caseId: string; accountId: string; amount: string; currency: string; receivedOn: string },
): Promise<{ payment: PaymentRow; duplicate: boolean } | null> {
  return new PaymentService(db).post(actor, {
    accountId: input.accountId,
    bankTxnRef: legalRecoveryRef(input.recoveryId),
    amount: cents(input.amount),
    currency: input.currency,
    paidOn: input.receivedOn,
    channel: 'direct_to_bank',
    note: `Legal recovery, case ${input.caseId}`,
  });
}

/**
 * A court or enforcement cost booked against the debtor: one `legal_cost` ledger entry raising the
 * costs component (the balances move with it, so the ledger equals them). Idempotent by the cost id
 * under the account's row lock: a second posting of the same cost returns the first entry.
 */
export async function postLegalCost(
  db: EntityManager,
  actor: Principal,
  input: { costId: string; caseId: string; accountId: string; kind: string; amount: string; currency: string; incurredOn: string },
): Promise<{ ledgerEntryId: string; duplicate: boolean } | null> {
  const amount = cents(input.amount);
  if (amount.lte(0)) throw new PaymentRefusal('BAD_AMOUNT', 'A legal cost is a positive amount in cents');
  const ledger = new LedgerService(db);
  const account = await ledger.lockAccount(input.accountId);
  if (!account) return null;
  const note = `legal cost ${input.costId} (${input.kind}), case ${input.caseId}`;
  const [existing]: { id: string }[] = await db.query(`select id from ledger_entry where client_id = $1 and account_id = $2 and kind = 'legal_cost' and note = $3`, [
    account.client_id,
    account.id,
    note,
  ]);
  if (existing) return { ledgerEntryId: existing.id, duplicate: true };
  if (account.status === 'closed') throw new PaymentRefusal('ACCOUNT_CLOSED', `The account is closed (${account.close_reason ?? 'closed'})`);
  if (input.currency !== account.currency) throw new PaymentRefusal('CURRENCY_MISMATCH', `The account is in ${account.currency}`);
  const deltas = zero();
  deltas.costs = new Decimal(amount);
  const entry = await ledger.post(account, { kind: 'legal_cost', deltas, effectiveOn: input.incurredOn, note, actorId: actor.userId });
  return { ledgerEntryId: entry.id, duplicate: false };
}

/**
 * The latest payment per account, as legal eligibility and limitation count it: the latest payment
 * posted and not reversed, or, when the agency has none later, the last payment the bank reported at
 * placement (the account's last payment date when it is not after the placement date).
 */
export async function lastPaymentDates(db: EntityManager, accountIds: readonly string[]): Promise<Map<string, string | null>> {
  const rows: { id: string; last: string | null }[] = await db.query(
    `select a.id, greatest(p.last, case when a.last_payment_date <= a.placed_on then a.last_payment_date end)::text as last
       from account a
       left join lateral (select max(pm.paid_on) as last from payment pm where pm.client_id = a.client_id and pm.account_id = a.id and pm.status = 'posted') p on true
      where a.id = any($1::uuid[])`,
    [accountIds],
  );
  return new Map(rows.map((r) => [r.id, r.last]));
}

/** The accounts among these with a repayment plan in force (active). */
export async function accountsWithActivePlan(db: EntityManager, accountIds: readonly string[]): Promise<Set<string>> {
  const rows: { account_id: string }[] = await db.query(`select distinct account_id from repayment_plan where account_id = any($1::uuid[]) and status = 'active'`, [accountIds]);
  return new Set(rows.map((r) => r.account_id));
}
