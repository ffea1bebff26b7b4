/**
 * Serves the built back office (Vite output) under /app/: its assets as static files, and its one
 * HTML page for every client-side route, with a fresh CSP nonce per response. The page carries the
 * nonce where Vite's `html.cspNonce` put the placeholder (a `<meta property="csp-nonce">` read by
 * the app and by Vite's loader); Mantine adds it to the `<style>` elements it writes.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { backOfficeCspDirectives, serializeCsp } from './csp.ts';

/** What vite.config.ts sets as `html.cspNonce`; replaced in every response. */
export const CSP_NONCE_PLACEHOLDER = '__CSP_NONCE__';

/** Registers /app/assets/* (static, cacheable: names carry a content hash) and /app/* (the page). */
export async function registerBackOffice(app: FastifyInstance, webDir: string, secure: boolean): Promise<void> {
  const page = readFileSync(path.join(webDir, 'index.html'), 'utf8');
  await app.register(fastifyStatic, { root: path.join(webDir, 'assets'), prefix: '/app/assets/', wildcard: false, index: false, immutable: true, maxAge: '365d' });
  // Every client-side route of the single-page back office loads the same page.
  app.get('/app/*', { schema: { hide: true } }, (_req, reply) => {
    // 128 random bits, as CSP Level 3 asks of a nonce; a new one per response so a nonce read from
    // one page cannot be replayed by injected markup in another.
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('content-security-policy', serializeCsp(backOfficeCspDirectives(secure, nonce)))
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(page.replaceAll(CSP_NONCE_PLACEHOLDER, nonce));
  });
  app.get('/app', { schema: { hide: true } }, (_req, reply) => reply.redirect('/app/'));
}
