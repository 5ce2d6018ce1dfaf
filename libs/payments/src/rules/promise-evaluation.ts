import { Decimal } from 'decimal.js';

export type PromiseStatus = 'open' | 'kept' | 'partial' | 'broken';

export interface PromiseInput {
  id: string;
  amount: Decimal;
  dueOn: string;
}

export interface PaymentInput {
  amount: Decimal;
  paidOn: string;
}

export interface PromiseOutcome {
  id: string;
  status: PromiseStatus;
  paid: Decimal;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Evaluates a series of promises (one, or a short series) against the payments made since they were
 * taken. Payments fill the promises in due order; a promise is kept once covered, partial or broken
 * when its grace period has passed uncovered (partial when something was paid), open until then.
 * A payment counts for a promise only when made by its due date plus grace.
 */
export function evaluatePromises(promises: readonly PromiseInput[], payments: readonly PaymentInput[], asOf: string, graceDays: number): PromiseOutcome[] {
  const sorted = [...promises].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
  const pays = [...payments].sort((a, b) => a.paidOn.localeCompare(b.paidOn)).map((p) => ({ paidOn: p.paidOn, left: p.amount }));
  const out: PromiseOutcome[] = [];
  for (const p of sorted) {
    const deadline = addDays(p.dueOn, graceDays);
    let paid = new Decimal(0);
    for (const pay of pays) {
      if (pay.paidOn > deadline || pay.left.lte(0)) continue;
      const take = Decimal.min(pay.left, p.amount.minus(paid));
      if (take.lte(0)) break;
      pay.left = pay.left.minus(take);
      paid = paid.plus(take);
    }
    let status: PromiseStatus;
    if (paid.gte(p.amount)) status = 'kept';
    else if (asOf <= deadline) status = 'open';
    else status = paid.gt(0) ? 'partial' : 'broken';
    out.push({ id: p.id, status, paid });
  }
  return out;
}

/** The first day a promise due `dueOn` may be judged broken. */
export const promiseDeadline = (dueOn: string, graceDays: number) => addDays(dueOn, graceDays);
