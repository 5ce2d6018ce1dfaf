import { describe, expect, it } from 'vitest';
import { normaliseHeader, resolveHeaders, validateMapping } from './fields.js';

const CHINESE = ['账号', '卡号', '客户姓名', '身份证号', '手机号', '本金', '利息', '费用', '逾期金额', '逾期起始日'];

describe('normaliseHeader', () => {
  it('ignores BOM, case, spaces, underscores, full-width punctuation', () => {
    expect(normaliseHeader('\uFEFFBank_Ref ')).toBe('bankref');
    expect(normaliseHeader('逾期金额（元）')).toBe('逾期金额元');
    expect(normaliseHeader('Days Past-Due')).toBe('dayspastdue');
  });
});

describe('resolveHeaders', () => {
  it('matches common Chinese bank headers by the default table', () => {
    const r = resolveHeaders(CHINESE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.resolved.columns).toMatchObject({ bankRef: [0], cardNumber: [1], debtorName: [2], nationalId: [3], phones: [4], principal: [5], interest: [6], fees: [7], overdueAmount: [8], delinquentSince: [9] });
  });

  it('matches English headers and the canonical field names', () => {
    const r = resolveHeaders(['Account No', 'Name', 'Principal', 'Overdue Amount', 'DPD', 'currency', 'Something else']);
    expect(r.ok && r.resolved.columns).toMatchObject({ bankRef: [0], debtorName: [1], principal: [2], overdueAmount: [3], daysPastDue: [4], currency: [5] });
    expect(r.ok && r.resolved.unmatched).toEqual(['Something else']);
  });

  it('accepts daysPastDue instead of delinquentSince', () => {
    expect(resolveHeaders(['账号', '姓名', '本金', '逾期金额', '逾期天数']).ok).toBe(true);
  });

  it('fails on missing required columns, naming each', () => {
    const r = resolveHeaders(['账号', '姓名', '本金']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('overdueAmount');
    expect(r.error).toContain('delinquentSince');
    expect(r.error).not.toContain('bankRef');
  });

  it('fails on an empty header row', () => {
    expect(resolveHeaders(['', null]).ok).toBe(false);
  });

  it('lets a saved mapping name bank-specific headers and falls back to defaults for the rest', () => {
    const r = resolveHeaders(['合约编号', '客户', '本金', '逾期金额', '逾期起始日'], { bankRef: '合约编号', debtorName: '客户' });
    expect(r.ok && r.resolved.columns).toMatchObject({ bankRef: [0], debtorName: [1], principal: [2] });
  });

  it('a mapping overrides the default meaning of a header', () => {
    // This bank's "账号" column is its card number; the reference is "合同号".
    const r = resolveHeaders(['合同号', '账号', '姓名', '本金', '逾期金额', '逾期天数'], { bankRef: '合同号', cardNumber: '账号' });
    expect(r.ok && r.resolved.columns).toMatchObject({ bankRef: [0], cardNumber: [1] });
  });

  it('fails the whole file when the saved mapping names a column the file lacks', () => {
    const r = resolveHeaders(['账号', '姓名', '本金', '逾期金额', '逾期天数'], { principal: '欠款本金' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/欠款本金.*principal/);
  });

  it('fails when two columns look like the same field', () => {
    const r = resolveHeaders(['账号', '合同号', '姓名', '本金', '逾期金额', '逾期天数']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('bankRef');
  });

  it('gathers several phone columns', () => {
    const r = resolveHeaders(['账号', '姓名', '手机号', '联系电话', '本金', '逾期金额', '逾期天数']);
    expect(r.ok && r.resolved.columns.phones).toEqual([2, 3]);
  });
});

describe('validateMapping', () => {
  it('accepts a sane mapping', () => {
    expect(validateMapping({ bankRef: '合约编号', principal: 'PRIN' })).toEqual([]);
  });
  it('rejects unknown fields, empty headers and a header used twice', () => {
    const p = validateMapping({ bankRef: 'X', principal: ' x ', nope: 'Y', fees: ' ' });
    expect(p.join('\n')).toMatch(/nope/);
    expect(p.join('\n')).toMatch(/both bankRef and principal/);
    expect(p.join('\n')).toMatch(/fees is empty/);
  });
});
