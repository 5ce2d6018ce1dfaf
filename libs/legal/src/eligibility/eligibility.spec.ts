import { describe, expect, it } from 'vitest';
import { checkPolicyBody } from '@arrears/platform';
import { addYears, assessEligibility, assessLimitation, type EligibilityFacts } from './eligibility.js';
import { LEGAL_ELIGIBILITY, type LegalEligibilityPolicy } from './eligibility-policy.js';

const CN = LEGAL_ELIGIBILITY.presets.cn;
const US = LEGAL_ELIGIBILITY.presets.us;
const ASOF = '2026-11-30';

const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  accountStatus: 'active',
  dpd: 400,
  balance: '12000.00',
  delinquentSince: '2025-10-26',
  lastPaymentDate: null,
  lastAcknowledgementDate: null,
  holdReasons: [],
  hasActiveCase: false,
  debtorState: null,
  ...over,
});
const failed = (f: EligibilityFacts, p: LegalEligibilityPolicy = CN) =>
  assessEligibility(f, p, ASOF)
    .checks.filter((c) => !c.passed)
    .map((c) => c.code);

describe('legal eligibility', () => {
  it('passes an account that meets every rule and names each rule it checked', () => {
    const r = assessEligibility(facts(), CN, ASOF);
    expect(r.eligible).toBe(true);
    expect(r.checks.map((c) => c.code)).toEqual([
      'ACCOUNT_ACTIVE', 'NOT_ALREADY_REFERRED', 'MIN_DPD', 'MIN_BALANCE', 'NO_RECENT_PAYMENT', 'NO_ACTIVE_PLAN', 'NO_OPEN_COMPLAINT', 'NO_BLOCKING_HOLD', 'NOT_TIME_BARRED',
    ]);
  });

  it('refuses below the thresholds, exactly at their edges', () => {
    expect(failed(facts({ dpd: 179 }))).toEqual(['MIN_DPD']);
    expect(failed(facts({ dpd: 180 }))).toEqual([]);
    expect(failed(facts({ balance: '4999.99' }))).toEqual(['MIN_BALANCE']);
    expect(failed(facts({ balance: '5000.00' }))).toEqual([]);
    expect(failed(facts({ lastPaymentDate: '2026-09-02' }))).toEqual(['NO_RECENT_PAYMENT']); // 89 days
    expect(failed(facts({ lastPaymentDate: '2026-09-01' }))).toEqual([]); // 90 days
  });

  it('refuses an account with a plan, an open complaint or dispute, a bankruptcy, a case, or no longer placed', () => {
    expect(failed(facts({ holdReasons: ['installment_plan'] }))).toEqual(['NO_ACTIVE_PLAN']);
    expect(failed(facts({ holdReasons: ['dispute'] }))).toEqual(['NO_OPEN_COMPLAINT']);
    expect(failed(facts({ holdReasons: ['complaint', 'bankruptcy'] }))).toEqual(['NO_OPEN_COMPLAINT', 'NO_BLOCKING_HOLD']);
    expect(failed(facts({ holdReasons: ['hardship'] }))).toEqual([]);
    expect(failed(facts({ hasActiveCase: true }))).toEqual(['NOT_ALREADY_REFERRED']);
    expect(failed(facts({ accountStatus: 'recalled' }))).toEqual(['ACCOUNT_ACTIVE']);
  });

  it('counts a plan in force and an undecided complaint from their own records, not only from holds', () => {
    expect(failed(facts({ hasActivePlan: true }))).toEqual(['NO_ACTIVE_PLAN']);
    expect(failed(facts({ hasOpenComplaint: true }))).toEqual(['NO_OPEN_COMPLAINT']);
    expect(failed(facts({ hasActivePlan: false, hasOpenComplaint: false }))).toEqual([]);
  });

  it('skips the plan and complaint rules when the policy does not ask for them', () => {
    const lax = { ...CN, requireNoActivePlan: false, requireNoOpenComplaint: false };
    expect(failed(facts({ holdReasons: ['installment_plan', 'complaint'] }), lax)).toEqual([]);
    expect(failed(facts({ hasActivePlan: true, hasOpenComplaint: true }), lax)).toEqual([]);
  });
});

describe('limitation period (China, 3 years, restarted by payments and acknowledgements)', () => {
  it('runs three years from the default and bars the debt inside the margin', () => {
    const l = assessLimitation(facts({ delinquentSince: '2023-12-01' }), CN, ASOF);
    expect(l).toMatchObject({ startsOn: '2023-12-01', restartedBy: 'delinquency', expiresOn: '2026-12-01', timeBarred: true }); // 1 day left < 30
    expect(assessLimitation(facts({ delinquentSince: '2024-01-05' }), CN, ASOF).timeBarred).toBe(false); // 36 days left
    expect(failed(facts({ delinquentSince: '2023-06-01' }))).toEqual(['NOT_TIME_BARRED']);
  });

  it('restarts on a payment', () => {
    const f = facts({ delinquentSince: '2023-01-10', lastPaymentDate: '2024-03-15' });
    expect(assessLimitation(f, CN, ASOF)).toMatchObject({ startsOn: '2024-03-15', restartedBy: 'payment', expiresOn: '2027-03-15', timeBarred: false });
    expect(assessEligibility(f, CN, ASOF).eligible).toBe(true);
  });

  it("restarts on the debtor's acknowledgement, the later restart winning", () => {
    const f = facts({ delinquentSince: '2022-05-01', lastPaymentDate: '2023-01-01', lastAcknowledgementDate: '2024-08-20' });
    expect(assessLimitation(f, CN, ASOF)).toMatchObject({ startsOn: '2024-08-20', restartedBy: 'acknowledgement', expiresOn: '2027-08-20' });
    // Without the acknowledgement the payment's restart has run out.
    expect(assessLimitation({ ...f, lastAcknowledgementDate: null }, CN, ASOF).timeBarred).toBe(true);
  });

  it('ignores restarts the statute does not recognise and future-dated ones', () => {
    const noRestart = { ...CN, limitation: { ...CN.limitation, general: { years: 3, restartOnPayment: false, restartOnAcknowledgement: false } } };
    const f = facts({ delinquentSince: '2023-01-10', lastPaymentDate: '2024-03-15', lastAcknowledgementDate: '2025-01-01' });
    expect(assessLimitation(f, noRestart, ASOF)).toMatchObject({ startsOn: '2023-01-10', timeBarred: true });
    expect(assessLimitation(facts({ delinquentSince: '2023-01-10', lastPaymentDate: '2027-01-01' }), CN, ASOF).startsOn).toBe('2023-01-10');
  });

  it('adds calendar years (29 February rolls to 1 March)', () => {
    expect(addYears('2024-02-29', 3)).toBe('2027-03-01');
    expect(addYears('2025-10-26', 3)).toBe('2028-10-26');
  });
});

describe('limitation period (United States, per state as configuration)', () => {
  it("uses the debtor's state and refuses a state with no configured statute", () => {
    const f = facts({ delinquentSince: '2022-12-15', debtorState: 'FL' });
    expect(assessLimitation(f, US, ASOF)).toMatchObject({ years: 5, expiresOn: '2027-12-15', timeBarred: false });
    expect(assessLimitation({ ...f, debtorState: 'NY' }, US, ASOF)).toMatchObject({ years: 3, timeBarred: true });
    expect(failed({ ...f, debtorState: 'WY' }, US)).toEqual(['NOT_TIME_BARRED']);
    expect(failed({ ...f, debtorState: null }, US)).toEqual(['NOT_TIME_BARRED']);
  });

  it('does not restart on a payment where the state does not, but does on a written acknowledgement', () => {
    const f = facts({ delinquentSince: '2022-06-01', lastPaymentDate: '2025-01-01', debtorState: 'NY' });
    expect(assessLimitation(f, US, ASOF).timeBarred).toBe(true);
    expect(assessLimitation({ ...f, lastAcknowledgementDate: '2025-02-01' }, US, ASOF)).toMatchObject({ restartedBy: 'acknowledgement', timeBarred: false });
  });
});

describe('the legal_eligibility policy kind', () => {
  it('accepts a tightened body and refuses every loosening by name', () => {
    const tighter = { ...CN, minDpd: 240, minBalance: '8000.00', bankAuthorisationRequired: true };
    expect(checkPolicyBody(LEGAL_ELIGIBILITY, 'cn', tighter).violations).toEqual([]);
    const looser = {
      ...CN,
      minDpd: 90,
      minBalance: '100.00',
      requiredDocuments: ['card_agreement'],
      limitation: { ...CN.limitation, general: { years: 5, restartOnPayment: true, restartOnAcknowledgement: true } },
    };
    expect(checkPolicyBody(LEGAL_ELIGIBILITY, 'cn', looser).violations.map((v) => v.rule).sort()).toEqual(
      ['limitation.general.years', 'minBalance', 'minDpd', 'requiredDocuments'].sort(),
    );
  });

  it('refuses turning on a restart the US preset does not allow, or dropping a state', () => {
    const states = { ...US.limitation.states };
    delete (states as Record<string, unknown>).TX;
    const body = { ...US, limitation: { ...US.limitation, general: { ...US.limitation.general, restartOnPayment: true }, states } };
    expect(checkPolicyBody(LEGAL_ELIGIBILITY, 'us', body).violations.map((v) => v.rule).sort()).toEqual(['limitation.general.restartOnPayment', 'limitation.states.TX']);
  });
});
