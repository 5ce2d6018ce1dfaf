import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';
import { SetContextLink } from '@apollo/client/link/context';
import { from, mergeMap, throwError } from 'rxjs';
import { sessionStore, type SessionStore } from './session-store';

/** True when the server refused the caller's identity (`extensions.code` UNAUTHENTICATED or HTTP 401). */
export function isUnauthenticated(error: unknown): boolean {
  if (CombinedGraphQLErrors.is(error)) {
    return error.errors.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED');
  }
  if (ServerError.is(error)) return error.statusCode === 401;
  return false;
}

/** The `extensions.code` of the first GraphQL error, if any. */
export function errorCode(error: unknown): string | undefined {
  if (CombinedGraphQLErrors.is(error)) {
    const code = error.errors[0]?.extensions?.['code'];
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Operations that may legitimately answer UNAUTHENTICATED without ending a session. */
const SESSIONLESS_OPERATIONS = new Set(['Login']);

export function createApolloClient(options: { store?: SessionStore; uri?: string; fetch?: typeof fetch } = {}) {
  const store = options.store ?? sessionStore;

  const auth = new SetContextLink((prev) => {
    const token = store.token;
    return token ? { headers: { ...prev['headers'], authorization: `Bearer ${token}` } } : {};
  });

  // A refused token (expired, or its session ended) gets one refresh through the HttpOnly cookie and
  // the operation is sent again with the new token; when the refresh fails the session ends and the
  // app shows the login page with the reason.
  const refused = new ErrorLink(({ error, operation, forward }) => {
    if (SESSIONLESS_OPERATIONS.has(operation.operationName ?? '')) return;
    if (!isUnauthenticated(error)) return;
    if (operation.getContext()['retriedAfterRefresh']) {
      store.end('refused');
      return;
    }
    return from(store.renew()).pipe(
      mergeMap((renewed) => {
        if (!renewed) return throwError(() => error);
        operation.setContext({ retriedAfterRefresh: true });
        return forward(operation);
      }),
    );
  });

  const http = new HttpLink({ uri: options.uri ?? '/graphql', fetch: options.fetch });

  return new ApolloClient({
    link: ApolloLink.from([refused, auth, http]),
    cache: new InMemoryCache(),
    defaultOptions: {
      watchQuery: { fetchPolicy: 'cache-and-network' },
    },
  });
}
