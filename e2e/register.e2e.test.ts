/**
 * Records of processing and retention journey: the DPO completes the register from the purposes
 * and modules, edits an activity, opens the printable register, downloads the CSV, reads the
 * retention rules, is refused a too-short period, runs a dry run, purges by hand and reads the
 * run history. axe-core checks every page and state visited.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, useJourney, signInToBackOffice } from './harness.ts';

const journey = useJourney();

describe('register and retention journey', () => {
  it('prefill, edit, print, export, rules, dry run, purge, history — accessible throughout', async () => {
    const { context: office, page: dpo } = await signInToBackOffice(journey.browser, journey.server, 'dpo@lumiere.example');

    await dpo.getByRole('link', { name: 'Registre des traitements' }).click();
    await dpo.getByRole('heading', { level: 1, name: 'Registre des traitements' }).waitFor();
    await expectAccessible(dpo, 'register (empty)');
    await dpo.getByRole('button', { name: 'Compléter depuis les finalités et les modules' }).click();
    await dpo.getByRole('status').filter({ hasText: /activités ajoutées au registre/ }).waitFor();
    await dpo.getByRole('heading', { level: 3, name: 'Traitement des réclamations' }).waitFor();
    await expectAccessible(dpo, 'register (prefilled)');

    await dpo.getByRole('button', { name: 'Modifier « Traitement des réclamations »' }).click();
    const recipients = dpo.getByLabel('Destinataires');
    await recipients.fill('Conseillers, superviseurs et Médiateur de l’énergie');
    await expectAccessible(dpo, 'activity form');
    await dpo.getByRole('button', { name: 'Enregistrer' }).click();
    await dpo.getByRole('status').filter({ hasText: 'Modifications enregistrées.' }).waitFor();
    await dpo.getByText('Conseillers, superviseurs et Médiateur de l’énergie').waitFor();

    const csv = await office.request.get(`${journey.server.url}/api/register/export.csv`);
    expect(csv.status()).toBe(200);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Médiateur de l’énergie');

    const print = await office.newPage();
    await print.goto(`${journey.server.url}/api/register/print`);
    await print.getByRole('heading', { level: 1, name: /^Registre des activités de traitement — / }).waitFor();
    expect(await print.locator('main').textContent()).toContain('Délais d’effacement');
    await expectAccessible(print, 'printable register', true);
    await print.close();

    await dpo.getByRole('link', { name: 'Durées de conservation' }).click();
    await dpo.getByRole('heading', { level: 1, name: 'Durées de conservation' }).waitFor();
    await dpo.getByRole('rowheader', { name: /Réclamations clôturées/ }).waitFor();
    await expectAccessible(dpo, 'retention rules');

    await dpo.getByLabel('Catégorie').selectOption({ label: 'Liens de retrait utilisés' });
    await dpo.locator('#rule-amount').fill('10');
    await dpo.getByLabel('Unité').selectOption('days');
    await dpo.getByRole('button', { name: 'Enregistrer' }).click();
    await dpo.getByRole('alert').filter({ hasText: /Durée/ }).waitFor();
    await expectAccessible(dpo, 'rule form with error');

    await dpo.getByRole('button', { name: 'Lancer la simulation' }).click();
    await dpo.locator('caption').filter({ hasText: 'Résultat de la simulation' }).waitFor();
    await expectAccessible(dpo, 'dry run');

    await dpo.getByLabel('Je confirme la purge définitive des données arrivées à échéance').check();
    await dpo.getByRole('button', { name: 'Purger maintenant' }).click();
    await dpo.getByRole('status').filter({ hasText: 'Purge terminée' }).waitFor();

    await dpo.getByRole('link', { name: 'Historique des purges' }).click();
    await dpo.getByRole('heading', { level: 1, name: 'Historique des purges' }).waitFor();
    await dpo.getByRole('cell', { name: 'Manuel' }).waitFor();
    await expectAccessible(dpo, 'run history');
    await office.close();
  });
});
