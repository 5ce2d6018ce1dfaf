import { stringify } from 'csv-stringify/sync';
import { Decimal } from 'decimal.js';
import type { EntityManager } from 'typeorm';
import { emitEvent } from '@arrears/events';
import type { Principal } from '@arrears/tenancy';
import { PaymentRefusal, PaymentService } from '../payment/payment.service.js';
import { MAX_PAYMENT_FILE_ROWS, PAYMENT_FILE_FIELDS, readPaymentFile, resolvePaymentHeaders, validatePaymentRow, type PaymentFileKind, type PaymentFileMapping } from './payment-file.js';

export interface PaymentImportRow {
  id: string;
  client_id: string;
  file_kind: PaymentFileKind;
  file_name: string;
  format: 'csv' | 'xlsx';
  status: 'running' | 'succeeded' | 'failed';
  rows_read: number;
  rows_posted: number;
  rows_duplicate: number;
  rows_rejected: number;
  total_posted: string;
  error: string | null;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
  currency: string;
}

const COLUMNS = `id, client_id, file_kind, file_name, format, status, rows_read, rows_posted, rows_duplicate, rows_rejected, total_posted, error, created_by, created_at,
  finished_at, (select c.currency from client c where c.id = client_id) as currency`;

/**
 * Imports a bank payment file in the caller's transaction: every row is posted through the same
 * PaymentService as a payment entered by hand, so the bank's transaction reference keeps a row that
 * was already posted (in this file, an earlier file, or by hand) from counting twice. Rows that cannot
 * be posted become rejections with their reason. Payment files are small (a day's payments), so the
 * import runs within the upload request rather than as a background job.
 */
export class PaymentImportService {
  constructor(private readonly db: EntityManager) {}

  async mapping(clientId: string, kind: PaymentFileKind): Promise<PaymentFileMapping | null> {
    const [row] = await this.db.query(`select mapping from payment_file_mapping where client_id = $1 and file_kind = $2`, [clientId, kind]);
    return (row?.mapping as PaymentFileMapping) ?? null;
  }

  async saveMapping(actor: Principal, clientId: string, kind: PaymentFileKind, mapping: PaymentFileMapping): Promise<PaymentFileMapping> {
    const clean = Object.fromEntries(Object.entries(mapping).filter(([k, v]) => (PAYMENT_FILE_FIELDS as readonly string[]).includes(k) && typeof v === 'string' && v.trim()).map(([k, v]) => [k, (v as string).trim()]));
    await this.db.query(
      `insert into payment_file_mapping (client_id, agency_id, file_kind, mapping, updated_by) values ($1, $2, $3, $4::jsonb, $5)
       on conflict (client_id, file_kind) do update set mapping = excluded.mapping, updated_by = excluded.updated_by, updated_at = now()`,
      [clientId, actor.agencyId, kind, JSON.stringify(clean), actor.userId],
    );
    return clean;
  }

  async get(importId: string): Promise<PaymentImportRow | null> {
    const [row]: PaymentImportRow[] = await this.db.query(`select ${COLUMNS} from payment_import where id = $1`, [importId]);
    return row ?? null;
  }

  async list(clientId: string | null, first: number): Promise<PaymentImportRow[]> {
    return this.db.query(`select ${COLUMNS} from payment_import where ($1::uuid is null or client_id = $1) order by created_at desc, id desc limit $2`, [clientId, first]);
  }

  async rejections(importId: string): Promise<{ row_number: number; reason: string; value: string | null }[]> {
    return this.db.query(`select row_number, reason, value from payment_import_rejection where import_id = $1 order by row_number limit 10000`, [importId]);
  }

  async import(actor: Principal, input: { clientId: string; agencyId: string; kind: PaymentFileKind; filePath: string; fileName: string; format: 'csv' | 'xlsx' }): Promise<PaymentImportRow> {
    const [imp]: PaymentImportRow[] = await this.db.query(
      `insert into payment_import (client_id, agency_id, file_kind, file_name, format, created_by) values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
      [input.clientId, input.agencyId, input.kind, input.fileName.slice(0, 255), input.format, actor.userId],
    );
    const finish = async (patch: { status: 'succeeded' | 'failed'; read: number; posted: number; duplicate: number; rejected: number; total: Decimal; error?: string }) => {
      const [[row]]: [PaymentImportRow[], number] = await this.db.query(
        `update payment_import set status = $3, rows_read = $4, rows_posted = $5, rows_duplicate = $6, rows_rejected = $7, total_posted = $8, error = $9, finished_at = now()
          where client_id = $1 and id = $2 returning ${COLUMNS}`,
        [imp.client_id, imp.id, patch.status, patch.read, patch.posted, patch.duplicate, patch.rejected, patch.total.toFixed(2), patch.error ?? null],
      );
      return row;
    };
    let rows: unknown[][];
    try {
      rows = await readPaymentFile(input.filePath, input.format);
    } catch {
      return finish({ status: 'failed', read: 0, posted: 0, duplicate: 0, rejected: 0, total: new Decimal(0), error: 'The file could not be read as CSV or XLSX' });
    }
    const [header, ...data] = rows;
    if (data.length > MAX_PAYMENT_FILE_ROWS) return finish({ status: 'failed', read: 0, posted: 0, duplicate: 0, rejected: 0, total: new Decimal(0), error: `A payment file has at most ${MAX_PAYMENT_FILE_ROWS} rows` });
    const resolved = resolvePaymentHeaders(header ?? [], await this.mapping(input.clientId, input.kind));
    if (!resolved.ok) return finish({ status: 'failed', read: data.length, posted: 0, duplicate: 0, rejected: 0, total: new Decimal(0), error: resolved.error });

    const payments = new PaymentService(this.db);
    let posted = 0;
    let duplicate = 0;
    let total = new Decimal(0);
    const rejected: { rowNumber: number; reason: string; value: string }[] = [];
    for (let i = 0; i < data.length; i++) {
      const row = validatePaymentRow(data[i], i + 2, resolved.columns, input.kind);
      if ('reason' in row) {
        rejected.push(row);
        continue;
      }
      const [account] = await this.db.query(`select id from account where client_id = $1 and bank_ref = $2`, [input.clientId, row.bankRef]);
      if (!account) {
        rejected.push({ rowNumber: row.rowNumber, reason: 'no account of this bank has this reference', value: row.bankRef.slice(0, 100) });
        continue;
      }
      // A savepoint per row: an unexpected failure of one row leaves the others and the import intact.
      await this.db.query('savepoint payment_row');
      try {
        const out = await payments.post(actor, { accountId: account.id, bankTxnRef: row.txnRef, amount: new Decimal(row.amount), paidOn: row.paidOn, channel: row.channel, note: row.note });
        await this.db.query('release savepoint payment_row');
        if (!out) rejected.push({ rowNumber: row.rowNumber, reason: 'no account of this bank has this reference', value: row.bankRef });
        else if (out.duplicate) {
          duplicate++;
          rejected.push({ rowNumber: row.rowNumber, reason: `transaction ${row.txnRef} was already posted: not counted again`, value: row.txnRef });
        } else {
          posted++;
          total = total.plus(row.amount);
        }
      } catch (e) {
        await this.db.query('rollback to savepoint payment_row');
        rejected.push({ rowNumber: row.rowNumber, reason: e instanceof PaymentRefusal ? e.message : 'the payment could not be posted', value: row.txnRef });
      }
    }
    if (rejected.length) {
      await this.db.query(
        `insert into payment_import_rejection (client_id, agency_id, import_id, row_number, reason, value)
         select $1, $2, $3, * from unnest($4::int[], $5::text[], $6::text[])`,
        [imp.client_id, input.agencyId, imp.id, rejected.map((r) => r.rowNumber), rejected.map((r) => r.reason), rejected.map((r) => r.value)],
      );
    }
    const done = await finish({ status: 'succeeded', read: data.length, posted, duplicate, rejected: rejected.length - duplicate, total });
    await emitEvent(this.db, { agencyId: input.agencyId, clientId: input.clientId, type: 'payment_file.imported', subjectId: imp.id, actorUserId: actor.userId, payload: { rowsRead: done.rows_read, posted, duplicate, rejected: done.rows_rejected, total: total.toFixed(2) } });
    return done;
  }
}

/** The rejection report as CSV text (UTF-8 with a BOM, for Excel). */
export function paymentRejectionsCsv(rows: readonly { row_number: number; reason: string; value: string | null }[]): string {
  return '\ufeff' + stringify([['row', 'reason', 'value'], ...rows.map((r) => [r.row_number, r.reason, r.value ?? ''])]);
}
