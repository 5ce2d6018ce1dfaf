import fs from 'node:fs';
import { once } from 'node:events';
import { fakerZH_CN } from '@faker-js/faker';

/**
 * Deterministic placement files as a Chinese bank would send them: zh-CN names and addresses
 * (@faker-js/faker), valid national ids (GB 11643 check digit), CN mobile numbers, full card numbers
 * (Luhn-valid: the importer must cut them), every bucket M1…M6+ present, amounts as decimal strings.
 * The same options always give the same file.
 */
export interface PlacementGeneratorOptions {
  rows: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** yyyy-mm-dd the placement is as of: delinquency dates are counted back from it (default today, UTC). */
  placedOn?: string;
  /** Prefix of bank references (default 'ACC'). References are `${prefix}-${index}` (zero-padded). */
  bankRefPrefix?: string;
  /** First account index (default 0): several files with disjoint references. */
  startIndex?: number;
  /** Mixed date formats, thousands separators and spaced phones, as real files have (default false). */
  messy?: boolean;
  /** Share of rows made invalid (bad check digit, negative amount, bad phone, missing name), 0–1 (default 0). */
  badRowRate?: number;
}

/** The header row (common Chinese bank headers, matched by the importer's default table). */
export const PLACEMENT_HEADERS = [
  '账号',
  '卡号',
  '客户姓名',
  '身份证号',
  '手机号',
  '地址',
  '工作单位',
  '币种',
  '本金',
  '利息',
  '费用',
  '逾期金额',
  '逾期起始日',
  '最后还款日',
  '最后还款金额',
  '联系人',
  '联系人关系',
  '联系人电话',
] as const;

export type PlacementFileRow = string[];

/** mulberry32: a small, fast, seedable PRNG (faker is used for the word pools only). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS = ['110101', '110105', '310104', '310115', '440106', '440305', '330106', '320102', '510107', '420102', '370102', '350203', '610113', '500103', '120101', '210102'];
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158', '159', '166', '176', '177', '180', '181', '182', '185', '186', '187', '188', '189', '198', '199'];
const CARD_BINS = ['622202', '622848', '621700', '622588', '625807', '436742', '518710', '622260'];
const RELATIONS = ['配偶', '父亲', '母亲', '子女', '兄弟', '姐妹', '同事', '朋友'];
/** Days-past-due ranges of M1 … M6 and M6+ (one bucket per row in turn, so every bucket is present). */
const DPD_RANGES: [number, number][] = [
  [1, 30],
  [31, 60],
  [61, 90],
  [91, 120],
  [121, 150],
  [151, 180],
  [181, 720],
];

function checkDigit(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += w[i] * (first17.charCodeAt(i) - 48);
  return '10X98765432'[sum % 11];
}

function luhnComplete(prefix: string): string {
  let sum = 0;
  for (let i = 0; i < prefix.length; i++) {
    let d = prefix.charCodeAt(prefix.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return prefix + String((10 - (sum % 10)) % 10);
}

const DAY_MS = 86_400_000;
const isoMinusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
const grouped = (amount: string) => amount.replace(/\B(?=(\d{3})+(?!\d))(?=.*\.)/g, ',');

interface Pools {
  names: string[];
  addresses: string[];
  employers: string[];
}

const poolCache = new Map<number, Pools>();

/** Word pools drawn once from faker (zh-CN), seeded: per-row faker calls would cost ~20 µs each. */
function pools(seed: number): Pools {
  let p = poolCache.get(seed);
  if (!p) {
    fakerZH_CN.seed(seed);
    const names = Array.from({ length: 4000 }, () => fakerZH_CN.person.lastName() + fakerZH_CN.person.firstName());
    const addresses = Array.from(
      { length: 4000 },
      () => `${fakerZH_CN.location.state()}${fakerZH_CN.location.city()}${fakerZH_CN.location.street()}${fakerZH_CN.location.buildingNumber()}号`,
    );
    const employers = Array.from({ length: 1500 }, () => fakerZH_CN.company.name());
    p = { names, addresses, employers };
    poolCache.set(seed, p);
  }
  return p;
}

/** The data rows (without the header), lazily: a million rows never sit in memory. */
export function* generatePlacementRows(opts: PlacementGeneratorOptions): Generator<PlacementFileRow> {
  const seed = opts.seed ?? 42;
  const rnd = prng(seed);
  const { names, addresses, employers } = pools(seed);
  const placedOn = opts.placedOn ?? new Date().toISOString().slice(0, 10);
  const prefix = opts.bankRefPrefix ?? 'ACC';
  const start = opts.startIndex ?? 0;
  const width = Math.max(7, String(start + opts.rows).length);
  const badRate = opts.badRowRate ?? 0;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const digits = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
    return s;
  };
  const mobile = () => pick(MOBILE_PREFIXES) + digits(8);

  for (let i = 0; i < opts.rows; i++) {
    const index = start + i;
    const bankRef = `${prefix}-${String(index).padStart(width, '0')}`;
    const card = luhnComplete(pick(CARD_BINS) + digits(9));
    const birth = isoMinusDays('2004-01-01', int(0, 40 * 365)).replace(/-/g, '');
    const first17 = pick(REGIONS) + birth + digits(3);
    let nationalId = first17 + checkDigit(first17);
    let name = pick(names);
    const phoneCount = rnd() < 0.6 ? 1 : rnd() < 0.8 ? 2 : 3;
    const phoneList = Array.from({ length: phoneCount }, mobile);
    let phones = opts.messy && rnd() < 0.3 ? phoneList.map((p) => `+86 ${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`).join(' / ') : phoneList.join(';');
    const principalCents = int(1_000_00, 200_000_00);
    const interestCents = Math.floor(principalCents * (0.02 + rnd() * 0.18));
    const feesCents = rnd() < 0.5 ? 0 : int(50_00, 2_000_00);
    const overdueCents = Math.min(principalCents + interestCents + feesCents, Math.floor((principalCents + interestCents + feesCents) * (0.1 + rnd() * 0.9)) + 1);
    const [lo, hi] = DPD_RANGES[index % DPD_RANGES.length];
    const dpd = int(lo, hi);
    let delinquentSince = isoMinusDays(placedOn, dpd);
    const lastPaymentDays = dpd + int(0, 60);
    const hasLastPayment = rnd() < 0.7;
    let principal = cents(principalCents);
    const contact = rnd() < 0.6;

    if (badRate > 0 && rnd() < badRate) {
      switch (int(0, 3)) {
        case 0:
          nationalId = first17 + (checkDigit(first17) === '0' ? '1' : '0');
          break;
        case 1:
          principal = `-${principal}`;
          break;
        case 2:
          phones = `${phones};12-34`;
          break;
        default:
          name = '';
      }
    }
    if (opts.messy) {
      const f = index % 3;
      if (f === 1) delinquentSince = delinquentSince.replace(/-/g, '/');
      else if (f === 2) delinquentSince = delinquentSince.replace(/-/g, '');
      if (index % 4 === 0) principal = grouped(principal);
    }

    yield [
      bankRef,
      card,
      name,
      nationalId,
      phones,
      pick(addresses),
      rnd() < 0.7 ? pick(employers) : '',
      'CNY',
      principal,
      cents(interestCents),
      cents(feesCents),
      cents(overdueCents),
      delinquentSince,
      hasLastPayment ? isoMinusDays(placedOn, lastPaymentDays) : '',
      hasLastPayment ? cents(int(100_00, 5_000_00)) : '',
      contact ? pick(names) : '',
      contact ? pick(RELATIONS) : '',
      contact ? mobile() : '',
    ];
  }
}

const NEEDS_QUOTES = /[",\r\n]/;
const csvCell = (v: string) => (NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes a placement CSV (UTF-8, header first) streaming to `filePath`; returns the number of data rows. */
export async function writePlacementCsv(filePath: string, opts: PlacementGeneratorOptions & { bom?: boolean }): Promise<number> {
  const out = fs.createWriteStream(filePath, { highWaterMark: 1 << 20 });
  let buf = (opts.bom ? '\uFEFF' : '') + PLACEMENT_HEADERS.join(',') + '\n';
  let n = 0;
  for (const row of generatePlacementRows(opts)) {
    buf += row.map(csvCell).join(',') + '\n';
    n++;
    if (buf.length > 1 << 18) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return n;
}

/** Writes a small placement XLSX (exceljs, in memory: meant for demos and tests, not millions of rows). */
export async function writePlacementXlsx(filePath: string, opts: PlacementGeneratorOptions): Promise<number> {
  // Loaded on demand: only demos and tests write XLSX files.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('委案清单');
  ws.addRow([...PLACEMENT_HEADERS]);
  let n = 0;
  const amountCols = new Set([8, 9, 10, 11, 14]);
  for (const row of generatePlacementRows(opts)) {
    // Amounts as Excel numbers and dates as Excel dates, as a bank's spreadsheet would hold them.
    const cells: (string | number | Date)[] = row.map((v, i) => {
      if (amountCols.has(i) && /^\d+(\.\d+)?$/.test(v)) return Number(v);
      if ((i === 12 || i === 13) && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
      return v;
    });
    const r = ws.addRow(cells);
    r.getCell(13).numFmt = 'yyyy-mm-dd';
    r.getCell(14).numFmt = 'yyyy-mm-dd';
    n++;
  }
  ws.getColumn(2).numFmt = '@';
  await wb.xlsx.writeFile(filePath);
  return n;
}
