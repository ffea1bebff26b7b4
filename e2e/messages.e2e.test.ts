/**
 * The message checker in the back office (issue 12): an agent writes a complaint answer with
 * pressure wording, sees the passage highlighted with its explanation and a fairer wording,
 * applies it and the finding goes; the ethics officer approves a marketing campaign with a
 * high-severity finding from their home. axe checks each state.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney } from './harness.ts';

const journey = useJourney();

const PRESSURE = 'Si vous ne signez pas l’avenant cette semaine, vous perdrez';
const ANSWER = `Nous maintenons notre décision. ${PRESSURE} votre remise.`;

describe('message checker', () => {
  it('an agent sees pressure in their answer highlighted and explained, applies the suggestion and the finding goes — accessible throughout', async () => {
    // The demo files complaints to either agent by load: take the first under investigation (an answer can be written).
    let found: { page: Page; id: string } | null = null;
    for (const email of ['agent@lumiere.example', 'agent2@lumiere.example']) {
      const { page } = await signInToBackOffice(journey.browser, journey.server, email);
      const res = await page.request.get(`${journey.server.url}/api/complaints?queue=mine&status=investigating`);
      const [first] = ((await res.json()) as { items: { id: string }[] }).items;
      if (first) {
        found = { page, id: first.id };
        break;
      }
    }
    expect(found, 'a demo complaint under investigation').not.toBeNull();
    const { page, id } = found!;
    await page.goto(`${journey.server.url}/app/complaints/${id}`);
    await page.getByRole('heading', { level: 1, name: /^Réclamation / }).waitFor();

    await page.getByLabel('Motifs de la décision').fill(ANSWER);
    const check = page.getByRole('region', { name: 'Vérification du message' });
    await check.getByRole('status').filter({ hasText: '1 formulation à revoir' }).waitFor();
    expect(await check.locator('mark').allTextContents()).toEqual([PRESSURE]);
    const finding = check.getByRole('listitem');
    expect(await finding.textContent()).toContain('Pression');
    expect(await finding.textContent()).toContain('menaces, ultimatums');
    expect(await finding.textContent()).toContain('Formulation plus juste proposée : « Vous êtes libre de prendre le temps de décider »');
    await expectAccessible(page, 'complaint answer with a finding');

    await check.getByRole('button', { name: /^Appliquer la suggestion/ }).click();
    await check.getByRole('status').filter({ hasText: 'Suggestion appliquée. Aucune formulation à revoir.' }).waitFor();
    expect(await page.getByLabel('Motifs de la décision').inputValue()).toBe(
      'Nous maintenons notre décision. Vous êtes libre de prendre le temps de décider votre remise.',
    );
    expect(await check.locator('mark').count()).toBe(0);
    // Focus is back in the answer, after the new wording.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('answer-reasons');
    await expectAccessible(page, 'complaint answer after the suggestion');
  }, 180_000);

  it('the ethics officer approves a marketing campaign with a high-severity finding, with a reason — accessible throughout', async () => {
    const { page } = await signInToBackOffice(journey.browser, journey.server, 'ethique@lumiere.example');
    const card = page.getByRole('region', { name: 'Messages à approuver' });
    await card.getByText('1 message attend votre approbation.').waitFor();
    await expectAccessible(page, 'ethics officer home');
    await card.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Messages à approuver' }).waitFor();
    const request = page.getByRole('article');
    await request.getByText('Soumis par Thomas Girard.').waitFor();
    expect(await request.locator('mark').first().textContent()).toBe('Dernière chance');
    expect(await request.textContent()).toContain('Urgence');
    expect(await request.textContent()).toContain('Élevée');
    await expectAccessible(page, 'messages to approve');

    // The reason is required: refused without one, nothing decided.
    await request.getByRole('button', { name: 'Approuver' }).click();
    await page.getByRole('alert').filter({ hasText: 'Raison de votre décision' }).waitFor();
    await request.getByLabel(/Raison de votre décision/).fill('La fin de l’offre ce soir est réelle et datée ; campagne validée.');
    await request.getByRole('button', { name: 'Approuver' }).click();
    await page.getByRole('status').filter({ hasText: 'Message approuvé.' }).waitFor();
    await page.getByText('Aucun message en attente.').waitFor();
    await expectAccessible(page, 'message approved');
  }, 180_000);
});
