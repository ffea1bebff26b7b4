/**
 * How a module declares an HTTP route: method, URL, the permission it needs, Zod schemas and a
 * thin handler. The composition root registers every route the same way (authentication,
 * permission check, CSRF, OpenAPI), so a route cannot forget its permission.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Permission } from '../core/auth/index.ts';
import type { RequestContext } from '../core/context.ts';

/**
 * - a Permission: a back-office user or API token holding it;
 * - 'authenticated': any signed-in user (their own profile, logout);
 * - 'public': anyone (portal forms, login, health);
 * - 'subject': a data subject signed in to this organisation's portal (the privacy centre's
 *   session, set as the actor by the context plugin); 401 otherwise;
 * - 'link': whoever holds the signed or secret token in the URL (`:token`): a tracking link, a
 *   withdrawal or download link. The service verb checks the token and refuses with a 4xx.
 * Public and link routes must say why in `publicReason`.
 */
export type RouteAccess = Permission | 'authenticated' | 'public' | 'subject' | 'link';

/** Access levels of portal routes, which customers and data subjects use without a staff account. */
export const PORTAL_ACCESS = ['public', 'subject', 'link'] as const satisfies readonly RouteAccess[];
export const isPortalAccess = (access: RouteAccess): access is (typeof PORTAL_ACCESS)[number] => (PORTAL_ACCESS as readonly string[]).includes(access);

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteInput<B, Q, P> {
  ctx: RequestContext;
  body: B;
  query: Q;
  params: P;
  request: FastifyRequest;
}

export interface RouteDefinition<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  access: RouteAccess;
  /** Why a public or link route needs no account (reviewed by the guard test). */
  publicReason?: string;
  summary: string;
  tags: string[];
  /** HTML pages and assets stay out of the OpenAPI document. */
  hideFromOpenApi?: boolean;
  /** Per-route rate limit (requests per minute per IP), on top of the global one. */
  rateLimitPerMinute?: number;
  /** Cookie-authenticated writes need the CSRF header; portal form posts check their own token. */
  csrf?: boolean;
  /**
   * The body is a file sent as `application/octet-stream`, handed to the handler unread as
   * `request.body` (a stream: see api/plugins/stream-body.ts), never held whole in memory.
   */
  streamBody?: true;
  schema: {
    body?: B;
    querystring?: Q;
    params?: P;
    response: Record<number, Schema>;
  };
  handler(input: RouteInput<Infer<B>, Infer<Q>, Infer<P>>, reply: FastifyReply): Promise<unknown>;
}

/** Any route, as stored in a manifest. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteDefinition<any, any, any>;

/** Identity function that gives the handler its inferred types. */
export function defineRoute<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  route: RouteDefinition<B, Q, P>,
): AnyRoute {
  return route as AnyRoute;
}
