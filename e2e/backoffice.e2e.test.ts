import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney, waitForMail } from './harness.ts';
import { base32Decode, hotp, totpStep } from '../src/core/auth/auth.totp.ts';

const journey = useJourney();

describe('back office journey', () => {
  it('signs in, switches language, reads and verifies the audit log — accessible on every page', async () => {
    const context = await journey.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));

    await page.goto(`${journey.server.url}/`);
    await page.waitForURL(/\/app\/login/);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await expectAccessible(page, 'login (fr)');

    // A wrong password gets the server's localized message.
    await page.getByLabel('Adresse e-mail').fill('admin@lumiere.example');
    await page.getByLabel('Mot de passe').fill('mauvais mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Adresse e-mail ou mot de passe incorrect.');

    await page.getByLabel('Mot de passe').fill('confiance-demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page, 'home (fr)');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.waitForURL(/\/app\/audit/);
    const table = page.getByRole('table');
    await table.waitFor();
    // The seed and this session's sign-in are in the trail.
    await expect.poll(() => table.textContent()).toContain('Signed in');
    await expectAccessible(page, 'audit log (en)');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Chain intact' }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'audit log after verification (en)');

    // The language is saved to the account: the server now answers in English.
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me.user.locale).toBe('en');

    await page.getByRole('link', { name: /users/i }).first().click();
    await page.waitForURL(/\/app\/users/);
    await page.getByRole('table').first().waitFor();
    await expectAccessible(page, 'users (en)');

    expect(consoleErrors.filter((e) => !/401|Unauthorized/.test(e))).toEqual([]);
    await context.close();
  });

  it('marks in the navigation the entry of the page shown, and none on a refused or unknown page under it', async () => {
    const { context, page } = await signInToBackOffice(journey.browser, journey.server, 'agent@lumiere.example');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    const current = () => nav.locator('[aria-current="page"]').allInnerTexts();
    await page.goto(`${journey.server.url}/app/contact`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await current()).toEqual(['Prospection']);
    // The agent may not manage opposition lists: refused, and "Prospection" (the parent path) is not this page.
    await page.goto(`${journey.server.url}/app/contact/opposition-lists`);
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
    expect(await current()).toEqual([]);
    await expectAccessible(page, 'refused page under an allowed entry');
    await page.goto(`${journey.server.url}/app/contact/no-such-page`);
    await page.getByRole('heading', { level: 1, name: 'Page introuvable' }).waitFor();
    expect(await current()).toEqual([]);
    // A record's page marks its list's entry.
    await page.goto(`${journey.server.url}/app/complaints`);
    await page.locator('main a[data-row-link]').first().click();
    await page.waitForURL(/\/app\/complaints\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await current()).toEqual(['Réclamations']);
    await context.close();
  });

  it('resets a forgotten password from the e-mailed link, then signs in with it — accessible on every page', async () => {
    const context = await journey.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${journey.server.url}/app/login`);
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.waitForURL(/\/app\/forgot-password/);
    await expectAccessible(page, 'forgotten password (fr)');
    const asked = Date.now();
    await page.getByLabel('Adresse e-mail').fill('auditeur@lumiere.example');
    await page.getByRole('button', { name: 'Envoyer le lien' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Si un compte actif utilise cette adresse');
    await expectAccessible(page, 'forgotten password, link sent (fr)');

    const mail = await waitForMail(journey.server, 'backoffice.mail.passwordReset', asked);
    const link = /https?:\/\/\S+#token=[\w-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    await page.goto(link!.replace(/^https?:\/\/[^/]+/, journey.server.url));
    await expectAccessible(page, 'reset password (fr)');
    await page.getByLabel(/^Nouveau mot de passe/).fill('court');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('au moins 12 caractères');
    await expectAccessible(page, 'reset password with an error (fr)');
    await page.getByLabel(/^Nouveau mot de passe/).fill('une toute nouvelle phrase de passe');
    await page.getByLabel('Confirmez le nouveau mot de passe').fill('une toute nouvelle phrase de passe');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('link', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/app\/login/);
    await page.getByLabel('Adresse e-mail').fill('auditeur@lumiere.example');
    await page.getByLabel('Mot de passe').fill('une toute nouvelle phrase de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
    await context.close();
  });

  it('turns on two-step sign-in with an authenticator app, then signs in with a code — accessible on every page', async () => {
    const context = await journey.browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const signIn = async () => {
      await page.goto(`${journey.server.url}/app/login`);
      await page.getByLabel('Email address').fill('ethique@lumiere.example');
      await page.getByLabel('Password').fill('confiance-demo-2026');
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await signIn();
    await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
    // Account security and sign-out live in the account menu of the header.
    await page.getByRole('button', { name: /'s account$/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
    await page.waitForTimeout(300); // the opening transition
    await expectAccessible(page, 'account menu open (en)');
    await page.getByRole('menuitem', { name: 'Account security' }).click();
    await page.waitForURL(/\/app\/security/);
    await expectAccessible(page, 'account security, off (en)');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    const key = (await page.locator('code.secret').textContent())?.replace(/\s/g, '') ?? '';
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page, 'account security, scan the QR code (en)');
    const code = (steps: number) => hotp(base32Decode(key), totpStep(new Date()) + steps);
    await page.getByLabel(/^Verification code/).fill(code(0));
    await page.getByRole('button', { name: 'Confirm and turn on' }).click();
    await expect.poll(() => page.locator('.recovery-codes li').count()).toBe(10);
    await expectAccessible(page, 'account security, recovery codes (en)');
    await page.getByRole('button', { name: 'I have saved my codes' }).click();
    await expect.poll(() => page.getByText('You have 10 recovery codes left.').count()).toBe(1);
    await page.getByRole('button', { name: /'s account$/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/app\/login/);

    await signIn();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    await expectAccessible(page, 'second sign-in step (en)');
    await page.getByLabel(/^Verification code/).fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong or already used code');
    await expectAccessible(page, 'second sign-in step with an error (en)');
    await page.getByLabel(/^Verification code/).fill(code(1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.pathname === '/app/' || url.pathname === '/app');
    await context.close();
  });
});
