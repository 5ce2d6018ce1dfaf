import { describe, expect, it } from 'vitest';
import { isValidChineseNationalId, maskNationalId, maskPhone, normalisePhone, ProtectedData } from './protected-data.js';

const key = 'ab'.repeat(32);

describe('ProtectedData', () => {
  it('round-trips and never stores the plain text', () => {
    const p = new ProtectedData(key);
    const sealed = p.encrypt('11010519491231002X');
    expect(sealed).not.toContain('11010519491231002X');
    expect(p.decrypt(sealed)).toBe('11010519491231002X');
  });

  it('refuses a tampered cipher text', () => {
    const p = new ProtectedData(key);
    const sealed = p.encrypt('11010519491231002X');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => p.decrypt(`v1:${raw.toString('base64')}`)).toThrow();
  });

  it('hashes the same identity the same way, keyed', () => {
    const p = new ProtectedData(key);
    expect(p.identityHash('11010519491231002x')).toBe(p.identityHash(' 11010519491231002X'));
    expect(new ProtectedData('cd'.repeat(32)).identityHash('11010519491231002X')).not.toBe(p.identityHash('11010519491231002X'));
  });
});

describe('masks and checks', () => {
  it('masks national ids and phones', () => {
    expect(maskNationalId('11010519491231002X')).toBe('110***********002X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('validates the GB 11643 check digit', () => {
    expect(isValidChineseNationalId('11010519491231002X')).toBe(true);
    expect(isValidChineseNationalId('110105194912310021')).toBe(false);
    expect(isValidChineseNationalId('12345')).toBe(false);
  });

  it('normalises phone numbers', () => {
    expect(normalisePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalisePhone('(010) 8888 1234')).toBe('01088881234');
    expect(normalisePhone('not a phone')).toBeNull();
  });
});
