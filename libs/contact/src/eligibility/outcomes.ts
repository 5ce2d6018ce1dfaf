/** What an outcome says about the contact: whether a conversation happened and whether the debt was discussed. */
export interface OutcomeCode {
  code: string;
  /** A conversation with the debtor (or their attorney): counts as connected. */
  connected: boolean;
  /** The debt was discussed: needs a verified right party, never with a third party. */
  disclosesDebt: boolean;
  /** The phone used turns out wrong (marks the phone). */
  wrongNumber?: boolean;
  /** Places a hold of this reason on the account. */
  placesHold?: 'deceased' | 'dispute' | 'hardship';
}

/** The default outcome list (an agency-configurable list builds on these codes). */
export const DEFAULT_OUTCOMES: readonly OutcomeCode[] = [
  { code: 'right_party_contact', connected: true, disclosesDebt: true },
  { code: 'promise_to_pay', connected: true, disclosesDebt: true },
  { code: 'refused', connected: true, disclosesDebt: true },
  { code: 'no_answer', connected: false, disclosesDebt: false },
  { code: 'busy', connected: false, disclosesDebt: false },
  { code: 'wrong_number', connected: false, disclosesDebt: false, wrongNumber: true },
  { code: 'third_party_reached', connected: false, disclosesDebt: false },
  { code: 'disputed', connected: true, disclosesDebt: true, placesHold: 'dispute' },
  { code: 'deceased', connected: false, disclosesDebt: false, placesHold: 'deceased' },
  { code: 'hardship', connected: true, disclosesDebt: true },
  { code: 'call_back', connected: true, disclosesDebt: false },
  { code: 'debt_acknowledged', connected: true, disclosesDebt: true },
];

export function findOutcome(code: string): OutcomeCode | undefined {
  return DEFAULT_OUTCOMES.find((o) => o.code === code);
}

export interface OutcomeProblem {
  rule: string;
  message: string;
}

/** Right-party verification before the debt is discussed; never the debt with a third party. */
export function outcomeProblems(o: OutcomeCode, input: { party: string; rightPartyVerified: boolean; requireVerification: boolean }): OutcomeProblem[] {
  const out: OutcomeProblem[] = [];
  if (o.disclosesDebt && input.party === 'third_party') out.push({ rule: 'third_party_disclosure', message: 'The debt is never discussed with a third party' });
  else if (o.disclosesDebt && input.requireVerification && !input.rightPartyVerified)
    out.push({ rule: 'right_party_verification', message: 'Verify the right party before the debt is discussed' });
  return out;
}
