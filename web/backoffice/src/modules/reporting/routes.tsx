import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const CsrReportPage = lazyPage(() => import('./csr-report.page.tsx'), 'CsrReportPage', ['reporting']);

/** The CSR report of a year: figures beside the year before, the officer's texts, downloads. */
export const routes: RouteObject[] = [
  {
    path: 'reports/csr',
    element: (
      <RequireNav path="/reports/csr">
        <CsrReportPage />
      </RequireNav>
    ),
  },
];
