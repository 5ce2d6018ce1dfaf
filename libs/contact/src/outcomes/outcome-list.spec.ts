import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGEMENT_CODE, DEFAULT_AGENCY_OUTCOMES, effectiveOutcomes, outcomeEditProblems, type AgencyOutcome, type OutcomeEdit } from './outcome-list.js';

const builtIn = (code: string) => DEFAULT_AGENCY_OUTCOMES.find((o) => o.code === code) as AgencyOutcome;
const editOf = (o: AgencyOutcome, change: Partial<OutcomeEdit> = {}): OutcomeEdit => ({ code: o.code, labelZh: o.labelZh, labelEn: o.labelEn, connected: o.connected, disclosesDebt: o.disclosesDebt, kind: o.kind, active: o.active, sort: o.sort, ...change });

describe('the agency outcome list', () => {
  it('seeds every default code with labels in both languages and one acknowledgement', () => {
    expect(DEFAULT_AGENCY_OUTCOMES).toHaveLength(12);
    expect(DEFAULT_AGENCY_OUTCOMES.every((o) => o.labelZh && o.labelEn && o.labelZh !== o.code)).toBe(true);
    expect(DEFAULT_AGENCY_OUTCOMES.filter((o) => o.kind === 'acknowledgement').map((o) => o.code)).toEqual([ACKNOWLEDGEMENT_CODE]);
    expect(builtIn('promise_to_pay').kind).toBe('promise');
    expect(builtIn('wrong_number').wrongNumber).toBe(true);
  });

  it('lets labels, order and use of a built-in change, never its meaning', () => {
    const ptp = builtIn('promise_to_pay');
    expect(outcomeEditProblems(ptp, editOf(ptp, { labelZh: '承诺还款（书面）', sort: 5, active: false }))).toEqual([]);
    expect(outcomeEditProblems(ptp, editOf(ptp, { connected: false })).map((p) => p.code)).toEqual(['BUILT_IN_MEANING']);
    const ack = builtIn(ACKNOWLEDGEMENT_CODE);
    expect(outcomeEditProblems(ack, editOf(ack, { kind: 'contact' })).map((p) => p.code)).toEqual(['BUILT_IN_MEANING']);
  });

  it('keeps the acknowledgement of debt to its one built-in code', () => {
    const base = editOf(builtIn('call_back'), { code: 'acknowledged_in_writing', kind: 'acknowledgement' });
    expect(outcomeEditProblems(undefined, base).map((p) => p.code)).toEqual(['ACKNOWLEDGEMENT_RESERVED']);
  });

  it('checks new codes: format, labels, a disclosure needs a conversation, holds only through built-ins', () => {
    const fresh: OutcomeEdit = { code: 'visited_left_card', labelZh: '上门留卡', labelEn: 'Visited, left a card', connected: false, disclosesDebt: false, kind: 'no_contact', active: true, sort: 200 };
    expect(outcomeEditProblems(undefined, fresh)).toEqual([]);
    expect(outcomeEditProblems(undefined, { ...fresh, code: 'Bad Code' }).map((p) => p.code)).toEqual(['OUTCOME_CODE_FORMAT']);
    expect(outcomeEditProblems(undefined, { ...fresh, labelEn: ' ' }).map((p) => p.code)).toEqual(['OUTCOME_LABEL_REQUIRED']);
    expect(outcomeEditProblems(undefined, { ...fresh, disclosesDebt: true }).map((p) => p.code)).toEqual(['DISCLOSES_WITHOUT_CONVERSATION']);
    expect(outcomeEditProblems(undefined, { ...fresh, kind: 'deceased' }).map((p) => p.code)).toEqual(['KIND_RESERVED']);
  });

  it('uses the defaults until the agency stores its own list, in order', () => {
    expect(effectiveOutcomes([]).map((o) => o.code)).toEqual(DEFAULT_AGENCY_OUTCOMES.map((o) => o.code));
    const own = [{ ...builtIn('busy'), sort: 1 }, { ...builtIn('no_answer'), sort: 2 }];
    expect(effectiveOutcomes(own).map((o) => o.code)).toEqual(['busy', 'no_answer']);
  });
});
