/**
 * Ending a contract online with JavaScript off (issue 13): from a portal page, a customer
 * terminates their contract in three steps (identify, confirm, acknowledged) and the
 * acknowledgement e-mail goes to the contract's address; another withdraws within 14 days. The
 * contracts are concluded by a supervisor through the API like the demo's (the answer is the only
 * place staff see a whole reference). axe on every page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney, waitForMail } from './harness.ts';

const journey = useJourney();

interface DemoContract {
  reference: string;
  customerName: string;
  customerId: string;
  offerId: string;
  channel: string;
  status: string;
  id: string;
}

/**
 * Staff see a reference's last group only (a whole one would let them end the contract as anyone):
 * the supervisor concludes a contract like each demo one, for the same customer and offer, today,
 * and reads the whole reference in the answer, as they would hand it to the customer.
 */
async function contractsLikeTheDemo(): Promise<DemoContract[]> {
  const { context, page } = await signInToBackOffice(journey.browser, journey.server, 'superviseur@lumiere.example');
  const res = await page.request.get(`${journey.server.url}/api/contracts`);
  expect(res.status()).toBe(200);
  const demo = ((await res.json()) as { items: DemoContract[] }).items;
  expect(demo.every((c) => /^CT-…-[0-9A-Z]{5}$/.test(c.reference))).toBe(true);
  const { csrfToken } = (await (await page.request.get(`${journey.server.url}/api/auth/me`)).json()) as { csrfToken: string };
  const concluded: DemoContract[] = [];
  for (const like of demo.filter((c) => c.status === 'active')) {
    const made = await page.request.post(`${journey.server.url}/api/contracts`, {
      headers: { 'x-csrf-token': csrfToken },
      data: { customerId: like.customerId, offerId: like.offerId, channel: like.channel, concludedOn: new Date().toISOString().slice(0, 10) },
    });
    expect(made.status()).toBe(201);
    concluded.push((await made.json()) as DemoContract);
  }
  await context.close();
  return concluded;
}

/** The step the page says it is, e.g. "Étape 2 sur 3". */
const stepOf = async (page: Page) => (await page.locator('.steps').textContent())?.trim() ?? '';

async function endContract(action: 'terminate' | 'withdraw', contract: DemoContract, email: string) {
  const context = await journey.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
  const page = await context.newPage();
  // From any portal page: here an offer page, through the link every page carries.
  await page.goto(`${journey.server.url}/portal/lumiere/offers/electricite-verte-fixe`);
  const link = action === 'terminate' ? 'Résilier votre contrat' : 'Se rétracter du contrat';
  await page.getByRole('link', { name: link }).first().click();
  const steps: string[] = [await stepOf(page)];
  await expectAccessible(page, `${action}: identify`, true);

  // A wrong e-mail: one answer for the whole form, nothing said about which field.
  await page.getByLabel('Nom du titulaire du contrat').fill(contract.customerName);
  await page.getByLabel('Référence du contrat').fill(contract.reference);
  await page.getByLabel('Adresse e-mail du contrat').fill('quelquun@ailleurs.example');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.getByRole('alert').getByText('Nous ne trouvons pas de contrat avec ces informations').waitFor();
  expect(await stepOf(page)).toBe('Étape 1 sur 3');
  await expectAccessible(page, `${action}: wrong details`, true);

  await page.getByLabel('Adresse e-mail du contrat').fill(email);
  await page.getByRole('button', { name: 'Continuer' }).click();
  steps.push(await stepOf(page));
  const endDate = (await page.locator('dt:has-text("Date de fin du contrat") + dd').textContent())?.trim() ?? '';
  expect(endDate).not.toBe('');
  await expectAccessible(page, `${action}: confirm`, true);

  const started = Date.now();
  await page.getByRole('button', { name: action === 'terminate' ? 'Confirmer la résiliation' : 'Confirmer la rétractation' }).click();
  steps.push(await stepOf(page));
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
    action === 'terminate' ? 'Votre résiliation est enregistrée' : 'Votre rétractation est enregistrée',
  );
  expect(await page.getByRole('status').textContent()).toContain(endDate);
  await expectAccessible(page, `${action}: acknowledged`, true);
  await context.close();

  // Three steps, each said on its page: identify, confirm, acknowledged.
  expect(steps).toEqual(['Étape 1 sur 3', 'Étape 2 sur 3', 'Étape 3 sur 3']);
  const mail = (await waitForMail(journey.server, `contracts.mail.${action === 'terminate' ? 'terminated' : 'withdrawn'}`, started)) as {
    text: string;
    to?: unknown;
  };
  expect(mail.text).toContain(contract.reference);
  expect(mail.text).toContain(endDate);
  expect(JSON.stringify(mail.to ?? '')).toContain(email);
}

describe('ending a contract online, JavaScript off', () => {
  it('a customer terminates from a portal page in three steps; another withdraws within 14 days — axe clean on every page', async () => {
    const contracts = await contractsLikeTheDemo();
    const renewing = contracts.find((c) => c.channel === 'phone' && c.status === 'active');
    const recent = contracts.find((c) => c.channel === 'online' && c.status === 'active');
    expect(renewing?.customerName).toBe('Marc Petit');
    expect(recent?.customerName).toBe('Jeanne Roux');
    await endContract('terminate', renewing!, 'marc.petit@example.fr');
    await endContract('withdraw', recent!, 'jeanne.roux@example.fr');
  }, 240_000);
});
