/**
 * The ethics officer's CSR report (issue 14): the page of the year with its figures beside the
 * year before (axe-clean), a text written for a section, then the PDF downloaded from the page and
 * read: its title and the outline of its sections.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfStrings } from '../src/db/testing/pdf-text.ts';
import { expectAccessible, signInToBackOffice, useJourney } from './harness.ts';

const journey = useJourney();

describe('CSR report in the back office', () => {
  it('shows the year, keeps the officer’s text and downloads the PDF', async () => {
    const { context, page } = await signInToBackOffice(journey.browser, journey.server, 'ethique@lumiere.example');
    const year = String(new Date().getFullYear());
    await page.goto(`${journey.server.url}/app/reports/csr?year=${year}`);
    const main = page.locator('main');
    await main.getByRole('heading', { name: 'GRI 417-3 — Non-conformités en communication marketing' }).waitFor();
    // The demo register holds a DGCCRF fine of 15 000 € this year; the year before has no data yet.
    await main.getByText(/15\s000,00\s€/).first().waitFor();
    expect(await main.getByText('pas encore de données').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'CSR report (fr)');

    await main.getByRole('button', { name: /Modifier le texte — ESRS S4-3/ }).click();
    await main.getByLabel(/Texte de la section/).fill('Trois canaux : formulaire en ligne, téléphone et courrier ; le médiateur en dernier recours.');
    await main.getByRole('button', { name: 'Enregistrer le texte' }).click();
    await main.getByText('Texte enregistré.').waitFor();
    await main.getByText(/Trois canaux : formulaire en ligne/).waitFor();
    await expectAccessible(page, 'CSR report after saving a text');

    const [download] = await Promise.all([page.waitForEvent('download'), main.getByRole('link', { name: /Télécharger PDF/ }).click()]);
    const file = readFileSync((await download.path()) as string);
    expect(file.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe(`rapport-rse-lumiere-${year}.pdf`);
    const text = pdfStrings(file);
    expect(text).toContain(`Rapport RSE ${year} — Lumière Énergie`);
    for (const heading of ['Sommaire', 'GRI 418-1 — Vie privée des clients', 'ESRS S4-3 — Remédiation et canaux pour exprimer des préoccupations', 'Cibles et atteinte', 'Méthode'])
      expect(text, heading).toContain(heading);
    await context.close();
  }, 300_000);

  it('runs an audit from a template: answers an item non-compliant, raises its finding and a remediation action — accessible throughout', async () => {
    const { context, page } = await signInToBackOffice(journey.browser, journey.server, 'ethique@lumiere.example');
    const main = page.locator('main');
    await page.goto(`${journey.server.url}/app/audits`);
    await page.getByRole('heading', { level: 1, name: 'Audits éthiques' }).waitFor();
    await expectAccessible(page, 'ethics audits list');

    await main.getByRole('link', { name: 'Nouvel audit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Nouvel audit à partir d’un modèle' }).waitFor();
    await main.getByRole('radio', { name: /Code de conduite/ }).check();
    await main.locator('#audit-scope').fill('Relation client, centres d’appels partenaires compris');
    await expectAccessible(page, 'new audit form');
    await main.getByRole('button', { name: 'Créer l’audit' }).click();
    await page.getByRole('heading', { level: 1, name: /^AUD-\d{4}-\d{3} — Code de conduite$/ }).waitFor();
    await expectAccessible(page, 'audit checklist');

    // The checklist tab is open first; each item is folded to its question and answer until opened.
    await main.getByRole('tab', { name: 'Grille d’audit (0 / 6)', selected: true }).waitFor();
    await main.getByRole('button', { name: /Un code de conduite couvrant la relation client/ }).click();
    const item = main.getByRole('region', { name: /Un code de conduite couvrant la relation client/ });
    await item.getByRole('radio', { name: 'Non conforme' }).check();
    await item.getByLabel('Commentaire').fill('Aucun code adopté par la direction.');
    await item.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await main.getByText('Réponse enregistrée.').waitFor();
    await item.getByRole('button', { name: 'Ouvrir un constat sur ce point' }).click();
    await item.getByLabel(/^Constat/).fill('Le code n’existe qu’en projet depuis 2024.');
    await item.getByLabel(/^Recommandation/).fill('Faire adopter le code par le comité de direction et le publier.');
    await item.getByRole('button', { name: 'Ouvrir un constat', exact: true }).click();
    await main.getByText(/Constat F-\d{4}-\d{3} ouvert\./).waitFor();
    await expectAccessible(page, 'audit with a finding raised');

    await item.getByRole('link', { name: 'Ouvrir le constat pour ajouter des actions de remédiation' }).click();
    await page.getByRole('heading', { level: 1, name: /^F-\d{4}-\d{3} — Audit AUD-\d{4}-\d{3} : non-conformité à Code de conduite$/ }).waitFor();
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#action-title').fill('Présenter le code au comité de direction');
    await page.locator('#action-due').fill(due);
    await page.getByRole('button', { name: 'Ajouter une action' }).click();
    await main.getByText('Action ajoutée.').waitFor();
    await expectAccessible(page, 'audit finding with its remediation action');

    // Back to the audit: its finding is being remedied, and the report prints it.
    await main.getByRole('region', { name: 'Preuves' }).getByRole('link', { name: /^Audit éthique AUD-/ }).click();
    await main.getByRole('tab', { name: 'Constats (1)' }).click();
    await main.getByRole('region', { name: 'Constats' }).getByText('En remédiation').waitFor();
    await main.getByRole('tab', { name: 'Actions de remédiation (1)' }).click();
    await main.getByRole('region', { name: 'Actions de remédiation' }).getByText('Présenter le code au comité de direction').waitFor();
    expect(page.url()).toContain('?tab=actions');
    await expectAccessible(page, 'audit actions tab');
    const report = await page.request.get(`${journey.server.url}${await main.getByRole('link', { name: 'Rapport imprimable' }).getAttribute('href')}`);
    expect(await report.text()).toContain('Présenter le code au comité de direction');
    await context.close();
  }, 300_000);
});
