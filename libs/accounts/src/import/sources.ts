import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { xlsxExpansionProblem } from './xlsx-guard.js';

export type PlacementFileFormat = 'csv' | 'xlsx';

/** One row of a file: its number as a spreadsheet shows it (1-based) and its cells. */
export interface SourceRow {
  rowNumber: number;
  cells: unknown[];
}

/** The file itself is unreadable (not its rows): the whole import fails with this message. */
export class MalformedFileError extends Error {
  override name = 'MalformedFileError';
}

/** The format of a file name, or null when it is neither CSV nor XLSX. */
export function formatOf(fileName: string): PlacementFileFormat | null {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ext === 'xlsx') return 'xlsx';
  return null;
}

/**
 * Decodes a CSV byte stream to UTF-8 text. Chinese banks often export GB18030 (GBK) from Excel: the first
 * chunk decides — valid UTF-8 (with or without BOM) stays as it is, anything else is read as GB18030.
 */
class CsvDecoder extends Transform {
  private decoder: TextDecoder | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (!this.decoder) {
      const probe = chunk.subarray(0, Math.max(0, chunk.length - 4));
      let utf8 = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(probe);
      } catch {
        utf8 = false;
      }
      this.decoder = new TextDecoder(utf8 ? 'utf-8' : 'gb18030');
    }
    done(null, this.decoder.decode(chunk, { stream: true }));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.decoder?.decode() ?? '');
  }
}

function sniffDelimiter(firstLine: string): string {
  const counts = [',', '\t', ';', '|'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ',';
}

async function firstLineOf(filePath: string): Promise<string> {
  const fd = await fs.promises.open(filePath, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fd.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('latin1').split(/\r?\n/)[0] ?? '';
  } finally {
    await fd.close();
  }
}

/** CSV rows in batches (one per readable burst, so the consumer pays one await per batch, not per row). */
async function* csvBatches(filePath: string): AsyncGenerator<SourceRow[]> {
  const delimiter = sniffDelimiter(await firstLineOf(filePath));
  const parser = parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, info: true, max_record_size: 1 << 20 });
  const input = fs.createReadStream(filePath, { highWaterMark: 256 * 1024 });
  const decoder = new CsvDecoder();
  let failure: Error | null = null;
  const fail = (e: Error) => {
    failure ??= e;
  };
  input.on('error', fail);
  decoder.on('error', fail);
  input.pipe(decoder).pipe(parser);
  let ended = false;
  parser.on('end', () => {
    ended = true;
  });
  parser.on('error', fail);
  try {
    while (true) {
      const batch: SourceRow[] = [];
      let rec: { record: string[]; info: { lines: number; records: number } } | null;
      while ((rec = parser.read()) !== null) batch.push({ rowNumber: rec.info.lines, cells: rec.record });
      if (failure) throw failure;
      if (batch.length) {
        yield batch;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => {
        const wake = () => {
          parser.off('readable', wake);
          parser.off('end', wake);
          parser.off('error', wake);
          resolve();
        };
        parser.on('readable', wake);
        parser.on('end', wake);
        parser.on('error', wake);
      });
    }
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (err.code === 'ENOENT') throw err;
    throw new MalformedFileError(`The CSV file could not be read: ${err.message}`);
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/** Cells one XLSX may hold (a sheet's rows × columns), however small its zip: a guard against expansion. */
export const MAX_XLSX_CELLS = 100_000_000;

/** Rows of the first worksheet of an XLSX file, streamed (exceljs WorkbookReader). */
async function* xlsxBatches(filePath: string, maxCells = MAX_XLSX_CELLS): AsyncGenerator<SourceRow[]> {
  const problem = await xlsxExpansionProblem(filePath);
  if (problem) throw new MalformedFileError(problem.message);
  let cellCount = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'emit' });
  let batch: SourceRow[] = [];
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<{ number: number; values: unknown[] }>) {
        const values = row.values;
        const cells = Array.isArray(values) ? values.slice(1) : [];
        for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
        cellCount += Math.max(cells.length, 1);
        if (cellCount > maxCells) throw new MalformedFileError(`The XLSX file has more than ${maxCells} cells`);
        batch.push({ rowNumber: row.number, cells });
        if (batch.length >= 1000) {
          yield batch;
          batch = [];
        }
      }
      break; // the first worksheet only
    }
    if (batch.length) yield batch;
  } catch (e) {
    if (e instanceof MalformedFileError) throw e;
    const err = e as Error & { code?: string };
    if (err.code === 'ENOENT') throw err;
    throw new MalformedFileError(`The XLSX file could not be read: ${err.message}`);
  }
}

/** The rows of a placement file, header first, in batches. Throws MalformedFileError when the file is unreadable. */
export function readRowBatches(filePath: string, format: PlacementFileFormat): AsyncGenerator<SourceRow[]> {
  return format === 'csv' ? csvBatches(filePath) : xlsxBatches(filePath);
}
