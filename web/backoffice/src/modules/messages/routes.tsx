import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const ApprovalsPage = lazyPage(() => import('./approvals.page.tsx'), 'ApprovalsPage', ['messages']);

/** The ethics officer's queue of messages to approve before they are sent (issue 12). */
export const routes: RouteObject[] = [
  {
    path: 'messages/approvals',
    element: (
      <RequireNav path="/messages/approvals">
        <ApprovalsPage />
      </RequireNav>
    ),
  },
];
