/** A legal case's life (DOMAIN.md: pre-suit mediation → filing → hearing → judgment → enforcement). */
export const CASE_STATUSES = [
  'awaiting_authorisation',
  'referred',
  'accepted',
  'pre_suit_mediation',
  'filed',
  'hearing',
  'judgment',
  'enforcement',
  'closed',
  'withdrawn',
  'returned',
  'declined',
  'authorisation_declined',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['closed', 'withdrawn', 'returned', 'declined', 'authorisation_declined'];
export const ACTIVE_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s));
/** Statuses of a case the firm is working (accepted and on). */
const IN_PROGRESS: readonly CaseStatus[] = ['accepted', 'pre_suit_mediation', 'filed', 'hearing', 'judgment', 'enforcement'];

export type CaseActor = 'lawyer' | 'staff' | 'bank';

/** Who may move a case from one status to another. The court path only goes forward; stages may be skipped. */
const LAWYER_MOVES: Partial<Record<CaseStatus, readonly CaseStatus[]>> = {
  referred: ['accepted', 'declined'],
  accepted: ['pre_suit_mediation', 'filed', 'returned', 'closed'],
  pre_suit_mediation: ['filed', 'returned', 'closed'],
  filed: ['hearing', 'judgment', 'returned', 'closed'],
  hearing: ['judgment', 'returned', 'closed'],
  judgment: ['enforcement', 'returned', 'closed'],
  enforcement: ['returned', 'closed'],
};
const BANK_MOVES: Partial<Record<CaseStatus, readonly CaseStatus[]>> = {
  awaiting_authorisation: ['referred', 'authorisation_declined'],
};

export interface TransitionRefusal {
  code: 'CASE_CLOSED' | 'ILLEGAL_TRANSITION' | 'NOT_YOURS_TO_MOVE';
  message: string;
}

/** Null when `actor` may move the case from `from` to `to`; otherwise why not, with a stable code. */
export function transitionRefusal(from: CaseStatus, to: CaseStatus, actor: CaseActor): TransitionRefusal | null {
  if (TERMINAL_STATUSES.includes(from)) return { code: 'CASE_CLOSED', message: `The case is ${from} and can no longer change` };
  if (actor === 'staff') {
    // The agency takes a case back from the firm; the court path is the firm's to record.
    return to === 'withdrawn' ? null : { code: 'NOT_YOURS_TO_MOVE', message: 'Agency staff can only withdraw a case' };
  }
  const moves = actor === 'lawyer' ? LAWYER_MOVES : BANK_MOVES;
  if (moves[from]?.includes(to)) return null;
  const allowed = moves[from] ?? [];
  return allowed.length
    ? { code: 'ILLEGAL_TRANSITION', message: `A case that is ${from} can move to ${allowed.join(', ')}, not ${to}` }
    : { code: 'NOT_YOURS_TO_MOVE', message: `A case that is ${from} is not yours to move` };
}

export const isActive = (s: CaseStatus) => ACTIVE_STATUSES.includes(s);
/** Costs and recoveries are recorded while the firm works the case. */
export const acceptsMoney = (s: CaseStatus) => IN_PROGRESS.includes(s) || s === 'closed';
