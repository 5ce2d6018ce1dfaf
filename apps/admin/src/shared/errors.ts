import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** A message fit for a user: the GraphQL error's message, never a stack trace. */
export function errorMessage(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.map((e) => e.message).join('; ');
  }
  if (ServerError.is(error)) return `HTTP ${error.statusCode}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function errorCodeOf(error: unknown): string | undefined {
  if (CombinedGraphQLErrors.is(error)) {
    const code = error.errors[0]?.extensions?.['code'];
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
