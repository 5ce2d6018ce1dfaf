import { describe, expect, it } from 'vitest';
import { COMPLAINT_STATUSES, decide, handlerProblem, isHolding, outcomeNotice, type ComplaintAction, type ComplaintStatus } from './complaint-workflow.js';

const base = { actorId: 'sup', againstUserId: 'col' };

describe('complaint workflow', () => {
  it('walks received → acknowledged → investigating → resolved → closed', () => {
    const steps: [ComplaintAction, ComplaintStatus, ComplaintStatus][] = [
      ['acknowledge', 'received', 'acknowledged'],
      ['investigate', 'acknowledged', 'investigating'],
      ['resolve', 'investigating', 'resolved'],
      ['close', 'resolved', 'closed'],
    ];
    for (const [action, status, to] of steps) {
      expect(decide({ ...base, action, status, outcome: 'upheld', rootCause: 'script not followed' })).toEqual({ ok: true, to });
    }
  });

  it('refuses every transition not in the table with ILLEGAL_TRANSITION', () => {
    const allowed: Record<string, ComplaintStatus[]> = {
      acknowledge: ['received'],
      investigate: ['acknowledged'],
      resolve: ['investigating'],
      close: ['resolved'],
      withdraw: ['received', 'acknowledged', 'investigating'],
      reopen: ['resolved', 'closed', 'withdrawn'],
      extend: ['received', 'acknowledged', 'investigating'],
    };
    for (const [action, from] of Object.entries(allowed)) {
      for (const status of COMPLAINT_STATUSES) {
        const d = decide({ ...base, action: action as ComplaintAction, status, outcome: 'upheld', rootCause: 'x' });
        expect(d.ok, `${action} from ${status}`).toBe(from.includes(status));
        if (!d.ok) expect(d.code).toBe('ILLEGAL_TRANSITION');
      }
    }
  });

  it('withdraws and reopens to an investigation', () => {
    expect(decide({ ...base, action: 'withdraw', status: 'acknowledged' })).toEqual({ ok: true, to: 'withdrawn' });
    expect(decide({ ...base, action: 'reopen', status: 'closed' })).toEqual({ ok: true, to: 'investigating' });
  });

  it('does not let the person complained against handle it', () => {
    expect(decide({ action: 'acknowledge', status: 'received', actorId: 'col', againstUserId: 'col' })).toMatchObject({ ok: false, code: 'HANDLER_IS_SUBJECT' });
    expect(handlerProblem('col', 'col')?.code).toBe('HANDLER_IS_SUBJECT');
    expect(handlerProblem('sup', 'col')).toBeNull();
    expect(handlerProblem('sup', null)).toBeNull();
  });

  it('needs an outcome and a root cause to resolve', () => {
    expect(decide({ ...base, action: 'resolve', status: 'investigating', rootCause: 'x' })).toMatchObject({ code: 'OUTCOME_REQUIRED' });
    expect(decide({ ...base, action: 'resolve', status: 'investigating', outcome: 'not_upheld', rootCause: '  ' })).toMatchObject({ code: 'ROOT_CAUSE_REQUIRED' });
  });

  it('holds the account until the complaint is closed or withdrawn', () => {
    expect(COMPLAINT_STATUSES.filter(isHolding)).toEqual(['received', 'acknowledged', 'investigating', 'resolved']);
  });

  it('writes an outcome notice naming the further channels of redress', () => {
    const cn = outcomeNotice({ reference: 'C-1', outcome: 'partly_upheld', remedy: '减免滞纳金', preset: 'cn' });
    expect(cn).toContain('部分成立');
    expect(cn).toContain('12378');
    expect(cn).toContain('减免滞纳金');
    expect(outcomeNotice({ reference: 'C-2', outcome: 'not_upheld', remedy: null, preset: 'uk_fca' })).toContain('Financial Ombudsman Service');
  });
});
