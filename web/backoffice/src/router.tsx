/// <reference types="vite/client" />
import { createBrowserRouter, type RouteObject } from 'react-router';
import { APP_BASE, AuthenticatedLayout, RequireNav } from './components/app-shell.tsx';
import { lazyPage } from './components/lazy-page.tsx';
import { NotFoundPage } from './pages/errors.page.tsx';
import { LoginPage } from './pages/login.page.tsx';

// Sign-in is what a first visit shows: it is in the entry bundle. Every other page, the home
// included (its cards, tables and chart are not needed to sign in), loads when it is opened with
// the catalogues it uses (components/lazy-page.tsx); scripts/bundle-size.js reads the home's
// namespaces here to count them.
const HomePage = lazyPage(() => import('./pages/home.page.tsx'), 'HomePage', ['home', 'kpi', 'messages', 'audits']);
const ForgotPasswordPage = lazyPage(() => import('./pages/password-reset.page.tsx'), 'ForgotPasswordPage');
const ResetPasswordPage = lazyPage(() => import('./pages/password-reset.page.tsx'), 'ResetPasswordPage');
const AcceptInvitationPage = lazyPage(() => import('./pages/accept-invitation.page.tsx'), 'AcceptInvitationPage');
const SecurityPage = lazyPage(() => import('./pages/security.page.tsx'), 'SecurityPage');
const UsersPage = lazyPage(() => import('./pages/users.page.tsx'), 'UsersPage');
const AuditLogPage = lazyPage(() => import('./pages/audit-log.page.tsx'), 'AuditLogPage');
const TokensPage = lazyPage(() => import('./pages/tokens.page.tsx'), 'TokensPage');

/**
 * Pages of each capability live in web/backoffice/src/modules/<module>/routes.tsx, which exports
 * `routes: RouteObject[]` (paths relative to /app, wrapped in RequireNav as below, each page
 * through `lazyPage` so it loads on demand); they are picked up here with no change to this file.
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
      { path: '/accept-invitation', element: <AcceptInvitationPage /> },
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
