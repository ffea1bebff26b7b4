import type { Cookie, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, useJourney, waitForMail } from './harness.ts';

const journey = useJourney();

describe('public portal', () => {
  it('works with JavaScript off, in French then English, with the mediator shown, and passes axe', async () => {
    const context = await journey.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${journey.server.url}/portal`);
    expect(new URL(page.url()).pathname).toBe('/portal/lumiere');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre espace client');
    expect(await page.getByRole('contentinfo').textContent()).toContain('Médiateur national de l’énergie');
    await expectAccessible(page, 'portal home (fr)', true);

    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your customer space');
    // The choice is remembered by cookie on the next page.
    await page.getByRole('link', { name: 'Legal notice' }).first().click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Legal notice');
    await expectAccessible(page, 'legal notice (en)', true);
    await context.close();
  });

  it('has a favicon at /favicon.svg, and /favicon.ico leads to it', async () => {
    const svg = await fetch(`${journey.server.url}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(await svg.text()).toContain('<svg');
    const ico = await fetch(`${journey.server.url}/favicon.ico`, { redirect: 'manual' });
    expect(ico.status).toBe(301);
    expect(ico.headers.get('location')).toBe('/favicon.svg');
  });

  it('every page fits a 390 px phone and a 1280 px screen, in French and English, JavaScript on and off: no sideways scroll, no inline style, no 404, axe clean', async () => {
    const base = `${journey.server.url}/portal/lumiere`;
    const started = Date.now();
    // A complaint filed and a privacy-centre session opened, as a customer would (JavaScript off).
    const setup = await journey.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', viewport: { width: 390, height: 844 } });
    const form = await setup.newPage();
    await form.goto(`${base}/complaints/new`);
    await form.getByLabel('Nom et prénom').fill('Bérénice Outre-Mer-Longuenom');
    await form.getByLabel('Adresse e-mail').fill('berenice.outre-mer-longuenom.tres-longue-adresse@example.test');
    await form.getByLabel('Sujet').selectOption('billing');
    await form.getByLabel('Ce qui s’est passé').fill('Ma facture de mars a été comptée deux fois.');
    await form.getByRole('button', { name: 'Envoyer ma réclamation' }).click();
    expect(await form.getByRole('heading', { level: 1 }).textContent()).toBe('Réclamation enregistrée');
    await expectFits(form, 'complaint received (fr, 390, JS off)');
    await expectAccessible(form, 'complaint received (fr, 390, JS off)', true);
    const reference = (await form.locator('.reference').textContent()) ?? '';
    await form.getByRole('link', { name: `Suivre la réclamation ${reference}` }).click();
    const trackingUrl = form.url();

    await form.goto(`${base}/privacy`);
    await form.getByLabel('Adresse e-mail').fill('claire.dupont@example.test');
    await form.getByRole('button', { name: 'Recevoir un code' }).click();
    await form.getByLabel('Code reçu par e-mail').waitFor();
    await expectFits(form, 'privacy code page (fr, 390, JS off)');
    const code = /(\d{6})/.exec((await waitForMail(journey.server, 'privacy.mail.code', started)).text)?.[1] ?? '';
    await form.getByLabel('Code reçu par e-mail').fill(code);
    await form.getByRole('button', { name: 'Valider le code' }).click();
    await form.getByRole('heading', { name: 'Vos consentements' }).waitFor();
    // Whose data this is, and signing out as a secondary action.
    expect(await form.locator('.signed-in').textContent()).toContain('claire.dupont@example.test');
    expect(await form.getByRole('button', { name: 'Me déconnecter' }).getAttribute('class')).toContain('secondary');
    const session: Cookie[] = await setup.cookies();
    await setup.close();

    const pages: { name: string; url: string; signedIn?: boolean }[] = [
      { name: 'home', url: base },
      { name: 'legal notice', url: `${base}/legal` },
      { name: 'complaint form', url: `${base}/complaints/new` },
      { name: 'complaint tracking', url: trackingUrl },
      { name: 'privacy centre (anonymous)', url: `${base}/privacy` },
      { name: 'privacy centre (signed in)', url: `${base}/privacy`, signedIn: true },
      { name: 'privacy requests', url: `${base}/privacy/requests`, signedIn: true },
      { name: 'terminate your contract', url: `${base}/contracts/terminate` },
      { name: 'withdraw from contract', url: `${base}/contracts/withdraw` },
      // A tracking link that leads nowhere: the portal's own not-found page.
      { name: 'not found', url: `${base}/complaints/track/${'x'.repeat(43)}` },
    ];
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
      for (const javaScriptEnabled of [false, true]) {
        const context = await journey.browser.newContext({ javaScriptEnabled, viewport, locale: 'fr-FR' });
        const failed: string[] = [];
        context.on('response', (r) => {
          // The not-found page answers 404 by design; anything else (a favicon, a stylesheet) must load.
          if (r.status() >= 400 && !r.url().includes('x'.repeat(43))) failed.push(`${r.status()} ${r.url()}`);
        });
        for (const locale of ['fr', 'en'] as const) {
          for (const target of pages) {
            await context.clearCookies();
            if (target.signedIn) await context.addCookies(session);
            const page = await context.newPage();
            await page.goto(`${target.url}${target.url.includes('?') ? '&' : '?'}lang=${locale}`);
            const where = `${target.name} (${locale}, ${viewport.width} px, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`;
            expect(await page.locator('html').getAttribute('lang'), where).toBe(locale);
            if (target.signedIn) expect(await page.locator('.signed-in, form[action$="/requests"]').count(), where).toBeGreaterThan(0);
            await expectFits(page, where);
            await expectAccessible(page, where, !javaScriptEnabled);
            await page.close();
          }
        }
        expect(failed).toEqual([]);
        await context.close();
      }
    }
  }, 600_000);
});

/** No sideways scroll, and no inline style for the CSP (`style-src 'self'`) to refuse. */
async function expectFits(page: Page, where: string): Promise<void> {
  // A page seen with JavaScript off is measured in a JavaScript context over the same HTML (evaluate needs it).
  const measure = async (target: Page) =>
    target.evaluate(() => ({
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      innerWidth: window.innerWidth,
      styled: [...document.querySelectorAll('[style]')].map((e) => e.outerHTML.slice(0, 120)),
      styleElements: document.querySelectorAll('style').length,
      wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => e.outerHTML.slice(0, 100)).slice(0, 5),
    }));
  let result: Awaited<ReturnType<typeof measure>>;
  if (page.context().browser() && !(await isScriptable(page))) {
    const browser = page.context().browser()!;
    const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
    const html = await page.content();
    const copy = await browser.newContext({ viewport });
    await copy.route(page.url(), (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    const p = await copy.newPage();
    await p.goto(page.url());
    result = await measure(p);
    await copy.close();
  } else {
    result = await measure(page);
  }
  expect(result.scrollWidth, `${where}: wider than the screen\n${result.wide.join('\n')}`).toBeLessThanOrEqual(result.innerWidth);
  expect(result.styled, `${where}: style attributes`).toEqual([]);
  expect(result.styleElements, `${where}: style elements`).toBe(0);
}

async function isScriptable(page: Page): Promise<boolean> {
  try {
    return await page.evaluate(() => true);
  } catch {
    return false;
  }
}
