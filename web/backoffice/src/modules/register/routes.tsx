import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { RegisterPage } from './register.page.tsx';
import { RetentionPage } from './retention.page.tsx';
import { RetentionRunsPage } from './runs.page.tsx';

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
