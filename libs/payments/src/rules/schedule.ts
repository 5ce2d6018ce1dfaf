import { Decimal } from 'decimal.js';

export const MAX_PLAN_MONTHS = 60;

export interface ScheduleInput {
  /** What the debtor owes when the plan is proposed. */
  basis: Decimal;
  /** The settlement discount (减免) granted when the plan is completed. */
  discount: Decimal;
  months: number;
  /** ISO date of the first installment; the others fall on the same day of later months. */
  firstDueOn: string;
}

export interface ScheduledInstallment {
  seq: number;
  dueOn: string;
  amount: Decimal;
}

export class ScheduleError extends Error {
  constructor(
    readonly code: 'TERM_TOO_LONG' | 'TERM_TOO_SHORT' | 'DISCOUNT_TOO_LARGE' | 'NOTHING_OWED' | 'BAD_DATE' | 'INSTALLMENT_TOO_SMALL',
    message: string,
  ) {
    super(message);
  }
}

/** The same day `k` months later; the 31st becomes the last day of a shorter month. */
export function addMonths(isoDate: string, k: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new ScheduleError('BAD_DATE', `Not a date: ${isoDate}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const target = new Date(Date.UTC(y, mo + k, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * Equal monthly installments of (basis − discount), in cents, rounded down; the last installment
 * absorbs the remainder, so the schedule sums exactly to the plan total. At most 60 months
 * (CBRC card measures Art. 70).
 */
export function buildSchedule(input: ScheduleInput): { total: Decimal; installments: ScheduledInstallment[] } {
  const { basis, discount, months } = input;
  if (!Number.isInteger(months) || months < 1) throw new ScheduleError('TERM_TOO_SHORT', 'A plan has at least one installment');
  if (months > MAX_PLAN_MONTHS) throw new ScheduleError('TERM_TOO_LONG', `A plan runs at most ${MAX_PLAN_MONTHS} months`);
  if (basis.lte(0)) throw new ScheduleError('NOTHING_OWED', 'Nothing is owed on this account');
  if (discount.lt(0) || discount.gte(basis)) throw new ScheduleError('DISCOUNT_TOO_LARGE', 'The discount must leave something to pay');
  const total = basis.minus(discount);
  const each = total.div(months).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  if (each.lte(0)) throw new ScheduleError('INSTALLMENT_TOO_SMALL', 'Each installment must be at least 0.01');
  const installments: ScheduledInstallment[] = [];
  for (let k = 0; k < months; k++) {
    const amount = k === months - 1 ? total.minus(each.times(months - 1)) : each;
    installments.push({ seq: k + 1, dueOn: addMonths(input.firstDueOn, k), amount });
  }
  return { total, installments };
}

/** The discount as a percentage of the basis, 2 decimals (limits are set in percent). */
export const discountPercent = (basis: Decimal, discount: Decimal): Decimal => (basis.lte(0) ? new Decimal(0) : discount.div(basis).times(100).toDecimalPlaces(2, Decimal.ROUND_UP));
