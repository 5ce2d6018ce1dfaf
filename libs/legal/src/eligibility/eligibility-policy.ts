import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { definePolicyKind, tighten, type PolicyViolation } from '@arrears/platform';

const decimal = z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, 'a decimal amount such as "5000.00"');

const statute = z.object({
  years: z.number().int().min(1).max(30),
  restartOnPayment: z.boolean(),
  restartOnAcknowledgement: z.boolean(),
});
export type Statute = z.infer<typeof statute>;

export const DOCUMENT_KINDS = ['card_agreement', 'application'] as const;
export type RequiredDocument = (typeof DOCUMENT_KINDS)[number];

const body = z.object({
  minDpd: z.number().int().min(0),
  minBalance: decimal,
  noPaymentDays: z.number().int().min(0),
  requireNoActivePlan: z.boolean(),
  requireNoOpenComplaint: z.boolean(),
  limitation: z.object({
    jurisdiction: z.enum(['CN', 'US']),
    /** CN: the general period (Civil Code art. 188); US: the fallback when a state is not listed. */
    general: statute,
    /** US statutes of limitation per state (two-letter code). Facts to be confirmed per contract: configuration. */
    states: z.record(z.string().regex(/^[A-Z]{2}$/), statute),
    /** Refuse referral this many days before the period runs out: a suit needs time to be filed. */
    marginDays: z.number().int().min(0).max(365),
  }),
  bankAuthorisationRequired: z.boolean(),
  requiredDocuments: z.array(z.enum(DOCUMENT_KINDS)),
});
export type LegalEligibilityPolicy = z.infer<typeof body>;

const CN: LegalEligibilityPolicy = {
  minDpd: 180,
  minBalance: '5000.00',
  noPaymentDays: 90,
  requireNoActivePlan: true,
  requireNoOpenComplaint: true,
  limitation: { jurisdiction: 'CN', general: { years: 3, restartOnPayment: true, restartOnAcknowledgement: true }, states: {}, marginDays: 30 },
  // Not a legal requirement: a bank's contract turns it on (tightening), and then it cannot be turned off.
  bankAuthorisationRequired: false,
  requiredDocuments: ['card_agreement', 'application'],
};

// US periods for written contracts / open accounts vary by state and by how a court classifies a card
// debt; these examples are defaults to be confirmed against each client's counsel, never constants.
const US: LegalEligibilityPolicy = {
  ...CN,
  minBalance: '1000.00',
  limitation: {
    jurisdiction: 'US',
    general: { years: 3, restartOnPayment: false, restartOnAcknowledgement: true },
    states: {
      CA: { years: 4, restartOnPayment: false, restartOnAcknowledgement: true },
      NY: { years: 3, restartOnPayment: false, restartOnAcknowledgement: true },
      TX: { years: 4, restartOnPayment: false, restartOnAcknowledgement: true },
      FL: { years: 5, restartOnPayment: false, restartOnAcknowledgement: true },
    },
    marginDays: 60,
  },
};

function statuteLoosenings(rule: string, preset: Statute, proposed: Statute): PolicyViolation[] {
  const out = tighten.max(`${rule}.years`, preset.years, proposed.years, 'The limitation period');
  // A restart keeps old debt suable longer: turning one on loosens the preset.
  if (!preset.restartOnPayment && proposed.restartOnPayment) out.push({ rule: `${rule}.restartOnPayment`, message: 'Payments do not restart the period in the preset' });
  if (!preset.restartOnAcknowledgement && proposed.restartOnAcknowledgement) out.push({ rule: `${rule}.restartOnAcknowledgement`, message: 'Acknowledgements do not restart the period in the preset' });
  return out;
}

export function legalEligibilityLoosenings(p: LegalEligibilityPolicy, b: LegalEligibilityPolicy): PolicyViolation[] {
  const out = [
    ...tighten.min('minDpd', p.minDpd, b.minDpd, 'Days past due'),
    ...tighten.min('noPaymentDays', p.noPaymentDays, b.noPaymentDays, 'Days without a payment'),
    ...tighten.keepOn('requireNoActivePlan', p.requireNoActivePlan, b.requireNoActivePlan, 'No active plan'),
    ...tighten.keepOn('requireNoOpenComplaint', p.requireNoOpenComplaint, b.requireNoOpenComplaint, 'No open complaint'),
    ...tighten.keepOn('bankAuthorisationRequired', p.bankAuthorisationRequired, b.bankAuthorisationRequired, "The bank's authorisation"),
    ...tighten.min('limitation.marginDays', p.limitation.marginDays, b.limitation.marginDays, 'The margin before the period ends'),
    ...statuteLoosenings('limitation.general', p.limitation.general, b.limitation.general),
  ];
  if (new Decimal(b.minBalance).lt(p.minBalance)) out.push({ rule: 'minBalance', message: `The balance threshold must be at least ${p.minBalance} (the preset)` });
  if (b.limitation.jurisdiction !== p.limitation.jurisdiction) out.push({ rule: 'limitation.jurisdiction', message: `The preset's jurisdiction is ${p.limitation.jurisdiction}` });
  for (const [state, s] of Object.entries(p.limitation.states)) {
    const proposed = b.limitation.states[state];
    if (!proposed) out.push({ rule: `limitation.states.${state}`, message: `${state} is configured in the preset and cannot be removed` });
    else out.push(...statuteLoosenings(`limitation.states.${state}`, s, proposed));
  }
  const missing = p.requiredDocuments.filter((d) => !b.requiredDocuments.includes(d));
  if (missing.length) out.push({ rule: 'requiredDocuments', message: `Required by the preset: ${missing.join(', ')}` });
  return out;
}

/** Registered when the legal lib loads, like every domain's kind. */
export const LEGAL_ELIGIBILITY = definePolicyKind<LegalEligibilityPolicy>({
  kind: 'legal_eligibility',
  description: 'When an account may be referred to a law firm: days past due, balance, time since the last payment, no plan or complaint, limitation period, bank authorisation, documents',
  schema: body,
  presets: { cn: CN, us: US },
  defaultPreset: 'cn',
  loosenings: legalEligibilityLoosenings,
});
