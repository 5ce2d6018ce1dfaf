import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { COMPONENTS, type Breakdown, breakdownOf, type Component } from '../rules/components.js';
import { enterPaymentsWritePath } from '../write-path.js';

export const LEDGER_KINDS = ['placement_opening', 'bank_balance_update', 'payment', 'reversal', 'interest_freeze', 'discount', 'write_off', 'legal_cost', 'adjustment', 'refund', 'credit_transfer'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The money columns of an account, as the payments domain reads them (under its row lock when posting). */
export interface AccountMoneyRow {
  id: string;
  client_id: string;
  agency_id: string;
  placement_id: string;
  currency: string;
  status: 'active' | 'recalled' | 'closed';
  principal: string;
  interest: string;
  fees: string;
  late_charges: string;
  costs: string;
  credit: string;
  total_due: string;
  overdue_amount: string;
  collected: string;
  assigned_collector_id: string | null;
  close_reason: string | null;
  closed_at: Date | null;
}

const ACCOUNT_MONEY_COLUMNS = `id, client_id, agency_id, placement_id, currency, status, principal, interest, fees, late_charges, costs, credit,
  total_due, overdue_amount, collected, assigned_collector_id, close_reason, closed_at`;

export interface LedgerEntryRow {
  id: string;
  seq: string;
  client_id: string;
  account_id: string;
  placement_id: string | null;
  kind: LedgerKind;
  principal: string;
  interest: string;
  fees: string;
  late_charges: string;
  costs: string;
  credit: string;
  effective_on: string;
  payment_id: string | null;
  plan_id: string | null;
  note: string | null;
  created_by: string | null;
  created_at: Date;
}

const ENTRY_COLUMNS = `id, seq::text, client_id, account_id, placement_id, kind, principal, interest, fees, late_charges, costs, credit,
  effective_on::text, payment_id, plan_id, note, created_by, created_at`;

export interface LedgerMismatch {
  accountId: string;
  column: Component | 'credit';
  balance: string;
  ledgerSum: string;
}

/**
 * The account's money history. Every change of what a debtor owes is one appended entry with a delta
 * per component; the account's balance columns move by the same deltas in the same statement batch and
 * transaction, so they always equal the ledger's sum (`verify` recomputes it).
 */
export class LedgerService {
  constructor(private readonly db: EntityManager) {}

  /**
   * Reads the account and locks its row until the transaction ends. Every posting to one account
   * takes this lock first, so concurrent postings run one after the other and each sees the last
   * one's balances. Null when the account is not visible to the caller (RLS).
   */
  async lockAccount(accountId: string): Promise<AccountMoneyRow | null> {
    const [row]: AccountMoneyRow[] = await this.db.query(`select ${ACCOUNT_MONEY_COLUMNS} from account where id = $1 for update`, [accountId]);
    return row ?? null;
  }

  async account(accountId: string): Promise<AccountMoneyRow | null> {
    const [row]: AccountMoneyRow[] = await this.db.query(`select ${ACCOUNT_MONEY_COLUMNS} from account where id = $1`, [accountId]);
    return row ?? null;
  }

  /**
   * Appends one entry and moves the account's balances by its deltas. `deltas` are signed changes of
   * what is owed (a payment is negative); `credit` is the change of the account's credit.
   */
  async post(
    account: AccountMoneyRow,
    entry: { kind: LedgerKind; deltas: Breakdown; credit?: Decimal; effectiveOn: string; paymentId?: string | null; planId?: string | null; note?: string | null; actorId: string | null },
  ): Promise<LedgerEntryRow> {
    const d = entry.deltas;
    const credit = entry.credit ?? new Decimal(0);
    const [row]: LedgerEntryRow[] = await this.db.query(
      `insert into ledger_entry (client_id, agency_id, account_id, placement_id, kind, principal, interest, fees, late_charges, costs, credit,
                                 effective_on, payment_id, plan_id, note, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning ${ENTRY_COLUMNS}`,
      [
        account.client_id,
        account.agency_id,
        account.id,
        account.placement_id,
        entry.kind,
        d.principal.toFixed(2),
        d.interest.toFixed(2),
        d.fees.toFixed(2),
        d.late_charges.toFixed(2),
        d.costs.toFixed(2),
        credit.toFixed(2),
        entry.effectiveOn,
        entry.paymentId ?? null,
        entry.planId ?? null,
        entry.note ?? null,
        entry.actorId,
      ],
    );
    // The account trigger turns foreign balance writes into ledger entries; this write is already one.
    await this.db.query(`select set_config('app.ledger_posting', 'on', true)`);
    await enterPaymentsWritePath(this.db);
    await this.db.query(
      `update account set principal = principal + $2, interest = interest + $3, fees = fees + $4, late_charges = late_charges + $5,
              costs = costs + $6, credit = credit + $7, updated_at = now() where id = $1`,
      [account.id, d.principal.toFixed(2), d.interest.toFixed(2), d.fees.toFixed(2), d.late_charges.toFixed(2), d.costs.toFixed(2), credit.toFixed(2)],
    );
    await this.db.query(`select set_config('app.ledger_posting', 'off', true)`);
    for (const c of COMPONENTS) account[c] = new Decimal(account[c]).plus(d[c]).toFixed(2);
    account.credit = new Decimal(account.credit).plus(credit).toFixed(2);
    account.total_due = COMPONENTS.reduce((s, c) => s.plus(account[c]), new Decimal(0)).toFixed(2);
    return row;
  }

  /** Newest first, keyset by seq (qualified: the select list's `seq` is text, and text order puts 97 after 1204). */
  async entries(accountId: string, first: number, beforeSeq?: string | null): Promise<LedgerEntryRow[]> {
    return this.db.query(
      `select ${ENTRY_COLUMNS} from ledger_entry where account_id = $1 and ($2::bigint is null or ledger_entry.seq < $2::bigint) order by ledger_entry.seq desc limit $3`,
      [accountId, beforeSeq ?? null, first],
    );
  }

  /**
   * Recomputes every balance column of the given accounts (all visible ones when none are given) from
   * the ledger and returns each difference; an empty list proves the balances equal the ledger's sum.
   */
  async verify(accountIds?: readonly string[]): Promise<LedgerMismatch[]> {
    const rows: (Record<Component | 'credit', string> & { id: string; sums: Record<string, string> })[] = await this.db.query(
      `select a.id, a.principal, a.interest, a.fees, a.late_charges, a.costs, a.credit,
              json_build_object('principal', coalesce(sum(e.principal), 0), 'interest', coalesce(sum(e.interest), 0), 'fees', coalesce(sum(e.fees), 0),
                                'late_charges', coalesce(sum(e.late_charges), 0), 'costs', coalesce(sum(e.costs), 0), 'credit', coalesce(sum(e.credit), 0)) as sums
         from account a left join ledger_entry e on e.client_id = a.client_id and e.account_id = a.id
        where ($1::uuid[] is null or a.id = any($1::uuid[]))
        group by a.client_id, a.id`,
      [accountIds ?? null],
    );
    const out: LedgerMismatch[] = [];
    for (const r of rows) {
      for (const c of [...COMPONENTS, 'credit'] as const) {
        if (!new Decimal(r[c]).eq(new Decimal(String(r.sums[c])))) out.push({ accountId: r.id, column: c, balance: r[c], ledgerSum: String(r.sums[c]) });
      }
    }
    return out;
  }

  static balancesOf(a: AccountMoneyRow): Breakdown {
    return breakdownOf(a);
  }
}
