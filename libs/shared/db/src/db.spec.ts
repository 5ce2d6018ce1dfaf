import { describe, expect, it } from 'vitest';
import { isPgError, PG_ERRORS } from './pg-errors.js';
import { connectionUrl, databaseName } from './urls.js';

describe('connection urls', () => {
  it('swap credentials and database, escaping what needs it', () => {
    const url = connectionUrl('postgres://postgres:pw@127.0.0.1:5432/postgres', { user: 'arrears_app', password: 'p@ss/word', database: 'arrears' });
    expect(new URL(url).username).toBe('arrears_app');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss/word');
    expect(databaseName(url)).toBe('arrears');
    expect(databaseName('postgres://h:1')).toBe('postgres');
  });
});

describe('isPgError', () => {
  it('recognises SQLSTATEs, also wrapped by TypeORM', () => {
    expect(isPgError({ code: '23505' }, PG_ERRORS.uniqueViolation)).toBe(true);
    expect(isPgError({ driverError: { code: '42501' } }, PG_ERRORS.insufficientPrivilege)).toBe(true);
    expect(isPgError({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isPgError(new Error('x'))).toBe(false);
  });
});
