import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { ComplaintsPage } from './complaints.page.tsx';
import { ComplaintPage } from './complaint.page.tsx';
import { NewComplaintPage } from './complaint-new.page.tsx';
import { SlaSettingsPage } from './sla-settings.page.tsx';

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
