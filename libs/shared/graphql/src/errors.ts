import { GraphQLError } from 'graphql';

/** The stable codes clients switch on (`extensions.code`). */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  COMPLIANCE_BLOCKED: 'COMPLIANCE_BLOCKED',
  /** Sign-in refused while an account or client address is locked; `retryAfterSeconds` says how long. */
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  /** The password was reset by an admin: only `me`, `changePassword` and `signOut` answer until it is changed. */
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  /** The HTTP body could not be read: not JSON, truncated, not UTF-8. */
  BAD_REQUEST: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** An uploaded file is over a limit of its bank: its size, its rows, or how far an XLSX expands. */
  FILE_LIMIT_EXCEEDED: 'FILE_LIMIT_EXCEEDED',
  /** A statement ran past the transaction's statement_timeout. */
  TIMEOUT: 'TIMEOUT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { UNAUTHENTICATED: 401, TOO_MANY_ATTEMPTS: 429, PASSWORD_CHANGE_REQUIRED: 403 };

/** An error the client is meant to see: a stable code, a clear message, optional details. */
export class AppError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details, ...(HTTP_STATUS[code] ? { http: { status: HTTP_STATUS[code] } } : {}) } });
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const badInput = (message: string, details: Record<string, unknown> = {}) => new AppError(ErrorCode.BAD_USER_INPUT, message, details);
export const forbidden = (message = 'You are not allowed to do this') => new AppError(ErrorCode.FORBIDDEN, message);
export const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
export const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(ErrorCode.TOO_MANY_ATTEMPTS, `Too many failed sign-ins; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
