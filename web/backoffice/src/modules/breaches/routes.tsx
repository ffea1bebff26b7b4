import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const BreachesPage = lazyPage(() => import('./breaches.page.tsx'), 'BreachesPage', ['breaches']);
const NewBreachPage = lazyPage(() => import('./breach-new.page.tsx'), 'NewBreachPage', ['breaches']);
const BreachPage = lazyPage(() => import('./breach.page.tsx'), 'BreachPage', ['breaches']);

/** The breach register: list with the 72-hour clocks, new breach, one breach. */
export const routes: RouteObject[] = [
  {
    path: 'breaches',
    element: (
      <RequireNav path="/breaches">
        <BreachesPage />
      </RequireNav>
    ),
  },
  {
    path: 'breaches/new',
    element: (
      <RequireNav path="/breaches">
        <NewBreachPage />
      </RequireNav>
    ),
  },
  {
    path: 'breaches/:id',
    element: (
      <RequireNav path="/breaches">
        <BreachPage />
      </RequireNav>
    ),
  },
];
