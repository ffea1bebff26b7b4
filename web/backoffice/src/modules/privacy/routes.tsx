import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { PrivacyWorkspacePage } from './workspace.page.tsx';
import { PrivacyRequestPage } from './request.page.tsx';
import { PurposesPage } from './purposes.page.tsx';
import { ConsentTransferPage } from './consent-transfer.page.tsx';

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
