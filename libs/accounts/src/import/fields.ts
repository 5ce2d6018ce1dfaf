/**
 * The canonical fields of a placement file and how the columns of a bank's file are matched to them:
 * through the client's saved column mapping (Arrears field -> the bank's header text) first, then a
 * default table of English and common Chinese bank headers. Pure functions, no I/O.
 */

export const PLACEMENT_FIELDS = [
  'bankRef',
  'cardNumber',
  'debtorName',
  'nationalId',
  'idType',
  'phones',
  'address',
  'employer',
  'timeZone',
  'currency',
  'principal',
  'interest',
  'fees',
  'overdueAmount',
  'delinquentSince',
  'daysPastDue',
  'chargeOffDate',
  'lastPaymentDate',
  'lastPaymentAmount',
  'contactName',
  'contactRelation',
  'contactPhone',
  'guarantorName',
  'guarantorRelation',
  'guarantorPhone',
  'coBorrowerName',
  'coBorrowerRelation',
  'coBorrowerPhone',
] as const;
export type PlacementField = (typeof PLACEMENT_FIELDS)[number];

export const REQUIRED_FIELDS: readonly PlacementField[] = ['bankRef', 'debtorName', 'principal', 'overdueAmount'];

/** What each field means, for the column-mapping screen and the docs. */
export const FIELD_DESCRIPTIONS: Record<PlacementField, string> = {
  bankRef: "The bank's account reference, unique per bank (required)",
  cardNumber: 'Card number: a full number is cut to its last four digits and never stored',
  debtorName: "Cardholder's name (required)",
  nationalId:
    'Identity document number: PRC resident id (18 characters, check digit verified; a 15-digit legacy id is converted), Hong Kong/Macau or Taiwan permit, or passport; stored encrypted',
  idType: 'Type of the identity document (身份证, 港澳通行证, 台胞证, 护照); guessed from the number when absent',
  phones: 'Phone numbers, several in one cell separated by ; , / or spaces',
  address: 'Address',
  employer: 'Employer',
  timeZone: "IANA time zone of the debtor (default: the bank's)",
  currency: "ISO 4217 currency (default: the bank's)",
  principal: 'Principal (required)',
  interest: 'Interest (default 0)',
  fees: 'Fees (default 0)',
  overdueAmount: 'Overdue amount (required)',
  delinquentSince: 'Date the account became delinquent (or give daysPastDue)',
  daysPastDue: 'Days past due as of the placement date (when delinquentSince is absent)',
  chargeOffDate: 'Charge-off date',
  lastPaymentDate: 'Date of the last payment',
  lastPaymentAmount: 'Amount of the last payment',
  contactName: 'Third-party contact: name',
  contactRelation: 'Third-party contact: relation to the debtor',
  contactPhone: 'Third-party contact: phone',
  guarantorName: 'Guarantor (担保人): name',
  guarantorRelation: 'Guarantor: relation to the debtor (kept, and coded: spouse, parent, child, sibling, relative, friend, colleague, employer, other)',
  guarantorPhone: 'Guarantor: phone',
  coBorrowerName: 'Co-borrower (共同借款人): name',
  coBorrowerRelation: 'Co-borrower: relation to the debtor',
  coBorrowerPhone: 'Co-borrower: phone',
};

/** Header texts recognised without a saved mapping (compared after normaliseHeader). */
export const DEFAULT_HEADERS: Record<PlacementField, readonly string[]> = {
  bankRef: ['bankRef', 'bank ref', 'account ref', 'account reference', 'account no', 'account number', 'account id', 'acct no', 'loan no', '账号', '账户号', '账户编号', '合同号', '借据号', '案件编号', '委案编号', '客户账号', '信用卡账号'],
  cardNumber: ['cardNumber', 'card no', 'card number', 'card', 'pan', '卡号', '信用卡号', '卡号后四位', '卡片号码', '卡号末四位'],
  debtorName: ['debtorName', 'name', 'debtor', 'debtor name', 'customer name', 'cardholder', 'cardholder name', '客户姓名', '姓名', '持卡人', '持卡人姓名', '债务人', '债务人姓名', '客户名称'],
  nationalId: ['nationalId', 'national id', 'id number', 'id no', 'id card', 'identity number', '身份证号', '身份证号码', '证件号', '证件号码', '身份证', '护照号', '护照号码', '通行证号', 'passport no', 'document number'],
  idType: ['idType', 'id type', 'document type', '证件类型', '证件种类'],
  phones: ['phones', 'phone', 'phones', 'mobile', 'mobile phone', 'telephone', 'tel', 'phone numbers', '手机号', '手机号码', '手机', '联系电话', '电话', '电话号码', '移动电话'],
  address: ['address', 'home address', 'residential address', '地址', '家庭地址', '住址', '居住地址', '户籍地址', '通讯地址'],
  employer: ['employer', 'company', 'work unit', '工作单位', '单位名称', '公司名称', '单位'],
  timeZone: ['timeZone', 'time zone', 'tz', '时区'],
  currency: ['currency', 'ccy', '币种', '币别', '货币'],
  principal: ['principal', 'principal amount', 'principal balance', '本金', '欠款本金', '本金余额', '透支本金'],
  interest: ['interest', 'interest amount', '利息', '欠款利息', '利息余额'],
  fees: ['fees', 'fee', 'charges', '费用', '手续费', '滞纳金', '其他费用'],
  overdueAmount: ['overdueAmount', 'overdue', 'overdue amount', 'amount overdue', 'past due amount', '逾期金额', '逾期总额', '欠款金额', '欠款总额', '应还金额'],
  delinquentSince: ['delinquentSince', 'delinquent since', 'delinquency date', 'overdue since', 'overdue date', '逾期起始日', '逾期开始日', '逾期日期', '逾期起始日期', '首次逾期日'],
  daysPastDue: ['daysPastDue', 'dpd', 'days past due', 'days overdue', '逾期天数'],
  chargeOffDate: ['chargeOffDate', 'charge off date', 'charge-off date', 'write off date', '核销日期', '核销日'],
  lastPaymentDate: ['lastPaymentDate', 'last payment date', 'last paid date', '最后还款日', '最后还款日期', '末次还款日'],
  lastPaymentAmount: ['lastPaymentAmount', 'last payment amount', 'last payment', '最后还款金额', '末次还款金额'],
  contactName: ['contactName', 'contact name', 'emergency contact', '联系人', '联系人姓名', '紧急联系人', '紧急联系人姓名'],
  contactRelation: ['contactRelation', 'contact relation', 'relationship', 'relation', '联系人关系', '与联系人关系', '关系', '紧急联系人关系'],
  contactPhone: ['contactPhone', 'contact phone', 'emergency contact phone', '联系人电话', '联系人手机', '紧急联系人电话', '紧急联系人手机'],
  guarantorName: ['guarantorName', 'guarantor', 'guarantor name', '担保人', '担保人姓名', '保证人', '保证人姓名'],
  guarantorRelation: ['guarantorRelation', 'guarantor relation', '担保人关系', '与担保人关系', '保证人关系'],
  guarantorPhone: ['guarantorPhone', 'guarantor phone', '担保人电话', '担保人手机', '保证人电话', '保证人手机'],
  coBorrowerName: ['coBorrowerName', 'co-borrower', 'co borrower', 'co-borrower name', 'joint borrower', '共同借款人', '共同借款人姓名', '共借人'],
  coBorrowerRelation: ['coBorrowerRelation', 'co-borrower relation', '共同借款人关系', '共借人关系'],
  coBorrowerPhone: ['coBorrowerPhone', 'co-borrower phone', '共同借款人电话', '共同借款人手机', '共借人电话'],
};

/** Header text as compared: no BOM, no spaces, underscores, hyphens or (full-width) punctuation, lower case. */
export function normaliseHeader(h: unknown): string {
  return String(h ?? '')
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.:：()（）[\]【】*#]/g, '');
}

const DEFAULT_INDEX: Map<string, PlacementField> = (() => {
  const m = new Map<string, PlacementField>();
  for (const f of PLACEMENT_FIELDS) for (const h of DEFAULT_HEADERS[f]) m.set(normaliseHeader(h), f);
  return m;
})();

/** The saved mapping of one client: Arrears field -> the bank's header text. */
export type ColumnMapping = Partial<Record<PlacementField, string>>;

export interface ResolvedColumns {
  /** Column index (0-based) of each matched field; `phones` may span several columns. */
  columns: Partial<Record<PlacementField, number[]>>;
  /** The file's header text of each column, to name it in rejections. */
  headers: string[];
  /** Columns that matched no field (ignored, reported). */
  unmatched: string[];
}

export type HeaderResolution = { ok: true; resolved: ResolvedColumns } | { ok: false; error: string };

export function isPlacementField(s: string): s is PlacementField {
  return (PLACEMENT_FIELDS as readonly string[]).includes(s);
}

/** Checks a mapping before it is saved: known fields, non-empty header texts, no header used twice. */
export function validateMapping(mapping: Record<string, string>): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const [field, header] of Object.entries(mapping)) {
    if (!isPlacementField(field)) {
      problems.push(`"${field}" is not a placement field`);
      continue;
    }
    const n = normaliseHeader(header);
    if (!n) {
      problems.push(`The header for ${field} is empty`);
      continue;
    }
    if (n.length > 200) problems.push(`The header for ${field} is too long`);
    const other = seen.get(n);
    if (other) problems.push(`"${header}" is mapped to both ${other} and ${field}`);
    seen.set(n, field);
  }
  return problems;
}

/**
 * Matches a file's header row to placement fields. A saved mapping wins for the fields it names (and a
 * header it names must be in the file: a wrong mapping fails the whole file); other fields fall back to
 * the default table. Fails when a required column is missing or a field matches two columns.
 */
export function resolveHeaders(headerRow: readonly unknown[], mapping: ColumnMapping | null = null): HeaderResolution {
  const headers = headerRow.map((h) => String(h ?? '').replace(/^\uFEFF/, '').trim());
  const norm = headers.map(normaliseHeader);
  if (!norm.some((h) => h)) return { ok: false, error: 'The file has no header row (the first row is empty)' };
  const columns: Partial<Record<PlacementField, number[]>> = {};
  const taken = new Set<number>();

  const mapped = new Set<PlacementField>();
  for (const [field, header] of Object.entries(mapping ?? {})) {
    if (!isPlacementField(field) || !header) continue;
    const wanted = normaliseHeader(header);
    const idx = norm.flatMap((h, i) => (h === wanted ? [i] : []));
    if (idx.length === 0) {
      return { ok: false, error: `The saved column mapping names "${header}" for ${field}, but the file has no such column (its columns: ${headers.filter(Boolean).join(', ')})` };
    }
    if (idx.length > 1 && field !== 'phones') return { ok: false, error: `The file has ${idx.length} columns named "${header}" (mapped to ${field})` };
    columns[field] = idx;
    idx.forEach((i) => taken.add(i));
    mapped.add(field);
  }

  const unmatched: string[] = [];
  norm.forEach((h, i) => {
    if (taken.has(i) || !h) return;
    const field = DEFAULT_INDEX.get(h);
    if (!field || mapped.has(field)) {
      if (!field) unmatched.push(headers[i]);
      return;
    }
    (columns[field] ??= []).push(i);
  });

  for (const [field, idx] of Object.entries(columns) as [PlacementField, number[]][]) {
    if (idx.length > 1 && field !== 'phones') {
      return { ok: false, error: `Columns ${idx.map((i) => `"${headers[i]}"`).join(' and ')} both look like ${field}; save a column mapping that names one of them` };
    }
  }
  const missing = REQUIRED_FIELDS.filter((f) => !columns[f]);
  if (!columns.delinquentSince && !columns.daysPastDue) missing.push('delinquentSince');
  if (missing.length) {
    const hint = (f: PlacementField) => `${f} (e.g. "${DEFAULT_HEADERS[f].find((h) => /[\u4e00-\u9fff]/.test(h)) ?? DEFAULT_HEADERS[f][0]}")`;
    return {
      ok: false,
      error: `Required column${missing.length > 1 ? 's' : ''} missing: ${missing.map(hint).join(', ')}${missing.includes('delinquentSince') ? ' — or daysPastDue' : ''}. Save a column mapping if the file names ${missing.length > 1 ? 'them' : 'it'} differently.`,
    };
  }
  return { ok: true, resolved: { columns, headers, unmatched } };
}
