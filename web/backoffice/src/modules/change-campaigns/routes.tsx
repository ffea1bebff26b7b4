import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const ChangeCampaignsPage = lazyPage(() => import('./change-campaigns.page.tsx'), 'ChangeCampaignsPage', ['change_campaigns']);

/** Change campaigns: each new version of an offer told to its customers, notices counted. */
export const routes: RouteObject[] = [
  {
    path: 'change-campaigns',
    element: (
      <RequireNav path="/change-campaigns">
        <ChangeCampaignsPage />
      </RequireNav>
    ),
  },
];
