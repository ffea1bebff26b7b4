/**
 * The KPI dashboard follows the language switch (issue 10): names and definitions come from the
 * server in the request's language, and switching on an open page asks for them again instead of
 * keeping the French answers in the cache. Axe-clean in both languages.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney } from './harness.ts';

const journey = useJourney();

describe('KPI dashboard in the language shown', () => {
  it('drills from the SLA figure down to the complaints behind it and opens one — accessible throughout', async () => {
    const { context, page } = await signInToBackOffice(journey.browser, journey.server, 'ethique@lumiere.example');
    await page.goto(`${journey.server.url}/app/kpis`);
    const main = page.locator('main');
    await main.getByRole('link', { name: /Respect des délais \(SLA\)/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Respect des délais (SLA)' }).waitFor();
    await main.getByRole('button', { name: 'Voir les enregistrements', exact: true }).click();
    const records = main.getByRole('table', { name: 'Enregistrements derrière le chiffre' });
    // The demo's answered complaints are the records behind the figure: each row a complaint reference.
    const firstLink = records.locator('a[data-row-link]').first();
    await firstLink.waitFor();
    const reference = (await firstLink.innerText()).trim();
    expect(reference).toMatch(/^REC-\d{4}-\d+$/);
    // Each record's facts are named in French, not shown as their codes (`billing`, `closed`).
    const facts = await records.locator('tbody tr').first().innerText();
    expect(facts).toMatch(/Catégorie\s:\s\S/);
    expect(facts).not.toMatch(/\b(billing|delivery|closed|answered|received)\b/);
    await expectAccessible(page, 'records behind the SLA figure');

    await firstLink.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(reference) }).waitFor();
    expect(page.url()).toMatch(/\/app\/complaints\/[0-9a-f-]{36}$/);
    await expectAccessible(page, 'complaint opened from the SLA figure');
    await context.close();
  }, 300_000);

  it('names and defines the KPIs in English once the ethics officer switches, without a reload', async () => {
    const { context, page } = await signInToBackOffice(journey.browser, journey.server, 'ethique@lumiere.example');
    await page.goto(`${journey.server.url}/app/kpis`);
    const main = page.locator('main');
    await main.getByText('Réclamations reçues', { exact: true }).first().waitFor();
    await expectAccessible(page, 'KPI dashboard (fr)');

    await page.getByRole('button', { name: 'English', exact: true }).first().click();
    await main.getByText('Complaints received', { exact: true }).first().waitFor();
    expect(await main.getByText('Réclamations reçues').count(), 'a French KPI name on the English dashboard').toBe(0);
    expect(await main.getByText('Délai d’accusé de réception', { exact: false }).count()).toBe(0);
    await expectAccessible(page, 'KPI dashboard (en)');

    // The definition page, opened in English, then switched back: its formula follows each time.
    await main.getByRole('link', { name: /Time to acknowledge \(median\)/ }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Time to acknowledge (median)' }).waitFor();
    await page.getByRole('button', { name: 'Français', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Délai d’accusé de réception (médiane)' }).waitFor();
    await context.close();
  }, 300_000);
});
