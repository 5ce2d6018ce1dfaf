import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './app/App';
import { createApolloClient } from './app/apollo';
import { AppProviders } from './app/providers';
import { sessionStore } from './app/session-store';

// The access token is kept in memory only: a reload gets a new one through the refresh cookie.
void sessionStore.restore();
// Back/forward cache: a page restored after its session ended elsewhere must ask the server again.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) void sessionStore.restore();
});
const client = createApolloClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProviders client={client}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);
