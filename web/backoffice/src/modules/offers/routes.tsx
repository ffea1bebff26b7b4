import type { RouteObject } from 'react-router';
import { RequireNav } from '../../components/app-shell.tsx';
import { lazyPage } from '../../components/lazy-page.tsx';

const OffersPage = lazyPage(() => import('./offers.page.tsx'), 'OffersPage', ['offers']);
const NewOfferPage = lazyPage(() => import('./offer-new.page.tsx'), 'NewOfferPage', ['offers']);
const OfferPage = lazyPage(() => import('./offer.page.tsx'), 'OfferPage', ['offers', 'change_campaigns']);

/** The offers ledger: list, new offer, one offer with its versions and a new version. */
export const routes: RouteObject[] = [
  {
    path: 'offers',
    element: (
      <RequireNav path="/offers">
        <OffersPage />
      </RequireNav>
    ),
  },
  {
    path: 'offers/new',
    element: (
      <RequireNav path="/offers">
        <NewOfferPage />
      </RequireNav>
    ),
  },
  {
    path: 'offers/:id',
    element: (
      <RequireNav path="/offers">
        <OfferPage />
      </RequireNav>
    ),
  },
];
