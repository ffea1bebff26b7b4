/**
 * The HTTP side of the portal's identities. A data subject signed in to the privacy centre carries
 * a short signed session cookie (distinct from staff sessions); anonymous portal forms carry a
 * nonce cookie their form tokens are bound to. This file reads and writes those cookies; what the
 * tokens mean (signing, expiry, codes) is the privacy centre's service (consent/privacy.identity.ts).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/deps.ts';
import type { RequestContext } from '../../core/context.ts';
import {
  checkFormToken,
  isPortalSessionLive,
  readPortalSession,
  signFormToken,
  signPortalSession,
  type PortalSession,
  type SignedPortalSession,
} from '../../core/consent/index.ts';

export const PORTAL_SESSION_COOKIE = 'cf_privacy';
const FORM_COOKIE = 'cf_pform';

const cookieOptions = (deps: Deps, extra: { maxAge?: number } = {}) => ({
  path: '/portal',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: deps.config.secureCookies,
  ...extra,
});

/** The session this browser's cookie carries (signature and expiry checked), or null. */
export function portalSessionOf(deps: Deps, request: FastifyRequest): SignedPortalSession | null {
  const value = request.cookies[PORTAL_SESSION_COOKIE];
  return value && value.length <= 2000 ? readPortalSession(deps, value) : null;
}

/**
 * The identified subject of this browser in the organisation of the URL, as the request's actor.
 * A session of another organisation's portal, or one ended by signing out, identifies nobody here.
 */
export async function identifyPortalSubject(deps: Deps, request: FastifyRequest): Promise<RequestContext> {
  const ctx = request.ctx;
  const slug = (request.params as { org?: unknown } | undefined)?.org;
  const session = typeof slug === 'string' ? portalSessionOf(deps, request) : null;
  if (!session || session.orgSlug !== slug || !(await isPortalSessionLive(deps, session))) return ctx;
  return { ...ctx, orgId: session.orgId, actor: { kind: 'subject', id: session.customerId, orgId: session.orgId } };
}

/** Opens the subject's portal session once their code is verified. */
export function openPortalSession(deps: Deps, reply: FastifyReply, session: PortalSession): void {
  const { token, maxAgeSeconds } = signPortalSession(deps, session);
  reply.setCookie(PORTAL_SESSION_COOKIE, token, cookieOptions(deps, { maxAge: maxAgeSeconds }));
}

export function closePortalSession(deps: Deps, reply: FastifyReply): void {
  reply.clearCookie(PORTAL_SESSION_COOKIE, cookieOptions(deps));
}

/** A form token for a privacy form on this page; gives the browser its nonce cookie on first use. */
export function portalFormToken(deps: Deps, request: FastifyRequest, reply: FastifyReply, orgId: string): string {
  let nonce = request.cookies[FORM_COOKIE];
  if (!nonce || nonce.length !== 32) {
    nonce = randomBytes(24).toString('base64url');
    reply.setCookie(FORM_COOKIE, nonce, cookieOptions(deps));
    // Later tokens on the same page render must reuse this nonce.
    request.cookies[FORM_COOKIE] = nonce;
  }
  return signFormToken(deps, orgId, nonce);
}

/** Whether a posted privacy form came from a page this browser was given. */
export function portalFormValid(deps: Deps, request: FastifyRequest, orgId: string, token: string): boolean {
  return checkFormToken(deps, orgId, request.cookies[FORM_COOKIE], token);
}
