/**
 * Privacy centre journey: a customer with no account gives and withdraws a consent in the portal
 * (JavaScript off), asks for access to their data; the DPO fulfils it in the back office; the
 * customer downloads the zip. axe-core checks every page visited.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { expectAccessible, useJourney, waitForMail as waitForMailOf, signInToBackOffice } from './harness.ts';

const journey = useJourney();
const waitForMail = (template: string, after: number) => waitForMailOf(journey.server, template, after);

/** The DPO creates a consent purpose through the API, as an integration would. */
async function createPurpose() {
  const login = await fetch(`${journey.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'dpo@lumiere.example', password: 'confiance-demo-2026' }) });
  expect(login.status).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const res = await fetch(`${journey.server.url}/api/consent/purposes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({
      key: 'events',
      legalBasis: 'consent',
      dataUse: 'marketing.communications.email',
      channels: ['email'],
      notice: { titleFr: 'Invitations aux événements', titleEn: 'Event invitations', textFr: 'Nos invitations aux journées portes ouvertes.', textEn: 'Our invitations to open days.' },
    }),
  });
  expect(res.status).toBe(201);
}

describe('privacy centre journey', () => {
  it('consent given and withdrawn without an account, access requested, fulfilled by the DPO, zip downloaded — accessible throughout', async () => {
    await createPurpose();
    const started = Date.now();
    const customer = await journey.browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const portal = await customer.newPage();
    await portal.goto(`${journey.server.url}/portal/lumiere/privacy`);
    expect(await portal.getByRole('heading', { level: 1 }).textContent()).toBe('Vos données personnelles');
    await expectAccessible(portal, 'privacy centre (anonymous)', true);

    await portal.getByLabel('Adresse e-mail').fill('claire.dupont@example.test');
    await portal.getByRole('button', { name: 'Recevoir un code' }).click();
    await portal.getByLabel('Code reçu par e-mail').waitFor();
    await expectAccessible(portal, 'code page', true);
    const codeMail = await waitForMail('privacy.mail.code', started);
    const code = /(\d{6})/.exec(codeMail.text)?.[1] ?? '';
    await portal.getByLabel('Code reçu par e-mail').fill(code);
    await portal.getByRole('button', { name: 'Valider le code' }).click();
    await portal.getByRole('heading', { name: 'Vos consentements' }).waitFor();
    // Explicit opt-in: nothing is pre-ticked, the consent is off until the customer acts.
    expect(await portal.locator('input[type=checkbox]:checked').count()).toBe(0);
    expect(await portal.getByRole('row', { name: /Lettre d’information/ }).textContent()).toContain('Pas de consentement');
    await expectAccessible(portal, 'privacy centre (identified)', true);

    // The seeded newsletter purpose: its row holds its own buttons.
    await portal.getByRole('row', { name: /Lettre d’information/ }).getByRole('button', { name: /J’accepte/ }).click();
    expect(await portal.getByRole('status').first().textContent()).toContain('votre consentement est donné');
    expect(await portal.getByRole('row', { name: /Lettre d’information/ }).textContent()).toContain('Consentement donné');
    await expectAccessible(portal, 'consent given', true);

    await portal.getByRole('row', { name: /Lettre d’information/ }).getByRole('button', { name: /Retirer mon consentement/ }).click();
    expect(await portal.getByRole('status').first().textContent()).toContain('votre consentement est retiré');
    expect(await portal.getByRole('row', { name: /Lettre d’information/ }).textContent()).toContain('Consentement retiré');

    await portal.getByRole('link', { name: 'Faire une demande ou suivre mes demandes' }).click();
    await portal.getByRole('heading', { level: 1, name: 'Vos demandes' }).waitFor();
    await expectAccessible(portal, 'requests page', true);
    await portal.getByLabel('Accès à mes données').check();
    await portal.getByRole('button', { name: 'Envoyer ma demande' }).click();
    expect(await portal.getByRole('status').first().textContent()).toContain('Votre demande est enregistrée');
    expect(await portal.getByRole('table').textContent()).toContain('Reçue');
    await expectAccessible(portal, 'request recorded', true);

    // The DPO, in the back office.
    const { context: office, page: dpo } = await signInToBackOffice(journey.browser, journey.server, 'dpo@lumiere.example');
    await dpo.goto(`${journey.server.url}/app/privacy`);
    await dpo.getByRole('heading', { level: 1, name: 'Données personnelles' }).waitFor();
    await dpo.getByRole('link', { name: 'Accès à mes données' }).waitFor();
    await expectAccessible(dpo, 'DPO workspace');
    await dpo.getByRole('link', { name: 'Accès à mes données' }).click();
    await dpo.getByRole('heading', { level: 2, name: 'Répondre' }).waitFor();
    expect(await dpo.locator('.details-list').textContent()).toContain('claire.dupont@example.test');
    await expectAccessible(dpo, 'request page');
    await dpo.getByRole('button', { name: 'Traiter', exact: true }).click();
    await expect.poll(() => dpo.getByRole('status').filter({ hasText: 'La demande est traitée.' }).count()).toBeGreaterThan(0);
    await expectAccessible(dpo, 'request fulfilled');
    await dpo.goto(`${journey.server.url}/app/privacy/purposes`);
    await dpo.getByRole('heading', { level: 2, name: 'events' }).waitFor();
    await expectAccessible(dpo, 'purposes page');

    // The customer downloads the package from the portal.
    await portal.reload();
    const link = portal.getByRole('link', { name: 'Télécharger mes données (zip)' });
    await link.waitFor();
    const href = (await link.getAttribute('href')) ?? '';
    const res = await customer.request.get(`${journey.server.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.body()));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['summary.html', 'json/customers/customer.json', 'csv/consent/consent_events.csv']));
    expect(strFromU8(files['json/customers/customer.json']!)).toContain('claire.dupont@example.test');
    const events = JSON.parse(strFromU8(files['json/consent/consent_events.json']!)) as { kind: string }[];
    expect(events.map((e) => e.kind)).toEqual(['given', 'withdrawn']);
    await expectAccessible(portal, 'requests page with download', true);
    await office.close();
    await customer.close();
  });
});
