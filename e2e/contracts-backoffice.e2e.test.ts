/**
 * Contracts in the back office (issue 13): a supervisor finds a contract among the organisation's
 * by status, opens it, sees the end date the rules give today, and records the termination the
 * holder asked for by phone; the contract shows as terminated with the request's channel in its
 * history, and the holder gets the acknowledgement e-mail. axe on each state.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney, waitForMail } from './harness.ts';

const journey = useJourney();

describe('contracts in the back office', () => {
  it('a supervisor searches, opens a contract and ends it at the holder’s request by phone — accessible throughout', async () => {
    const { page } = await signInToBackOffice(journey.browser, journey.server, 'superviseur@lumiere.example');
    await page.getByRole('link', { name: 'Contrats', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Contrats' }).waitFor();
    await page.getByLabel('Statut').selectOption({ label: 'Actif' });
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => page.url()).toContain('status=active');
    const table = page.getByRole('table');
    await table.waitFor();
    await expectAccessible(page, 'contracts searched by status');

    await table.getByRole('link').first().click();
    await page.getByRole('heading', { level: 2, name: 'Mettre fin au contrat à la demande du titulaire' }).waitFor();
    const termination = page.getByLabel(/Résiliation : fin le/);
    await termination.check();
    await page.getByLabel('Demande reçue par').selectOption({ label: 'Téléphone' });
    await expectAccessible(page, 'contract with its end options');

    const started = Date.now();
    await page.getByRole('button', { name: 'Enregistrer la fin du contrat' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Demande reçue par : Téléphone').waitFor();
    await expectAccessible(page, 'confirmation dialog');
    await dialog.getByRole('button', { name: 'Enregistrer la fin du contrat' }).click();
    await page.getByText('Résilié', { exact: true }).first().waitFor();
    await page.getByRole('cell', { name: 'Back-office · Téléphone' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'Mettre fin au contrat à la demande du titulaire' }).count()).toBe(0);
    await expectAccessible(page, 'contract terminated');

    const mail = await waitForMail(journey.server, 'contracts.mail.terminated', started);
    expect(mail.text).toContain('prendra fin le');
  }, 180_000);
});
