import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoMe, renderWithApp } from '../test/harness';
import { AppRoutes } from './App';

const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const noCases = () => ({ data: { legalCases: { __typename: 'LegalCaseConnection', edges: [], pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null } } } });

/** Nothing of the session may be where a script could read it. */
function expectNothingStored() {
  for (const storage of [window.localStorage, window.sessionStorage]) {
    for (let i = 0; i < storage.length; i += 1) {
      const key = storage.key(i) ?? '';
      expect(key === 'arrears.language' ? '' : `${key}=${storage.getItem(key)}`).toBe('');
    }
  }
}

describe('session', () => {
  it('a refused token gets one refresh; when that fails the login page says the session is no longer valid', async () => {
    const { server } = renderWithApp(<AppRoutes />, {
      session: { token: 'stale-token', expiresAt: at(3600_000) },
      path: '/legal/cases',
      language: 'en',
      handlers: { Me: () => ({ errors: [{ message: 'Token revoked', extensions: { code: 'UNAUTHENTICATED' } }] }) },
      refresh: () => ({ reason: 'SESSION_ENDED' }),
    });
    await waitFor(() => expect(screen.getByTestId('login-card')).toBeTruthy(), { timeout: 5000 });
    expect(screen.getByTestId('session-notice').textContent).toContain('Your session is no longer valid');
    expect(server.calls[0]?.headers['authorization']).toBe('Bearer stale-token');
    expect(server.refreshes).toHaveLength(1);
    // The refresh is a JSON POST that sends the (HttpOnly) cookie of this origin.
    expect(server.refreshes[0]).toMatchObject({ credentials: 'same-origin', headers: { 'content-type': 'application/json' } });
    expectNothingStored();
  });

  it('a refused token is refreshed and the request sent again with the new token', async () => {
    const { server } = renderWithApp(<AppRoutes />, {
      session: { token: 'old-token', expiresAt: at(3600_000) },
      path: '/legal/cases',
      language: 'en',
      handlers: {
        Me: (_v) => (server.calls.filter((c) => c.operationName === 'Me').length === 1 ? { errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] } : { data: { me: demoMe('LAWYER') } }),
        LegalCases: noCases,
      },
      refresh: () => ({ token: 'new-token', expiresAt: at(3600_000) }),
    });
    await waitFor(() => expect(screen.getByTestId('cases-page')).toBeTruthy(), { timeout: 5000 });
    const me = server.calls.filter((c) => c.operationName === 'Me');
    expect(me.map((c) => c.headers['authorization'])).toEqual(['Bearer old-token', 'Bearer new-token']);
    expect(screen.queryByTestId('login-card')).toBeNull();
  });

  it('renews the token before it expires; when the session has expired, the login page says so', async () => {
    // Long enough for the page to render on a busy machine, short enough to expire during the test.
    const { server } = renderWithApp(<AppRoutes />, {
      session: { token: 'short-token', expiresAt: at(4000) },
      path: '/legal/cases',
      language: 'en',
      handlers: { Me: () => ({ data: { me: demoMe('LAWYER') } }), LegalCases: noCases },
      refresh: () => ({ reason: 'SESSION_EXPIRED' }),
    });
    // The renewal is due at half the token's life here (2 s); on a busy machine the page may render after it.
    await waitFor(() => expect(screen.getByTestId('login-card')).toBeTruthy(), { timeout: 15000 });
    expect(screen.getByTestId('session-notice').textContent).toContain('Your session has expired');
    expect(server.calls.filter((c) => c.operationName === 'Me').map((c) => c.headers['authorization'])).toContain('Bearer short-token');
    expect(server.refreshes).toHaveLength(1);
  });

  it('a page load with a refresh cookie opens the page it asked for; without one, the login page with no notice', async () => {
    const signedIn = renderWithApp(<AppRoutes />, {
      restore: true,
      path: '/legal/cases',
      language: 'en',
      handlers: { Me: () => ({ data: { me: demoMe('LAWYER') } }), LegalCases: noCases },
      refresh: () => ({ token: 'restored-token', expiresAt: at(3600_000) }),
    });
    await waitFor(() => expect(screen.getByTestId('cases-page')).toBeTruthy(), { timeout: 5000 });
    expect(signedIn.server.calls[0]?.headers['authorization']).toBe('Bearer restored-token');
    signedIn.unmount();

    const anonymous = renderWithApp(<AppRoutes />, { restore: true, path: '/queue', language: 'en' });
    await waitFor(() => expect(screen.getByTestId('login-card')).toBeTruthy(), { timeout: 5000 });
    expect(screen.queryByTestId('session-notice')).toBeNull();
    expect(anonymous.server.calls).toHaveLength(0);
  });

  it('signs in, keeps the token in memory only, opens the deep link, and signs out on the server', async () => {
    const { server } = renderWithApp(<AppRoutes />, {
      path: '/legal/cases',
      language: 'en',
      handlers: {
        Login: (v) =>
          v['password'] === 'right'
            ? { data: { login: { __typename: 'LoginPayload', token: 'new-token', expiresAt: at(3600_000), mustChangePassword: false, me: demoMe('LAWYER') } } }
            : { errors: [{ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } }] },
        Me: () => ({ data: { me: demoMe('LAWYER') } }),
        LegalCases: noCases,
        SignOut: () => ({ data: { signOut: true } }),
      },
    });
    await waitFor(() => expect(screen.getByTestId('login-card')).toBeTruthy(), { timeout: 5000 });
    const email = screen.getByTestId('login-email') as HTMLInputElement;
    const password = screen.getByTestId('login-password') as HTMLInputElement;
    fireEvent.change(email, { target: { value: 'lawyer@demo-lawfirm.test' } });
    fireEvent.change(password, { target: { value: 'wrong' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('login-error').textContent).toContain('Email or password is incorrect'), {
      timeout: 5000,
    });
    // A refused login is not a refused session: no refresh, no "session expired" notice.
    expect(screen.queryByTestId('session-notice')).toBeNull();
    expect(server.refreshes).toHaveLength(0);

    fireEvent.change(password, { target: { value: 'right' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('cases-page')).toBeTruthy(), { timeout: 5000 });
    expect(screen.getByTestId('current-user').textContent).toBe('Demo Person');
    expectNothingStored();

    fireEvent.click(screen.getByTestId('sign-out'));
    await waitFor(() => expect(screen.getByTestId('session-notice').textContent).toContain('signed out'), { timeout: 5000 });
    const signOut = server.calls.find((c) => c.operationName === 'SignOut');
    expect(signOut?.headers['authorization']).toBe('Bearer new-token');
    expectNothingStored();
  });

  it('after an admin reset only the change-password screen shows; refusals are explained from their codes', async () => {
    const { server } = renderWithApp(<AppRoutes />, {
      path: '/queue',
      language: 'en',
      handlers: {
        Login: () => ({ data: { login: { __typename: 'LoginPayload', token: 'temp-token', expiresAt: at(3600_000), mustChangePassword: true, me: demoMe('COLLECTOR') } } }),
        Me: () => ({ data: { me: demoMe('COLLECTOR') } }),
        ChangePassword: (v) =>
          v['newPassword'] === 'short'
            ? { errors: [{ message: 'Password must be at least 10 characters', extensions: { code: 'BAD_USER_INPUT', reason: 'PASSWORD_TOO_SHORT', params: { min: 10, max: 72 } } }] }
            : { data: { changePassword: { __typename: 'LoginPayload', token: 'own-token', expiresAt: at(3600_000), mustChangePassword: false, me: demoMe('COLLECTOR') } } },
        MyQueue: () => ({ errors: [{ message: 'not in this test', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
      },
    });
    await waitFor(() => expect(screen.getByTestId('login-card')).toBeTruthy(), { timeout: 5000 });
    fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'collector@demo-agency.test' } });
    fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'temporary-1' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('forced-password-change')).toBeTruthy(), { timeout: 5000 });
    expect(screen.queryByTestId('nav')).toBeNull();

    const fill = (current: string, next: string) => {
      fireEvent.change(screen.getByTestId('password-current'), { target: { value: current } });
      fireEvent.change(screen.getByTestId('password-new'), { target: { value: next } });
      fireEvent.change(screen.getByTestId('password-confirm'), { target: { value: next } });
      fireEvent.click(screen.getByTestId('password-submit'));
    };
    fill('temporary-1', 'short');
    await waitFor(() => expect(screen.getByTestId('password-error').textContent).toBe('The password must be at least 10 characters.'), { timeout: 5000 });
    fill('temporary-1', 'a-long-new-password');
    await waitFor(() => expect(screen.queryByTestId('forced-password-change')).toBeNull(), { timeout: 5000 });
    await waitFor(() => expect(screen.getByTestId('nav')).toBeTruthy(), { timeout: 5000 });
    const change = server.calls.filter((c) => c.operationName === 'ChangePassword');
    expect(change.map((c) => c.headers['authorization'])).toEqual(['Bearer temp-token', 'Bearer temp-token']);
  });
});
