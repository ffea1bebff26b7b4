/**
 * A change notice's journey with JavaScript off (issue 13): the demo's change campaign of the
 * electricity offer's announced price rise is in the back office's list; the worker sends the
 * notices (the send day is today); the customer opens the link of the e-mail, compares the old and new
 * terms side by side and terminates: notice page, confirmation, acknowledgement — three steps,
 * each said on its page and counted. axe on every page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney, waitForMail } from './harness.ts';

const journey = useJourney();

const stepOf = async (page: Page) => (await page.locator('.steps').textContent())?.trim() ?? '';

describe('a change notice, JavaScript off', () => {
  it('the customer opens the notice link, compares old and new terms, and terminates in three steps — axe clean', async () => {
    // The demo seeds the campaign of the electricity offer's announced price rise (sent today): the worker sends its notices.
    const { context: staff, page: office } = await signInToBackOffice(journey.browser, journey.server, 'superviseur@lumiere.example');
    await office.goto(`${journey.server.url}/app/change-campaigns`);
    const campaigns = office.getByRole('table', { name: 'Campagnes de modification' });
    await campaigns.getByRole('row').filter({ hasText: 'Électricité Verte Fixe' }).first().waitFor();
    await expectAccessible(office, 'back office: change campaigns');
    const listed = (await (await office.request.get(`${journey.server.url}/api/change-campaigns`)).json()) as {
      items: { id: string; messageType: string; offerName: { fr: string }; counts: { planned: number; sent: number } }[];
    };
    const campaign = listed.items.find((c) => c.offerName.fr === 'Électricité Verte Fixe')!;
    expect(campaign.messageType).toBe('price_change');
    expect(campaign.counts.planned + campaign.counts.sent).toBeGreaterThan(0);

    const mail = (await waitForMail(journey.server, 'change_campaigns.mail.notice', 0)) as { text: string };
    const link = /https?:\/\/\S+\/portal\/lumiere\/notices\/\S+/.exec(mail.text)?.[0];
    expect(link).toBeTruthy();

    const context = await journey.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(link!.replace(/^https?:\/\/[^/]+/, journey.server.url));
    const steps: string[] = [await stepOf(page)];
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Modification de votre contrat');
    // Old and new terms side by side; the price row says it changed, in words.
    const table = page.getByRole('table', { name: 'Ancienne et nouvelle offre' });
    await table.waitFor();
    const priceRow = table.getByRole('row').filter({ hasText: 'Prix' }).first();
    expect(await priceRow.textContent()).toContain('modification');
    expect(await priceRow.textContent()).toContain('61,20');
    await expectAccessible(page, 'notice', true);

    await page.getByRole('button', { name: 'Résilier votre contrat' }).click();
    steps.push(await stepOf(page));
    const endDate = (await page.locator('dt:has-text("Date de fin du contrat") + dd').textContent())?.trim() ?? '';
    expect(endDate).not.toBe('');
    await expectAccessible(page, 'notice: confirm', true);

    await page.getByRole('button', { name: 'Confirmer la résiliation' }).click();
    steps.push(await stepOf(page));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Votre résiliation est enregistrée');
    await expectAccessible(page, 'notice: acknowledged', true);
    expect(steps).toEqual(['Étape 1 sur 3', 'Étape 2 sur 3', 'Étape 3 sur 3']);
    expect(steps).toHaveLength(3);
    await context.close();

    // The back office counts the termination against the campaign.
    const list = (await (await office.request.get(`${journey.server.url}/api/change-campaigns`)).json()) as {
      items: { id: string; counts: { sent: number; terminated: number } }[];
    };
    expect(list.items.find((c) => c.id === campaign.id)?.counts.terminated).toBe(1);
    await staff.close();
  }, 240_000);
});
