import { createBrowserRouter } from 'react-router';
import { APP_BASE, AuthenticatedLayout, RequireNav } from './components/app-shell.tsx';
import { AuditLogPage } from './pages/audit-log.page.tsx';
import { NotFoundPage } from './pages/errors.page.tsx';
import { HomePage } from './pages/home.page.tsx';
import { LoginPage } from './pages/login.page.tsx';
import { TokensPage } from './pages/tokens.page.tsx';
import { UsersPage } from './pages/users.page.tsx';

/** Route table of the back office, mounted under /app. */
export function createRouter() {
  return createBrowserRouter(
    [
      { path: '/login', element: <LoginPage /> },
      {
        element: <AuthenticatedLayout />,
        children: [
          { index: true, element: <HomePage /> },
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
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: APP_BASE },
  );
}
