/** SQLSTATE codes the application reacts to (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const PG_ERRORS = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  insufficientPrivilege: '42501',
  invalidTextRepresentation: '22P02',
  numericValueOutOfRange: '22003',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function isPgError(e: unknown, code?: string): e is { code: string; constraint?: string; detail?: string } {
  const err = (e as { driverError?: unknown })?.driverError ?? e;
  const c = (err as { code?: unknown })?.code;
  return typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c) && (code === undefined || c === code);
}
