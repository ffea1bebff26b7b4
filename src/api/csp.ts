/**
 * The Content Security Policy of every response, in one place (issue 15, finding 8). Styles come
 * from our own files only: no `'unsafe-inline'`, no `https:` wildcard. The portal is server-rendered
 * HTML with stylesheets (`style-src 'self'`); the back office's component library (Mantine) also
 * writes its theme variables in a `<style>` element, allowed by a nonce drawn per response
 * (src/api/backoffice.ts).
 */

import { createHash } from 'node:crypto';

/** Directive name to its sources; an empty list writes the bare directive (`upgrade-insecure-requests`). */
export type CspDirectives = Record<string, string[]>;

/** The policy of every response but the back office's page and Swagger UI. */
export function baseCspDirectives(secure: boolean): CspDirectives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'font-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    // Only behind TLS: over plain http (a laptop, the tests) it would break every asset.
    ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * The back office's page: its `<style>` elements must carry the response's nonce. Style attributes
 * stay blocked: React writes `style` props through the CSSOM, which CSP does not govern, so
 * Mantine's style props work without `style-src-attr 'unsafe-inline'`.
 */
export function backOfficeCspDirectives(secure: boolean, nonce: string): CspDirectives {
  const base = baseCspDirectives(secure);
  return { ...base, 'style-src': ["'self'", `'nonce-${nonce}'`], 'style-src-attr': ["'none'"] };
}

/**
 * A printable page shown in the browser (a breach's or an audit's report): it carries its own
 * `<style>` so that it prints and saves as one file, and the policy allows exactly that style by
 * its hash, never inline styles in general.
 */
export function printableCspDirectives(secure: boolean, html: string): CspDirectives {
  const base = baseCspDirectives(secure);
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1] ?? '').digest('base64')}'`);
  return { ...base, 'style-src': [...(base['style-src'] ?? []), ...hashes] };
}

/** Swagger UI (/api/docs) needs its validator badge image; its styles are files like ours. */
export function swaggerCspDirectives(secure: boolean): CspDirectives {
  const base = baseCspDirectives(secure);
  return { ...base, 'img-src': [...(base['img-src'] ?? []), 'validator.swagger.io'] };
}

/** The header value: `name source source; name ...`. */
export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}
