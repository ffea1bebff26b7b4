import type { ModuleManifest } from '../module.ts';
import { offersEvents } from './offers.events.ts';
import { offersRoutes } from './offers.routes.ts';
import { offersPortalRoutes } from './offers.portal.ts';

/**
 * The transparency ledger of offers: versioned prices and terms with the cost breakdown the
 * company publishes, the reduction check on the 30-day lowest price, and the public offer pages.
 * Offers hold no personal data (no inventory, subject data or retention).
 */
export const offersModule: ModuleManifest = {
  name: 'offers',
  permissions: ['transparency:read', 'transparency:manage'],
  auditEvents: offersEvents,
  routes: (deps) => [...offersRoutes(deps), ...offersPortalRoutes(deps)],
};

// Public API: what other modules may use (a guard test refuses imports of any other file but tables).
export { getOffer, listOffers, publicOffer } from './offers.queries.ts';
export type { OfferView } from './offers.queries.ts';
export { currentVersion, upcomingVersion, changedFields } from './offers.versions.ts';
export type { OfferRow, OfferVersionRow } from './offers.repo.ts';
export * as offersSchemas from './offers.schemas.ts';
