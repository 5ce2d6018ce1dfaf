import { z } from 'zod';
import { definePolicyKind, tighten, type PolicyViolation } from '@arrears/platform';
import { COMPONENTS, type Component } from './components.js';
import { DEFAULT_ALLOCATION_ORDER } from './allocation.js';
import type { ApprovalLimits, LevelLimit } from './approval.js';

const amount = z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, 'an amount like "5000.00"');
const level = z.object({
  maxDiscount: amount,
  maxDiscountPercent: z.number().min(0).max(100),
  maxMonths: z.number().int().min(1).max(60),
  interestFreeze: z.boolean(),
});

function levelLoosenings(name: string, preset: LevelLimit, body: LevelLimit): PolicyViolation[] {
  return [
    ...tighten.max(`${name}.maxDiscount`, Number(preset.maxDiscount), Number(body.maxDiscount)),
    ...tighten.max(`${name}.maxDiscountPercent`, preset.maxDiscountPercent, body.maxDiscountPercent),
    ...tighten.max(`${name}.maxMonths`, preset.maxMonths, body.maxMonths),
    ...(body.interestFreeze && !preset.interestFreeze ? [{ rule: `${name}.interestFreeze`, message: `${name} may not grant an interest freeze under this preset` }] : []),
  ];
}

/**
 * Who approves a repayment plan (discount by amount and percentage, term, interest freeze): the
 * collector, the supervisor, the agency admin; above the agency admin's limits the bank decides. A
 * bank's contract may only lower the agency's limits (more plans go to the bank), never raise them.
 */
export const APPROVAL_LIMITS = definePolicyKind<ApprovalLimits>({
  kind: 'approval_limits',
  description: 'Repayment plan approval limits per level (discount amount and %, months, interest freeze); above them the bank approves',
  schema: z.object({ collector: level, supervisor: level, agency_admin: level }),
  presets: {
    standard: {
      collector: { maxDiscount: '0.00', maxDiscountPercent: 0, maxMonths: 12, interestFreeze: false },
      supervisor: { maxDiscount: '5000.00', maxDiscountPercent: 10, maxMonths: 36, interestFreeze: true },
      agency_admin: { maxDiscount: '20000.00', maxDiscountPercent: 20, maxMonths: 60, interestFreeze: true },
    },
  },
  defaultPreset: 'standard',
  loosenings: (p, b) => [...levelLoosenings('collector', p.collector, b.collector), ...levelLoosenings('supervisor', p.supervisor, b.supervisor), ...levelLoosenings('agency_admin', p.agency_admin, b.agency_admin)],
});

export interface AllocationOrderBody {
  order: Component[];
}

/** The order a payment pays balance components in; a bank may choose any order of all five. */
export const ALLOCATION_ORDER = definePolicyKind<AllocationOrderBody>({
  kind: 'allocation_order',
  description: 'The order payments pay balance components: costs, fees, late charges (违约金/滞纳金), interest, principal',
  schema: z.object({
    order: z
      .array(z.enum(COMPONENTS))
      .length(COMPONENTS.length)
      .refine((o) => new Set(o).size === COMPONENTS.length, 'each component exactly once'),
  }),
  presets: {
    costs_first: { order: [...DEFAULT_ALLOCATION_ORDER] },
    principal_first: { order: ['principal', 'interest', 'late_charges', 'fees', 'costs'] },
  },
  defaultPreset: 'costs_first',
  // The order is the bank's commercial choice, not a protection of the debtor: any order is allowed.
  loosenings: () => [],
});

export interface PromiseRulesBody {
  /** Days after a promise's date that a payment still keeps it. */
  promiseGraceDays: number;
  /** Days after an installment's date before the plan counts as broken. */
  installmentGraceDays: number;
}

export const PROMISE_RULES = definePolicyKind<PromiseRulesBody>({
  kind: 'promise_rules',
  description: 'Grace days for promises to pay and plan installments before they count as broken',
  schema: z.object({ promiseGraceDays: z.number().int().min(0).max(30), installmentGraceDays: z.number().int().min(0).max(60) }),
  presets: { standard: { promiseGraceDays: 2, installmentGraceDays: 10 } },
  defaultPreset: 'standard',
  // Shorter grace is stricter on the debtor: a bank may lengthen it, never shorten it below the preset.
  loosenings: (p, b) => [...tighten.min('promiseGraceDays', p.promiseGraceDays, b.promiseGraceDays), ...tighten.min('installmentGraceDays', p.installmentGraceDays, b.installmentGraceDays)],
});
