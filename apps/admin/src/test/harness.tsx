import { render } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { createApolloClient } from '../app/apollo';
import { initI18n, type Language } from '../app/i18n';
import { AppProviders } from '../app/providers';
import { SessionStore } from '../app/session-store';

export type Handler = (variables: Record<string, unknown>) => { data?: unknown; errors?: unknown[] };

/** A fetch that answers GraphQL POSTs by operation name, recording every request. */
export function fakeGraphQL(handlers: Record<string, Handler>) {
  const calls: Array<{ operationName: string; variables: Record<string, unknown>; headers: Record<string, string> }> = [];
  const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as { operationName: string; variables?: Record<string, unknown> };
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    calls.push({ operationName: body.operationName, variables: body.variables ?? {}, headers });
    const handler = handlers[body.operationName];
    const result = handler ? handler(body.variables ?? {}) : { errors: [{ message: `no handler for ${body.operationName}` }] };
    return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetch: fetchImpl, calls };
}

export const demoMe = (role: string) => ({
  __typename: 'Me',
  role,
  user: { __typename: 'User', id: 'u1', email: 'someone@demo.test', displayName: 'Demo Person', role },
  agency: { __typename: 'Agency', id: 'a1', name: 'Demo Agency' },
  clients: [{ __typename: 'Client', id: 'c1', name: 'Demo Bank A', code: 'BANKA', currency: 'CNY', timeZone: 'Asia/Shanghai' }],
});

export function storeSession(token: string, expiresAt: string) {
  window.localStorage.setItem('arrears.session', JSON.stringify({ token, expiresAt }));
}

/** Renders with the real providers (i18n, antd, Apollo with the app's links, session) over a fake server. */
export function renderWithApp(
  ui: ReactElement,
  options: { handlers?: Record<string, Handler>; path?: string; language?: Language } = {},
) {
  initI18n(options.language ?? 'zh-CN');
  const server = fakeGraphQL(options.handlers ?? {});
  const store = new SessionStore();
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
