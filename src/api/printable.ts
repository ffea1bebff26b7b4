import type { FastifyReply } from 'fastify';
import { printableCspDirectives, serializeCsp } from './csp.ts';

/**
 * Sends a printable HTML page (a report opened from the back office) with a policy that lets its
 * own stylesheet apply: under the default `style-src 'self'` its `<style>` element was refused
 * and the report showed unstyled.
 */
export function sendPrintablePage(reply: FastifyReply, html: string, secure: boolean): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', serializeCsp(printableCspDirectives(secure, html)))
    .send(html);
}
