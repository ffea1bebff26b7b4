import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const RegisterPage = lazyPage(() => import('./register.page.tsx'), 'RegisterPage', ['register']);
const RetentionPage = lazyPage(() => import('./retention.page.tsx'), 'RetentionPage', ['register']);
const RetentionRunsPage = lazyPage(() => import('./runs.page.tsx'), 'RetentionRunsPage', ['register']);

/** Records of processing and retention pages of the back office (DPO). */
export const routes: RouteObject[] = [
  {
    path: 'register',
    element: (
      <RequireNav path="/register">
        <RegisterPage />
      </RequireNav>
    ),
  },
  {
    path: 'retention',
    element: (
      <RequireNav path="/retention">
        <RetentionPage />
      </RequireNav>
    ),
  },
  {
    path: 'retention/runs',
    element: (
      <RequireNav path="/retention">
        <RetentionRunsPage />
      </RequireNav>
    ),
  },
];
