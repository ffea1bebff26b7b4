import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { AdvisorsPage } from './advisors.page.tsx';

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
