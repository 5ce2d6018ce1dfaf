import { Decimal } from 'decimal.js';

/** The parts of what a debtor owes, in the words the ledger uses. Late charges (违约金/滞纳金) are not fees. */
export const COMPONENTS = ['principal', 'interest', 'fees', 'late_charges', 'costs'] as const;
export type Component = (typeof COMPONENTS)[number];

/** An amount per component (balances, or a ledger entry's deltas). */
export type Breakdown = Record<Component, Decimal>;

export const zero = (): Breakdown => ({ principal: new Decimal(0), interest: new Decimal(0), fees: new Decimal(0), late_charges: new Decimal(0), costs: new Decimal(0) });

export function breakdownOf(row: Record<Component, string | number | Decimal>): Breakdown {
  const out = zero();
  for (const c of COMPONENTS) out[c] = new Decimal(row[c]);
  return out;
}

export const totalOf = (b: Breakdown): Decimal => COMPONENTS.reduce((s, c) => s.plus(b[c]), new Decimal(0));

export const negate = (b: Breakdown): Breakdown => {
  const out = zero();
  for (const c of COMPONENTS) out[c] = b[c].negated();
  return out;
};

/** Cents: every stored amount has two decimals; anything finer is a caller's mistake, not rounding to hide. */
export function cents(value: Decimal.Value): Decimal {
  const d = new Decimal(value);
  if (!d.isFinite() || d.decimalPlaces() > 2) throw new RangeError(`Not an amount in cents: ${String(value)}`);
  return d;
}
