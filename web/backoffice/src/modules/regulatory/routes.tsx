import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const RegulatoryEventsPage = lazyPage(() => import('./regulatory-events.page.tsx'), 'RegulatoryEventsPage', ['regulatory']);
const NewRegulatoryEventPage = lazyPage(() => import('./regulatory-new.page.tsx'), 'NewRegulatoryEventPage', ['regulatory']);
const RegulatoryEventPage = lazyPage(() => import('./regulatory-event.page.tsx'), 'RegulatoryEventPage', ['regulatory']);

/** The register of regulatory events: list, new event, one event. */
export const routes: RouteObject[] = [
  {
    path: 'regulatory',
    element: (
      <RequireNav path="/regulatory">
        <RegulatoryEventsPage />
      </RequireNav>
    ),
  },
  {
    path: 'regulatory/new',
    element: (
      <RequireNav path="/regulatory">
        <NewRegulatoryEventPage />
      </RequireNav>
    ),
  },
  {
    path: 'regulatory/:id',
    element: (
      <RequireNav path="/regulatory">
        <RegulatoryEventPage />
      </RequireNav>
    ),
  },
];
