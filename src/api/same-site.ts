import type { FastifyRequest } from 'fastify';

/**
 * Whether a portal form was posted from this site: a cross-site post announces another origin;
 * same-origin browsers send ours or none. The verbs refuse a form that is not (with the form
 * token, against cross-site request forgery on pages without a session).
 */
export function sameSite(request: FastifyRequest): { sameSite: boolean } {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return { sameSite: true };
  try {
    return { sameSite: new URL(origin).host === request.headers.host };
  } catch {
    return { sameSite: false };
  }
}
