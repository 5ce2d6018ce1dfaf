import { isValidChineseNationalId } from '../protected-data.js';

/** The identity documents a placement file may carry; the type is kept with the debtor. */
export type IdDocumentType = 'prc_id' | 'hk_macau_permit' | 'taiwan_permit' | 'passport';

export type IdDocument = { type: IdDocumentType; number: string; upgradedFrom15?: boolean };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * A 15-digit legacy PRC id (issued before 1999) in its 18-digit form: the year gains "19" and a
 * GB 11643 check digit is appended. Null when the 15 digits are not a plausible legacy id.
 */
export function upgradeLegacyNationalId(id15: string): string | null {
  if (!/^\d{15}$/.test(id15)) return null;
  const body = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  const month = Number(body.slice(10, 12));
  const day = Number(body.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + CHECK[sum % 11];
}

/**
 * Recognises an identity document, in this order: an 18-digit PRC id (check digit valid), a 15-digit
 * legacy PRC id (converted to 18), a Hong Kong / Macau permit (H or M and 8 or 10 digits), a Taiwan
 * permit (8 or 10 digits), a passport (5–20 letters and digits, at least one letter and one digit).
 * A type named in the file (证件类型) wins over the guess. Returns a reason code when it is none.
 */
export function parseIdDocument(raw: string, declaredType: string | null = null): IdDocument | { error: 'NATIONAL_ID_CHECK_DIGIT' | 'NATIONAL_ID_FORMAT' } {
  const s = raw.replace(/[\s()（）-]/g, '').toUpperCase();
  const declared = declaredType ? documentTypeOf(declaredType) : null;
  if (declared === 'passport') return /^[A-Z0-9]{5,20}$/.test(s) ? { type: 'passport', number: s } : { error: 'NATIONAL_ID_FORMAT' };
  if (declared === 'hk_macau_permit') return /^[HM]\d{8}(\d{2})?$/.test(s) ? { type: 'hk_macau_permit', number: s } : { error: 'NATIONAL_ID_FORMAT' };
  if (declared === 'taiwan_permit') return /^\d{8}(\d{2})?$/.test(s) ? { type: 'taiwan_permit', number: s } : { error: 'NATIONAL_ID_FORMAT' };
  if (/^\d{17}[\dX]$/.test(s)) return isValidChineseNationalId(s) ? { type: 'prc_id', number: s } : { error: 'NATIONAL_ID_CHECK_DIGIT' };
  if (/^\d{15}$/.test(s)) {
    const up = upgradeLegacyNationalId(s);
    return up ? { type: 'prc_id', number: up, upgradedFrom15: true } : { error: 'NATIONAL_ID_FORMAT' };
  }
  if (declared === 'prc_id') return { error: 'NATIONAL_ID_FORMAT' };
  if (/^[HM]\d{8}(\d{2})?$/.test(s)) return { type: 'hk_macau_permit', number: s };
  if (/^\d{8}(\d{2})?$/.test(s)) return { type: 'taiwan_permit', number: s };
  if (/^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{5,20}$/.test(s)) return { type: 'passport', number: s };
  return { error: 'NATIONAL_ID_FORMAT' };
}

/** A document type as banks write it (Chinese or English) to ours, or null when not recognised. */
export function documentTypeOf(text: string): IdDocumentType | null {
  const t = text.trim().toLowerCase();
  if (/身份证|resident id|national id|prc id|^id$/.test(t)) return 'prc_id';
  if (/港澳|回乡|hong ?kong|macau|macao/.test(t)) return 'hk_macau_permit';
  if (/台胞|台湾|taiwan/.test(t)) return 'taiwan_permit';
  if (/护照|passport/.test(t)) return 'passport';
  return null;
}

/** How an imported row was tied to a person. */
export type IdentityMatch = 'document' | 'name_mobile' | 'none';

/**
 * The identity key of a row, in the documented order: the identity document (type and number);
 * without one, the name and the first mobile phone — a weak match, kept apart per bank so it never
 * links people across banks; without a mobile either, the name and the account reference (no match).
 */
export function identityKeyOf(row: { document: IdDocument | null; debtorName: string; phones: readonly string[]; bankRef: string }, clientId: string): { key: string; match: IdentityMatch } {
  if (row.document) return { key: row.document.type === 'prc_id' ? row.document.number : `${row.document.type}:${row.document.number}`, match: 'document' };
  const mobile = row.phones.find((p) => /^1[3-9]\d{9}$/.test(p));
  if (mobile) return { key: `weak:${clientId}|name:${row.debtorName}|mobile:${mobile}`, match: 'name_mobile' };
  return { key: `name:${row.debtorName}|ref:${row.bankRef}`, match: 'none' };
}
