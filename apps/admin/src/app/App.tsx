import { Button } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { ErrorBoundary } from '../shared/ErrorBoundary';
import { RequireRole } from '../shared/RequireRole';
import { ErrorState, Loading } from '../shared/states';
import { HOME, ROUTES } from './routes';
import { useSession } from './session';
import { NotFound } from './NotFound';

const LoginPage = lazy(() => import('../areas/login/LoginPage'));
const ForcedPasswordChange = lazy(() => import('../areas/login/ChangePasswordPage').then((m) => ({ default: m.ForcedPasswordChange })));
const AppLayout = lazy(() => import('./layout/AppLayout'));

function RequireAuth({ children }: { children: ReactNode }) {
  const { token, me, loading, error, refetchMe, signOut, restoring, mustChangePassword } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  // A reload: the refresh cookie is being traded for an access token.
  if (!token && restoring) return <Loading testId="session-loading" />;
  if (!token) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (loading || (!me && !error)) return <Loading testId="session-loading" />;
  if (!me) {
    return (
      <div style={{ padding: 24 }}>
        <ErrorState error={error} onRetry={refetchMe} />
        <div style={{ textAlign: 'center' }}>
          <Button onClick={() => void signOut()}>{t('app.signOut')}</Button>
        </div>
      </div>
    );
  }
  if (mustChangePassword) return <ForcedPasswordChange />;
  return <>{children}</>;
}

function HomeRedirect() {
  const { role } = useSession();
  return <Navigate to={role ? HOME[role] : '/login'} replace />;
}

export function AppRoutes() {
  return (
    <ErrorBoundary>
      <Suspense fallback={<Loading testId="route-loading" />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireAuth>
                <AppLayout />
              </RequireAuth>
            }
          >
            <Route index element={<HomeRedirect />} />
            {ROUTES.map((route) => (
              <Route
                key={route.path}
                path={route.path}
                element={
                  <RequireRole roles={route.roles}>
                    <route.Component />
                  </RequireRole>
                }
              />
            ))}
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}
