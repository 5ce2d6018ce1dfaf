import { Decimal } from 'decimal.js';
import { COMPONENTS, type Breakdown, type Component, zero } from './components.js';

/** The default order a partial payment pays components in (DOMAIN.md: costs → fees → interest → principal). */
export const DEFAULT_ALLOCATION_ORDER: readonly Component[] = ['costs', 'fees', 'late_charges', 'interest', 'principal'];

export interface Allocation {
  /** What the payment took off each component (positive amounts). */
  applied: Breakdown;
  /** What is left once every component is paid: a credit on the account, never a negative balance. */
  credit: Decimal;
}

/**
 * Splits a payment over the balances in the client's order. Each component is paid down to zero before
 * the next; what remains after the last is a credit. Pure and exact (decimal.js).
 */
export function allocatePayment(amount: Decimal, balances: Breakdown, order: readonly Component[] = DEFAULT_ALLOCATION_ORDER): Allocation {
  if (amount.lte(0)) throw new RangeError('A payment amount must be positive');
  const seen = new Set(order);
  if (seen.size !== order.length || order.length !== COMPONENTS.length || COMPONENTS.some((c) => !seen.has(c))) {
    throw new RangeError(`An allocation order names every component once: ${COMPONENTS.join(', ')}`);
  }
  const applied = zero();
  let left = amount;
  for (const c of order) {
    if (left.lte(0)) break;
    const owed = Decimal.max(balances[c], 0);
    const take = Decimal.min(owed, left);
    applied[c] = take;
    left = left.minus(take);
  }
  return { applied, credit: left };
}

export interface InstallmentState {
  seq: number;
  amount: Decimal;
  paid: Decimal;
}

/** Pays the open installments of a plan oldest first; returns what each took (only non-zero). */
export function allocateToInstallments(amount: Decimal, installments: readonly InstallmentState[]): { seq: number; amount: Decimal; closed: boolean }[] {
  const out: { seq: number; amount: Decimal; closed: boolean }[] = [];
  let left = amount;
  for (const i of [...installments].sort((a, b) => a.seq - b.seq)) {
    if (left.lte(0)) break;
    const open = i.amount.minus(i.paid);
    if (open.lte(0)) continue;
    const take = Decimal.min(open, left);
    out.push({ seq: i.seq, amount: take, closed: take.eq(open) });
    left = left.minus(take);
  }
  return out;
}
