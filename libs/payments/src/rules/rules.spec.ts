import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { allocatePayment, allocateToInstallments, DEFAULT_ALLOCATION_ORDER } from './allocation.js';
import { exceeded, mayDecide, requiredApprover, type ApprovalLimits } from './approval.js';
import { breakdownOf, negate, totalOf } from './components.js';
import { APPROVAL_LIMITS } from './policies.js';
import { evaluatePromises } from './promise-evaluation.js';
import { addMonths, buildSchedule, discountPercent } from './schedule.js';

const D = (v: string | number) => new Decimal(v);
const balances = breakdownOf({ principal: '1000.00', interest: '200.00', fees: '50.00', late_charges: '30.00', costs: '20.00' });
const str = (b: Record<string, Decimal>) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.toFixed(2)]));

describe('allocation', () => {
  it('pays costs, fees, late charges, interest, then principal by default', () => {
    const a = allocatePayment(D('310.00'), balances);
    expect(str(a.applied)).toEqual({ costs: '20.00', fees: '50.00', late_charges: '30.00', interest: '200.00', principal: '10.00' });
    expect(a.credit.toFixed(2)).toBe('0.00');
  });

  it('follows a client order (principal first)', () => {
    const a = allocatePayment(D('1100.00'), balances, ['principal', 'interest', 'late_charges', 'fees', 'costs']);
    expect(str(a.applied)).toEqual({ principal: '1000.00', interest: '100.00', late_charges: '0.00', fees: '0.00', costs: '0.00' });
  });

  it('turns an overpayment into a credit, never a negative balance', () => {
    const a = allocatePayment(D('1300.01'), balances);
    expect(totalOf(a.applied).toFixed(2)).toBe('1300.00');
    expect(a.credit.toFixed(2)).toBe('0.01');
    for (const v of Object.values(a.applied)) expect(v.gte(0)).toBe(true);
  });

  it('is exact where floats are not (0.1 + 0.2)', () => {
    const small = breakdownOf({ principal: '0.30', interest: '0', fees: '0', late_charges: '0', costs: '0' });
    const first = allocatePayment(D('0.10'), small);
    const after = breakdownOf({ principal: small.principal.minus(first.applied.principal), interest: 0, fees: 0, late_charges: 0, costs: 0 });
    const second = allocatePayment(D('0.20'), after);
    expect(second.applied.principal.toFixed(2)).toBe('0.20');
    expect(second.credit.isZero()).toBe(true);
  });

  it('refuses an order that misses a component, and a non-positive amount', () => {
    expect(() => allocatePayment(D(1), balances, ['principal', 'interest', 'fees', 'costs'])).toThrow(/every component/);
    expect(() => allocatePayment(D(0), balances, DEFAULT_ALLOCATION_ORDER)).toThrow(/positive/);
  });

  it('fills plan installments oldest first and says which it closed', () => {
    const out = allocateToInstallments(D('150.00'), [
      { seq: 2, amount: D('100.00'), paid: D(0) },
      { seq: 1, amount: D('100.00'), paid: D('40.00') },
    ]);
    expect(out.map((o) => [o.seq, o.amount.toFixed(2), o.closed])).toEqual([
      [1, '60.00', true],
      [2, '90.00', false],
    ]);
  });

  it('ledger arithmetic: a payment and its reversal sum to nothing', () => {
    const a = allocatePayment(D('123.45'), balances);
    const sum = totalOf(a.applied).plus(totalOf(negate(a.applied)));
    expect(sum.isZero()).toBe(true);
    expect(totalOf(a.applied).plus(a.credit).toFixed(2)).toBe('123.45');
  });
});

describe('schedules', () => {
  it('lets the last installment absorb the rounding, summing exactly to the total', () => {
    const s = buildSchedule({ basis: D('1000.00'), discount: D(0), months: 3, firstDueOn: '2026-12-15' });
    expect(s.installments.map((i) => i.amount.toFixed(2))).toEqual(['333.33', '333.33', '333.34']);
    expect(s.installments.map((i) => i.dueOn)).toEqual(['2026-12-15', '2027-01-15', '2027-02-15']);
    expect(s.installments.reduce((t, i) => t.plus(i.amount), D(0)).toFixed(2)).toBe('1000.00');
  });

  it('takes the discount off the total', () => {
    const s = buildSchedule({ basis: D('12000.00'), discount: D('2000.00'), months: 7, firstDueOn: '2027-01-31' });
    expect(s.total.toFixed(2)).toBe('10000.00');
    expect(s.installments[0].amount.toFixed(2)).toBe('1428.57');
    expect(s.installments[6].amount.toFixed(2)).toBe('1428.58');
    expect(s.installments[1].dueOn).toBe('2027-02-28');
    expect(discountPercent(D('12000.00'), D('2000.00')).toFixed(2)).toBe('16.67');
  });

  it('allows 60 months and refuses 61', () => {
    expect(buildSchedule({ basis: D('60000.00'), discount: D(0), months: 60, firstDueOn: '2027-01-01' }).installments).toHaveLength(60);
    expect(() => buildSchedule({ basis: D('60000.00'), discount: D(0), months: 61, firstDueOn: '2027-01-01' })).toThrow(/60 months/);
  });

  it('refuses a discount that leaves nothing, and installments below a cent', () => {
    expect(() => buildSchedule({ basis: D('100.00'), discount: D('100.00'), months: 2, firstDueOn: '2027-01-01' })).toThrow(/discount/);
    expect(() => buildSchedule({ basis: D('0.05'), discount: D(0), months: 10, firstDueOn: '2027-01-01' })).toThrow(/0.01/);
  });

  it('keeps month ends on leap years', () => {
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
  });
});

describe('approval chain', () => {
  const limits: ApprovalLimits = APPROVAL_LIMITS.presets.standard;
  const terms = (discount: string, pct: string, months = 12, interestFreeze = false) => ({ discount: D(discount), discountPercent: D(pct), months, interestFreeze });

  it('stops at the lowest level whose limits cover the plan', () => {
    expect(requiredApprover(limits, terms('0', '0', 12)).level).toBe('collector');
    expect(requiredApprover(limits, terms('0', '0', 24)).level).toBe('supervisor');
    expect(requiredApprover(limits, terms('0', '0', 12, true)).level).toBe('supervisor');
    expect(requiredApprover(limits, terms('4000', '8')).level).toBe('supervisor');
    expect(requiredApprover(limits, terms('6000', '8')).level).toBe('agency_admin');
    expect(requiredApprover(limits, terms('4000', '12')).level).toBe('agency_admin');
    const bank = requiredApprover(limits, terms('4000', '25'));
    expect(bank.level).toBe('bank');
    expect(bank.reason).toMatch(/agency_admin: discount 25.00% > 20%/);
  });

  it('names every exceeded limit', () => {
    expect(exceeded(limits.supervisor, terms('6000', '30', 48, false))).toEqual(['discount 6000.00 > 5000.00', 'discount 30.00% > 10%', '48 months > 36']);
  });

  it('lets higher agency levels decide lower plans, and only the bank decide above the mandate', () => {
    expect(mayDecide('agency_admin', 'supervisor')).toBe(true);
    expect(mayDecide('collector', 'supervisor')).toBe(false);
    expect(mayDecide('agency_admin', 'bank')).toBe(false);
    expect(mayDecide('bank', 'bank')).toBe(true);
    expect(mayDecide('bank', 'supervisor')).toBe(false);
  });

  it('treats a higher agency limit as loosening the preset', () => {
    const looser = { ...limits, supervisor: { ...limits.supervisor, maxDiscountPercent: 50 } };
    expect(APPROVAL_LIMITS.loosenings(limits, looser).map((v) => v.rule)).toEqual(['supervisor.maxDiscountPercent']);
    expect(APPROVAL_LIMITS.loosenings(limits, { ...limits, supervisor: { ...limits.supervisor, maxDiscountPercent: 5 } })).toEqual([]);
  });
});

describe('promise evaluation', () => {
  const p = (id: string, amount: string, dueOn: string) => ({ id, amount: D(amount), dueOn });
  const pay = (amount: string, paidOn: string) => ({ amount: D(amount), paidOn });

  it('keeps a promise paid within grace, breaks one unpaid after it, leaves it open before', () => {
    expect(evaluatePromises([p('a', '500', '2026-12-01')], [pay('500', '2026-12-03')], '2026-12-10', 2)[0].status).toBe('kept');
    expect(evaluatePromises([p('a', '500', '2026-12-01')], [pay('500', '2026-12-04')], '2026-12-10', 2)[0].status).toBe('broken');
    expect(evaluatePromises([p('a', '500', '2026-12-01')], [], '2026-12-03', 2)[0].status).toBe('open');
    expect(evaluatePromises([p('a', '500', '2026-12-01')], [], '2026-12-04', 2)[0].status).toBe('broken');
  });

  it('calls a short payment partial, with what was paid', () => {
    const [o] = evaluatePromises([p('a', '500', '2026-12-01')], [pay('200.50', '2026-12-01')], '2026-12-05', 0);
    expect(o.status).toBe('partial');
    expect(o.paid.toFixed(2)).toBe('200.50');
  });

  it('fills a series in date order, one payment counted once', () => {
    const out = evaluatePromises([p('b', '300', '2026-12-20'), p('a', '300', '2026-12-05')], [pay('450', '2026-12-04')], '2026-12-31', 1);
    expect(out.map((o) => [o.id, o.status, o.paid.toFixed(2)])).toEqual([
      ['a', 'kept', '300.00'],
      ['b', 'partial', '150.00'],
    ]);
  });
});
