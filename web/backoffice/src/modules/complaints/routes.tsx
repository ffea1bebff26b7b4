import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const ComplaintsPage = lazyPage(() => import('./complaints.page.tsx'), 'ComplaintsPage', ['complaints']);
const ComplaintPage = lazyPage(() => import('./complaint.page.tsx'), 'ComplaintPage', ['complaints', 'messages']);
// `contact`: the phone-collection notice read out to a customer who gives their number (C. consom. L.223-1).
const NewComplaintPage = lazyPage(() => import('./complaint-new.page.tsx'), 'NewComplaintPage', ['complaints', 'contact']);
const SlaSettingsPage = lazyPage(() => import('./sla-settings.page.tsx'), 'SlaSettingsPage', ['complaints']);

/** Complaint queues and the complaint page. */
export const routes: RouteObject[] = [
  {
    path: 'complaints',
    element: (
      <RequireNav path="/complaints">
        <ComplaintsPage />
      </RequireNav>
    ),
  },
  {
    path: 'complaints/settings',
    element: (
      <RequireNav path="/complaints">
        <SlaSettingsPage />
      </RequireNav>
    ),
  },
  {
    path: 'complaints/new',
    element: (
      <RequireNav path="/complaints">
        <NewComplaintPage />
      </RequireNav>
    ),
  },
  {
    path: 'complaints/:id',
    element: (
      <RequireNav path="/complaints">
        <ComplaintPage />
      </RequireNav>
    ),
  },
];
