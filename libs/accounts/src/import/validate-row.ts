import { maskNationalId, normalisePhone } from '../protected-data.js';
import { parseIdDocument, type IdDocument } from './identity.js';
import type { PlacementField, ResolvedColumns } from './fields.js';
import { relationCodeOf, type RelationCode } from '../parties/parties.js';
import { cardLast4, cellText, isBlank, maskCardLike, minusDays, parseAmount, parseCurrency, parseDate, parseDays, parseTimeZone, splitPhones } from './values.js';

/** A guarantor or co-borrower named by a placement row. */
export interface StagedParty {
  role: 'guarantor' | 'co_borrower';
  name: string;
  relationCode: RelationCode;
  relationText: string | null;
  phone: string | null;
}

/** One account of a placement file, validated and normalised (amounts as exact two-decimal strings). */
export interface PlacementRow {
  /** Row number in the file as a spreadsheet shows it (the header is row 1). */
  rowNumber: number;
  bankRef: string;
  cardLast4: string | null;
  debtorName: string;
  /** The identity document's number, upper-cased and validated; the importer encrypts it and never stores it in clear. */
  nationalId: string | null;
  /** The identity document (type kept; a 15-digit PRC id already in its 18-digit form). */
  idDocument: IdDocument | null;
  phones: string[];
  address: string | null;
  employer: string | null;
  timeZone: string | null;
  currency: string;
  principal: string;
  interest: string;
  fees: string;
  overdueAmount: string;
  delinquentSince: string;
  chargeOffDate: string | null;
  lastPaymentDate: string | null;
  lastPaymentAmount: string | null;
  contact: { name: string; relation: string; phone: string | null } | null;
  /** Guarantor and co-borrower of this account, from the file's party columns. */
  parties: StagedParty[];
}

/** Why a row was refused: the bank's header text, a reason, and the offending value (masked when sensitive). */
export interface Rejection {
  column: string | null;
  reason: string;
  value: string | null;
}

export type RowResult = { ok: true; row: PlacementRow } | { ok: false; rejections: Rejection[] };

export interface RowContext {
  resolved: ResolvedColumns;
  /** The client's currency: the default when the file has none. */
  clientCurrency: string;
  /** yyyy-mm-dd: daysPastDue in the file count as of this date. */
  placedOn: string;
}

const MAX_TEXT = 500;
const MAX_VALUE_SHOWN = 200;

/** What a rejection may show of a cell: never a full card number or national id. */
export function safeValue(field: PlacementField | null, raw: unknown): string | null {
  const s = cellText(raw);
  if (s === '') return null;
  if (field === 'cardNumber') return maskCardLike(s).replace(/\d(?=\d{4})/g, '*');
  if (field === 'nationalId') return maskNationalId(s);
  const masked = maskCardLike(s);
  return masked.length > MAX_VALUE_SHOWN ? `${masked.slice(0, MAX_VALUE_SHOWN)}…` : masked;
}

/**
 * Validates one data row. Every problem of the row is reported (not only the first), each naming the
 * bank's column, so a bank can fix its file in one pass.
 */
export function validateRow(cells: readonly unknown[], rowNumber: number, ctx: RowContext): RowResult {
  const { columns, headers } = ctx.resolved;
  const rejections: Rejection[] = [];
  const cell = (f: PlacementField): unknown => {
    const idx = columns[f];
    return idx ? cells[idx[0]] : undefined;
  };
  const header = (f: PlacementField): string => {
    const idx = columns[f];
    return idx ? headers[idx[0]] : f;
  };
  const reject = (f: PlacementField, reason: string, raw: unknown = cell(f), column = header(f)) => {
    rejections.push({ column, reason: `${column} ${reason}`, value: safeValue(f, raw) });
  };
  const text = (f: PlacementField, required = false): string | null => {
    const raw = cell(f);
    if (isBlank(raw)) {
      if (required) reject(f, 'is required');
      return null;
    }
    const s = cellText(raw).replace(/\s+/g, ' ');
    if (s.length > MAX_TEXT) {
      reject(f, `is longer than ${MAX_TEXT} characters`);
      return null;
    }
    return s;
  };
  const amount = (f: PlacementField, required: boolean, fallback: string | null): string | null => {
    const raw = cell(f);
    if (isBlank(raw)) {
      if (required) reject(f, 'is required');
      return fallback;
    }
    const p = parseAmount(raw);
    if (p.error !== undefined) {
      reject(f, p.error);
      return fallback;
    }
    return p.value;
  };
  const date = (f: PlacementField): string | null => {
    const raw = cell(f);
    if (isBlank(raw)) return null;
    const p = parseDate(raw);
    if (p.error !== undefined) {
      reject(f, p.error);
      return null;
    }
    return p.value;
  };

  const bankRef = text('bankRef', true);
  if (bankRef !== null && !/^[\p{L}\p{N}][\p{L}\p{N} _./#:-]{0,63}$/u.test(bankRef)) reject('bankRef', 'must be 1–64 letters, digits or - _ . / # :');

  let last4: string | null = null;
  const rawCard = cell('cardNumber');
  if (!isBlank(rawCard)) {
    const p = cardLast4(rawCard);
    if (p.error !== undefined) reject('cardNumber', p.error);
    else last4 = p.value;
    // A bank that uses the card number as its account reference would store it: refuse the row.
    const cardDigits = cellText(rawCard).replace(/[\s-]/g, '');
    if (bankRef && /^\d{13,19}$/.test(cardDigits) && bankRef.replace(/[\s-]/g, '') === cardDigits) {
      reject('bankRef', 'is the full card number; send the account reference instead', bankRef);
    }
  }

  const debtorName = text('debtorName', true);

  let nationalId: string | null = null;
  let idDocument: IdDocument | null = null;
  const rawId = cell('nationalId');
  if (!isBlank(rawId)) {
    const declared = isBlank(cell('idType')) ? null : cellText(cell('idType'));
    const doc = parseIdDocument(cellText(rawId), declared);
    if ('error' in doc) reject('nationalId', doc.error === 'NATIONAL_ID_CHECK_DIGIT' ? 'has an invalid check digit' : 'is not a recognised identity document (PRC id, Hong Kong/Macau or Taiwan permit, passport)');
    else {
      idDocument = doc;
      nationalId = doc.number;
    }
  }

  const phones: string[] = [];
  for (const idx of columns.phones ?? []) {
    const raw = cells[idx];
    if (isBlank(raw)) continue;
    const bad: string[] = [];
    for (const part of splitPhones(raw)) {
      const p = normalisePhone(part);
      if (!p) bad.push(maskCardLike(part));
      else if (!phones.includes(p)) phones.push(p);
    }
    if (bad.length) reject('phones', `contains ${bad.map((b) => `"${b}"`).join(', ')}, which ${bad.length > 1 ? 'are not phone numbers' : 'is not a phone number'}`, raw, headers[idx]);
  }

  const address = text('address');
  const employer = text('employer');

  let timeZone: string | null = null;
  if (!isBlank(cell('timeZone'))) {
    const p = parseTimeZone(cell('timeZone'));
    if (p.error !== undefined) reject('timeZone', p.error);
    else timeZone = p.value;
  }

  let currency = ctx.clientCurrency;
  if (!isBlank(cell('currency'))) {
    const p = parseCurrency(cell('currency'));
    if (p.error !== undefined) reject('currency', p.error);
    else currency = p.value;
  }

  const principal = amount('principal', true, null);
  const interest = amount('interest', false, '0.00');
  const fees = amount('fees', false, '0.00');
  const overdueAmount = amount('overdueAmount', true, null);
  const lastPaymentAmount = amount('lastPaymentAmount', false, null);

  let delinquentSince = date('delinquentSince');
  if (delinquentSince === null && isBlank(cell('delinquentSince'))) {
    const rawDays = cell('daysPastDue');
    if (!isBlank(rawDays)) {
      const p = parseDays(rawDays);
      if (p.error !== undefined) reject('daysPastDue', p.error);
      // Day 1 is the first delinquent day: N days past due on the placement date began N - 1 days before
      // it; 0 days past due (current) becomes delinquent the day after.
      else delinquentSince = minusDays(ctx.placedOn, p.value - 1);
    } else if (!rejections.some((r) => r.column === header('delinquentSince') || r.column === header('daysPastDue'))) {
      const f: PlacementField = columns.delinquentSince ? 'delinquentSince' : 'daysPastDue';
      reject(f, 'is required');
    }
  }
  if (delinquentSince !== null && delinquentSince > ctx.placedOn && columns.delinquentSince) reject(columns.delinquentSince ? 'delinquentSince' : 'daysPastDue', `is after the placement date ${ctx.placedOn}`);

  const chargeOffDate = date('chargeOffDate');
  const lastPaymentDate = date('lastPaymentDate');

  let contact: PlacementRow['contact'] = null;
  const contactName = text('contactName');
  const contactRelation = text('contactRelation');
  const rawContactPhone = cell('contactPhone');
  let contactPhone: string | null = null;
  if (!isBlank(rawContactPhone)) {
    contactPhone = normalisePhone(cellText(rawContactPhone).normalize('NFKC'));
    if (!contactPhone) reject('contactPhone', 'is not a phone number');
  }
  if (contactName || contactPhone) {
    contact = { name: contactName ?? '', relation: contactRelation ?? 'other', phone: contactPhone };
    if (!contactName) reject('contactName', 'is required when a contact phone is given');
  }

  const parties: StagedParty[] = [];
  for (const [role, prefix] of [['guarantor', 'guarantor'], ['co_borrower', 'coBorrower']] as const) {
    const name = text(`${prefix}Name`);
    const rawPhone = cell(`${prefix}Phone`);
    let phone: string | null = null;
    if (!isBlank(rawPhone)) {
      phone = normalisePhone(cellText(rawPhone).normalize('NFKC'));
      if (!phone) reject(`${prefix}Phone`, 'is not a phone number');
    }
    const relation = text(`${prefix}Relation`);
    if (!name && (phone || relation)) reject(`${prefix}Name`, 'is required when a phone or relation is given');
    if (name) parties.push({ role, name, relationCode: relationCodeOf(relation), relationText: relation, phone });
  }

  if (rejections.length) return { ok: false, rejections };
  return {
    ok: true,
    row: {
      rowNumber,
      bankRef: bankRef as string,
      cardLast4: last4,
      debtorName: debtorName as string,
      nationalId,
      idDocument,
      phones,
      address,
      employer,
      timeZone,
      currency,
      principal: principal as string,
      interest: interest as string,
      fees: fees as string,
      overdueAmount: overdueAmount as string,
      delinquentSince: delinquentSince as string,
      chargeOffDate,
      lastPaymentDate,
      lastPaymentAmount,
      contact,
      parties,
    },
  };
}
