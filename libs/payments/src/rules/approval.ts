import { Decimal } from 'decimal.js';

/** Who may approve a plan, lowest first; above the agency admin's mandate the bank itself decides. */
export const APPROVAL_LEVELS = ['collector', 'supervisor', 'agency_admin', 'bank'] as const;
export type ApprovalLevel = (typeof APPROVAL_LEVELS)[number];

/** What one agency level may grant on its own. */
export interface LevelLimit {
  /** Largest settlement discount, in the account's currency. */
  maxDiscount: string;
  /** Largest discount as a percentage of the balance. */
  maxDiscountPercent: number;
  maxMonths: number;
  interestFreeze: boolean;
}

export interface ApprovalLimits {
  collector: LevelLimit;
  supervisor: LevelLimit;
  agency_admin: LevelLimit;
}

export interface PlanTerms {
  discount: Decimal;
  discountPercent: Decimal;
  months: number;
  interestFreeze: boolean;
}

/** Every limit of `limit` that `terms` exceed, in words (empty: the level may approve). */
export function exceeded(limit: LevelLimit, terms: PlanTerms): string[] {
  const out: string[] = [];
  if (terms.discount.gt(limit.maxDiscount)) out.push(`discount ${terms.discount.toFixed(2)} > ${new Decimal(limit.maxDiscount).toFixed(2)}`);
  if (terms.discountPercent.gt(limit.maxDiscountPercent)) out.push(`discount ${terms.discountPercent.toFixed(2)}% > ${limit.maxDiscountPercent}%`);
  if (terms.months > limit.maxMonths) out.push(`${terms.months} months > ${limit.maxMonths}`);
  if (terms.interestFreeze && !limit.interestFreeze) out.push('interest freeze not within this level');
  return out;
}

/**
 * The lowest level whose limits cover the plan: the approval chain stops there. Each level below it is
 * named with the limits the plan exceeds, so the plan records why it went as high as it did.
 */
export function requiredApprover(limits: ApprovalLimits, terms: PlanTerms): { level: ApprovalLevel; reason: string } {
  const reasons: string[] = [];
  for (const level of ['collector', 'supervisor', 'agency_admin'] as const) {
    const over = exceeded(limits[level], terms);
    if (!over.length) return { level, reason: reasons.length ? reasons.join('; ') : `within the ${level} limit` };
    reasons.push(`${level}: ${over.join(', ')}`);
  }
  return { level: 'bank', reason: `above the agency's mandate (${reasons.join('; ')})` };
}

/** The approval level a user of `role` acts at. */
export function levelOfRole(role: string): ApprovalLevel | null {
  switch (role) {
    case 'collector':
      return 'collector';
    case 'supervisor':
      return 'supervisor';
    case 'agency_admin':
      return 'agency_admin';
    case 'client_user':
      return 'bank';
    default:
      return null;
  }
}

/**
 * Whether someone at `actor` may decide a plan that needs `required`: agency staff at or above the
 * required level within the agency's mandate; a plan above the mandate only the bank's own user.
 */
export function mayDecide(actor: ApprovalLevel, required: ApprovalLevel): boolean {
  if (required === 'bank') return actor === 'bank';
  if (actor === 'bank') return false;
  return APPROVAL_LEVELS.indexOf(actor) >= APPROVAL_LEVELS.indexOf(required);
}
