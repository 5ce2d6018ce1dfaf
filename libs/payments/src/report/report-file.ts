import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { COLLECTION_REPORT_COLUMNS, type CollectionReportRow } from './collection-report.js';

export type ReportFormat = 'csv' | 'xlsx';

/**
 * Writes the collection report as CSV (UTF-8 with a BOM, so Excel opens Chinese text correctly) or XLSX
 * (amounts as numbers formatted with two decimals: the bank's staff sum them in Excel).
 */
export async function writeCollectionReport(rows: readonly CollectionReportRow[], format: ReportFormat, out: Writable): Promise<void> {
  if (format === 'csv') {
    out.write('\ufeff');
    out.write(stringify([COLLECTION_REPORT_COLUMNS.map((c) => c.header)]));
    for (const r of rows) out.write(stringify([COLLECTION_REPORT_COLUMNS.map((c) => r[c.key])]));
    return;
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('collections');
  ws.columns = COLLECTION_REPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.key === 'detail' ? 40 : 16 }));
  for (const r of rows) ws.addRow({ ...r, amount: Number(r.amount) });
  ws.getColumn('amount').numFmt = '#,##0.00';
  await wb.xlsx.write(out);
}
