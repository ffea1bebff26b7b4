/**
 * Builds the RequestContext of every request: request id, language, hashed IP, and the actor
 * from an API token (Authorization: Bearer) or the session cookie (on portal pages: the data
 * subject of the privacy centre's session). Then enforces the route's
 * access rule and, for cookie-authenticated writes, the CSRF token. Runs before body validation,
 * so anonymous callers learn nothing about schemas.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/deps.ts';
import { AppError } from '../../core/errors.ts';
import { hasPermission, type RequestContext } from '../../core/context.ts';
import { negotiateLocale } from '../../i18n/index.ts';
import { authenticateSession, authenticateToken } from '../../core/auth/index.ts';
import { SESSION_COOKIE } from '../../core/auth/index.ts';
import { isPortalAccess, type RouteAccess } from '../route.ts';
import { identifyPortalSubject } from './portal.ts';
import { secretsEqual } from '../../core/secrets.ts';

export const LANG_COOKIE = 'confiance_lang';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    /** CSRF token of the cookie session, when authenticated by cookie. */
    csrfToken?: string;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    csrf?: boolean;
    jsonBody?: boolean;
  }
}

/** Hashes already computed, by salt and address: every request needs its source's, most come from few addresses. */
const ipHashes = new Map<string, string>();
const MAX_IP_HASHES = 10_000;

/** A request whose socket is already gone (junk sent then closed) has no address: it gets no hash, not an exception. */
export function hashIp(salt: string, ip: string | undefined): string | null {
  if (!ip) return null;
  const key = `${salt}|${ip}`;
  let hash = ipHashes.get(key);
  if (hash === undefined) {
    hash = createHash('sha256').update(salt).update(ip).digest('hex').slice(0, 32);
    // Bounded: when full, start again rather than track use.
    if (ipHashes.size >= MAX_IP_HASHES) ipHashes.clear();
    ipHashes.set(key, hash);
  }
  return hash;
}

export function registerContext(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('csrfToken', undefined);

  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as Record<string, unknown> | undefined;
    const explicit = query?.lang === 'fr' || query?.lang === 'en' ? query.lang : undefined;
    if (explicit)
      reply.setCookie(LANG_COOKIE, explicit, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, secure: deps.config.secureCookies });
    const cookieLang = explicit ?? request.cookies[LANG_COOKIE];
    request.ctx = {
      actor: { kind: 'anonymous' },
      orgId: null,
      requestId: request.id,
      ipHash: hashIp(deps.config.ipHashSalt, request.ip),
      locale: negotiateLocale(cookieLang, request.headers['accept-language']),
    };

    const config = request.routeOptions.config;
    if (config.jsonBody && UNSAFE.has(request.method)) {
      // JSON only: a cross-site HTML form cannot send it without a CORS preflight (login CSRF).
      const type = request.headers['content-type'] ?? '';
      if (type !== '' && !type.startsWith('application/json')) throw new AppError('unsupported_media_type');
    }
    const access = config.access;
    // Portal pages know their signed-in data subject, whatever their access level.
    if (request.routeOptions.url?.startsWith('/portal/:org')) request.ctx = await identifyPortalSubject(deps, request);
    if (access === 'subject' && request.ctx.actor.kind !== 'subject') throw new AppError('portal.unidentified');
    if (!access || isPortalAccess(access)) return;

    await authenticate(request, deps, Boolean(explicit || request.cookies[LANG_COOKIE]));
    const { actor } = request.ctx;
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated');

    if (config.csrf !== false && UNSAFE.has(request.method) && request.csrfToken !== undefined) {
      // Double-submit check bound to the session: a cross-site form cannot read or send this header.
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !secretsEqual(sent, request.csrfToken)) await deny(request, deps, String(access), 'csrf');
    }
    if (access === 'authenticated') {
      if (actor.kind !== 'user') throw new AppError('forbidden', { permission: 'session' });
    } else if (!hasPermission(actor, access)) {
      await deny(request, deps, access, 'permission');
    }
  });
}

async function authenticate(request: FastifyRequest, deps: Deps, langChosen: boolean): Promise<void> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S{10,200})$/i.exec(header);
    const actor = match?.[1] ? await authenticateToken(deps, match[1]) : null;
    if (!actor) throw new AppError('auth.token_invalid');
    request.ctx = { ...request.ctx, actor, orgId: actor.orgId };
    return;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token || token.length > 100) return;
  const session = await authenticateSession(deps, token);
  if (!session) return;
  request.csrfToken = session.csrfToken;
  // The user's saved language applies unless this browser chose one explicitly.
  request.ctx = {
    ...request.ctx,
    actor: session.actor,
    orgId: session.actor.orgId,
    locale: langChosen ? request.ctx.locale : session.locale,
  };
}

async function deny(request: FastifyRequest, deps: Deps, permission: string, reason: 'permission' | 'csrf'): Promise<never> {
  const ctx = request.ctx;
  if (ctx.orgId) {
    // Denied attempts are part of the trail (who tried what), in their own transaction.
    await deps.db.transaction((tx) =>
      deps.audit.record(tx, ctx, {
        type: 'access.denied',
        payload: { permission, method: request.method, route: request.routeOptions.url ?? '', reason },
        outcome: 'denied',
      }),
    );
  }
  throw new AppError(reason === 'csrf' ? 'csrf' : 'forbidden', { permission });
}
