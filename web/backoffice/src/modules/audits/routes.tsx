import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const FindingsPage = lazyPage(() => import('./findings.page.tsx'), 'FindingsPage', ['audits']);
const FindingPage = lazyPage(() => import('./finding.page.tsx'), 'FindingPage', ['audits']);

/** Findings of the continuous controls and audits, and their remediation (issue 14). */
export const routes: RouteObject[] = [
  {
    path: 'findings',
    element: (
      <RequireNav path="/findings">
        <FindingsPage />
      </RequireNav>
    ),
  },
  {
    path: 'findings/:id',
    element: (
      <RequireNav path="/findings">
        <FindingPage />
      </RequireNav>
    ),
  },
];
