import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const ChangeCampaignsPage = lazyPage(() => import('./change-campaigns.page.tsx'), 'ChangeCampaignsPage', ['change_campaigns']);
const ChangeCampaignPage = lazyPage(() => import('./change-campaign.page.tsx'), 'ChangeCampaignPage', ['change_campaigns']);
const NoticeEvidencePage = lazyPage(() => import('./notice.page.tsx'), 'NoticeEvidencePage', ['change_campaigns', 'contact']);

/** Change campaigns: each new version of an offer told to its customers; one campaign; one notice's evidence. */
export const routes: RouteObject[] = [
  {
    path: 'change-campaigns',
    element: (
      <RequireNav path="/change-campaigns">
        <ChangeCampaignsPage />
      </RequireNav>
    ),
  },
  {
    path: 'change-campaigns/:id',
    element: (
      <RequireNav path="/change-campaigns">
        <ChangeCampaignPage />
      </RequireNav>
    ),
  },
  {
    path: 'change-campaigns/:id/notices/:noticeId',
    element: (
      <RequireNav path="/change-campaigns">
        <NoticeEvidencePage />
      </RequireNav>
    ),
  },
];
