import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';
import { ContactPage } from './contact.page.tsx';

const CampaignsPage = lazyPage(() => import('./campaigns.page.tsx'), 'CampaignsPage');
const NewCampaignPage = lazyPage(() => import('./campaign-new.page.tsx'), 'NewCampaignPage');
const CampaignPage = lazyPage(() => import('./campaign.page.tsx'), 'CampaignPage');

/** The contact guard: may this customer be called now, and the contact history; campaigns and their scrubs. */
export const routes: RouteObject[] = [
  {
    path: 'contact',
    element: (
      <RequireNav path="/contact">
        <ContactPage />
      </RequireNav>
    ),
  },
  {
    path: 'contact/campaigns',
    element: (
      <RequireNav path="/contact/campaigns">
        <CampaignsPage />
      </RequireNav>
    ),
  },
  {
    path: 'contact/campaigns/new',
    element: (
      <RequireNav path="/contact/campaigns">
        <NewCampaignPage />
      </RequireNav>
    ),
  },
  {
    path: 'contact/campaigns/:id',
    element: (
      <RequireNav path="/contact/campaigns">
        <CampaignPage />
      </RequireNav>
    ),
  },
];
