import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const ContactPage = lazyPage(() => import('./contact.page.tsx'), 'ContactPage', ['contact']);
const CampaignsPage = lazyPage(() => import('./campaigns.page.tsx'), 'CampaignsPage', ['contact']);
const NewCampaignPage = lazyPage(() => import('./campaign-new.page.tsx'), 'NewCampaignPage', ['contact']);
const CampaignPage = lazyPage(() => import('./campaign.page.tsx'), 'CampaignPage', ['contact']);
const HistoryImportPage = lazyPage(() => import('./history-import.page.tsx'), 'HistoryImportPage', ['contact']);
const OppositionListsPage = lazyPage(() => import('./opposition-lists.page.tsx'), 'OppositionListsPage', ['contact']);

/** The contact guard: may this customer be called now, and the contact history; campaigns and their scrubs; history and opposition-list imports. */
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
  {
    path: 'contact/history-import',
    element: (
      <RequireNav path="/contact/history-import">
        <HistoryImportPage />
      </RequireNav>
    ),
  },
  {
    path: 'contact/opposition-lists',
    element: (
      <RequireNav path="/contact/opposition-lists">
        <OppositionListsPage />
      </RequireNav>
    ),
  },
];
