import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { createApolloClient } from '../app/apollo';
import { initI18n, type Language } from '../app/i18n';
import { AppProviders } from '../app/providers';
import { SessionStore } from '../app/session-store';

export type Handler = (variables: Record<string, unknown>) => { data?: unknown; errors?: unknown[] };
/** The fake `POST /api/auth/refresh`: a new token, or the refusal's reason. */
export type RefreshHandler = () => { token: string; expiresAt: string; mustChangePassword?: boolean } | { reason: 'NO_SESSION' | 'SESSION_EXPIRED' | 'SESSION_ENDED' };

/** A fetch that answers GraphQL POSTs by operation name and the refresh endpoint, recording every request. */
export function fakeGraphQL(handlers: Record<string, Handler>, refresh: RefreshHandler = () => ({ reason: 'NO_SESSION' })) {
  const calls: Array<{ operationName: string; variables: Record<string, unknown>; headers: Record<string, string> }> = [];
  const refreshes: Array<{ credentials: RequestCredentials | undefined; headers: Record<string, string> }> = [];
  const fetchImpl = (async (url: RequestInfo | URL, init?: RequestInit) => {
    if (String(url).endsWith('/api/auth/refresh')) {
      refreshes.push({ credentials: init?.credentials, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
      const answer = refresh();
      if ('token' in answer) return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
      return new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'no', reason: answer.reason } }), { status: 401, headers: { 'content-type': 'application/json' } });
    }
    const body = JSON.parse(String(init?.body ?? '{}')) as { operationName: string; variables?: Record<string, unknown> };
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    calls.push({ operationName: body.operationName, variables: body.variables ?? {}, headers });
    const handler = handlers[body.operationName];
    const result = handler ? handler(body.variables ?? {}) : { errors: [{ message: `no handler for ${body.operationName}` }] };
    return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetch: fetchImpl, calls, refreshes };
}

export const demoMe = (role: string) => ({
  __typename: 'Me',
  role,
  user: { __typename: 'User', id: 'u1', email: 'someone@demo.test', displayName: 'Demo Person', role },
  agency: { __typename: 'Agency', id: 'a1', name: 'Demo Agency' },
  clients: [{ __typename: 'Client', id: 'c1', name: 'Demo Bank A', code: 'BANKA', currency: 'CNY', timeZone: 'Asia/Shanghai' }],
});

/** Renders with the real providers (i18n, antd, Apollo with the app's links, session) over a fake server. */
export function renderWithApp(
  ui: ReactElement,
  options: {
    handlers?: Record<string, Handler>;
    path?: string;
    language?: Language;
    /** A session already in memory, as after a sign-in in this tab. */
    session?: { token: string; expiresAt: string };
    refresh?: RefreshHandler;
    /** Start as a page load does: trade the refresh cookie for a token. */
    restore?: boolean;
  } = {},
) {
  initI18n(options.language ?? 'zh-CN');
  const server = fakeGraphQL(options.handlers ?? {}, options.refresh);
  const store = new SessionStore({ fetch: server.fetch, refreshUrl: 'http://test/api/auth/refresh' });
  if (options.session) store.signIn(options.session.token, options.session.expiresAt);
  if (options.restore) void store.restore();
  const client = createApolloClient({ store, fetch: server.fetch, uri: 'http://test/graphql' });
  const initialEntries = [options.path ?? '/'];
  const Wrapper = ({ children }: { children: ReactNode }) => (
    <AppProviders client={client} store={store}>
      <MemoryRouter initialEntries={initialEntries}>{children}</MemoryRouter>
    </AppProviders>
  );
  const utils = render(ui, { wrapper: Wrapper });
  return { ...utils, server, store, client };
}
