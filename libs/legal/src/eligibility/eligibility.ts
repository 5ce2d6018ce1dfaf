import { Decimal } from 'decimal.js';
import type { LegalEligibilityPolicy, Statute } from './eligibility-policy.js';

/** What eligibility looks at, gathered per account. Dates are ISO local dates (YYYY-MM-DD). */
export interface EligibilityFacts {
  accountStatus: 'active' | 'recalled' | 'closed';
  dpd: number;
  balance: string;
  delinquentSince: string;
  lastPaymentDate: string | null;
  /** The debtor acknowledged the debt (a contact outcome); null when none is on file. */
  lastAcknowledgementDate: string | null;
  /** Reasons of the holds in force, other than this domain's own. */
  holdReasons: string[];
  hasActiveCase: boolean;
  /** A repayment plan is in force (from the plans themselves; its hold counts as well). */
  hasActivePlan?: boolean;
  /** An undecided complaint or an open dispute (from complaints; their holds count as well). */
  hasOpenComplaint?: boolean;
  /** US: the debtor's state; null when unknown. */
  debtorState: string | null;
}

export type CheckCode =
  | 'ACCOUNT_ACTIVE'
  | 'NOT_ALREADY_REFERRED'
  | 'MIN_DPD'
  | 'MIN_BALANCE'
  | 'NO_RECENT_PAYMENT'
  | 'NO_ACTIVE_PLAN'
  | 'NO_OPEN_COMPLAINT'
  | 'NO_BLOCKING_HOLD'
  | 'NOT_TIME_BARRED';

export interface EligibilityCheck {
  code: CheckCode;
  passed: boolean;
  message: string;
}

export interface LimitationAssessment {
  /** The day the period (re)started, and by what. */
  startsOn: string;
  restartedBy: 'delinquency' | 'payment' | 'acknowledgement';
  expiresOn: string | null;
  years: number | null;
  timeBarred: boolean;
}

export interface EligibilityResult {
  eligible: boolean;
  checks: EligibilityCheck[];
  limitation: LimitationAssessment;
}

const DAY = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => Math.round((toDay(to) - toDay(from)) / DAY);

/** The same calendar day `years` later (29 February rolls to 1 March). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return isoOf(Date.UTC(y + years, m - 1, d));
}

function statuteFor(policy: LegalEligibilityPolicy, debtorState: string | null): Statute | null {
  if (policy.limitation.jurisdiction === 'CN') return policy.limitation.general;
  if (!debtorState) return null;
  return policy.limitation.states[debtorState.toUpperCase()] ?? null;
}

/**
 * The limitation period: it starts when the debt fell due and restarts (中断 in Chinese law) on a payment
 * or the debtor's acknowledgement where the statute says so. A US debt in a state with no configured
 * statute cannot be shown to be suable, so it counts as barred.
 */
export function assessLimitation(facts: EligibilityFacts, policy: LegalEligibilityPolicy, asOf: string): LimitationAssessment {
  const statute = statuteFor(policy, facts.debtorState);
  let startsOn = facts.delinquentSince;
  let restartedBy: LimitationAssessment['restartedBy'] = 'delinquency';
  const restarts: [string | null, boolean, LimitationAssessment['restartedBy']][] = [
    [facts.lastPaymentDate, statute?.restartOnPayment ?? false, 'payment'],
    [facts.lastAcknowledgementDate, statute?.restartOnAcknowledgement ?? false, 'acknowledgement'],
  ];
  for (const [day, applies, by] of restarts) {
    if (day && applies && day > startsOn && day <= asOf) {
      startsOn = day;
      restartedBy = by;
    }
  }
  if (!statute) return { startsOn, restartedBy, expiresOn: null, years: null, timeBarred: true };
  const expiresOn = addYears(startsOn, statute.years);
  return { startsOn, restartedBy, expiresOn, years: statute.years, timeBarred: daysBetween(asOf, expiresOn) <= policy.limitation.marginDays };
}

/** Every rule of the client's legal-eligibility policy, each with whether it passed and why. */
export function assessEligibility(facts: EligibilityFacts, policy: LegalEligibilityPolicy, asOf: string): EligibilityResult {
  const checks: EligibilityCheck[] = [];
  const check = (code: CheckCode, passed: boolean, message: string) => checks.push({ code, passed, message });
  const holds = new Set(facts.holdReasons);

  check('ACCOUNT_ACTIVE', facts.accountStatus === 'active', facts.accountStatus === 'active' ? 'The account is placed with the agency' : `The account is ${facts.accountStatus}`);
  check('NOT_ALREADY_REFERRED', !facts.hasActiveCase, facts.hasActiveCase ? 'The account already has an active legal case' : 'No active legal case');
  check('MIN_DPD', facts.dpd >= policy.minDpd, `${facts.dpd} days past due (at least ${policy.minDpd})`);
  check('MIN_BALANCE', new Decimal(facts.balance).gte(policy.minBalance), `Balance ${facts.balance} (at least ${policy.minBalance})`);
  const sincePayment = facts.lastPaymentDate ? daysBetween(facts.lastPaymentDate, asOf) : null;
  check(
    'NO_RECENT_PAYMENT',
    sincePayment === null || sincePayment >= policy.noPaymentDays,
    sincePayment === null ? 'No payment on file' : `Last payment ${sincePayment} days ago (at least ${policy.noPaymentDays})`,
  );
  if (policy.requireNoActivePlan) {
    const plan = !!facts.hasActivePlan || holds.has('installment_plan');
    check('NO_ACTIVE_PLAN', !plan, plan ? 'A repayment plan is active' : 'No active repayment plan');
  }
  if (policy.requireNoOpenComplaint) {
    const open = !!facts.hasOpenComplaint || holds.has('complaint') || holds.has('dispute');
    check('NO_OPEN_COMPLAINT', !open, open ? 'A complaint or dispute is open' : 'No open complaint or dispute');
  }
  const blocking = ['bankruptcy', 'deceased'].filter((r) => holds.has(r));
  check('NO_BLOCKING_HOLD', blocking.length === 0, blocking.length ? `Held: ${blocking.join(', ')}` : 'No bankruptcy or deceased hold');

  const limitation = assessLimitation(facts, policy, asOf);
  const why =
    limitation.expiresOn === null
      ? `No statute of limitations configured for ${facts.debtorState ?? 'an unknown state'}`
      : `Limitation period from ${limitation.startsOn} (${limitation.restartedBy}) ends ${limitation.expiresOn}`;
  check('NOT_TIME_BARRED', !limitation.timeBarred, why);

  return { eligible: checks.every((c) => c.passed), checks, limitation };
}
