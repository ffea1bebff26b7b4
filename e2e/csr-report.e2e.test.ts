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

    const section = main.locator('#section-s4_3');
    await section.getByRole('button', { name: /Modifier le texte/ }).click();
    await section.getByLabel(/Texte de la section/).fill('Trois canaux : formulaire en ligne, téléphone et courrier ; le médiateur en dernier recours.');
    await section.getByRole('button', { name: 'Enregistrer le texte' }).click();
    await section.getByText('Texte enregistré.').waitFor();
    await section.getByText('Trois canaux : formulaire en ligne').waitFor();
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
});
