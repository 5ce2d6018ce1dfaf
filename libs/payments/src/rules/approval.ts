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

/** One limit of one level that a plan exceeds (screens word it in the user's language). */
export interface LimitBreach {
  level: Exclude<ApprovalLevel, 'bank'>;
  rule: 'discount' | 'discount_percent' | 'months' | 'interest_freeze';
  limit: string;
  actual: string;
}

function breaches(level: LimitBreach['level'], limit: LevelLimit, terms: PlanTerms): LimitBreach[] {
  const out: LimitBreach[] = [];
  if (terms.discount.gt(limit.maxDiscount)) out.push({ level, rule: 'discount', limit: new Decimal(limit.maxDiscount).toFixed(2), actual: terms.discount.toFixed(2) });
  if (terms.discountPercent.gt(limit.maxDiscountPercent)) out.push({ level, rule: 'discount_percent', limit: String(limit.maxDiscountPercent), actual: terms.discountPercent.toFixed(2) });
  if (terms.months > limit.maxMonths) out.push({ level, rule: 'months', limit: String(limit.maxMonths), actual: String(terms.months) });
  if (terms.interestFreeze && !limit.interestFreeze) out.push({ level, rule: 'interest_freeze', limit: 'no', actual: 'yes' });
  return out;
}

const words = (b: LimitBreach): string =>
  b.rule === 'discount' ? `discount ${b.actual} > ${b.limit}` : b.rule === 'discount_percent' ? `discount ${b.actual}% > ${b.limit}%` : b.rule === 'months' ? `${b.actual} months > ${b.limit}` : 'interest freeze not within this level';

/** Every limit of `limit` that `terms` exceed, in words (empty: the level may approve). */
export function exceeded(limit: LevelLimit, terms: PlanTerms): string[] {
  return breaches('collector', limit, terms).map(words);
}

/**
 * The lowest level whose limits cover the plan: the approval chain stops there. Each level below it is
 * named with the limits the plan exceeds, so the plan records why it went as high as it did.
 */
export function requiredApprover(limits: ApprovalLimits, terms: PlanTerms): { level: ApprovalLevel; reason: string; breaches: LimitBreach[] } {
  const reasons: string[] = [];
  const all: LimitBreach[] = [];
  for (const level of ['collector', 'supervisor', 'agency_admin'] as const) {
    const over = breaches(level, limits[level], terms);
    if (!over.length) return { level, reason: reasons.length ? reasons.join('; ') : `within the ${level} limit`, breaches: all };
    reasons.push(`${level}: ${over.map(words).join(', ')}`);
    all.push(...over);
  }
  return { level: 'bank', reason: `above the agency's mandate (${reasons.join('; ')})`, breaches: all };
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
