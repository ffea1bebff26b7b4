/**
 * A home per role: each demo account signs in and finds the work and figures of its role (and not
 * another role's), in French and English, on a laptop and a phone; axe-core checks each home.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, useJourney } from './harness.ts';

const journey = useJourney();

const HOMES: { email: string; fr: string[]; en: string[]; notFr: string[] }[] = [
  { email: 'agent@lumiere.example', fr: ['Mes réclamations'], en: ['My complaints'], notFr: ['Demandes RGPD par échéance', 'Utilisateurs'] },
  { email: 'superviseur@lumiere.example', fr: ['Mon équipe', 'Réclamations reçues par semaine'], en: ['My team', 'Complaints received per week'], notFr: ['Mes réclamations'] },
  {
    email: 'dpo@lumiere.example',
    fr: ['Demandes RGPD par échéance', 'Violations de données : délai de 72 heures', 'Consentements sur 12 semaines'],
    en: ['Data-subject requests by deadline', 'Data breaches: 72-hour deadline', 'Consents over 12 weeks'],
    notFr: ['Mes réclamations', 'Mon équipe'],
  },
  { email: 'ethique@lumiere.example', fr: ['Issue des réclamations'], en: ['Complaint outcomes'], notFr: ['Journal d\u2019audit', 'Utilisateurs'] },
  { email: 'auditeur@lumiere.example', fr: ['Issue des réclamations', "Journal d'audit"], en: ['Complaint outcomes', 'Audit log'], notFr: ['Mes réclamations'] },
  { email: 'admin@lumiere.example', fr: ['Utilisateurs', "Jetons d'API", "Journal d'audit"], en: ['Users', 'API tokens', 'Audit log'], notFr: ['Mes réclamations', 'Mon équipe'] },
];

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

describe('home per role', () => {
  it('shows each role its own sections in French and English, accessible at 1280x800 and 390x844', async () => {
    for (const home of HOMES) {
      for (const [lang, locale] of [
        ['fr', 'fr-FR'],
        ['en', 'en-GB'],
      ] as const) {
        const context = await journey.browser.newContext({ locale, viewport: VIEWPORTS[0] });
        const page = await context.newPage();
        await page.goto(`${journey.server.url}/app/login`);
        await page.locator('input[type=email]').fill(home.email);
        await page.locator('input[type=password]').fill('confiance-demo-2026');
        await page.locator('form button[type=submit]').click();
        await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
        // The interface starts in the account's language; the switch sets the one under test.
        const wanted = home[lang];
        await page.getByRole('button', { name: lang === 'fr' ? 'Français' : 'English', exact: true }).first().click();
        for (const heading of wanted) await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
        if (lang === 'fr') for (const heading of home.notFr) expect(await page.getByRole('heading', { level: 2, name: heading, exact: true }).count(), `${home.email} sees ${heading}`).toBe(0);
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize(viewport);
          await expectAccessible(page, `${home.email} home (${lang}, ${viewport.width}px)`);
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${home.email} ${viewport.width}px horizontal scroll`).toBe(true);
        }
        await context.close();
      }
    }
  }, 600_000);
});
