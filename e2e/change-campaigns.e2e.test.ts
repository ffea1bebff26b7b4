/**
 * A change notice's journey with JavaScript off (issue 13): the demo's change campaign of the
 * electricity offer's announced price rise is in the back office's list; the worker sends the
 * notices (the send day is today); the customer opens the link of the e-mail, compares the old and new
 * terms side by side and terminates: notice page, confirmation, acknowledgement — three steps,
 * each said on its page and counted. axe on every page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney, waitForMail } from './harness.ts';

const journey = useJourney();

const stepOf = async (page: Page) => (await page.locator('.steps').textContent())?.trim() ?? '';

describe('a change notice, JavaScript off', () => {
  it('the customer opens the notice link, compares old and new terms, and terminates in three steps — axe clean', async () => {
    // The demo seeds the campaign of the electricity offer's announced price rise (sent today): the worker sends its notices.
    const { context: staff, page: office } = await signInToBackOffice(journey.browser, journey.server, 'superviseur@lumiere.example');
    await office.goto(`${journey.server.url}/app/change-campaigns`);
    const campaigns = office.getByRole('table', { name: 'Campagnes de modification' });
    await campaigns.getByRole('row').filter({ hasText: 'Électricité Verte Fixe' }).first().waitFor();
    await expectAccessible(office, 'back office: change campaigns');
    const listed = (await (await office.request.get(`${journey.server.url}/api/change-campaigns`)).json()) as {
      items: { id: string; messageType: string; offerName: { fr: string }; counts: { planned: number; sent: number } }[];
    };
    const campaign = listed.items.find((c) => c.offerName.fr === 'Électricité Verte Fixe')!;
    expect(campaign.messageType).toBe('price_change');
    expect(campaign.counts.planned + campaign.counts.sent).toBeGreaterThan(0);

    const mail = (await waitForMail(journey.server, 'change_campaigns.mail.notice', 0)) as { text: string };
    const link = /https?:\/\/\S+\/portal\/lumiere\/notices\/\S+/.exec(mail.text)?.[0];
    expect(link).toBeTruthy();

    // The campaign's page: status, counts, the message with the checker's findings, each notice with its evidence.
    await office.goto(`${journey.server.url}/app/change-campaigns`);
    await campaigns
      .getByRole('link', { name: /Électricité Verte Fixe/ })
      .first()
      .click();
    await office.getByRole('heading', { level: 1, name: /Campagne de modification : Électricité Verte Fixe/ }).waitFor();
    const notices = office.getByRole('table', { name: /avis$/ });
    await notices.getByRole('row').filter({ hasText: 'Envoyé' }).first().waitFor();
    await expectAccessible(office, 'back office: one change campaign');
    // Each notice's row leads to its evidence.
    await notices
      .getByRole('link', { name: /^CT-/ })
      .first()
      .click();
    await office.getByRole('heading', { level: 1, name: /^Avis de modification du contrat CT-/ }).waitFor();
    await office.getByRole('heading', { level: 2, name: 'Garde-fou de contact' }).waitFor();
    await expectAccessible(office, 'back office: a change notice’s evidence');

    const context = await journey.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(link!.replace(/^https?:\/\/[^/]+/, journey.server.url));
    const steps: string[] = [await stepOf(page)];
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Modification de votre contrat');
    // Old and new terms side by side; the price row says it changed, in words.
    const table = page.getByRole('table', { name: 'Ancienne et nouvelle offre' });
    await table.waitFor();
    const priceRow = table.getByRole('row').filter({ hasText: 'Prix' }).first();
    expect(await priceRow.textContent()).toContain('modification');
    expect(await priceRow.textContent()).toContain('61,20');
    await expectAccessible(page, 'notice', true);

    await page.getByRole('button', { name: 'Résilier votre contrat' }).click();
    steps.push(await stepOf(page));
    const endDate = (await page.locator('dt:has-text("Date de fin du contrat") + dd').textContent())?.trim() ?? '';
    expect(endDate).not.toBe('');
    await expectAccessible(page, 'notice: confirm', true);

    await page.getByRole('button', { name: 'Confirmer la résiliation' }).click();
    steps.push(await stepOf(page));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre résiliation est enregistrée');
    await expectAccessible(page, 'notice: acknowledged', true);
    expect(steps).toEqual(['Étape 1 sur 3', 'Étape 2 sur 3', 'Étape 3 sur 3']);
    expect(steps).toHaveLength(3);
    await context.close();

    // The back office counts the termination against the campaign.
    const list = (await (await office.request.get(`${journey.server.url}/api/change-campaigns`)).json()) as {
      items: { id: string; counts: { sent: number; terminated: number } }[];
    };
    expect(list.items.find((c) => c.id === campaign.id)?.counts.terminated).toBe(1);
    await staff.close();
  }, 240_000);

  it('the administrator creates the change campaign of an offer’s new version from the offer’s page: preview, create, campaign page — axe clean', async () => {
    const { context: staff, page: office } = await signInToBackOffice(journey.browser, journey.server, 'admin@lumiere.example');
    const api = (path: string) => `${journey.server.url}${path}`;
    const { csrfToken } = (await (await office.request.get(api('/api/auth/me'))).json()) as { csrfToken: string };
    const post = async (path: string, data: unknown) => {
      const res = await office.request.post(api(path), { headers: { 'x-csrf-token': csrfToken }, data });
      expect(res.status(), await res.text()).toBe(201);
      return (await res.json()) as { id: string };
    };
    // An offer, a customer's contract on its first version, and a second version applying in ten days (less than the month's notice).
    const terms = { name: { fr: 'Gaz Tranquille', en: 'Steady Gas' }, pricePeriod: 'month', renewal: 'none' };
    const offer = await post('/api/offers', { slug: 'gaz-tranquille', kind: 'service', sector: 'energy', priceCents: 4_000, ...terms });
    const demo = ((await (await office.request.get(api('/api/contracts'))).json()) as { items: { customerId: string }[] }).items;
    await post('/api/contracts', {
      customerId: demo[0]!.customerId,
      offerId: offer.id,
      channel: 'online',
      concludedOn: new Date().toISOString().slice(0, 10),
    });
    const validFrom = new Date(Date.now() + 10 * 86_400_000).toISOString();
    await post(`/api/offers/${offer.id}/versions`, {
      ...terms,
      priceCents: 4_400,
      reason: { fr: 'Hausse du prix de gros', en: 'Wholesale price rise' },
      validFrom,
    });

    await office.goto(api(`/app/offers/${offer.id}`));
    const panel = office.getByRole('region', { name: 'Campagne de modification de la version 2' });
    await panel.waitFor();
    // The sector's rule decides: one month's notice (L.224-10); ten days left, so the contract's date moves.
    await panel.getByText('1 mois avant la modification (C. consom. L.224-10)').waitFor();
    expect(await panel.locator('dt:has-text("Contrats informés") + dd').textContent()).toBe('1');
    expect(await panel.locator('dt:has-text("Contrats à date reportée") + dd').textContent()).toMatch(/^1 contrat\s: s’applique le /);
    await expectAccessible(office, 'back office: offer with its change campaign preview');
    await panel.getByRole('button', { name: 'Créer la campagne de modification' }).click();

    await office.getByRole('heading', { level: 1, name: 'Campagne de modification : Gaz Tranquille, version 2' }).waitFor();
    expect(office.url()).toMatch(/\/app\/change-campaigns\/[0-9a-f-]{36}$/);
    const notices = office.getByRole('table', { name: '1 avis' });
    await notices.getByText('Oui : campagne tardive').waitFor();
    await office.getByRole('button', { name: /^français, texte standard/ }).waitFor();
    await expectAccessible(office, 'back office: the new change campaign');
    // Back on the offer, the panel now leads to the campaign.
    await office.goto(api(`/app/offers/${offer.id}`));
    await office.getByRole('link', { name: 'Ouvrir la campagne de modification de la version 2' }).waitFor();
    await staff.close();
  }, 240_000);
});
