import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { BreachesPage } from './breaches.page.tsx';
import { NewBreachPage } from './breach-new.page.tsx';
import { BreachPage } from './breach.page.tsx';

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
