/** Who may do what with offers: pure. Reading is `transparency:read`, publishing and changing `transparency:manage`. */
import { hasPermission, type Actor } from '../context.ts';

export function canManageOffers(actor: Actor): boolean {
  return hasPermission(actor, 'transparency:manage');
}

export interface OfferAbilities {
  manage: boolean;
}

export function abilitiesOf(actor: Actor): OfferAbilities {
  return { manage: canManageOffers(actor) };
}
