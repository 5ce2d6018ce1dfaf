import { describe, expect, it } from 'vitest';
import { parsePaidAmount, parsePaidOn, resolvePaymentHeaders, validatePaymentRow } from './payment-file.js';

describe('payment file rows', () => {
  it('reads amounts as banks write them, exactly, and refuses the rest', () => {
    expect(parsePaidAmount('1,234.5')).toBe('1234.50');
    expect(parsePaidAmount('¥ 300')).toBe('300.00');
    expect(parsePaidAmount('0.10')).toBe('0.10');
    expect(parsePaidAmount('0')).toBeNull();
    expect(parsePaidAmount('-5')).toBeNull();
    expect(parsePaidAmount('1.234')).toBeNull();
  });

  it('reads dates in the usual Chinese bank formats', () => {
    expect(parsePaidOn('2026/12/1')).toBe('2026-12-01');
    expect(parsePaidOn('20261201')).toBe('2026-12-01');
    expect(parsePaidOn('2026年12月1日')).toBe('2026-12-01');
    expect(parsePaidOn(new Date(Date.UTC(2026, 11, 1)))).toBe('2026-12-01');
    expect(parsePaidOn('2026-02-30')).toBeNull();
  });

  it('finds columns by default Chinese headers, or by a saved mapping', () => {
    const r = resolvePaymentHeaders(['客户账号', '交易流水号', '还款金额', '还款日期', '备注'], null);
    expect(r).toEqual({ ok: true, columns: { bankRef: 0, txnRef: 1, amount: 2, paidOn: 3, note: 4 } });
    expect(resolvePaymentHeaders(['acct', 'ref', 'amt', 'day'], null).ok).toBe(false);
    expect(resolvePaymentHeaders(['acct', 'ref', 'amt', 'day'], { bankRef: 'acct', txnRef: 'ref', amount: 'amt', paidOn: 'day' })).toMatchObject({ ok: true, columns: { bankRef: 0, paidOn: 3 } });
  });

  it('marks every row of a direct-payments file as paid to the bank', () => {
    const cols = { bankRef: 0, txnRef: 1, amount: 2, paidOn: 3 };
    expect(validatePaymentRow(['A1', 'T1', '10', '2026-12-01'], 2, cols, 'direct_payments')).toMatchObject({ channel: 'direct_to_bank', amount: '10.00' });
    expect(validatePaymentRow(['A1', '', '10', '2026-12-01'], 3, cols, 'payments')).toMatchObject({ reason: 'missing transaction reference' });
  });
});
