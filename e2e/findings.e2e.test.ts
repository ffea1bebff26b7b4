/**
 * Continuous controls journey (issue 14): the server starts, seeds its demo records and its
 * worker runs the daily controls job, which opens findings by itself (a late complaint left at
 * level 1, prospecting calls made against the rules, KPIs off target). The ethics officer sees the
 * count on the home page, filters the list, opens the late complaint's finding with its evidence
 * and adds a remediation action with an owner and a due day. axe-core checks every page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, signInToBackOffice, useJourney } from './harness.ts';

const journey = useJourney();

/** The job runs as the worker starts, beside the first page loads: reload the home until its findings show. */
async function waitForFindings(page: Page): Promise<string> {
  const card = page.getByRole('region', { name: 'Constats ouverts' });
  for (let i = 0; i < 20; i++) {
    // The card shows once the home's sections have loaded (a count, or "no open finding").
    await card.waitFor({ timeout: 60_000 });
    const text = (await card.textContent()) ?? '';
    // The demo's GDPR audit holds one finding from the start: the controls' own come on top of it.
    if (Number(/(\d+) constats? ouverts?/.exec(text)?.[1] ?? 0) > 1) return text;
    await page.waitForTimeout(3000);
    await page.reload();
  }
  throw new Error(`the controls job opened no finding; the home reads:\n${await page.locator('main').innerText()}`);
}

describe('continuous controls journey', () => {
  it('a control opens findings by itself; the ethics officer sees them, opens one and adds a remediation action — accessible throughout', async () => {
    const { context, page } = await signInToBackOffice(journey.browser, journey.server, 'ethique@lumiere.example');
    const card = await waitForFindings(page);
    expect(card).toMatch(/Constats ouverts/);
    await expectAccessible(page, 'home with open findings');

    await page.getByRole('region', { name: 'Constats ouverts' }).getByRole('link', { name: 'Voir les constats' }).click();
    await page.getByRole('heading', { level: 1, name: 'Constats d’audit et contrôles' }).waitFor();
    const main = page.locator('main');
    await main
      .getByText(/hors délai sans escalade/)
      .first()
      .waitFor();
    await main.getByText(/Contrôles exécutés le/).waitFor();
    await expectAccessible(page, 'findings list');

    // Filters: only the high ones (contacts made against the rules), then back to all open findings.
    await page.getByLabel('Gravité').selectOption('high');
    await main
      .getByText(/Contact de prospection \(téléphone\) effectué malgré un refus des règles/)
      .first()
      .waitFor();
    expect(await main.getByText(/hors délai sans escalade/).count(), 'a medium finding under the high filter').toBe(0);
    await page.getByLabel('Gravité').selectOption('');

    await main
      .locator('tr', { hasText: /hors délai sans escalade/ })
      .first()
      .getByRole('link')
      .click();
    await page.getByRole('heading', { level: 1, name: /^F-\d{4}-\d{3} — Réclamation REC-\d{4}-\d{6} hors délai sans escalade$/ }).waitFor();
    await main.getByText(/est toujours au niveau 1/).waitFor();
    // The evidence is the complaint, named and linked for someone who may read complaints.
    await main
      .getByRole('region', { name: 'Preuves' })
      .getByRole('link', { name: /^Réclamation REC-\d{4}-\d{6}$/ })
      .waitFor();
    await main.getByText(/se clôt de lui-même quand sa cause disparaît/).waitFor();
    await expectAccessible(page, 'finding page');

    // An action with an owner and a due day puts the finding in remediation.
    await page.getByRole('button', { name: 'Ajouter une action' }).click();
    await page.getByRole('alert').filter({ hasText: 'Certaines informations sont invalides' }).waitFor();
    await expectAccessible(page, 'add action form with errors');
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#action-title').fill('Escalader la réclamation au superviseur et répondre au client');
    await page.locator('#action-due').fill(due);
    await page.getByRole('button', { name: 'Ajouter une action' }).click();
    await main.getByText('Action ajoutée.').waitFor();
    await main
      .getByRole('region', { name: 'Actions de remédiation' })
      .getByRole('rowheader', { name: 'Escalader la réclamation au superviseur et répondre au client' })
      .waitFor();
    await main.getByRole('region', { name: 'Explication' }).getByText('En remédiation').waitFor();
    await expectAccessible(page, 'finding with a remediation action');
    await context.close();
  }, 300_000);
});
