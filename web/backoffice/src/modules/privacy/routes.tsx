import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const PrivacyWorkspacePage = lazyPage(() => import('./workspace.page.tsx'), 'PrivacyWorkspacePage', ['privacy', 'breaches']);
const PrivacyRequestPage = lazyPage(() => import('./request.page.tsx'), 'PrivacyRequestPage', ['privacy', 'dsr']);
const NewRequestPage = lazyPage(() => import('./request-new.page.tsx'), 'NewRequestPage', ['privacy']);
const PurposesPage = lazyPage(() => import('./purposes.page.tsx'), 'PurposesPage', ['privacy', 'consent', 'register']);
const ConsentTransferPage = lazyPage(() => import('./consent-transfer.page.tsx'), 'ConsentTransferPage', ['consent', 'contact']);

/** Privacy centre pages of the back office (DPO workspace, requests, purposes). */
export const routes: RouteObject[] = [
  {
    path: 'privacy',
    element: (
      <RequireNav path="/privacy">
        <PrivacyWorkspacePage />
      </RequireNav>
    ),
  },
  {
    path: 'privacy/requests/new',
    element: (
      <RequireNav path="/privacy">
        <NewRequestPage />
      </RequireNav>
    ),
  },
  {
    path: 'privacy/requests/:id',
    element: (
      <RequireNav path="/privacy">
        <PrivacyRequestPage />
      </RequireNav>
    ),
  },
  {
    path: 'privacy/purposes',
    element: (
      <RequireNav path="/privacy/purposes">
        <PurposesPage />
      </RequireNav>
    ),
  },
  {
    path: 'privacy/consents/transfer',
    element: (
      <RequireNav path="/privacy/purposes">
        <ConsentTransferPage />
      </RequireNav>
    ),
  },
];
