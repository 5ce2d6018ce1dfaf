import type { Writable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';

/**
 * Which accounts a file lists: those of a placement or given ids (a return file, 退案清单), or a bank's
 * accounts placed within a date range (the bank portal's export).
 */
export type ReturnSelection = { placementId: string } | { accountIds: readonly string[] } | { recallId: string } | { clientId: string; placedFrom: string; placedTo: string };
export type ReturnFileFormat = 'csv' | 'xlsx';
export type ReturnFileLanguage = 'zh-CN' | 'en';

const COLUMNS = ['bankRef', 'debtorName', 'cardLast4', 'currency', 'placedAmount', 'totalDue', 'collected', 'status', 'endedOn', 'reason'] as const;
const HEADERS: Record<ReturnFileLanguage, Record<(typeof COLUMNS)[number], string>> = {
  'zh-CN': { bankRef: '银行账号', debtorName: '姓名', cardLast4: '卡号后四位', currency: '币种', placedAmount: '委案金额', totalDue: '当前欠款', collected: '已回款', status: '状态', endedOn: '退案日期', reason: '原因' },
  en: { bankRef: 'Bank reference', debtorName: 'Name', cardLast4: 'Card last four', currency: 'Currency', placedAmount: 'Placed amount', totalDue: 'Balance', collected: 'Collected', status: 'Status', endedOn: 'Returned on', reason: 'Reason' },
};
/** The recall reason catalog (recall.ts) in the file's language. */
const REASONS: Record<ReturnFileLanguage, Record<string, string>> = {
  'zh-CN': { bank_request: '银行要求撤案', paid_in_full: '已结清', dispute: '争议', deceased: '债务人死亡', bankruptcy: '破产', placement_expiry: '委托到期', other: '其他' },
  en: { bank_request: 'Bank request', paid_in_full: 'Paid in full', dispute: 'Dispute', deceased: 'Deceased', bankruptcy: 'Bankruptcy', placement_expiry: 'Placement expiry', other: 'Other' },
};
const STATUS: Record<ReturnFileLanguage, Record<string, string>> = {
  'zh-CN': { returned: '到期退案', recalled: '银行撤案', active: '在催', closed: '结案' },
  en: { returned: 'Returned at expiry', recalled: 'Recalled by the bank', active: 'Active', closed: 'Closed' },
};

/** A coded recall's reason in the file's language, with the bank's note when it says more than the code. */
export function returnReason(lang: ReturnFileLanguage, code: string, note: string | null): string {
  const label = REASONS[lang][code] ?? code;
  return note && note !== code ? `${label}: ${note}` : label;
}

/** A cell that would start a spreadsheet formula is prefixed with a quote. */
const safe = (v: string | null) => (v !== null && /^[=+@-]/.test(v) ? `'${v}` : (v ?? ''));

/**
 * The one return-file mechanism (退案清单): the accounts handed back to the bank, as CSV (UTF-8 with
 * BOM, so Excel reads Chinese) or XLSX, headers in the user's language. Expiry returns and recalls
 * both use it. Reads through the caller's transaction (RLS). Returns the number of accounts listed.
 */
export async function writeReturnFile(db: EntityManager, sel: ReturnSelection, format: ReturnFileFormat, lang: ReturnFileLanguage, out: Writable): Promise<number> {
  const where =
    'placementId' in sel
      ? { sql: 'a.placement_id = $1::uuid', params: [sel.placementId] }
      : 'accountIds' in sel
        ? { sql: 'a.id = any($1::uuid[])', params: [sel.accountIds] }
        : 'recallId' in sel
          ? { sql: 'a.id in (select h.account_id from assignment_history h where h.recall_id = $1::uuid)', params: [sel.recallId] }
          : { sql: 'a.client_id = $1::uuid and a.placed_on between $2::date and $3::date', params: [sel.clientId, sel.placedFrom, sel.placedTo] };
  const rows: Record<string, string | null>[] = await db.query(
    `select a.bank_ref as "bankRef", d.full_name as "debtorName", a.card_last4 as "cardLast4", a.currency,
            a.placed_amount::text as "placedAmount", a.total_due::text as "totalDue", a.collected::text as collected, a.status,
            coalesce(a.returned_at::date, a.recall_effective_on, a.recalled_at::date)::text as "endedOn", a.recall_reason as reason,
            a.recall_reason_code as "reasonCode"
       from account a join debtor d on d.client_id = a.client_id and d.id = a.debtor_id
      where ${where.sql}
      order by a.bank_ref
      limit 200000`,
    where.params,
  );
  const header = COLUMNS.map((c) => HEADERS[lang][c]);
  const cell = (r: Record<string, string | null>, c: (typeof COLUMNS)[number]) => {
    if (c === 'status') return STATUS[lang][r.status ?? ''] ?? r.status ?? '';
    if (c === 'reason' && r.reasonCode) return safe(returnReason(lang, r.reasonCode, r.reason));
    return safe(r[c]);
  };
  const values = rows.map((r) => COLUMNS.map((c) => cell(r, c)));
  if (format === 'csv') {
    out.write('\uFEFF');
    out.write(stringify([header, ...values]));
  } else {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const ws = wb.addWorksheet(lang === 'zh-CN' ? '退案清单' : 'Returned accounts');
    ws.addRow(header).commit();
    for (const v of values) ws.addRow(v).commit();
    ws.commit();
    await wb.commit();
  }
  return rows.length;
}
