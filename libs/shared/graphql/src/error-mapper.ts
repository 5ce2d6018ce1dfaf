import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import { ErrorCode } from './errors.js';

/** Codes raised by graphql-js, Apollo and graphql-armor before execution; passed through as they are. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ...Object.values(ErrorCode),
]);

/** The error a resolver threw, beneath graphql-js's located wrapper. */
function unwrapResolverError(error: unknown): unknown {
  let e = error;
  while (e instanceof GraphQLError && e.originalError) e = e.originalError;
  return e;
}

interface PgLikeError {
  code: string;
  constraint?: string;
}

function pgError(e: unknown): PgLikeError | null {
  const err = (e as { driverError?: unknown })?.driverError ?? e;
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? (err as PgLikeError) : null;
}

/** Maps a database error to what a client may know of it: never SQL, never a constraint's text. */
function fromPostgres(e: PgLikeError): { code: ErrorCode; message: string } | null {
  switch (e.code) {
    case '23505':
      return { code: ErrorCode.CONFLICT, message: 'This already exists' };
    case '23503':
      return { code: ErrorCode.BAD_USER_INPUT, message: 'A referenced record does not exist' };
    case '23514':
    case '23502':
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001':
    case '22021':
    case '22P05':
      return { code: ErrorCode.BAD_USER_INPUT, message: 'A value is not valid' };
    case '42501':
      return { code: ErrorCode.FORBIDDEN, message: 'You are not allowed to do this' };
    case '57014':
      return { code: ErrorCode.TIMEOUT, message: 'The request took too long' };
    default:
      return null;
  }
}

/**
 * The one mapper from any thrown error to what a client sees. Known codes keep their message; database
 * errors become stable codes; anything else is logged with the request id and shown as a bare
 * INTERNAL_SERVER_ERROR. No stack trace or SQL ever reaches a client.
 */
export function createErrorFormatter(opts: { hideSuggestions: boolean; logUnexpected: (error: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    // type-graphql's errors keep GraphQLError's `name`, so they are told apart by class, not by name.
    const name = (original as { name?: string })?.name;
    if (original instanceof AuthenticationError || name === 'AuthenticationError') {
      return { ...base, message: 'You must be signed in', extensions: { code: ErrorCode.UNAUTHENTICATED } };
    }
    if (original instanceof AuthorizationError || name === 'AuthorizationError') {
      return { ...base, message: 'You are not allowed to do this', extensions: { code: ErrorCode.FORBIDDEN } };
    }
    if (original instanceof ArgumentValidationError || name === 'ArgumentValidationError') {
      const validation = (original as { extensions?: { validationErrors?: { property: string; constraints?: Record<string, string> }[] } }).extensions?.validationErrors ?? [];
      return {
        ...base,
        message: 'Some arguments are not valid',
        extensions: {
          code: ErrorCode.BAD_USER_INPUT,
          fields: validation.map((v) => ({ field: v.property, problems: Object.values(v.constraints ?? {}) })),
        },
      };
    }
    const pg = pgError(original);
    if (pg) {
      const mapped = fromPostgres(pg);
      if (mapped) return { ...base, message: mapped.message, extensions: { code: mapped.code } };
      opts.logUnexpected(original);
      return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code) && (original instanceof GraphQLError || !original)) {
      const { stacktrace: _drop, exception: _drop2, ...extensions } = formatted.extensions ?? {};
      void _drop;
      void _drop2;
      let message = formatted.message;
      if (opts.hideSuggestions && code === 'GRAPHQL_VALIDATION_FAILED') message = message.replace(/ ?Did you mean .*\?$/, '');
      return { ...base, message, extensions };
    }
    opts.logUnexpected(original);
    return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}
