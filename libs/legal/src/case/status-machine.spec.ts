import { describe, expect, it } from 'vitest';
import { ACTIVE_STATUSES, acceptsMoney, transitionRefusal } from './status-machine.js';

describe('the legal case status machine', () => {
  it('lets the lawyer walk the court path forward, skipping stages', () => {
    const path = ['referred', 'accepted', 'pre_suit_mediation', 'filed', 'hearing', 'judgment', 'enforcement', 'closed'] as const;
    for (let i = 0; i + 1 < path.length; i++) expect(transitionRefusal(path[i], path[i + 1], 'lawyer')).toBeNull();
    expect(transitionRefusal('accepted', 'filed', 'lawyer')).toBeNull();
    expect(transitionRefusal('filed', 'judgment', 'lawyer')).toBeNull();
  });

  it('refuses going backwards or jumping from referral, with a code', () => {
    expect(transitionRefusal('filed', 'pre_suit_mediation', 'lawyer')?.code).toBe('ILLEGAL_TRANSITION');
    expect(transitionRefusal('referred', 'filed', 'lawyer')?.code).toBe('ILLEGAL_TRANSITION');
    expect(transitionRefusal('judgment', 'hearing', 'lawyer')?.message).toContain('enforcement');
  });

  it('keeps a finished case finished', () => {
    for (const s of ['closed', 'withdrawn', 'returned', 'declined', 'authorisation_declined'] as const) {
      expect(transitionRefusal(s, 'filed', 'lawyer')?.code).toBe('CASE_CLOSED');
      expect(transitionRefusal(s, 'withdrawn', 'staff')?.code).toBe('CASE_CLOSED');
    }
  });

  it('gives each actor only its own moves', () => {
    expect(transitionRefusal('filed', 'withdrawn', 'staff')).toBeNull();
    expect(transitionRefusal('awaiting_authorisation', 'withdrawn', 'staff')).toBeNull();
    expect(transitionRefusal('filed', 'hearing', 'staff')?.code).toBe('NOT_YOURS_TO_MOVE');
    expect(transitionRefusal('filed', 'withdrawn', 'lawyer')?.code).toBe('ILLEGAL_TRANSITION');
    expect(transitionRefusal('awaiting_authorisation', 'accepted', 'lawyer')?.code).toBe('NOT_YOURS_TO_MOVE');
    expect(transitionRefusal('awaiting_authorisation', 'referred', 'bank')).toBeNull();
    expect(transitionRefusal('referred', 'accepted', 'bank')?.code).toBe('NOT_YOURS_TO_MOVE');
  });

  it('holds the account while a case is active and takes money only once the firm works it', () => {
    expect(ACTIVE_STATUSES).toEqual(['awaiting_authorisation', 'referred', 'accepted', 'pre_suit_mediation', 'filed', 'hearing', 'judgment', 'enforcement']);
    expect(acceptsMoney('referred')).toBe(false);
    expect(acceptsMoney('filed')).toBe(true);
    expect(acceptsMoney('withdrawn')).toBe(false);
  });
});
