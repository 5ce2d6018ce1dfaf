import fs from 'node:fs';

/**
 * How far an XLSX (a zip) may expand. A few kilobytes of zip can declare gigabytes of XML (a "zip
 * bomb"); exceljs would cache every shared string in memory before the first row. The declared sizes
 * in the zip's central directory are checked before a byte is inflated.
 */
export interface XlsxLimits {
  /** The shared-strings part (every distinct text of the workbook, held in memory while reading). */
  maxSharedStringsBytes: number;
  /** All parts together, uncompressed. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed, for files over 1 MiB uncompressed (real workbooks compress about 5–20×). */
  maxRatio: number;
}

export const XLSX_LIMITS: XlsxLimits = { maxSharedStringsBytes: 256 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024, maxRatio: 200 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** Why a workbook is refused: not a workbook at all (`invalid`), or one that would expand too far. */
export interface XlsxProblem {
  message: string;
  invalid: boolean;
}

const invalid = (message: string): XlsxProblem => ({ message, invalid: true });
const tooLarge = (message: string): XlsxProblem => ({ message, invalid: false });

/** Null when the workbook's declared expansion is within the limits; otherwise why not. */
export async function xlsxExpansionProblem(filePath: string, limits: XlsxLimits = XLSX_LIMITS): Promise<XlsxProblem | null> {
  const fd = await fs.promises.open(filePath, 'r');
  try {
    const { size } = await fd.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await fd.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return invalid('The XLSX file is not a valid workbook (no zip directory)');
    const entries = tail.readUInt16LE(eocd + 10);
    const dirSize = tail.readUInt32LE(eocd + 12);
    const dirOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) return tooLarge('The XLSX file is too large to read (ZIP64)');
    if (dirSize > 16 * 1024 * 1024 || dirOffset + dirSize > size) return invalid('The XLSX file is not a valid workbook (zip directory)');
    const dir = Buffer.alloc(dirSize);
    await fd.read(dir, 0, dirSize, dirOffset);
    let total = 0;
    let compressed = 0;
    let p = 0;
    for (let n = 0; n < entries; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) return invalid('The XLSX file is not a valid workbook (zip entry)');
      const packed = dir.readUInt32LE(p + 20);
      const unpacked = dir.readUInt32LE(p + 24);
      const nameLength = dir.readUInt16LE(p + 28);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
      if (packed === 0xffffffff || unpacked === 0xffffffff) return tooLarge('The XLSX file is too large to read (ZIP64)');
      if (/sharedStrings\.xml$/i.test(name) && unpacked > limits.maxSharedStringsBytes) {
        return tooLarge(`The XLSX file's shared strings expand to ${unpacked} bytes, over the limit of ${limits.maxSharedStringsBytes}`);
      }
      total += unpacked;
      compressed += packed;
      p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
    if (total > limits.maxTotalBytes) return tooLarge(`The XLSX file expands to ${total} bytes, over the limit of ${limits.maxTotalBytes}`);
    if (total > 1024 * 1024 && total > compressed * limits.maxRatio) return tooLarge(`The XLSX file expands ${Math.round(total / Math.max(compressed, 1))} times, more than a workbook does`);
    return null;
  } finally {
    await fd.close();
  }
}
