/**
 * Privacy centre journey: a customer with no account gives and withdraws a consent in the portal
 * (JavaScript off), gives their phone number and a phone consent after the notice owed (C. consom. L.223-1), asks for access to their data; the DPO fulfils it in the back office; the
 * customer downloads the zip. axe-core checks every page visited.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { expectAccessible, useJourney, waitForMail as waitForMailOf, signInToBackOffice } from './harness.ts';

const journey = useJourney();
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const waitForMail = (template: string, after: number) => waitForMailOf(journey.server, template, after);

/** axe at a laptop's width and a phone's, and nothing wider than the phone's screen. */
async function checkBothWidths(page: Page, where: string) {
  for (const viewport of [LAPTOP, PHONE]) {
    await page.setViewportSize(viewport);
    await expectAccessible(page, `${where} ${viewport.width}px`);
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
      `${where} scrolls sideways at ${viewport.width}px`,
    ).toBe(true);
  }
  await page.setViewportSize(LAPTOP);
}

/** The DPO creates a consent purpose through the API, as an integration would. */
async function createPurpose() {
  const login = await fetch(`${journey.server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'dpo@lumiere.example', password: 'confiance-demo-2026' }),
  });
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
      notice: {
        titleFr: 'Invitations aux événements',
        titleEn: 'Event invitations',
        textFr: 'Nos invitations aux journées portes ouvertes.',
        textEn: 'Our invitations to open days.',
      },
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
    await portal
      .getByRole('row', { name: /Lettre d’information/ })
      .getByRole('button', { name: /J’accepte/ })
      .click();
    expect(await portal.getByRole('status').first().textContent()).toContain('votre consentement est donné');
    expect(await portal.getByRole('row', { name: /Lettre d’information/ }).textContent()).toContain('Consentement donné');
    await expectAccessible(portal, 'consent given', true);

    await portal
      .getByRole('row', { name: /Lettre d’information/ })
      .getByRole('button', { name: /Retirer mon consentement/ })
      .click();
    expect(await portal.getByRole('status').first().textContent()).toContain('votre consentement est retiré');
    expect(await portal.getByRole('row', { name: /Lettre d’information/ }).textContent()).toContain('Consentement retiré');

    // The seeded phone offers: before a phone consent the customer is told that phone canvassing
    // needs it (C. consom. L.223-1, from 2026-08-11), and the consent keeps the notice read.
    const notice = portal.locator('#phone-notice');
    expect(await notice.getByRole('heading', { level: 3 }).textContent()).toBe('Démarchage par téléphone');
    expect(await notice.textContent()).toContain('Votre numéro ne servira pas à vous démarcher par téléphone sans votre accord préalable');
    // The number first: the notice describes its field too, and goes with it.
    expect(await portal.getByLabel('Numéro de téléphone').getAttribute('aria-describedby')).toBe('phone-hint phone-notice');
    await portal.getByLabel('Numéro de téléphone').fill('06 12 34');
    await portal.getByRole('button', { name: 'Enregistrer mon numéro' }).click();
    await portal.getByRole('link', { name: /Indiquez un numéro de téléphone valide/ }).waitFor();
    await expectAccessible(portal, 'phone number refused', true);
    await portal.getByLabel('Numéro de téléphone').fill('06 12 34 56 78');
    await portal.getByRole('button', { name: 'Enregistrer mon numéro' }).click();
    expect(await portal.getByRole('status').first().textContent()).toContain('votre numéro de téléphone est à jour');
    expect(await portal.locator('#phone-hint').textContent()).toContain('Numéro enregistré : +33\u00a06\u00a012\u00a034\u00a056\u00a078.');
    expect(await portal.getByLabel('Numéro de téléphone').inputValue()).toBe('+33 6 12 34 56 78');
    const givePhone = portal.getByRole('button', { name: 'J’accepte — Offres par téléphone et SMS, téléphone' });
    expect(await givePhone.getAttribute('aria-describedby')).toBe('phone-notice');
    await givePhone.click();
    expect(await portal.getByRole('status').first().textContent()).toContain('votre consentement est donné');
    await portal.getByRole('button', { name: 'Retirer mon consentement — Offres par téléphone et SMS, téléphone' }).waitFor();
    for (const viewport of [PHONE, LAPTOP]) {
      await portal.setViewportSize(viewport);
      await expectAccessible(portal, `phone consent given with its notice ${viewport.width}px`, true);
    }
    await portal.goto(`${journey.server.url}/portal/lumiere/privacy?lang=en`);
    expect(await portal.locator('#phone-notice').textContent()).toContain(
      'Your number will not be used to canvass you by phone without your prior consent',
    );
    await expectAccessible(portal, 'privacy centre with the phone notice (en)', true);
    await portal.goto(`${journey.server.url}/portal/lumiere/privacy?lang=fr`);

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
    expect(await dpo.locator('dl').first().textContent()).toContain('claire.dupont@example.test');
    await expectAccessible(dpo, 'request page');
    // Nothing is preselected: the DPO picks the answer, then confirms it.
    await dpo.getByRole('radio', { name: 'Traiter la demande' }).check();
    await dpo.getByLabel('Note (facultatif)').fill('Export envoyé le jour même.');
    await dpo.getByRole('button', { name: 'Traiter', exact: true }).click();
    await expect.poll(() => dpo.getByRole('status').filter({ hasText: 'La demande est traitée.' }).count()).toBeGreaterThan(0);
    await expectAccessible(dpo, 'request fulfilled');
    // The fulfilled request stays visible, with the DPO's note, in the history.
    await dpo.getByRole('heading', { level: 2, name: 'Décision' }).waitFor();
    expect(await dpo.getByText('Export envoyé le jour même.').count()).toBeGreaterThan(0);
    await dpo.goto(`${journey.server.url}/app/privacy?status=closed`);
    await dpo.getByRole('cell', { name: 'Export envoyé le jour même.' }).waitFor();
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
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(['summary.html', 'json/customers/customer.json', 'csv/consent/consent_events.csv']),
    );
    expect(strFromU8(files['json/customers/customer.json']!)).toContain('claire.dupont@example.test');
    expect(strFromU8(files['json/customers/customer.json']!)).toContain('+33612345678');
    const events = JSON.parse(strFromU8(files['json/consent/consent_events.json']!)) as { kind: string; phoneNotice: string | null }[];
    expect(events.map((e) => e.kind)).toEqual(['given', 'withdrawn', 'given']);
    // The phone consent's proof names the notice shown (also a column of the CSV).
    expect(events.map((e) => e.phoneNotice)).toEqual([null, null, 'phone_canvassing_consent@2026-08-11']);
    expect(strFromU8(files['csv/consent/consent_events.csv']!)).toContain('phone_canvassing_consent@2026-08-11');
    await expectAccessible(portal, 'requests page with download', true);
    await office.close();
    await customer.close();
  });

  it('the DPO logs a request received by letter with the day it came in, refuses it, and finds it in the history — fr and en, 1280x800 and 390x844, accessible', async () => {
    const { context, page } = await signInToBackOffice(journey.browser, journey.server, 'dpo@lumiere.example');
    await page.setViewportSize(LAPTOP);
    await page.goto(`${journey.server.url}/app/privacy`);
    await page.getByRole('heading', { level: 2, name: 'Demandes des personnes' }).waitFor();
    await checkBothWidths(page, 'workspace (fr)');
    await page.getByRole('link', { name: 'Enregistrer une demande reçue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enregistrer une demande reçue' }).waitFor();
    // Sent empty: every missing field is named, and the summary links to it.
    await page.getByLabel(/Adresse e-mail de la personne/).fill('');
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Type de demande' });
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Adresse e-mail de la personne');
    await checkBothWidths(page, 'new request with errors (fr)');
    // A letter received three days ago: its month runs from that day (GDPR Art. 12(3)).
    const received = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(/Adresse e-mail de la personne/).fill('paul.courrier@example.test');
    await page.getByLabel('Nom de la personne').fill('Paul Courrier');
    await page.getByLabel('Type de demande').selectOption('rectification');
    await page.getByLabel(/^Reçue le/).fill(received);
    await page.getByLabel('Reçue par').selectOption('post');
    await page.getByLabel('Vérification d’identité faite').selectOption('id_document');
    await page.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await page.getByRole('status').filter({ hasText: 'La demande est enregistrée' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Demande : Rectification' }).waitFor();
    expect(await page.locator('dl').first().textContent()).toContain('Courrier');
    await checkBothWidths(page, 'logged request (fr)');
    await page.getByRole('radio', { name: 'Refuser' }).check();
    await page.getByLabel('Motif communiqué à la personne').fill('Les données en cause sont déjà exactes.');
    await page.getByRole('button', { name: 'Refuser', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Le refus est enregistré' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Décision' }).waitFor();
    // The history: filter by status, the refused request with its reason.
    await page.getByRole('link', { name: 'Revenir aux demandes' }).click();
    await page.getByText('Traitées ou refusées').click();
    await page.getByRole('cell', { name: 'Les données en cause sont déjà exactes.' }).waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('closed');
    await checkBothWidths(page, 'history (fr)');
    // The same screens in English.
    await page.getByRole('button', { name: 'English', exact: true }).first().click();
    await page.getByRole('heading', { level: 2, name: 'Data-subject requests' }).waitFor();
    await page.getByText('Fulfilled or refused').waitFor();
    await checkBothWidths(page, 'history (en)');
    await page.getByRole('link', { name: 'Log a request received' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log a request received' }).waitFor();
    await checkBothWidths(page, 'new request (en)');
    await context.close();
  });
});
