import { describe, expect, it } from 'vitest';
import { expectAccessible, useJourney } from './harness.ts';

const journey = useJourney();

describe('back office journey', () => {
  it('signs in, switches language, reads and verifies the audit log — accessible on every page', async () => {
    const context = await journey.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));

    await page.goto(`${journey.server.url}/`);
    await page.waitForURL(/\/app\/login/);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expectAccessible(page, 'login (fr)');

    // A wrong password gets the server's localized message.
    await page.getByLabel('Adresse e-mail').fill('admin@lumiere.example');
    await page.getByLabel('Mot de passe').fill('mauvais mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Adresse e-mail ou mot de passe incorrect.');

    await page.getByLabel('Mot de passe').fill('confiance-demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page, 'home (fr)');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(/\/app\/audit/);
    const table = page.getByRole('table');
    await table.waitFor();
    // The seed and this session's sign-in are in the trail.
    await expect.poll(() => table.textContent()).toContain('user.logged_in');
    await expectAccessible(page, 'audit log (en)');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Chain intact' }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'audit log after verification (en)');

    // The language is saved to the account: the server now answers in English.
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me.user.locale).toBe('en');

    await page.getByRole('link', { name: /users/i }).first().click();
    await page.waitForURL(/\/app\/users/);
    await page.getByRole('table').first().waitFor();
    await expectAccessible(page, 'users (en)');

    expect(consoleErrors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    await context.close();
  });
});
