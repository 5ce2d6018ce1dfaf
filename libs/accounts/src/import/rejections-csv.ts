import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from 'typeorm';
import { to as copyTo } from 'pg-copy-streams';
import { pgClientOf } from './importer.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * SQL that prefixes a quote to a text value a spreadsheet would read as a formula: one starting with
 * = + - @, a tab or a carriage return (Excel strips those and reads what follows), or the full-width
 * ＝ ＋ － ＠ (Excel and WPS normalise them to their ASCII forms).
 */
export function formulaSafe(col: string): string {
  return `case when ${col} ~ '^[=+@\\-\\t\\r＝＋－＠]' then '''' || ${col} else ${col} end`;
}

/**
 * Streams an import's rejection report (row, column, reason, value) as CSV with a UTF-8 BOM (so Excel
 * reads the Chinese text) to `out`, straight from Postgres (COPY ... TO STDOUT, under the tenant's RLS).
 * Values that would start a spreadsheet formula are prefixed with a quote. Returns false (and writes
 * nothing) when the import is not visible to the transaction's user.
 */
export async function streamRejectionsCsv(
  db: EntityManager,
  importId: string,
  out: Writable,
  beforeFirstByte?: (info: { clientId: string; fileName: string }) => void | Promise<void>,
): Promise<boolean> {
  if (!UUID.test(importId)) return false;
  const [imp] = await db.query('select client_id, file_name from placement_import where id = $1', [importId]);
  if (!imp) return false;
  await beforeFirstByte?.({ clientId: imp.client_id, fileName: imp.file_name });
  out.write('\uFEFF');
  // COPY takes no parameters: the ids are validated uuids, quoted as literals.
  const sql = `copy (
      select row_number as "row", ${formulaSafe('column_name')} as "column", ${formulaSafe('reason')} as "reason", ${formulaSafe('value')} as "value"
        from placement_rejection
       where client_id = '${imp.client_id}'::uuid and import_id = '${importId.toLowerCase()}'::uuid
       order by row_number, seq
    ) to stdout with (format csv, header true)`;
  const source = pgClientOf(db).query(copyTo(sql));
  await pipeline(source, out, { end: false });
  return true;
}
