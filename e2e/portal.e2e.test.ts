import { describe, expect, it } from 'vitest';
import { expectAccessible, useJourney } from './harness.ts';

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
});
