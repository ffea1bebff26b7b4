import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, useJourney } from './harness.ts';

const journey = useJourney();

async function signIn(page: Page, email: string) {
  await page.goto(`${journey.server.url}/app/login`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill('confiance-demo-2026');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
}

async function openComplaint(page: Page, reference: string) {
  await page.goto(`${journey.server.url}/app/complaints?queue=all&q=${reference}`);
  await page.getByRole('link', { name: reference }).click();
  await page.getByRole('heading', { level: 1, name: `Réclamation ${reference}` }).waitFor();
}

describe('complaint journey', () => {
  it('a customer files with JavaScript off and follows; the advisor answers; the customer rejects; the supervisor escalates; the mediator is shown', async () => {
    // --- The customer, JavaScript disabled ---------------------------------------------------
    const customer = await journey.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const portal = await customer.newPage();
    await portal.goto(`${journey.server.url}/portal/lumiere/complaints/new`);
    expect(await portal.getByRole('heading', { level: 1 }).textContent()).toBe('Faire une réclamation');
    await expectAccessible(portal, 'complaint form', true);

    // Sending it empty re-renders the form with a summary and messages next to the fields.
    await portal.getByRole('button', { name: 'Envoyer ma réclamation' }).click();
    expect(await portal.getByRole('alert').textContent()).toContain('Indiquez votre nom');
    await expectAccessible(portal, 'complaint form with errors', true);

    await portal.getByLabel('Nom et prénom').fill('Jeanne Dupont');
    await portal.getByLabel('Adresse e-mail').fill('jeanne.dupont@example.fr');
    await portal.getByLabel('Sujet').selectOption('billing');
    await portal.getByLabel('Ce qui s’est passé').fill('Ma facture de mars a été comptée deux fois.');
    await portal.getByLabel('La solution que vous attendez').fill('Le remboursement du doublon.');
    // A document goes with the form as multipart/form-data, JavaScript still off.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    await portal.getByLabel('Documents (facultatif)').setInputFiles({ name: 'facture-mars.pdf', mimeType: 'application/pdf', buffer: pdf });
    await portal.getByRole('button', { name: 'Envoyer ma réclamation' }).click();
    expect(await portal.getByRole('heading', { level: 1 }).textContent()).toBe('Réclamation enregistrée');
    const reference = (await portal.locator('.reference').textContent()) ?? '';
    expect(reference).toMatch(/^REC-\d{4}-\d{6}$/);
    await expectAccessible(portal, 'complaint received', true);

    await portal.getByRole('link', { name: `Suivre la réclamation ${reference}` }).click();
    const trackingUrl = portal.url();
    expect(trackingUrl).toMatch(/\/portal\/lumiere\/complaints\/track\/[\w-]{43}$/);
    expect(await portal.getByRole('heading', { level: 1 }).textContent()).toBe(`Réclamation ${reference}`);
    const advisorText = (await portal.locator('#advisor-title + p').textContent()) ?? '';
    await expectAccessible(portal, 'tracking page', true);
    // The document is listed behind the tracking link and comes back byte for byte.
    const documentLink = portal.getByRole('link', { name: 'facture-mars.pdf' });
    const download = await customer.request.get(new URL((await documentLink.getAttribute('href')) ?? '', trackingUrl).toString());
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toContain('attachment');
    expect(Buffer.compare(await download.body(), pdf)).toBe(0);

    // The customer adds information.
    await portal.getByLabel('Ajouter une information').fill('Facture n° F-2026-03-118.');
    await portal.getByRole('button', { name: 'Envoyer', exact: true }).click();
    expect(await portal.getByRole('status').first().textContent()).toContain('Votre message est envoyé.');

    // --- The dedicated advisor answers in the back office ------------------------------------
    const advisorEmail = advisorText.startsWith('Lucas') ? 'agent2@lumiere.example' : 'agent@lumiere.example';
    const staff = await journey.browser.newContext({ locale: 'fr-FR' });
    const bo = await staff.newPage();
    await signIn(bo, advisorEmail);
    await bo.getByRole('link', { name: 'Réclamations' }).click();
    await bo.getByRole('table').waitFor();
    expect(await bo.getByRole('table').textContent()).toContain(reference);
    await expectAccessible(bo, 'complaint queue (mine)');
    await bo.getByRole('link', { name: reference }).click();
    await bo.getByRole('heading', { level: 1, name: `Réclamation ${reference}` }).waitFor();
    expect(await bo.locator('main').textContent()).toContain('Facture n° F-2026-03-118.');
    expect(await bo.getByRole('region', { name: 'Documents' }).textContent()).toContain('facture-mars.pdf');
    await expectAccessible(bo, 'complaint page');
    // The triage suggestion, labelled as such, with its confidence; it prefills the assessment.
    const suggestion = bo.getByRole('region', { name: 'Suggestion de tri automatique' });
    expect(await suggestion.textContent()).toContain('confiance');

    await bo.getByRole('button', { name: 'Accuser réception' }).click();
    await expect.poll(() => bo.getByRole('status').filter({ hasText: 'Prise en charge enregistrée.' }).count()).toBe(1);
    // Once acknowledged, the assessment form starts from the suggestion.
    expect(await bo.getByLabel('Ton du client').inputValue()).toMatch(/^(negative|neutral|positive)$/);
    await bo.getByLabel('Note (jamais visible par le client)').fill('Vérifier avec la facturation : NOTE INTERNE');
    await bo.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect.poll(() => bo.getByRole('status').filter({ hasText: 'Note ajoutée.' }).count()).toBe(1);
    await bo.getByRole('button', { name: 'Confirmer l’évaluation' }).click();
    await expect.poll(() => bo.getByRole('status').filter({ hasText: 'Évaluation enregistrée.' }).count()).toBe(1);
    await bo.getByLabel('Décision', { exact: true }).selectOption('rejected');
    await bo.getByLabel('Motifs de la décision').fill('Les deux prélèvements concernent deux contrats distincts.');
    await bo.getByLabel('Cause', { exact: true }).selectOption('no_fault');
    // Nothing is preselected: a missing choice is named, not "Ce champ est obligatoire".
    await bo.getByRole('button', { name: 'Prévisualiser la réponse' }).click();
    await expect.poll(() => bo.getByRole('alert').filter({ hasText: 'Choisissez la solution apportée.' }).count()).toBe(1);
    await bo.getByLabel('Solution apportée', { exact: true }).selectOption('explanation');
    await bo.getByRole('button', { name: 'Prévisualiser la réponse' }).click();
    const preview = bo.getByRole('region', { name: 'Ce que le client recevra' });
    await preview.waitFor();
    expect(await preview.textContent()).toContain('Décision : Réclamation non fondée');
    await expectAccessible(bo, 'answer preview');
    await preview.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await bo.getByRole('dialog', { name: 'Envoyer cette réponse ?' }).waitFor();
    await bo.getByRole('button', { name: 'Oui, envoyer la réponse' }).click();
    await expect.poll(() => bo.getByRole('status').filter({ hasText: 'Réponse envoyée.' }).count()).toBe(1);
    await expectAccessible(bo, 'complaint page after the answer');

    // --- The agent files for a customer who only has a phone --------------------------------
    await bo.getByRole('link', { name: 'Réclamations', exact: true }).click();
    await bo.getByRole('link', { name: 'Enregistrer une réclamation' }).click();
    await bo.getByRole('heading', { level: 1, name: 'Enregistrer une réclamation pour un client' }).waitFor();
    await bo.getByLabel('Nom').fill('Lucienne Morel');
    await bo.getByLabel('Téléphone').fill('06 12 34 56 78');
    expect(await bo.locator('main').textContent()).toContain('ne pourra pas suivre sa réclamation sur le portail');
    await bo.getByLabel('Réclamation', { exact: true }).fill('Plus de chauffage depuis hier, je suis âgée et seule.');
    // A number collected: the agent tells the customer that phone canvassing needs their consent
    // (C. consom. L.223-1) and says so before filing; the version told is recorded with the complaint.
    const notice = bo.getByRole('group', { name: 'À dire au client' });
    expect(await notice.textContent()).toContain('Votre numéro ne servira pas à vous démarcher par téléphone sans votre accord préalable');
    await bo.getByRole('button', { name: 'Enregistrer la réclamation' }).click();
    await bo.getByRole('link', { name: /J’ai donné cette information au client : cochez la case/ }).waitFor();
    await expectAccessible(bo, 'new complaint form, notice not yet given');
    await bo.getByLabel('J’ai donné cette information au client').check();
    await expectAccessible(bo, 'new complaint form');
    await bo.getByRole('button', { name: 'Enregistrer la réclamation' }).click();
    await bo.getByRole('heading', { level: 3, name: 'À faire : envoyer l’accusé de réception par courrier ou par téléphone' }).waitFor();
    expect(await bo.locator('main').textContent()).toContain('+33612345678');
    await bo.getByLabel('Envoyé par').selectOption('phone');
    await bo.getByRole('button', { name: 'Marquer comme fait' }).click();
    await expect.poll(() => bo.getByText('Accusé de réception envoyé par téléphone le').count()).toBe(1);
    await expectAccessible(bo, 'phone-only complaint after the acknowledgement');
    await staff.close();

    // --- The customer rejects the answer ---------------------------------------------------
    await portal.goto(trackingUrl);
    expect(await portal.locator('main').textContent()).toContain('Les deux prélèvements concernent deux contrats distincts.');
    expect(await portal.locator('main').textContent()).not.toContain('NOTE INTERNE');
    await expectAccessible(portal, 'tracking page with the answer', true);
    await portal.getByLabel('Non, je la conteste').check();
    await portal.getByLabel('Pourquoi ? (facultatif)').fill('Je n’ai qu’un seul contrat.');
    await portal.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    const recourse = portal.getByRole('region', { name: 'Vos recours' });
    expect(await recourse.textContent()).toContain('réexaminé par un responsable');
    expect(await recourse.textContent()).toContain('Médiateur national de l’énergie');
    await expectAccessible(portal, 'tracking page after rejection', true);

    // --- The supervisor escalates to the mediator -------------------------------------------
    const supervisorContext = await journey.browser.newContext({ locale: 'fr-FR' });
    const sup = await supervisorContext.newPage();
    await signIn(sup, 'superviseur@lumiere.example');
    // A supervisor's queue opens on the team's complaints, not on an empty "mine".
    await sup.getByRole('navigation').getByRole('link', { name: 'Réclamations', exact: true }).click();
    // The home page has tables too: wait for the queue's own table, named by its caption.
    await sup.getByRole('table', { name: /Mon équipe/ }).waitFor();
    expect(await sup.getByLabel('File', { exact: true }).inputValue()).toBe('team');
    await openComplaint(sup, reference);
    expect(await sup.locator('main').textContent()).toContain('Responsable (niveau 2)');
    await expectAccessible(sup, 'complaint page (supervisor)');
    await sup.getByRole('button', { name: 'Orienter vers le médiateur' }).click();
    await expect.poll(() => sup.getByRole('status').filter({ hasText: 'Escalade enregistrée.' }).count()).toBe(1);
    await expectAccessible(sup, 'complaint page after escalation');
    // The supervisor's queue of complaints due soon, and the advisors page.
    await sup.goto(`${journey.server.url}/app/complaints?queue=breaching`);
    await sup.getByRole('heading', { level: 1, name: 'Réclamations' }).waitFor();
    await expectAccessible(sup, 'breaching-soon queue');
    await sup.goto(`${journey.server.url}/app/complaints/settings`);
    await sup.getByRole('heading', { level: 1, name: 'Réglages des délais' }).waitFor();
    await sup.getByLabel('Accusé de réception sous (jours ouvrés)').waitFor();
    await expectAccessible(sup, 'SLA settings page');
    await sup.goto(`${journey.server.url}/app/complaints?queue=team`);
    await sup.getByRole('heading', { level: 1, name: 'Réclamations' }).waitFor();
    await sup.getByRole('link', { name: 'Conseillers dédiés' }).click();
    await sup.getByRole('table').waitFor();
    expect(await sup.getByRole('table').textContent()).toContain('Inès Benali');
    await expectAccessible(sup, 'advisors page');
    // Languages and skills: Inès becomes a specialist of contract complaints.
    await sup.getByText('Langues et compétences de Inès Benali').click();
    const skills = sup.getByRole('group', { name: 'Spécialiste des réclamations de' }).first();
    await skills.getByLabel('Contrat').check();
    await sup.getByLabel('Responsable d’équipe Inès Benali').selectOption({ label: 'Thomas Girard' });
    await expectAccessible(sup, 'advisors page, skills form open');
    await sup.getByRole('button', { name: 'Enregistrer Inès Benali' }).click();
    await expect.poll(() => sup.getByRole('status').filter({ hasText: 'Inès Benali : modification enregistrée.' }).count()).toBe(1);
    await sup.reload();
    await sup.getByText('Langues et compétences de Inès Benali').click();
    expect(await sup.getByRole('group', { name: 'Spécialiste des réclamations de' }).first().getByLabel('Contrat').isChecked()).toBe(true);
    expect(await sup.getByLabel('Responsable d’équipe Inès Benali').inputValue()).not.toBe('');
    await supervisorContext.close();

    // --- The mediator information is shown to the customer ----------------------------------
    await portal.goto(trackingUrl);
    const final = (await portal.getByRole('region', { name: 'Vos recours' }).textContent()) ?? '';
    expect(final).toContain('vous pouvez saisir le médiateur de la consommation');
    expect(final).toContain('Médiateur national de l’énergie');
    expect(final).toMatch(/jusqu’au \d{1,2} \S+ \d{4}/);
    await expectAccessible(portal, 'tracking page after referral to the mediator', true);
    await customer.close();
  }, 300_000);

  it('a supervisor escalating to level 2 chooses who owns the file there; the file shows that owner, in French and English, accessible', async () => {
    const context = await journey.browser.newContext({ locale: 'fr-FR' });
    const sup = await context.newPage();
    await signIn(sup, 'superviseur@lumiere.example');
    // A complaint taken by phone, still at level 1.
    const { csrfToken } = (await (await sup.request.get(`${journey.server.url}/api/auth/me`)).json()) as { csrfToken: string };
    const filed = await sup.request.post(`${journey.server.url}/api/complaints`, {
      headers: { 'x-csrf-token': csrfToken },
      data: {
        customer: { email: 'owner-journey@client.example', name: 'Paul Renard', timezone: 'Europe/Paris' },
        channel: 'phone',
        category: 'billing',
        description: 'Le client conteste une régularisation de 240 € et demande un responsable.',
      },
    });
    expect(filed.status(), await filed.text()).toBe(201);
    const { complaint } = (await filed.json()) as { complaint: { id: string } };
    await sup.goto(`${journey.server.url}/app/complaints/${complaint.id}`);
    await sup.getByRole('heading', { level: 1 }).waitFor();

    // The chooser lists who may lead a team (not the one escalating, who is the default).
    const chooser = sup.getByLabel('Responsable au niveau 2', { exact: true });
    await chooser.waitFor();
    expect(await chooser.inputValue(), 'the one escalating owns level 2 unless another is chosen').toBe('');
    expect(await chooser.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Moi', 'Camille Martin']));
    expect(await chooser.locator('option').allTextContents()).not.toContain('Thomas Girard');
    await chooser.selectOption({ label: 'Camille Martin' });
    await expectAccessible(sup, 'complaint page, level-2 owner chosen');
    await sup.getByRole('button', { name: 'Escalader au responsable (niveau 2)' }).click();
    await expect.poll(() => sup.getByRole('status').filter({ hasText: 'Escalade enregistrée.' }).count()).toBe(1);

    // The file names the owner of level 2 (not the advisor), and the history says who was designated.
    const owner = sup.locator('main dl dt', { hasText: /^Niveau 2$/ }).locator('xpath=following-sibling::dd[1]');
    await expect.poll(() => owner.textContent()).toBe('Camille Martin');
    expect(await sup.locator('main').textContent()).toContain('Responsable du niveau 2 désigné');
    // Level 2 has its owner now: the chooser is gone (the next step is the mediator).
    expect(await sup.getByLabel('Responsable au niveau 2', { exact: true }).count()).toBe(0);
    await expectAccessible(sup, 'complaint page after escalation to level 2');

    await sup.getByRole('button', { name: 'English', exact: true }).first().click();
    const ownerEn = sup.locator('main dl dt', { hasText: /^Level 2$/ }).locator('xpath=following-sibling::dd[1]');
    await expect.poll(() => ownerEn.textContent()).toBe('Camille Martin');
    await expectAccessible(sup, 'complaint page after escalation to level 2 (en)');
    await context.close();
  }, 300_000);
});
