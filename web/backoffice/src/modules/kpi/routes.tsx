import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const KpisPage = lazyPage(() => import('./kpis.page.tsx'), 'KpisPage', ['kpi']);
const KpiPage = lazyPage(() => import('./kpi.page.tsx'), 'KpiPage', ['kpi']);

/** The ethics KPI dashboard and each KPI's definition, trend, breakdown and records. */
export const routes: RouteObject[] = [
  {
    path: 'kpis',
    element: (
      <RequireNav path="/kpis">
        <KpisPage />
      </RequireNav>
    ),
  },
  {
    path: 'kpis/:key',
    element: (
      <RequireNav path="/kpis">
        <KpiPage />
      </RequireNav>
    ),
  },
];
