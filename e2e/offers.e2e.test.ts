import { describe, expect, it } from 'vitest';
import { expectAccessible, useJourney } from './harness.ts';

const journey = useJourney();

describe('offers on the portal', () => {
  it('a visitor reads an offer’s price breakdown and history, then compares two versions side by side, JavaScript off, in French and English, axe clean', async () => {
    const context = await journey.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${journey.server.url}/portal/lumiere`);
    await page.getByRole('link', { name: 'Voir nos offres et nos prix' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nos offres et nos prix');
    await expectAccessible(page, 'offers (fr)', true);

    await page.getByRole('link', { name: 'Électricité Verte Fixe' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Électricité Verte Fixe');
    // The price in force, the breakdown as an image with its summary and as a table that adds up.
    expect(await page.locator('.reference').textContent()).toMatch(/^59,80\s€ par mois$/);
    const chart = page.getByRole('img', { name: /^Répartition du prix : Énergie \(production\) 35,79\s%/ });
    expect(await chart.count()).toBe(1);
    const breakdown = page.getByRole('table', { name: 'Ce qui compose le prix' });
    expect(await breakdown.getByRole('row').count()).toBe(6); // heading, four lines, total
    expect(await breakdown.getByRole('row', { name: /Total/ }).textContent()).toMatch(/59,80\s€/);
    // The history: launch, the cut, and the announced rise with its reason.
    const history = page.getByRole('table', { name: 'Historique des prix et des conditions' });
    expect(await history.getByRole('row').count()).toBe(4);
    expect(await history.textContent()).toContain('Hausse du tarif d’acheminement (TURPE)');
    expect(await page.getByRole('note').textContent()).toMatch(/Changement annoncé : à partir du .*, le prix sera de 61,20\s€ par mois\./);
    await expectAccessible(page, 'offer page (fr, 390 px)', true);

    // Compare with the form (a plain GET form): version 2 (in force) against version 3 (announced) by default.
    await page.getByRole('button', { name: 'Comparer' }).click();
    expect(new URL(page.url()).searchParams.get('from')).toBe('2');
    expect(new URL(page.url()).searchParams.get('to')).toBe('3');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Électricité Verte Fixe : ce qui a changé');
    expect(await page.getByText('2 éléments ont changé.').count()).toBe(1);
    const compare = page.getByRole('table');
    expect(await compare.getByRole('row', { name: /Prix\s+Modifié/ }).textContent()).toMatch(/59,80\s€ par mois.*61,20\s€ par mois/);
    await expectAccessible(page, 'comparison (fr, 390 px)', true);

    // The same in English, the language kept while navigating back.
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Fixed Green Electricity: what changed');
    await page.getByRole('link', { name: 'Back to the offer' }).click();
    expect(await page.locator('.reference').textContent()).toMatch(/^€59\.80 a month$/);
    await expectAccessible(page, 'offer page (en, 390 px)', true);

    // The gas offer shows its reduction with the reference price the rule found.
    await page.getByRole('link', { name: 'All our offers' }).click();
    await page.getByRole('link', { name: 'Indexed Natural Gas' }).click();
    expect(await page.getByText(/10% off, computed on the reference price of €90\.00, the lowest price applied from/).count()).toBe(1);
    await expectAccessible(page, 'offer with a reduction (en, 390 px)', true);
    await context.close();
  }, 120_000);
});
