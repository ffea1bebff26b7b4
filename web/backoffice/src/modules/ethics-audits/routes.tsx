import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const AuditsPage = lazyPage(() => import('./audits.page.tsx'), 'AuditsPage', ['audits']);
const NewAuditPage = lazyPage(() => import('./audit-new.page.tsx'), 'NewAuditPage', ['audits']);
const AuditPage = lazyPage(() => import('./audit.page.tsx'), 'AuditPage', ['audits']);

/** Ethics audits from templates (issue 14): list, new audit, one audit with its checklist. */
export const routes: RouteObject[] = [
  {
    path: 'audits',
    element: (
      <RequireNav path="/audits">
        <AuditsPage />
      </RequireNav>
    ),
  },
  {
    path: 'audits/new',
    element: (
      <RequireNav path="/audits">
        <NewAuditPage />
      </RequireNav>
    ),
  },
  {
    path: 'audits/:id',
    element: (
      <RequireNav path="/audits">
        <AuditPage />
      </RequireNav>
    ),
  },
];
