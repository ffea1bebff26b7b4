/**
 * A home per role: each demo account signs in and finds the work and figures of its role (and not
 * another role's), in French and English, on a laptop and a phone; axe-core checks each home.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, useJourney } from './harness.ts';

const journey = useJourney();

const HOMES: { email: string; fr: string[]; en: string[]; notFr: string[] }[] = [
  {
    email: 'agent@lumiere.example',
    fr: ['Mes réclamations'],
    en: ['My complaints'],
    notFr: ['Demandes RGPD par échéance', 'Utilisateurs'],
  },
  {
    email: 'superviseur@lumiere.example',
    fr: ['Mon équipe', 'Réclamations reçues par semaine'],
    en: ['My team', 'Complaints received per week'],
    notFr: ['Mes réclamations'],
  },
  {
    email: 'dpo@lumiere.example',
    fr: ['Demandes RGPD par échéance', 'Violations de données : délai de 72 heures', 'Consentements sur 12 semaines'],
    en: ['Data-subject requests by deadline', 'Data breaches: 72-hour deadline', 'Consents over 12 weeks'],
    notFr: ['Mes réclamations', 'Mon équipe'],
  },
  {
    email: 'ethique@lumiere.example',
    fr: ['Issue des réclamations'],
    en: ['Complaint outcomes'],
    notFr: ['Journal d\u2019audit', 'Utilisateurs'],
  },
  {
    email: 'auditeur@lumiere.example',
    fr: ['Issue des réclamations', "Journal d'audit"],
    en: ['Complaint outcomes', 'Audit log'],
    notFr: ['Mes réclamations'],
  },
  {
    email: 'admin@lumiere.example',
    fr: ['Utilisateurs', "Jetons d'API", "Journal d'audit"],
    en: ['Users', 'API tokens', 'Audit log'],
    notFr: ['Mes réclamations', 'Mon équipe'],
  },
];

const LAPTOP = { width: 1280, height: 800 };
const VIEWPORTS = [LAPTOP, { width: 390, height: 844 }];

describe('home per role', () => {
  it('shows each role its own sections in French and English, accessible at 1280x800 and 390x844', async () => {
    // One sign-in per account (the sign-in route allows 10 a minute per address): both languages
    // are then shown through the language switch, as a user would.
    for (const home of HOMES) {
      const context = await journey.browser.newContext({ locale: 'fr-FR', viewport: LAPTOP });
      const page = await context.newPage();
      await page.goto(`${journey.server.url}/app/login`);
      await page.locator('input[type=email]').fill(home.email);
      await page.locator('input[type=password]').fill('confiance-demo-2026');
      await page.locator('form button[type=submit]').click();
      await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
      for (const lang of ['fr', 'en'] as const) {
        await page.setViewportSize(LAPTOP);
        const wanted = home[lang];
        await page
          .getByRole('button', { name: lang === 'fr' ? 'Français' : 'English', exact: true })
          .first()
          .click();
        for (const heading of wanted) await page.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor();
        if (lang === 'fr')
          for (const heading of home.notFr)
            expect(await page.getByRole('heading', { level: 2, name: heading, exact: true }).count(), `${home.email} sees ${heading}`).toBe(
              0,
            );
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize(viewport);
          await expectAccessible(page, `${home.email} home (${lang}, ${viewport.width}px)`);
          // Nothing in the header covers the brand (the language pair did at 390 px).
          expect(
            await page.evaluate(() => {
              const brand = document.querySelector('.cf-brand')?.getBoundingClientRect();
              if (!brand) return 'no brand';
              const covering = [...document.querySelectorAll('header button')]
                .map((b) => b.getBoundingClientRect())
                .filter((b) => b.width > 0 && b.right > brand.left && b.left < brand.right && b.left > brand.left);
              return covering.length === 0 ? 'clear' : 'covered';
            }),
            `${home.email} ${viewport.width}px header`,
          ).toBe('clear');
          // The home's cards fit the screen (the shell around them is the design system's).
          expect(
            await page.evaluate(() =>
              [...document.querySelectorAll('.home-card')].every((card) => card.getBoundingClientRect().right <= window.innerWidth + 1),
            ),
            `${home.email} ${viewport.width}px cards overflow`,
          ).toBe(true);
        }
      }
      await context.close();
    }
  }, 600_000);
});
