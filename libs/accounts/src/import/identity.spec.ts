import { describe, expect, it } from 'vitest';
import { isValidChineseNationalId } from '../protected-data.js';
import { documentTypeOf, identityKeyOf, parseIdDocument, upgradeLegacyNationalId } from './identity.js';

describe('identity documents', () => {
  it('converts a 15-digit legacy id to its valid 18-digit form', () => {
    // 1980-05-12, born in Beijing Dongcheng (110101).
    const id18 = upgradeLegacyNationalId('110101800512123');
    expect(id18).toMatch(/^110101198005121230|^11010119800512123[\dX]$/);
    expect(isValidChineseNationalId(id18!)).toBe(true);
    expect(parseIdDocument('110101800512123')).toEqual({ type: 'prc_id', number: id18, upgradedFrom15: true });
    expect(upgradeLegacyNationalId('110101801312123')).toBeNull(); // month 13
  });

  it('accepts Hong Kong / Macau and Taiwan permits and passports, keeping the type', () => {
    expect(parseIdDocument('H12345678')).toEqual({ type: 'hk_macau_permit', number: 'H12345678' });
    expect(parseIdDocument('m 1234 5678 01')).toEqual({ type: 'hk_macau_permit', number: 'M1234567801' });
    expect(parseIdDocument('12345678')).toEqual({ type: 'taiwan_permit', number: '12345678' });
    expect(parseIdDocument('e12345678')).toEqual({ type: 'passport', number: 'E12345678' });
    expect(parseIdDocument('12345678', '护照')).toEqual({ type: 'passport', number: '12345678' });
    expect(parseIdDocument('110101199003077777')).toEqual({ error: 'NATIONAL_ID_CHECK_DIGIT' });
    expect(parseIdDocument('ABC')).toEqual({ error: 'NATIONAL_ID_FORMAT' });
    expect(documentTypeOf('港澳居民来往内地通行证')).toBe('hk_macau_permit');
  });

  it('falls back to name and mobile as a weak match kept inside one bank, then to no match', () => {
    const doc = identityKeyOf({ document: { type: 'passport', number: 'E12345678' }, debtorName: '王五', phones: [], bankRef: 'A-1' }, 'bank-a');
    expect(doc).toEqual({ key: 'passport:E12345678', match: 'document' });
    const weakA = identityKeyOf({ document: null, debtorName: '王五', phones: ['01012345678', '13812345678'], bankRef: 'A-1' }, 'bank-a');
    const weakB = identityKeyOf({ document: null, debtorName: '王五', phones: ['13812345678'], bankRef: 'B-1' }, 'bank-b');
    expect(weakA.match).toBe('name_mobile');
    expect(weakA.key).toContain('13812345678');
    expect(weakA.key).not.toBe(weakB.key); // never links across banks
    expect(identityKeyOf({ document: null, debtorName: '王五', phones: ['01012345678'], bankRef: 'A-1' }, 'bank-a')).toEqual({ key: 'name:王五|ref:A-1', match: 'none' });
  });
});
