import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { applyAgingAfterBalanceChange, creditPlacementEpisode } from '@arrears/accounts';
import { emitEvent } from '@arrears/events';
import { PolicyService } from '@arrears/platform';
import type { Principal } from '@arrears/tenancy';
import { LedgerService, type AccountMoneyRow } from '../ledger/ledger.service.js';
import { today } from '../payment/payment.service.js';
import { allocatePayment } from '../rules/allocation.js';
import { COMPONENTS, zero } from '../rules/components.js';
import { ALLOCATION_ORDER } from '../rules/policies.js';
import { enterPaymentsWritePath } from '../write-path.js';

export class CreditRefusal extends Error {
  constructor(
    readonly code: 'BAD_AMOUNT' | 'REFERENCE_REQUIRED' | 'CREDIT_TOO_SMALL' | 'NOT_SAME_DEBTOR' | 'SAME_ACCOUNT' | 'ACCOUNT_NOT_ACTIVE' | 'ABOVE_BALANCE',
    message: string,
  ) {
    super(message);
  }
}

export interface CreditRefundRow {
  id: string;
  client_id: string;
  account_id: string;
  amount: string;
  reference: string;
  refunded_on: string;
  note: string | null;
  approved_by: string;
  created_at: Date;
}
const REFUND_COLUMNS = 'id, client_id, account_id, amount, reference, refunded_on::text, note, approved_by, created_at';

export interface CreditTransferRow {
  id: string;
  client_id: string;
  from_account_id: string;
  to_account_id: string;
  amount: string;
  note: string | null;
  applied_by: string;
  created_at: Date;
}
const TRANSFER_COLUMNS = 'id, client_id, from_account_id, to_account_id, amount, note, applied_by, created_at';

const checkAmount = (amount: Decimal) => {
  if (amount.lte(0) || amount.decimalPlaces() > 2) throw new CreditRefusal('BAD_AMOUNT', 'An amount is positive, in cents');
};

/**
 * An overpayment's credit leaves the account one of two ways, each a ledger entry so the balances stay
 * the ledger's sum: refunded to the debtor (with the payer's reference, decided by a supervisor or an
 * agency admin), or applied to another account of the same debtor at the same bank (never across
 * banks: another bank's account is not visible, so it is a missing id).
 */
export class CreditService {
  private readonly ledger: LedgerService;

  constructor(private readonly db: EntityManager) {
    this.ledger = new LedgerService(db);
  }

  async refund(actor: Principal, input: { accountId: string; amount: Decimal; reference: string; refundedOn?: string | null; note?: string | null }): Promise<{ refund: CreditRefundRow; duplicate: boolean } | null> {
    checkAmount(input.amount);
    const reference = input.reference.trim();
    if (!reference) throw new CreditRefusal('REFERENCE_REQUIRED', 'The refund reference (the transfer to the debtor) is required');
    const account = await this.ledger.lockAccount(input.accountId);
    if (!account) return null;
    const [existing]: CreditRefundRow[] = await this.db.query(`select ${REFUND_COLUMNS} from credit_refund where client_id = $1 and reference = $2`, [account.client_id, reference]);
    if (existing) return { refund: existing, duplicate: true };
    if (new Decimal(account.credit).lt(input.amount)) throw new CreditRefusal('CREDIT_TOO_SMALL', `The account's credit is ${account.credit}`);
    const on = input.refundedOn ?? today();
    const entry = await this.ledger.post(account, { kind: 'refund', deltas: zero(), credit: input.amount.negated(), effectiveOn: on, note: `refund ${reference}`, actorId: actor.userId });
    const [refund]: CreditRefundRow[] = await this.db.query(
      `insert into credit_refund (client_id, agency_id, account_id, amount, reference, refunded_on, note, approved_by, ledger_entry_id)
       values ($1, $2, $3, $4, $5, $6::date, $7, $8, $9) returning ${REFUND_COLUMNS}`,
      [account.client_id, account.agency_id, account.id, input.amount.toFixed(2), reference, on, input.note?.trim() || null, actor.userId, entry.id],
    );
    // Money given back was not collected after all: the account and the placement episode count it out.
    await this.moveCollected(account, input.amount.negated());
    await emitEvent(this.db, {
      agencyId: account.agency_id,
      clientId: account.client_id,
      type: 'credit.refunded',
      subjectId: refund.id,
      actorUserId: actor.userId,
      payload: { accountId: account.id, placementId: account.placement_id, amount: refund.amount, currency: account.currency, reference },
    });
    return { refund, duplicate: false };
  }

  async apply(actor: Principal, input: { fromAccountId: string; toAccountId: string; amount: Decimal; note?: string | null }): Promise<CreditTransferRow | null> {
    checkAmount(input.amount);
    if (input.fromAccountId === input.toAccountId) throw new CreditRefusal('SAME_ACCOUNT', 'Choose another account');
    // Both rows locked in one order, so two transfers between the same accounts cannot deadlock.
    const locked = new Map<string, AccountMoneyRow>();
    for (const id of [input.fromAccountId, input.toAccountId].sort()) {
      const row = await this.ledger.lockAccount(id);
      if (row) locked.set(id, row);
    }
    const from = locked.get(input.fromAccountId);
    const to = locked.get(input.toAccountId);
    // Another bank's account is refused like a missing one, even where both are visible (agency staff).
    if (!from || !to || from.client_id !== to.client_id) return null;
    const debtors: { id: string; debtor_id: string }[] = await this.db.query(`select id, debtor_id from account where id = any($1::uuid[])`, [[from.id, to.id]]);
    if (new Set(debtors.map((d) => d.debtor_id)).size !== 1) throw new CreditRefusal('NOT_SAME_DEBTOR', "A credit is applied only to the same debtor's accounts");
    if (to.status !== 'active') throw new CreditRefusal('ACCOUNT_NOT_ACTIVE', `The account is ${to.status}`);
    if (new Decimal(from.credit).lt(input.amount)) throw new CreditRefusal('CREDIT_TOO_SMALL', `The account's credit is ${from.credit}`);
    if (new Decimal(to.total_due).lt(input.amount)) throw new CreditRefusal('ABOVE_BALANCE', `The other account owes ${to.total_due}`);

    const [transfer]: CreditTransferRow[] = await this.db.query(
      `insert into credit_transfer (client_id, agency_id, from_account_id, to_account_id, amount, note, applied_by) values ($1, $2, $3, $4, $5, $6, $7) returning ${TRANSFER_COLUMNS}`,
      [from.client_id, from.agency_id, from.id, to.id, input.amount.toFixed(2), input.note?.trim() || null, actor.userId],
    );
    const on = today();
    const order = await new PolicyService(this.db).current(ALLOCATION_ORDER, to.client_id);
    const alloc = allocatePayment(input.amount, LedgerService.balancesOf(to), order.body.order);
    const deltas = zero();
    for (const c of COMPONENTS) deltas[c] = alloc.applied[c].negated();
    await this.ledger.post(from, { kind: 'credit_transfer', deltas: zero(), credit: input.amount.negated(), effectiveOn: on, note: `credit applied to another account (${transfer.id})`, actorId: actor.userId });
    await this.ledger.post(to, { kind: 'credit_transfer', deltas, effectiveOn: on, note: `credit from another account (${transfer.id})`, actorId: actor.userId });
    // The collection moves with the money: out of the source account's results, into the target's.
    await this.moveCollected(from, input.amount.negated());
    await enterPaymentsWritePath(this.db);
    await this.db.query(`update account set overdue_amount = greatest(overdue_amount - $2, 0) where id = $1`, [to.id, input.amount.toFixed(2)]);
    await this.moveCollected(to, input.amount);
    if (new Decimal(to.total_due).lte(0)) {
      await enterPaymentsWritePath(this.db);
      await this.db.query(`update account set status = 'closed', closed_at = now(), close_reason = 'paid_in_full' where id = $1`, [to.id]);
      await emitEvent(this.db, { agencyId: to.agency_id, clientId: to.client_id, type: 'account.closed', subjectId: to.id, actorUserId: actor.userId, payload: { reason: 'paid_in_full', placementId: to.placement_id } });
    }
    await emitEvent(this.db, {
      agencyId: from.agency_id,
      clientId: from.client_id,
      type: 'credit.applied',
      subjectId: transfer.id,
      actorUserId: actor.userId,
      payload: { fromAccountId: from.id, toAccountId: to.id, amount: transfer.amount, currency: from.currency },
    });
    return transfer;
  }

  /** Other active accounts of the same debtor at the same bank: where a credit may go. */
  async sameDebtorAccounts(accountId: string): Promise<{ id: string; bank_ref: string; total_due: string }[]> {
    return this.db.query(
      `select b.id, b.bank_ref, b.total_due::text from account a join account b on b.client_id = a.client_id and b.debtor_id = a.debtor_id and b.id <> a.id
        where a.id = $1 and b.status = 'active' order by b.bank_ref limit 50`,
      [accountId],
    );
  }

  async refundsOf(accountId: string): Promise<CreditRefundRow[]> {
    return this.db.query(`select ${REFUND_COLUMNS} from credit_refund where account_id = $1 order by created_at desc limit 100`, [accountId]);
  }

  async transfersOf(accountId: string): Promise<CreditTransferRow[]> {
    return this.db.query(`select ${TRANSFER_COLUMNS} from credit_transfer where from_account_id = $1 or to_account_id = $1 order by created_at desc limit 100`, [accountId]);
  }

  private async moveCollected(account: AccountMoneyRow, amount: Decimal): Promise<void> {
    await enterPaymentsWritePath(this.db);
    await this.db.query(`update account set collected = collected + $2 where id = $1`, [account.id, amount.toFixed(2)]);
    await creditPlacementEpisode(this.db, { accountId: account.id, placementId: account.placement_id, amount: amount.toFixed(2) });
    await enterPaymentsWritePath(this.db);
    await applyAgingAfterBalanceChange(this.db, [account.id]);
  }
}
