import { describe, expect, it } from 'vitest';
import { resolveHeaders } from './fields.js';
import { rejectionCode, rejectionMessage } from './rejection-reasons.js';
import { validateRow } from './validate-row.js';

const HEADERS = ['账号', '卡号', '客户姓名', '身份证号', '手机号', '本金', '利息', '逾期金额', '逾期起始日', '币种', '时区', '联系人', '联系人电话'];
const resolved = (() => {
  const r = resolveHeaders(HEADERS, null);
  if (!r.ok) throw new Error(r.error);
  return r.resolved;
})();

describe('rejection reasons', () => {
  it('gives every reason validateRow produces a code (none falls through to OTHER)', () => {
    const bad = [
      ['', '12', '', '110101199003077777', '12-34', '-5', '1.234', 'abc', '2024-13-01', 'yuan', 'Mars/Base', '', '999'],
      ['4111111111111111', '4111111111111111', 'x'.repeat(501), '1101011990', '13812345678', '1e99999', 'x', '10', '20990101', 'CNY', 'Asia/Shanghai', '', ''],
    ];
    const reasons = bad.flatMap((cells, i) => {
      const r = validateRow(cells, i + 2, { resolved, clientCurrency: 'CNY', placedOn: '2024-03-01' });
      return r.ok ? [] : r.rejections;
    });
    expect(reasons.length).toBeGreaterThan(10);
    for (const r of reasons) expect([r.reason, rejectionCode(r.reason, r.column).code]).not.toContain('OTHER');
  });

  it('renders a reason in Chinese with its parameters, and keeps English as stored', () => {
    expect(rejectionCode('身份证号 has an invalid check digit', '身份证号')).toEqual({ code: 'NATIONAL_ID_CHECK_DIGIT', params: { column: '身份证号' } });
    expect(rejectionMessage('身份证号 has an invalid check digit', '身份证号', 'zh-CN')).toBe('「身份证号」校验位不正确');
    expect(rejectionMessage('逾期起始日 is after the placement date 2024-03-01', '逾期起始日', 'zh-CN')).toBe('「逾期起始日」晚于委案日期 2024-03-01');
    expect(rejectionMessage('Account has an invalid check digit', 'Account', 'en')).toBe('Account has an invalid check digit');
    expect(rejectionCode('账号 appears more than once in the file (first at row 3); only its first row was imported', '账号').params.firstRow).toBe('3');
  });
});
