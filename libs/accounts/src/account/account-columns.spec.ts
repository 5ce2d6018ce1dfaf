import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_COLUMNS, accountColumnsFor } from './account.types.js';

describe('accountColumnsFor', () => {
  it('reads only what the asked-for fields need, with id, bank and the extra columns', () => {
    expect(accountColumnsFor(new Set(['id', 'bankRef', 'totalDue', 'placedOn']), ['dpd'])).toBe('a.id, a.client_id, a.dpd, a.bank_ref, a.total_due, a.currency, a.placed_on::text');
  });

  it('reads every column when the fields are unknown or one of them is not mapped', () => {
    expect(accountColumnsFor(null)).toBe(ACCOUNT_COLUMNS);
    expect(accountColumnsFor(new Set(['bankRef', 'someNewField']))).toBe(ACCOUNT_COLUMNS);
  });
});
