import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { demoMe, renderWithApp, storeSession } from '../test/harness';
import { AppRoutes } from './App';

const at = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('session', () => {
  it('sends the user to the login page with a message when the server refuses the token', async () => {
    storeSession('stale-token', at(3600_000));
    const { server } = renderWithApp(<AppRoutes />, {
      path: '/legal/cases',
      language: 'en',
      handlers: {
        Me: () => ({ errors: [{ message: 'Token revoked', extensions: { code: 'UNAUTHENTICATED' } }] }),
      },
    });
    await waitFor(() => expect(screen.getByTestId('login-card')).toBeTruthy(), { timeout: 5000 });
    expect(screen.getByTestId('session-notice').textContent).toContain('Your session is no longer valid');
    expect(window.localStorage.getItem('arrears.session')).toBeNull();
    expect(server.calls[0]?.headers['authorization']).toBe('Bearer stale-token');
  });

  it('ends the session when the token expires while the user works', async () => {
    // Long enough for the page to render on a busy machine, short enough to expire during the test.
    storeSession('short-token', at(4000));
    renderWithApp(<AppRoutes />, {
      path: '/legal/cases',
      language: 'en',
      handlers: { Me: () => ({ data: { me: demoMe('LAWYER') } }) },
    });
    await waitFor(() => expect(screen.getByTestId('cases-page')).toBeTruthy(), { timeout: 5000 });
    await waitFor(() => expect(screen.getByTestId('login-card')).toBeTruthy(), { timeout: 10000 });
    expect(screen.getByTestId('session-notice').textContent).toContain('Your session has expired');
    expect(window.localStorage.getItem('arrears.session')).toBeNull();
  });

  it('does not start with an already expired token', async () => {
    storeSession('old-token', at(-1000));
    const { server } = renderWithApp(<AppRoutes />, { path: '/queue', language: 'en' });
    await waitFor(() => expect(screen.getByTestId('session-notice').textContent).toContain('expired'), { timeout: 5000 });
    expect(server.calls).toHaveLength(0);
  });

  it('signs in, keeps the token and opens the deep link it came from if the role may use it', async () => {
    const { server } = renderWithApp(<AppRoutes />, {
      path: '/legal/cases',
      language: 'en',
      handlers: {
        Login: (v) =>
          v['password'] === 'right'
            ? { data: { login: { __typename: 'LoginPayload', token: 'new-token', expiresAt: at(3600_000), me: demoMe('LAWYER') } } }
            : { errors: [{ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } }] },
        Me: () => ({ data: { me: demoMe('LAWYER') } }),
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
    // A refused login is not a refused session: nothing was stored, no "session expired" notice.
    expect(screen.queryByTestId('session-notice')).toBeNull();

    fireEvent.change(password, { target: { value: 'right' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(screen.getByTestId('cases-page')).toBeTruthy(), { timeout: 5000 });
    expect(JSON.parse(window.localStorage.getItem('arrears.session') ?? '{}').token).toBe('new-token');
    expect(screen.getByTestId('current-user').textContent).toBe('Demo Person');

    fireEvent.click(screen.getByTestId('sign-out'));
    await waitFor(() => expect(screen.getByTestId('session-notice').textContent).toContain('signed out'), { timeout: 5000 });
    expect(window.localStorage.getItem('arrears.session')).toBeNull();
    expect(server.calls.filter((c) => c.operationName === 'Login')).toHaveLength(2);
  });
});
