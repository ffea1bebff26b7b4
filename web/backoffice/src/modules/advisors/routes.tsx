import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const AdvisorsPage = lazyPage(() => import('./advisors.page.tsx'), 'AdvisorsPage', ['advisors', 'complaints']);

/** Dedicated advisors: status, deputy, handover. */
export const routes: RouteObject[] = [
  {
    path: 'advisors',
    element: (
      <RequireNav path="/advisors">
        <AdvisorsPage />
      </RequireNav>
    ),
  },
];
