/**
 * Breach register journey: the DPO records a high-risk breach in the back office, sees the
 * 72-hour clock, records the notification to the CNIL, tells every customer, closes the file,
 * prints the report and exports the register. axe-core checks every page visited.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, useJourney, waitForMail, signInToBackOffice } from './harness.ts';

const journey = useJourney();

/** A datetime-local value in the browser's (and this process's) time zone. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

describe('breach register journey', () => {
  it('record, clock, notify the CNIL, tell the customers, close, print and export — accessible throughout', async () => {
    const started = Date.now();
    const { context: office, page: dpo } = await signInToBackOffice(journey.browser, journey.server, 'dpo@lumiere.example');

    await dpo.getByRole('link', { name: 'Violations de données' }).click();
    await dpo.getByRole('heading', { level: 1, name: 'Registre des violations de données' }).waitFor();
    await dpo.getByText('Aucune violation à afficher.').waitFor();
    await expectAccessible(dpo, 'empty register');

    await dpo.getByRole('link', { name: 'Enregistrer une violation' }).click();
    await dpo.getByRole('heading', { level: 1, name: 'Enregistrer une violation' }).waitFor();
    await dpo.getByRole('button', { name: 'Enregistrer la violation' }).click();
    await dpo.getByRole('alert').filter({ hasText: 'Certaines informations sont invalides' }).waitFor();
    await expectAccessible(dpo, 'new breach form with errors');

    await dpo.getByLabel('Intitulé').fill('Base clients exposée sur un serveur de test');
    await dpo.getByLabel('Prise de connaissance').fill(localInput(new Date(Date.now() - 2 * 3_600_000)));
    await dpo.getByLabel('Description de la violation').fill('Une copie de la base clients était accessible sans mot de passe.');
    // A draft needs only what is known at discovery; the file then lists what the authority will ask for.
    await dpo.getByRole('button', { name: 'Enregistrer la violation' }).click();
    await dpo.getByRole('heading', { level: 1, name: /^Violation BR-\d{4}-001/ }).waitFor();
    await dpo.getByText(/Il manque encore 11 éléments/).waitFor();
    await expectAccessible(dpo, 'breach draft with missing items');
    await dpo.getByRole('button', { name: 'Modifier le dossier' }).click();
    await dpo.getByLabel('Confidentialité (divulgation ou accès non autorisé)').check();
    await dpo.getByLabel('Catégories de données concernées').fill('Nom, e-mail, adresse postale');
    await dpo.getByLabel('Catégories de personnes concernées').fill('Clients');
    await dpo.getByLabel('Nombre approximatif de personnes concernées').fill('3');
    await dpo.getByLabel('Contact du délégué à la protection des données').fill('dpo@lumiere.example');
    await dpo.getByLabel('Conséquences probables').fill('Hameçonnage ciblé.');
    await dpo.getByLabel('Mesures prises ou envisagées').fill('Serveur fermé, journaux analysés.');
    await dpo.getByLabel('Risque élevé', { exact: true }).check();
    await dpo.getByLabel("Justification de l'évaluation du risque").fill('Adresses postales et e-mails exposés publiquement.');
    await dpo.getByLabel('Source de la découverte').selectOption({ index: 2 });
    await dpo.getByLabel("Nombre approximatif d'enregistrements concernés").fill('3');
    await dpo.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await dpo.getByText(/Il manque encore/).waitFor({ state: 'detached' });

    await dpo.getByRole('heading', { level: 1, name: /^Violation BR-\d{4}-001/ }).waitFor();
    expect(await dpo.locator('.authority-clock').first().textContent()).toMatch(/Dans les délais.*reste 2 j 2[12] h/);
    await expectAccessible(dpo, 'breach page (open)');

    await dpo.getByLabel('Numéro attribué par la CNIL').fill('CNIL-2026-0042');
    await dpo.getByRole('button', { name: 'Enregistrer la notification' }).click();
    await dpo.getByRole('status').filter({ hasText: 'Notification à la CNIL enregistrée.' }).waitFor();

    await dpo.getByLabel("Tous les clients de l'organisation").check();
    for (const [locale, text] of [
      ['fr', ['Une copie de vos coordonnées a été exposée.', 'Vous pourriez recevoir des messages frauduleux.', 'Ne communiquez jamais votre mot de passe.']],
      ['en', ['A copy of your contact details was exposed.', 'You may receive fraudulent messages.', 'Never give out your password.']],
    ] as const) {
      await dpo.locator(`#subjects-${locale}-nature`).fill(text[0]);
      await dpo.locator(`#subjects-${locale}-consequences`).fill(text[1]);
      await dpo.locator(`#subjects-${locale}-measures`).fill(text[2]);
    }
    await dpo.getByRole('button', { name: 'Envoyer les messages' }).click();
    await dpo.getByRole('status').filter({ hasText: /personnes? informées? au total/ }).waitFor();
    const mail = await waitForMail(journey.server, 'breaches.mail.subjectNotice', started);
    expect(mail.text).toMatch(/Une copie de vos coordonnées a été exposée\.|A copy of your contact details was exposed\./);
    expect(mail.text).toContain('dpo@lumiere.example');
    await expectAccessible(dpo, 'breach page (notified)');

    await dpo.getByRole('button', { name: 'Clôturer le dossier' }).click();
    await dpo.getByRole('status').filter({ hasText: 'Dossier clôturé.' }).waitFor();
    expect(await dpo.locator('.authority-clock').first().textContent()).toContain('Décision enregistrée');
    await expectAccessible(dpo, 'breach page (closed)');

    const reportHref = (await dpo.getByRole('link', { name: /Rapport imprimable/ }).getAttribute('href')) ?? '';
    await dpo.goto(`${journey.server.url}${reportHref}`);
    await dpo.getByRole('heading', { level: 1, name: /^Violation de données BR-\d{4}-001$/ }).waitFor();
    expect(await dpo.locator('main').textContent()).toContain('CNIL-2026-0042');
    await expectAccessible(dpo, 'printable report', true);

    const csv = await office.request.get(`${journey.server.url}/api/breaches/register.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Base clients exposée sur un serveur de test');
    await office.close();
  });
});
