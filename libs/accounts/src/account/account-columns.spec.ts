import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_COLUMNS, accountColumnsFor, CLIENT_COLUMNS, clientColumnsFor, DEBTOR_COLUMNS, debtorColumnsFor } from './account.types.js';

describe('accountColumnsFor', () => {
  it('reads only what the asked-for fields need, with id, bank and the extra columns', () => {
    expect(accountColumnsFor(new Set(['id', 'bankRef', 'totalDue', 'placedOn']), ['dpd'])).toBe('a.id, a.client_id, a.dpd, a.bank_ref, a.total_due, a.currency, a.placed_on::text');
  });

  it('reads every column when the fields are unknown or one of them is not mapped', () => {
    expect(accountColumnsFor(null)).toBe(ACCOUNT_COLUMNS);
    expect(accountColumnsFor(new Set(['bankRef', 'someNewField']))).toBe(ACCOUNT_COLUMNS);
  });
});

describe('debtorColumnsFor', () => {
  it('reads only what the asked-for Debtor fields need, with id and bank', () => {
    expect(debtorColumnsFor(new Set(['__typename', 'name']))).toEqual(['id', 'client_id', 'full_name']);
    expect(debtorColumnsFor(new Set(['phones', 'identityMatch', 'contacts']))).toEqual(['id', 'client_id', 'phones', 'identity_match']);
  });

  it('reads every column when the fields are unknown or one of them is not mapped', () => {
    expect(debtorColumnsFor(null)).toBe(DEBTOR_COLUMNS);
    expect(debtorColumnsFor(new Set(['name', 'someNewField']))).toBe(DEBTOR_COLUMNS);
  });
});

describe('clientColumnsFor', () => {
  it('reads only what the asked-for Client fields need, with id and what the account itself reads of its bank', () => {
    expect(clientColumnsFor(new Set(['__typename', 'name']))).toEqual(['id', 'name']);
    expect(clientColumnsFor(new Set(), ['time_zone'])).toEqual(['id', 'time_zone']);
    expect(clientColumnsFor(new Set(['createdAt', 'code']), ['time_zone'])).toEqual(['id', 'code', 'time_zone', 'created_at']);
  });

  it('reads every column when the fields are unknown or one of them is not mapped', () => {
    expect(clientColumnsFor(null)).toBe(CLIENT_COLUMNS);
    expect(clientColumnsFor(new Set(['name', 'someNewField']))).toBe(CLIENT_COLUMNS);
  });
});
