import type { Actor } from '../context.ts';
import * as policy from './auth.policy.ts';
import type { TokenRow, UserRow } from './auth.repo.ts';
import { isRole } from './permissions.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A user as the back office sees it, with what the viewer may do to it; `now` dates the invitation's state. */
export function presentUser(user: UserRow, viewer: Actor, now: Date) {
  const invitation = policy.invitationState(user, now);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: user.roles.filter(isRole),
    locale: user.locale === 'en' ? ('en' as const) : ('fr' as const),
    status: user.status,
    lastLoginAt: iso(user.lastLoginAt),
    createdAt: user.createdAt.toISOString(),
    invitation:
      invitation && user.invitedAt && user.invitationExpiresAt
        ? { state: invitation, sentAt: user.invitedAt.toISOString(), expiresAt: user.invitationExpiresAt.toISOString() }
        : null,
    abilities: {
      update: policy.canUpdateUser(viewer, user),
      disable: policy.canDisableUser(viewer, user),
      resendInvitation: policy.canResendInvitation(viewer, user),
    },
  };
}

/** A token without its hash: the secret is shown once, at creation. */
export function presentToken(token: TokenRow) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    expiresAt: iso(token.expiresAt),
    lastUsedAt: iso(token.lastUsedAt),
    revokedAt: iso(token.revokedAt),
  };
}
