import { render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { AppRoutes } from '../app/App';
import { initI18n } from '../app/i18n';
import { demoMe, renderWithApp } from '../test/harness';
import { CurrentRoleContext } from './current-role';
import { RequireRole } from './RequireRole';

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe('<RequireRole>', () => {
  it('shows the page to an allowed role and a plain message to anyone else', () => {
    initI18n('en');
    const page = (
      <RequireRole roles={['SUPERVISOR']}>
        <div data-testid="secret">accounts</div>
      </RequireRole>
    );
    const { rerender } = render(
      <MemoryRouter>
        <CurrentRoleContext.Provider value="SUPERVISOR">{page}</CurrentRoleContext.Provider>
      </MemoryRouter>,
    );
    expect(screen.getByTestId('secret')).toBeTruthy();
    rerender(
      <MemoryRouter>
        <CurrentRoleContext.Provider value="COLLECTOR">{page}</CurrentRoleContext.Provider>
      </MemoryRouter>,
    );
    expect(screen.queryByTestId('secret')).toBeNull();
    expect(screen.getByTestId('no-access').textContent).toContain("You don't have access to this page.");
  });

  it('answers a deep link to another role page with "no access" and offers only the role own navigation', async () => {
    renderWithApp(<AppRoutes />, {
      session: { token: 'tok', expiresAt: inAnHour() },
      path: '/admin/users',
      language: 'en',
      handlers: { Me: () => ({ data: { me: demoMe('COLLECTOR') } }) },
    });
    await waitFor(() => expect(screen.getByTestId('no-access')).toBeTruthy(), { timeout: 5000 });
    const nav = screen.getByTestId('nav');
    expect(nav.textContent).toContain('My queue');
    expect(nav.textContent).not.toContain('Users');
    expect(nav.textContent).not.toContain('Accounts');
  });

  it('sends a signed-in user from / to the role home page', async () => {
    renderWithApp(<AppRoutes />, {
      session: { token: 'tok', expiresAt: inAnHour() },
      path: '/',
      language: 'en',
      handlers: {
        Me: () => ({ data: { me: demoMe('LAWYER') } }),
        LegalCases: () => ({ data: { legalCases: { __typename: 'LegalCaseConnection', edges: [], pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null } } } }),
      },
    });
    await waitFor(() => expect(screen.getByTestId('cases-page')).toBeTruthy(), { timeout: 5000 });
    await waitFor(() => expect(screen.getByTestId('legal-cases-empty')).toBeTruthy(), { timeout: 5000 });
  });
});
