import { describe, expect, it } from 'vitest';
import { formatAmount, objectionNotice, renderTemplate, templateProblems, SMS_MAX_CHARS } from './placeholders.js';

const values = { debtorName: '张伟', amountDue: '¥12,345.60', dueDate: '2026-12-15', agencyPhone: '400-800-1234', reference: 'A-0001', objectionNotice: objectionNotice('示例银行', '400-800-1234', 'CNY') };

describe('template placeholders', () => {
  it('accepts the whitelisted placeholders, with or without spaces, and renders them', () => {
    const text = '{{debtorName}}您好，您的账户{{ reference }}欠款{{amountDue}}，请致电{{agencyPhone}}。';
    expect(templateProblems(text, 'sms')).toEqual([]);
    expect(renderTemplate(text, values)).toBe('张伟您好，您的账户A-0001欠款¥12,345.60，请致电400-800-1234。');
  });

  it('refuses any placeholder outside the whitelist, naming it once', () => {
    const p = templateProblems('{{debtorName}} {{nationalId}} {{nationalId}} {{idNumber}}', 'letter');
    expect(p.map((x) => x.rule)).toEqual(['unknown_placeholder', 'unknown_placeholder']);
    expect(p[0].message).toContain('{{nationalId}}');
    expect(p[1].message).toContain('{{idNumber}}');
  });

  it('refuses stray braces and a national id written into the text', () => {
    expect(templateProblems('欠款 {amountDue}', 'sms').map((x) => x.rule)).toEqual(['unbalanced_braces']);
    expect(templateProblems('身份证 11010519491231002X', 'letter').map((x) => x.rule)).toEqual(['national_id']);
    expect(templateProblems('合同号 1101051949123100200', 'letter')).toEqual([]);
  });

  it('limits the length of SMS templates only', () => {
    const long = '催'.repeat(SMS_MAX_CHARS + 1);
    expect(templateProblems(long, 'sms').map((x) => x.rule)).toEqual(['too_long']);
    expect(templateProblems(long, 'letter')).toEqual([]);
  });

  it('renders the due date and the objection notice, which names the agency, the bank and 12378', () => {
    const text = '请于{{dueDate}}前还款。{{objectionNotice}}';
    expect(templateProblems(text, 'sms')).toEqual([]);
    const out = renderTemplate(text, values);
    expect(out).toContain('请于2026-12-15前还款。');
    for (const part of ['400-800-1234', '示例银行', '12378']) expect(out).toContain(part);
    expect(objectionNotice('Demo Bank', '555-0100', 'USD')).toMatch(/^If you dispute this debt, call 555-0100 or contact Demo Bank/);
  });

  it('formats exact decimal amounts without floating point', () => {
    expect(formatAmount('1234567.5', 'CNY')).toBe('¥1,234,567.50');
    expect(formatAmount('0.10', 'USD')).toBe('0.10 USD');
    expect(formatAmount('9007199254740993.99', 'CNY')).toBe('¥9,007,199,254,740,993.99');
  });
});
