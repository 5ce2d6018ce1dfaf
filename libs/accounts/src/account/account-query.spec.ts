import { describe, expect, it } from 'vitest';
import { accountConditions, keysetCondition, Params, prefixUpperBound } from './account-query.js';

describe('accountConditions', () => {
  it('shows active accounts only unless asked otherwise', () => {
    const p = new Params();
    expect(accountConditions({}, p)).toEqual([`a.status = 'active'`]);
    expect(p.values).toEqual([]);
  });

  it('binds every value as a parameter', () => {
    const p = new Params();
    const where = accountConditions({ clientId: 'c', buckets: ['M2', 'M3'], dpdMin: 31, balanceMax: '5000.00', statuses: ['active', 'recalled'] }, p);
    expect(where.join(' and ')).not.toMatch(/5000|M2|'c'/);
    expect(p.values).toEqual([['active', 'recalled'], 'c', ['M2', 'M3'], 31, '5000.00']);
  });

  it('searches a phone only when the term is one', () => {
    const byName = new Params();
    expect(accountConditions({ search: '王小明' }, byName).at(-1)).not.toMatch(/debtor_phone/);
    const byPhone = new Params();
    expect(accountConditions({ search: '+86 138 1234 5678' }, byPhone).at(-1)).toMatch(/debtor_phone/);
    expect(byPhone.values).toContain('13812345678');
  });

  it('searches by prefix ranges in byte order, and card last four only for four digits', () => {
    const p = new Params();
    const where = accountConditions({ search: '王小' }, p).at(-1)!;
    expect(where).toMatch(/full_name collate "C" >= \$1 and d.full_name collate "C" < \$2/);
    expect(where).not.toMatch(/like|card_last4/i);
    expect(p.values).toEqual(['王小', '王尐']);
    const last4 = new Params();
    expect(accountConditions({ search: '1234' }, last4).at(-1)).toMatch(/card_last4 = \$3/);
  });
});

describe('prefixUpperBound', () => {
  it('raises the last code point by one', () => {
    expect(prefixUpperBound('A-1')).toBe('A-2');
    expect(prefixUpperBound('王小')).toBe('王尐');
    expect(prefixUpperBound('z')).toBe('{');
    const inRange = (name: string, prefix: string) => name >= prefix && name < prefixUpperBound(prefix);
    expect(inRange('王小明', '王小')).toBe(true);
    expect(inRange('王尐', '王小')).toBe(false);
  });
});

describe('keysetCondition', () => {
  it('continues after the last row in the sort direction', () => {
    const p = new Params();
    expect(keysetCondition('total_due', 'desc', ['100.00', 'id-1'], p)).toBe('(a.total_due, a.id) < ($1::numeric, $2::uuid)');
    expect(keysetCondition('dpd', 'asc', [5, 'id-1'], new Params())).toBe('(a.dpd, a.id) > ($1::int, $2::uuid)');
    expect(keysetCondition('dpd', 'asc', null, new Params())).toBeNull();
  });
});
