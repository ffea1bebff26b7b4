/// <reference types="vite/client" />
import { createBrowserRouter, type RouteObject } from 'react-router';
import { APP_BASE, AuthenticatedLayout, RequireNav } from './components/app-shell.tsx';
import { AuditLogPage } from './pages/audit-log.page.tsx';
import { NotFoundPage } from './pages/errors.page.tsx';
import { HomePage } from './pages/home.page.tsx';
import { LoginPage } from './pages/login.page.tsx';
import { ForgotPasswordPage, ResetPasswordPage } from './pages/password-reset.page.tsx';
import { SecurityPage } from './pages/security.page.tsx';
import { TokensPage } from './pages/tokens.page.tsx';
import { UsersPage } from './pages/users.page.tsx';

/**
 * Pages of each capability live in web/backoffice/src/modules/<module>/routes.tsx, which exports
 * `routes: RouteObject[]` (paths relative to /app, wrapped in RequireNav as below); they are
 * picked up here with no change to this file.
 */
const moduleRoutes: RouteObject[] = Object.values(
  import.meta.glob<RouteObject[]>('./modules/*/routes.tsx', { eager: true, import: 'routes' }),
).flat();

/** Route table of the back office, mounted under /app. */
export function createRouter() {
  return createBrowserRouter(
    [
      { path: '/login', element: <LoginPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
      {
        element: <AuthenticatedLayout />,
        children: [
          { index: true, element: <HomePage /> },
          // Every signed-in user manages their own sign-in: no permission, no navigation entry.
          { path: 'security', element: <SecurityPage /> },
          {
            path: 'users',
            element: (
              <RequireNav path="/users">
                <UsersPage />
              </RequireNav>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequireNav path="/audit">
                <AuditLogPage />
              </RequireNav>
            ),
          },
          {
            path: 'tokens',
            element: (
              <RequireNav path="/tokens">
                <TokensPage />
              </RequireNav>
            ),
          },
          ...moduleRoutes,
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: APP_BASE },
  );
}
