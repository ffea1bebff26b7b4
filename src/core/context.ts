import type { Permission, Role } from './auth/index.ts';

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** Who is acting. Data subjects act through the portal and never hold a back-office role. */
export type Actor =
  | { kind: 'user'; id: string; orgId: string; roles: Role[]; permissions: ReadonlySet<Permission>; sessionId: string }
  | { kind: 'api_token'; id: string; orgId: string; permissions: ReadonlySet<Permission> }
  | { kind: 'subject'; id: string; orgId: string }
  | { kind: 'system'; name: string }
  | { kind: 'anonymous' };

/** Everything a service needs to know about the request, and nothing about HTTP. */
export interface RequestContext {
  actor: Actor;
  /** Tenant the request acts in; null only for anonymous requests outside any organisation. */
  orgId: string | null;
  requestId: string | null;
  /** Salted hash of the client IP (never the IP itself). */
  ipHash: string | null;
  locale: Locale;
}

/** A context for work the system does on its own (jobs, cron, CLI). */
export function systemContext(orgId: string | null, name: string, locale: Locale = 'fr'): RequestContext {
  return { actor: { kind: 'system', name }, orgId, requestId: null, ipHash: null, locale };
}

/** The organisation of a context, for services that only make sense inside one. */
export function requireOrg(ctx: RequestContext): string {
  if (!ctx.orgId) throw new Error('This operation needs an organisation context');
  return ctx.orgId;
}

export function actorId(actor: Actor): string | null {
  switch (actor.kind) {
    case 'user':
    case 'api_token':
    case 'subject':
      return actor.id;
    case 'system':
      return actor.name;
    case 'anonymous':
      return null;
  }
}

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return (actor.kind === 'user' || actor.kind === 'api_token') && actor.permissions.has(permission);
}
