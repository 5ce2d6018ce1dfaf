import { describe, expect, it } from 'vitest';
import { returnReason } from '../placement/return-file.js';
import { recallProblem } from './recall.js';

describe('recallProblem', () => {
  it('needs a note only when the reason is "other"', () => {
    expect(recallProblem('other', null, null, [])).toMatchObject({ code: 'NOTE_REQUIRED' });
    expect(recallProblem('other', '   ', null, [])).toMatchObject({ code: 'NOTE_REQUIRED' });
    expect(recallProblem('other', 'the bank sold the debt', null, [])).toBeNull();
    expect(recallProblem('dispute', null, null, [])).toBeNull();
  });

  it("refuses an effective date after any of the banks' today, and accepts today and earlier", () => {
    expect(recallProblem('bank_request', null, '2026-12-02', ['2026-12-01'])).toMatchObject({ code: 'EFFECTIVE_DATE_IN_FUTURE' });
    // Two banks in different time zones: the later date is still tomorrow for one of them.
    expect(recallProblem('bank_request', null, '2026-12-01', ['2026-12-01', '2026-11-30'])).toMatchObject({ code: 'EFFECTIVE_DATE_IN_FUTURE' });
    expect(recallProblem('bank_request', null, '2026-12-01', ['2026-12-01'])).toBeNull();
    expect(recallProblem('bank_request', null, '2026-11-15', ['2026-12-01'])).toBeNull();
    expect(recallProblem('bank_request', null, null, ['2026-12-01'])).toBeNull();
  });
});

describe('returnReason', () => {
  it('words the code in the file language and adds a note that says more', () => {
    expect(returnReason('zh-CN', 'dispute', 'dispute')).toBe('争议');
    expect(returnReason('en', 'deceased', null)).toBe('Deceased');
    expect(returnReason('en', 'bankruptcy', 'court order 12')).toBe('Bankruptcy: court order 12');
    expect(returnReason('zh-CN', 'placement_expiry', '到期未续')).toBe('委托到期: 到期未续');
  });
});
