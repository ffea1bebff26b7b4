/**
 * Issue 15, finding 8: no response allows inline styles or any https origin for styles. The portal
 * and the API allow their own files only; the back office's page allows its `<style>` elements by
 * a nonce that is new on every response and is the one the page carries.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestRuntime } from '../db/testing/runtime.ts';
import { buildApp } from './app.ts';
import { CSP_NONCE_PLACEHOLDER } from './backoffice.ts';

let app: FastifyInstance;
let webDir: string;

beforeAll(async () => {
  const rt = await getTestRuntime();
  // A back-office build in miniature: the page as Vite writes it (html.cspNonce) and one asset.
  webDir = mkdtempSync(path.join(tmpdir(), 'confiance-csp-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(
    path.join(webDir, 'index.html'),
    `<!doctype html><html><head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}"><script type="module" nonce="${CSP_NONCE_PLACEHOLDER}" src="/app/assets/index.js"></script></head><body></body></html>`,
  );
  writeFileSync(path.join(webDir, 'assets', 'index.js'), 'export {};');
  app = await buildApp(rt.deps, rt.modules, { webDir, logger: false });
});
afterAll(async () => {
  await app.close();
  rmSync(webDir, { recursive: true, force: true });
});

/** The sources of one directive of a CSP header, or undefined when the directive is absent. */
function directive(header: string, name: string): string[] | undefined {
  const found = header.split(';').map((part) => part.trim().split(/\s+/)).find(([n]) => n === name);
  return found?.slice(1);
}

function cspOf(response: { headers: Record<string, unknown> }): string {
  const header = response.headers['content-security-policy'];
  expect(typeof header).toBe('string');
  return header as string;
}

describe('portal, API and documentation', () => {
  it.each(['/portal/no-such-org/complaints/new', '/health', '/api/openapi.json', '/api/docs/static/index.html'])('%s allows styles from its own origin only', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    const csp = cspOf(res);
    expect(directive(csp, 'style-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/(^|\s)https:(\s|;|$)/);
  });
});

describe('back office page', () => {
  it('carries a nonce that is new on every response and is the one its style-src allows', async () => {
    const nonces: string[] = [];
    for (const url of ['/app/', '/app/complaints/123', '/app/login']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      const csp = cspOf(res);
      const styleSrc = directive(csp, 'style-src') ?? [];
      expect(styleSrc).toHaveLength(2);
      expect(styleSrc[0]).toBe("'self'");
      const nonce = /^'nonce-([A-Za-z0-9+/]{22}==)'$/.exec(styleSrc[1] ?? '')?.[1];
      expect(nonce).toBeDefined();
      expect(res.body).not.toContain(CSP_NONCE_PLACEHOLDER);
      expect(res.body).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
      expect(directive(csp, 'style-src-attr')).toEqual(["'none'"]);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toMatch(/(^|\s)https:(\s|;|$)/);
      expect(res.headers['cache-control']).toBe('no-store');
      nonces.push(nonce ?? '');
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it('serves hashed assets as files, and /app sends to /app/', async () => {
    const asset = await app.inject({ method: 'GET', url: '/app/assets/index.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('export {};');
    const bare = await app.inject({ method: 'GET', url: '/app' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/app/');
  });
});
