/**
 * No raw translation key nor untranslated code reaches a page (issue 10): every route of the back
 * office, found in its route files (so a new page is walked without changing this test), is opened
 * in French and in English by a demo account whose navigation holds it; its text and its
 * accessible names must not contain a string shaped like a catalogue key (`consent:bo.link`,
 * `bo.workspace.title`) or a bare code (`financial_hardship`). Pages with an `:id` are reached
 * through the first link to one found on the pages already walked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/runtime.ts';
import { useJourney } from './harness.ts';

const journey = useJourney();
const web = path.join(repoRoot, 'web/backoffice/src');
const locales = path.join(repoRoot, 'src/i18n/locales');

interface Route {
  /** Path under /app, as in the route files ("privacy/requests/:id"; "" is the home). */
  path: string;
  /** The navigation entry that must be in the account's nav (RequireNav), if any. */
  nav: string | null;
}

/** Every `path: '…'` of the router and the modules' route files, with the RequireNav guarding it. */
function discoverRoutes(): Route[] {
  const files = [
    path.join(web, 'router.tsx'),
    ...readdirSync(path.join(web, 'modules')).map((m) => path.join(web, 'modules', m, 'routes.tsx')),
  ];
  const routes: Route[] = [{ path: '', nav: null }];
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const matches = [...source.matchAll(/path: '([^']+)'/g)];
    matches.forEach((match, i) => {
      const routePath = match[1] ?? '';
      if (['*', 'login', 'forgot-password', 'reset-password', 'accept-invitation', '/login', '/forgot-password', '/reset-password', '/accept-invitation'].includes(routePath)) return;
      const end = matches[i + 1]?.index ?? source.length;
      const guard = /<RequireNav path="([^"]+)"/.exec(source.slice(match.index, end));
      routes.push({ path: routePath, nav: guard?.[1] ?? null });
    });
  }
  return routes;
}

/** Namespaces (file names) and top-level keys of the catalogues: what a missing key starts with. */
function catalogueShape(): { namespaces: string[]; topKeys: Set<string> } {
  const files = readdirSync(path.join(locales, 'fr')).filter((f) => f.endsWith('.json'));
  const topKeys = new Set<string>();
  for (const file of files) {
    const json = JSON.parse(readFileSync(path.join(locales, 'fr', file), 'utf8')) as Record<string, unknown>;
    for (const key of Object.keys(json)) topKeys.add(key);
    // Resource names (the audit log's groups) are how event codes begin: `access.denied`.
    const groups = (json as { auditEventGroup?: Record<string, unknown> }).auditEventGroup;
    if (groups) for (const key of Object.keys(groups)) topKeys.add(key);
  }
  return { namespaces: files.map((f) => f.replace(/\.json$/, '')), topKeys };
}

/**
 * The suspicious strings of the page: text outside code elements and form values, plus
 * aria-label, title, placeholder and alt attributes, checked against three shapes.
 */
async function rawStrings(page: Page, namespaces: string[], topKeys: string[]): Promise<string[]> {
  return page.evaluate(
    ({ namespaces, topKeys }) => {
      const found = new Set<string>();
      const nsKey = new RegExp(`\\b(?:${namespaces.join('|')}):[a-zA-Z][\\w-]*(?:\\.[\\w-]+)*`);
      const top = new Set(topKeys);
      const check = (raw: string) => {
        const text = raw.trim();
        if (!text) return;
        const ns = nsKey.exec(text);
        if (ns) found.add(ns[0]);
        // A whole text that is a dotted key path beginning with a catalogue's key: i18next gave the key back.
        if (/^[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9_-]+)+$/.test(text) && top.has(text.split('.')[0] ?? '')) found.add(text);
        // A whole text that is a snake_case code (`financial_hardship`, `in_person`): a value shown untranslated.
        if (/^[a-z]+(?:_[a-z0-9]+)+$/.test(text)) found.add(text);
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('code, pre, kbd, script, style, textarea, [data-raw-allowed]')) continue;
        check(node.textContent ?? '');
      }
      for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
        for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
          const value = element.getAttribute(attribute);
          if (value && !element.closest('code, pre')) check(value);
        }
      }
      return [...found];
    },
    { namespaces, topKeys },
  );
}

/** Waits until the page has shown its h1 and finished loading what it asked for. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('h1').first().waitFor();
  await page
    .waitForFunction(() => document.querySelectorAll('.mantine-Loader-root').length === 0, undefined, { timeout: 15_000 })
    .catch(() => undefined);
}

const ACCOUNTS = [
  'admin@lumiere.example',
  'dpo@lumiere.example',
  'superviseur@lumiere.example',
  'agent@lumiere.example',
  'ethique@lumiere.example',
];

describe('translations on every back-office page', () => {
  it('shows no raw key nor untranslated code on any route, in French and English', async () => {
    const routes = discoverRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const { namespaces, topKeys } = catalogueShape();
    const top = [...topKeys];
    const problems: string[] = [];
    const visited = new Set<string>();
    const notReached: string[] = [];
    const context = await journey.browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();

    // The pages shown before sign-in.
    for (const lang of ['fr', 'en'] as const) {
      for (const route of ['login', 'forgot-password', 'accept-invitation']) {
        await page.goto(`${journey.server.url}/app/${route}?lng=${lang}`);
        if (lang === 'en') await page.getByRole('button', { name: 'English', exact: true }).first().click();
        await settle(page);
        for (const raw of await rawStrings(page, namespaces, top)) problems.push(`/app/${route} (${lang}): ${raw}`);
      }
    }

    for (const email of ACCOUNTS) {
      const remaining = routes.filter((r) => !visited.has(r.path));
      if (remaining.length === 0) break;
      await context.clearCookies();
      await page.goto(`${journey.server.url}/app/login`);
      await page.locator('input[type=email]').fill(email);
      await page.locator('input[type=password]').fill('confiance-demo-2026');
      await page.locator('form button[type=submit]').click();
      await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
      const me = (await (await page.request.get(`${journey.server.url}/api/auth/me`)).json()) as {
        nav: { path: string }[];
        permissions: string[];
        csrfToken: string;
      };
      const navPaths = new Set(me.nav.map((n) => n.path.replace(/^\/app/, '') || '/'));
      // The demo data holds no breach (the breach journey starts from an empty register), so the
      // record page is reached through a draft recorded here, by the first account allowed to.
      if (me.permissions.includes('breach:manage') && !visited.has('breaches/:id')) {
        const created = await page.request.post(`${journey.server.url}/api/breaches`, {
          headers: { 'x-csrf-token': me.csrfToken },
          data: { title: 'Walk', awareAt: new Date().toISOString(), occurredAt: null, description: 'A draft for the translation walk.' },
        });
        expect(created.status(), await created.text()).toBe(201);
      }
      const mine = remaining.filter((r) => r.nav === null || navPaths.has(r.nav));
      for (const lang of ['fr', 'en'] as const) {
        await page
          .getByRole('button', { name: lang === 'fr' ? 'Français' : 'English', exact: true })
          .first()
          .click();
        const links = new Set<string>();
        // Static pages first; their links lead to the pages of one record.
        const ordered = [...mine.filter((r) => !r.path.includes(':')), ...mine.filter((r) => r.path.includes(':'))];
        for (const route of ordered) {
          let url = `/app/${route.path}`;
          if (route.path.includes(':')) {
            // Records are named by their id; a KPI by its key (`complaints.received`).
            const pattern = new RegExp(`^/app/${route.path.replace(/:key\b/g, '[a-z0-9_]+\\.[a-z0-9_.]+').replace(/:[^/]+/g, '[0-9a-f-]{36}')}$`);
            const target = [...links].find((href) => pattern.test(href));
            if (!target) {
              if (lang === 'fr') notReached.push(`${route.path} (${email})`);
              continue;
            }
            url = target;
          }
          await page.goto(`${journey.server.url}${url}`);
          await settle(page);
          for (const raw of await rawStrings(page, namespaces, top)) problems.push(`${url} (${lang}, ${email}): ${raw}`);
          for (const href of await page.locator('a[href^="/app/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')))
            links.add(href);
          visited.add(route.path);
        }
      }
    }
    await context.close();
    const unreachedStatic = routes.filter((r) => !visited.has(r.path) && !r.path.includes(':')).map((r) => r.path);
    expect(unreachedStatic, 'routes no demo account could open').toEqual([]);
    // Record pages need a record in the demo data; say which were not walked rather than fail.
    if (notReached.length > 0) console.warn(`record pages not reached: ${[...new Set(notReached)].join(', ')}`);
    expect(problems, problems.join('\n')).toEqual([]);
  }, 900_000);
});
