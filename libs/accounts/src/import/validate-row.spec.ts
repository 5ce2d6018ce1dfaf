import { describe, expect, it } from 'vitest';
import { resolveHeaders, type ColumnMapping } from './fields.js';
import { validateRow, type RowResult } from './validate-row.js';

const HEADERS = ['账号', '卡号', '客户姓名', '身份证号', '手机号', '地址', '币种', '本金', '利息', '费用', '逾期金额', '逾期起始日', '联系人', '联系人关系', '联系人电话'];
const GOOD = ['A-001', '6222021234567890', '张三', '11010519491231002X', '13812345678;+86 139 1234 5678', '北京市朝阳区', '', '12,345.60', '100', '', '13,000.00', '2024-01-15', '李四', '配偶', '13712345678'];

function validate(cells: unknown[], headers = HEADERS, mapping: ColumnMapping | null = null, placedOn = '2024-03-01'): RowResult {
  const r = resolveHeaders(headers, mapping);
  if (!r.ok) throw new Error(r.error);
  return validateRow(cells, 2, { resolved: r.resolved, clientCurrency: 'CNY', placedOn });
}

function rejectionsOf(cells: unknown[]) {
  const r = validate(cells);
  if (r.ok) throw new Error('expected a rejection');
  return r.rejections;
}

const withCell = (header: string, value: unknown) => GOOD.map((v, i) => (HEADERS[i] === header ? value : v));

describe('validateRow', () => {
  it('normalises a good row', () => {
    const r = validate(GOOD);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row).toEqual({
      rowNumber: 2,
      bankRef: 'A-001',
      cardLast4: '7890',
      debtorName: '张三',
      nationalId: '11010519491231002X',
      idDocument: { type: 'prc_id', number: '11010519491231002X' },
      phones: ['13812345678', '13912345678'],
      address: '北京市朝阳区',
      employer: null,
      timeZone: null,
      currency: 'CNY',
      principal: '12345.60',
      interest: '100.00',
      fees: '0.00',
      overdueAmount: '13000.00',
      delinquentSince: '2024-01-15',
      chargeOffDate: null,
      lastPaymentDate: null,
      lastPaymentAmount: null,
      contact: { name: '李四', relation: '配偶', phone: '13712345678' },
      parties: [],
    });
  });

  it('never carries the full card number', () => {
    const r = validate(GOOD);
    expect(JSON.stringify(r)).not.toContain('6222021234567890');
  });

  it('rejects an invalid national id check digit, naming the column, masking the value', () => {
    const [rej] = rejectionsOf(withCell('身份证号', '110105194912310021'));
    expect(rej).toEqual({ column: '身份证号', reason: '身份证号 has an invalid check digit', value: '110***********0021' });
  });

  it('rejects a row with one bad phone number and names the column', () => {
    const [rej] = rejectionsOf(withCell('手机号', '13812345678; 12ab'));
    expect(rej.column).toBe('手机号');
    expect(rej.reason).toContain('12ab');
  });

  it('reports every problem of a row at once', () => {
    const cells = withCell('本金', '-5').map((v, i) => (HEADERS[i] === '客户姓名' ? '' : HEADERS[i] === '逾期起始日' ? '2024-02-30' : v));
    const rej = rejectionsOf(cells);
    expect(rej.map((r) => r.column).sort()).toEqual(['客户姓名', '本金', '逾期起始日'].sort());
    expect(rej.find((r) => r.column === '本金')?.reason).toMatch(/negative/);
  });

  it('rejects more than two decimals and keeps the value shown', () => {
    const [rej] = rejectionsOf(withCell('逾期金额', '10.005'));
    expect(rej).toMatchObject({ column: '逾期金额', value: '10.005' });
  });

  it('masks a malformed card number in the rejection', () => {
    const [rej] = rejectionsOf(withCell('卡号', '6222021234567890-XX'));
    expect(rej.column).toBe('卡号');
    expect(rej.value).not.toContain('62220212345');
    expect(rej.value).toContain('7890');
  });

  it('refuses a bank reference that is the full card number', () => {
    const cells = withCell('账号', '6222021234567890');
    const rej = rejectionsOf(cells);
    expect(rej[0].column).toBe('账号');
    expect(JSON.stringify(rej)).not.toContain('6222021234567890');
  });

  it('requires bankRef, name, principal, overdue amount and a delinquency', () => {
    const rej = rejectionsOf(GOOD.map((v, i) => (['账号', '客户姓名', '本金', '逾期金额', '逾期起始日'].includes(HEADERS[i]) ? '' : v)));
    expect(rej.map((r) => r.column)).toEqual(['账号', '客户姓名', '本金', '逾期金额', '逾期起始日']);
    expect(rej.every((r) => r.reason.endsWith('is required'))).toBe(true);
  });

  it('derives delinquentSince from days past due as of the placement date', () => {
    const headers = ['账号', '姓名', '本金', '逾期金额', '逾期天数'];
    const r = validate(['B-1', '王五', '100', '100', '45'], headers, null, '2024-03-01');
    // 45 days past due on 2024-03-01 with day 1 the first delinquent day.
    expect(r.ok && r.row.delinquentSince).toBe('2024-01-17');
  });

  it('rejects a delinquency after the placement date', () => {
    const [rej] = rejectionsOf(withCell('逾期起始日', '2024-03-02'));
    expect(rej.reason).toMatch(/after the placement date/);
  });

  it('uses the file currency when given, the client currency otherwise', () => {
    const r = validate(withCell('币种', 'usd'));
    expect(r.ok && r.row.currency).toBe('USD');
  });

  it('accepts Excel cells: numbers, dates', () => {
    const cells = withCell('本金', 12345.6).map((v, i) => (HEADERS[i] === '逾期起始日' ? new Date(Date.UTC(2024, 0, 15)) : HEADERS[i] === '利息' ? 0 : v));
    const r = validate(cells);
    expect(r.ok && [r.row.principal, r.row.interest, r.row.delinquentSince]).toEqual(['12345.60', '0.00', '2024-01-15']);
  });

  it('works through a saved mapping and names the bank header', () => {
    const headers = ['REF', 'CUST', 'PRIN', 'OVD', 'SINCE'];
    const mapping = { bankRef: 'REF', debtorName: 'CUST', principal: 'PRIN', overdueAmount: 'OVD', delinquentSince: 'SINCE' };
    const r = validate(['X1', 'Alice', 'abc', '1', '2024-01-01'], headers, mapping);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejections[0]).toMatchObject({ column: 'PRIN', value: 'abc' });
  });

  it('requires a contact name when a contact phone is given', () => {
    const [rej] = rejectionsOf(withCell('联系人', ''));
    expect(rej.column).toBe('联系人');
  });
});
