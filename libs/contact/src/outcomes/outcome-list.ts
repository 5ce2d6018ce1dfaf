import { DEFAULT_OUTCOMES, type OutcomeCode } from '../eligibility/outcomes.js';

/** What an outcome means beyond "connected": promise, refusal, acknowledgement of the debt, … */
export const OUTCOME_KINDS = ['contact', 'promise', 'refusal', 'acknowledgement', 'wrong_number', 'no_contact', 'third_party', 'dispute', 'deceased', 'hardship', 'call_back', 'other'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** The one outcome that acknowledges the debt; legal reads it to restart a limitation period. */
export const ACKNOWLEDGEMENT_CODE = 'debt_acknowledged';

/** One entry of an agency's outcome list. */
export interface AgencyOutcome extends OutcomeCode {
  labelZh: string;
  labelEn: string;
  kind: OutcomeKind;
  builtIn: boolean;
  active: boolean;
  sort: number;
}

const BUILT_IN: Record<string, { zh: string; en: string; kind: OutcomeKind }> = {
  right_party_contact: { zh: '联系到本人', en: 'Right-party contact', kind: 'contact' },
  promise_to_pay: { zh: '承诺还款', en: 'Promise to pay', kind: 'promise' },
  refused: { zh: '拒绝还款', en: 'Refused to pay', kind: 'refusal' },
  no_answer: { zh: '无人接听', en: 'No answer', kind: 'no_contact' },
  busy: { zh: '占线', en: 'Busy', kind: 'no_contact' },
  wrong_number: { zh: '号码错误', en: 'Wrong number', kind: 'wrong_number' },
  third_party_reached: { zh: '联系到第三方', en: 'Third party reached', kind: 'third_party' },
  disputed: { zh: '提出异议', en: 'Disputed', kind: 'dispute' },
  deceased: { zh: '已故', en: 'Deceased', kind: 'deceased' },
  hardship: { zh: '经济困难', en: 'Hardship', kind: 'hardship' },
  call_back: { zh: '约定回电', en: 'Call back', kind: 'call_back' },
  debt_acknowledged: { zh: '承认债务', en: 'Debt acknowledged', kind: 'acknowledgement' },
};

/** Today's defaults as an agency list: what an agency uses until its admin edits the list. */
export const DEFAULT_AGENCY_OUTCOMES: readonly AgencyOutcome[] = DEFAULT_OUTCOMES.map((o, i) => ({
  ...o,
  labelZh: BUILT_IN[o.code]?.zh ?? o.code,
  labelEn: BUILT_IN[o.code]?.en ?? o.code,
  kind: BUILT_IN[o.code]?.kind ?? 'other',
  builtIn: true,
  active: true,
  sort: (i + 1) * 10,
}));

export interface OutcomeEdit {
  code: string;
  labelZh: string;
  labelEn: string;
  connected: boolean;
  disclosesDebt: boolean;
  kind: OutcomeKind;
  active: boolean;
  sort: number;
}

export interface OutcomeEditProblem {
  code: string;
  message: string;
}

/**
 * Rules of the agency's list. Built-in codes keep their meaning (what counts as a conversation, what
 * places a hold, what acknowledges the debt: limits, holds and legal depend on it); only their labels,
 * order and whether they are offered change. New codes may be anything except an acknowledgement of
 * the debt, which stays the one built-in code so that legal can always find it.
 */
export function outcomeEditProblems(existing: AgencyOutcome | undefined, edit: OutcomeEdit): OutcomeEditProblem[] {
  const out: OutcomeEditProblem[] = [];
  if (!/^[a-z][a-z0-9_]{1,59}$/.test(edit.code)) out.push({ code: 'OUTCOME_CODE_FORMAT', message: 'A code is 2–60 lower-case letters, digits or underscores, starting with a letter' });
  if (!edit.labelZh.trim() || !edit.labelEn.trim()) out.push({ code: 'OUTCOME_LABEL_REQUIRED', message: 'Give the label in both languages' });
  if (existing?.builtIn) {
    if (existing.connected !== edit.connected || existing.disclosesDebt !== edit.disclosesDebt || existing.kind !== edit.kind)
      out.push({ code: 'BUILT_IN_MEANING', message: `The meaning of the built-in outcome ${existing.code} is fixed; only its labels, order and use change` });
  } else {
    if (edit.kind === 'acknowledgement' || edit.code === ACKNOWLEDGEMENT_CODE)
      out.push({ code: 'ACKNOWLEDGEMENT_RESERVED', message: `Only the built-in outcome ${ACKNOWLEDGEMENT_CODE} acknowledges the debt` });
    if (['deceased', 'dispute'].includes(edit.kind)) out.push({ code: 'KIND_RESERVED', message: `Use the built-in outcome for ${edit.kind}: it places a hold` });
    if (edit.disclosesDebt && !edit.connected) out.push({ code: 'DISCLOSES_WITHOUT_CONVERSATION', message: 'An outcome that discusses the debt is a conversation' });
  }
  return out;
}

/** The whole list from stored rows, or the defaults when the agency never edited it. */
export function effectiveOutcomes(stored: readonly AgencyOutcome[]): AgencyOutcome[] {
  const list = stored.length ? [...stored] : [...DEFAULT_AGENCY_OUTCOMES];
  return list.sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
}
