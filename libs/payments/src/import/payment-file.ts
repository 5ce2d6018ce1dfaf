import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { normaliseHeader } from '@arrears/accounts';

/** The columns of a bank payment file, in Arrears' words. */
export const PAYMENT_FILE_FIELDS = ['bankRef', 'txnRef', 'amount', 'paidOn', 'channel', 'note'] as const;
export type PaymentFileField = (typeof PAYMENT_FILE_FIELDS)[number];
export const REQUIRED_PAYMENT_FIELDS: readonly PaymentFileField[] = ['bankRef', 'txnRef', 'amount', 'paidOn'];

/** 'payments': collected through the agency; 'direct_payments': the bank's list of payments made to it directly. */
export const PAYMENT_FILE_KINDS = ['payments', 'direct_payments'] as const;
export type PaymentFileKind = (typeof PAYMENT_FILE_KINDS)[number];

/** Headers banks commonly use, matched after normalising (case, spaces, full-width characters). */
export const DEFAULT_PAYMENT_HEADERS: Record<PaymentFileField, readonly string[]> = {
  bankRef: ['bank_ref', 'bankref', 'account', 'account_no', '账号', '卡号', '客户账号', '案件编号', '合同号'],
  txnRef: ['txn_ref', 'txnref', 'transaction_ref', 'reference', '流水号', '交易流水号', '银行流水号', '还款流水号'],
  amount: ['amount', 'paid_amount', '还款金额', '金额', '入账金额', '交易金额'],
  paidOn: ['paid_on', 'paidon', 'date', 'payment_date', '还款日期', '交易日期', '入账日期'],
  channel: ['channel', '渠道', '还款渠道'],
  note: ['note', 'remark', '备注', '摘要'],
};

export type PaymentFileMapping = Partial<Record<PaymentFileField, string>>;

/** Which column index holds each field; a saved mapping (field → the bank's header) wins over the defaults. */
export function resolvePaymentHeaders(header: readonly unknown[], mapping: PaymentFileMapping | null): { ok: true; columns: Partial<Record<PaymentFileField, number>> } | { ok: false; error: string } {
  const norm = header.map((h) => normaliseHeader(h));
  const columns: Partial<Record<PaymentFileField, number>> = {};
  for (const f of PAYMENT_FILE_FIELDS) {
    const wanted = mapping?.[f] ? [mapping[f] as string] : DEFAULT_PAYMENT_HEADERS[f];
    const idx = norm.findIndex((h) => wanted.some((w) => normaliseHeader(w) === h));
    if (idx >= 0) columns[f] = idx;
  }
  const missing = REQUIRED_PAYMENT_FIELDS.filter((f) => columns[f] === undefined);
  if (missing.length) return { ok: false, error: `The file has no column for ${missing.join(', ')}; save a column mapping for this bank and file kind` };
  return { ok: true, columns };
}

export interface PaymentFileRow {
  rowNumber: number;
  bankRef: string;
  txnRef: string;
  amount: string;
  paidOn: string;
  channel: 'agency' | 'direct_to_bank';
  note: string | null;
}

const text = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? '' : typeof v === 'object' && 'text' in (v as object) ? String((v as { text: unknown }).text) : String(v)).trim();

/** "1,234.50", "¥1234.5", "1234" → "1234.50"; anything else (negative, more than 2 decimals) is refused. */
export function parsePaidAmount(v: unknown): string | null {
  const s = typeof v === 'number' ? String(v) : text(v).replace(/[,，\s¥￥]|CNY|RMB|元/gi, '');
  if (!/^\d{1,16}(\.\d{1,2})?$/.test(s)) return null;
  const [i, f = ''] = s.split('.');
  return Number(i) === 0 && /^0*$/.test(f) ? null : `${i.replace(/^0+(?=\d)/, '')}.${f.padEnd(2, '0')}`;
}

/** 2026-12-01, 2026/12/01, 20261201, 2026年12月1日, or an Excel date cell. */
export function parsePaidOn(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  const s = text(v);
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

const DIRECT = /^(direct|direct_to_bank|bank|银行|直接还款|直还|银行直收)$/i;

/** One data row to a payment, or the reason it is refused. */
export function validatePaymentRow(cells: readonly unknown[], rowNumber: number, columns: Partial<Record<PaymentFileField, number>>, kind: PaymentFileKind): PaymentFileRow | { rowNumber: number; reason: string; value: string } {
  const cell = (f: PaymentFileField) => (columns[f] === undefined ? undefined : cells[columns[f] as number]);
  const bankRef = text(cell('bankRef'));
  const txnRef = text(cell('txnRef'));
  if (!bankRef) return { rowNumber, reason: 'missing account reference', value: '' };
  if (!txnRef) return { rowNumber, reason: 'missing transaction reference', value: bankRef };
  if (txnRef.length > 100) return { rowNumber, reason: 'transaction reference longer than 100 characters', value: txnRef.slice(0, 100) };
  const amount = parsePaidAmount(cell('amount'));
  if (!amount) return { rowNumber, reason: 'amount is not a positive amount with at most 2 decimals', value: text(cell('amount')).slice(0, 100) };
  const paidOn = parsePaidOn(cell('paidOn'));
  if (!paidOn) return { rowNumber, reason: 'payment date is not a date', value: text(cell('paidOn')).slice(0, 100) };
  const channelText = text(cell('channel'));
  const channel = kind === 'direct_payments' || DIRECT.test(channelText) ? 'direct_to_bank' : 'agency';
  return { rowNumber, bankRef, txnRef, amount, paidOn, channel, note: text(cell('note')).slice(0, 500) || null };
}

export const MAX_PAYMENT_FILE_ROWS = 50_000;

/** All rows of a CSV (UTF-8, BOM allowed) or of the first XLSX worksheet: payment files are small. */
export async function readPaymentFile(filePath: string, format: 'csv' | 'xlsx'): Promise<unknown[][]> {
  if (format === 'csv') {
    const rows: unknown[][] = parse(await fs.promises.readFile(filePath), { bom: true, relax_column_count: true, skip_empty_lines: true });
    return rows.slice(0, MAX_PAYMENT_FILE_ROWS + 1);
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(filePath);
  const ws = wb.worksheets[0];
  const rows: unknown[][] = [];
  ws?.eachRow({ includeEmpty: false }, (row) => {
    if (rows.length > MAX_PAYMENT_FILE_ROWS) return;
    const values = row.values as unknown[];
    rows.push(values.slice(1));
  });
  return rows;
}
