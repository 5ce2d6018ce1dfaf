import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { decodeCursor, toConnection } from './connection.js';
import { createErrorFormatter } from './error-mapper.js';
import { AppError, ErrorCode } from './errors.js';
import { fromGlobalId, fromGlobalIdOrThrow, toGlobalId } from './node.js';
import { DecimalScalar } from './scalars.js';

const uuid = '5f0c7b52-3c1e-4a8b-9a55-0d6c2b1a9e01';

describe('opaque ids', () => {
  it('round-trip type and id, and refuse what is not one of ours', () => {
    const id = toGlobalId('Client', uuid);
    expect(fromGlobalId(id)).toEqual({ type: 'Client', id: uuid });
    expect(fromGlobalId('garbage')).toBeNull();
    expect(fromGlobalId(toGlobalId('Client', 'not-a-uuid'))).toBeNull();
    expect(fromGlobalId('x'.repeat(500))).toBeNull();
  });

  it('an id of another type is NOT_FOUND, exactly like a missing one', () => {
    const e = (() => {
      try {
        fromGlobalIdOrThrow(toGlobalId('User', uuid), 'Client');
      } catch (err) {
        return err as AppError;
      }
    })();
    expect(e).toBeInstanceOf(AppError);
    expect(e!.extensions.code).toBe('NOT_FOUND');
  });
});

describe('keyset connections', () => {
  it('build pages from first + 1 rows and cursors that decode to the sort key', () => {
    const rows = [1, 2, 3].map((n) => ({ name: `n${n}`, id: `${n}` }));
    const c = toConnection(rows, 2, (r) => [r.name, r.id], (r) => r.id);
    expect(c.edges.map((e) => e.node)).toEqual(['1', '2']);
    expect(c.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(c.pageInfo.endCursor, 2)).toEqual(['n2', '2']);
    expect(c.edges.map((e) => decodeCursor(e.cursor, 2))).toEqual([['n1', '1'], ['n2', '2']]);
  });

  it('encode an edge’s cursor only when it is read (a page is often asked for pageInfo’s alone)', () => {
    const keyed: string[] = [];
    const rows = [1, 2, 3, 4].map((n) => ({ id: `${n}` }));
    const c = toConnection(rows, 3, (r) => (keyed.push(r.id), [r.id]), (r) => r.id);
    expect(keyed).toEqual(['1', '3']); // pageInfo's start and end cursors
    expect(c.edges[1].cursor).toBe(c.edges[1].cursor);
    expect(decodeCursor(c.edges[1].cursor, 1)).toEqual(['2']);
  });

  it('refuse a forged or malformed cursor as BAD_USER_INPUT', () => {
    expect(() => decodeCursor('not base64 json', 2)).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('[1,2,3]').toString('base64url'), 2)).toThrow(/cursor/);
    expect(decodeCursor(undefined, 2)).toBeNull();
  });
});

describe('Decimal scalar', () => {
  it('keeps amounts exact and refuses floats', () => {
    expect(DecimalScalar.parseValue('1234.50')).toEqual(new Decimal('1234.50'));
    expect(DecimalScalar.serialize(new Decimal('0.1').plus('0.2'))).toBe('0.3');
    expect(() => DecimalScalar.parseValue(0.1)).toThrow();
    expect(() => DecimalScalar.parseValue('1e5')).toThrow();
  });
});

describe('error formatter', () => {
  const logged: unknown[] = [];
  const format = createErrorFormatter({ hideSuggestions: true, logUnexpected: (e) => logged.push(e) });
  const located = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['x'] });

  it('reshapes argument validation without echoing the input (it may hold a password)', () => {
    const err = new ArgumentValidationError([{ property: 'password', value: 'Secret7', target: { password: 'Secret7' }, constraints: { isLength: 'too short' }, children: [] }]);
    const out = format({ message: err.message, extensions: err.extensions }, located(err));
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ field: 'password', problems: ['too short'] }] });
    expect(JSON.stringify(out)).not.toContain('Secret7');
  });

  it('maps Postgres errors to stable codes, never their text', () => {
    const pg = Object.assign(new Error('duplicate key value violates unique constraint "client_agency_id_code_key"'), { code: '23505' });
    const out = format({ message: pg.message }, located(pg));
    expect(out).toMatchObject({ message: 'This already exists', extensions: { code: 'CONFLICT' } });
  });

  it('hides anything unexpected behind INTERNAL_SERVER_ERROR and logs it', () => {
    const boom = new Error('select * from secret_table failed at foo.ts:12');
    const out = format({ message: boom.message, extensions: { stacktrace: ['at foo'] } }, located(boom));
    expect(out).toMatchObject({ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
    expect(logged).toContain(boom);
  });

  it('keeps an AppError’s code and message, and drops suggestions when asked', () => {
    const e = new AppError(ErrorCode.NOT_FOUND, 'Client not found');
    expect(format({ message: e.message, extensions: e.extensions }, located(e))).toMatchObject({ message: 'Client not found', extensions: { code: 'NOT_FOUND' } });
    const v = new GraphQLError('Cannot query field "usr" on type "Me". Did you mean "user"?', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(format({ message: v.message, extensions: v.extensions }, v).message).toBe('Cannot query field "usr" on type "Me".');
  });
});
