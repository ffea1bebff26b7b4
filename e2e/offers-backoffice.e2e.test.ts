/**
 * Offers in the back office: the ethics officer opens the offers, reads an offer's versions,
 * announces a reduction the rule refuses (the lowest price of the 30 days is the reference, and
 * the message says so), then the right one, which the list and the public page show. axe checks
 * each state.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney } from './harness.ts';

const journey = useJourney();

describe('offers in the back office', () => {
  it('a manager reads the versions, a wrong reduction is refused with the reference price, the right one is saved — accessible throughout', async () => {
    const { page } = await signInToBackOffice(journey.browser, journey.server, 'ethique@lumiere.example');
    await page.getByRole('link', { name: 'Offres et prix', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Offres et prix' }).waitFor();
    await page.getByRole('link', { name: 'Électricité Verte Fixe' }).waitFor();
    await expectAccessible(page, 'offers list');

    await page.getByRole('link', { name: 'Gaz Naturel Indexé' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gaz Naturel Indexé' }).waitFor();
    await page.getByRole('table', { name: /2 versions/ }).waitFor();
    await expectAccessible(page, 'offer with its versions');

    // 81 € -> 60 € announced as -40 %: the reference is the lowest price of the 30 days, 81 €, so the real reduction is 25,92 % (rounded down).
    await page.getByLabel('Prix en euros').fill('60');
    await page.getByLabel('Réduction annoncée (%)').fill('40');
    await page.getByLabel('Raison du changement (français)').fill('Offre de Noël');
    await page.getByRole('button', { name: 'Enregistrer la version' }).click();
    const alert = page.getByRole('alert');
    await alert
      .getByText(
        /Réduction refusée : 40\s% annoncés, mais le nouveau prix ne fait que 25,92\s% de moins que le prix de référence, 81,00\s€/,
      )
      .first()
      .waitFor();
    await expectAccessible(page, 'reduction refused');

    await page.getByLabel('Réduction annoncée (%)').fill('25');
    await page.getByRole('button', { name: 'Enregistrer la version' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 3 enregistrée.' }).waitFor();
    await page.getByRole('table', { name: /3 versions/ }).waitFor();
    const publicPage = await (await page.request.get(`${journey.server.url}/portal/lumiere/offers/gaz-naturel-indexe`)).text();
    expect(publicPage).toMatch(/Réduction de 25\s% calculée sur le prix de référence de 81,00\s€/);
    await expectAccessible(page, 'version saved');
  }, 180_000);
});
