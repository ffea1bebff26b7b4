/**
 * Contact imports journey: a supervisor uploads a dialer's export of contact attempts, reads the
 * dry run (counts and the rejected line with its reason), confirms, and sees the import done; an
 * ethics officer loads an opposition-list extract (a form sent empty first names both fields; a
 * CSV that is no extract is refused with its first bad lines named), follows its upload's
 * progress, sees the result with the line that is not a number, and the extract in force in the
 * table; a DPO imports consents through the same import panel (a form sent empty, the dry run, the import).
 * axe-core checks each page in each state. The server runs on the real clock: the dates are
 * yesterday's.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney } from './harness.ts';

const journey = useJourney();

describe('contact imports journey', () => {
  it('history import with a dry run, then an opposition-list extract — accessible throughout', async () => {
    const { page: supervisor } = await signInToBackOffice(journey.browser, journey.server, 'superviseur@lumiere.example');
    const list = (await (await supervisor.request.get(`${journey.server.url}/api/complaints`)).json()) as { items: { id: string }[] };
    const complaint = (await (await supervisor.request.get(`${journey.server.url}/api/complaints/${list.items[0]!.id}`)).json()) as {
      customer: { id: string };
    };
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

    await supervisor.getByRole('link', { name: 'Import de l’historique des contacts', exact: true }).click();
    await supervisor.getByRole('heading', { level: 1, name: 'Import de l’historique des contacts' }).waitFor();
    await expectAccessible(supervisor, 'history import, empty');
    const csv = [
      'customer_id,channel,purpose,outcome,occurred_at,source',
      `${complaint.customer.id},phone,service,answered,${yesterday}T11:00:00Z,dialer`,
      `${complaint.customer.id},fax,service,answered,${yesterday}T11:00:00Z,dialer`,
    ].join('\n');
    await supervisor
      .getByLabel(/^Fichier CSV des tentatives/)
      .setInputFiles({ name: 'dialer.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await supervisor.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await supervisor.getByText('Lignes : 2 ; à importer : 1 ; refusées : 1 ; déjà importées : 0.').waitFor();
    const rejected = supervisor.getByRole('row').filter({ hasText: 'Refusée' });
    expect(await rejected.textContent()).toContain('Canal inconnu : « fax »');
    await expectAccessible(supervisor, 'history import, dry run report');
    await supervisor.getByRole('button', { name: 'Importer 1 tentative' }).click();
    await supervisor.getByRole('status').filter({ hasText: 'Import terminé.' }).waitFor();
    expect(await supervisor.getByRole('status').filter({ hasText: 'Import terminé.' }).textContent()).toContain('Tentatives importées : 1');
    await expectAccessible(supervisor, 'history import, done');

    const { page: officer } = await signInToBackOffice(journey.browser, journey.server, 'ethique@lumiere.example');
    await officer.getByRole('link', { name: 'Listes d’opposition', exact: true }).click();
    await officer.getByRole('heading', { level: 1, name: 'Listes d’opposition' }).waitFor();
    await officer.getByText('Aucun extrait chargé.').waitFor();
    await officer.getByRole('button', { name: 'Charger l’extrait' }).click();
    await officer.getByText('Indiquez la date de l’extrait.').first().waitFor();
    await expectAccessible(officer, 'opposition lists, form sent empty');
    await officer.getByLabel(/^Date de l’extrait/).fill(yesterday);
    // A file that is no extract (a CSV of 120 lines): refused whole, its first bad lines named.
    const notExtract = ['numero;date', ...Array.from({ length: 120 }, (_, i) => `06123${String(i).padStart(5, '0')};${yesterday}`)].join('\n');
    await officer.getByLabel(/^Fichier de l’extrait/).setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(notExtract) });
    await officer.getByRole('button', { name: 'Charger l’extrait' }).click();
    await officer.getByText('Premières lignes en cause', { exact: false }).waitFor();
    expect(await officer.getByRole('listitem').filter({ hasText: /^Ligne 1\u00a0:/ }).textContent()).toContain('numero;date');
    expect(await officer.getByRole('listitem').filter({ hasText: /n’est pas un numéro de téléphone/ }).count()).toBe(100);
    await expectAccessible(officer, 'opposition lists, file refused with its lines');

    // The upload held on its way: the page shows its progress meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await officer.route('**/api/contact/opposition-lists?**', async (route) => {
      if (route.request().method() === 'POST') await held;
      await route.continue();
    });
    await officer
      .getByLabel(/^Fichier de l’extrait/)
      .setInputFiles({ name: 'bloctel.txt', mimeType: 'text/plain', buffer: Buffer.from('06 12 34 56 78\n+33699887766\npas un numéro\n') });
    await officer.getByRole('button', { name: 'Charger l’extrait' }).click();
    // At 0 % Mantine's bar has no width: it is there for assistive technology, not yet visible.
    await officer.getByRole('progressbar', { name: 'Envoi du fichier' }).waitFor({ state: 'attached' });
    await officer.getByRole('status').filter({ hasText: /Envoi du fichier|Fichier reçu/ }).waitFor();
    await expectAccessible(officer, 'opposition lists, upload in progress');
    release();
    await officer.getByText('Extrait chargé. Numéros : 2 ; lignes refusées : 1.').waitFor();
    await officer.getByText('Ligne 3 : ', { exact: false }).waitFor();
    const row = officer.getByRole('table', { name: '1 extrait' }).getByRole('row').filter({ hasText: 'En vigueur' });
    await row.waitFor();
    expect(await row.textContent()).toContain('bloctel');
    await expectAccessible(officer, 'opposition lists, extract loaded');
  });

  it('consent import with a dry run, then confirmed, through the same import panel — accessible throughout', async () => {
    const { page: dpo } = await signInToBackOffice(journey.browser, journey.server, 'dpo@lumiere.example');
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await dpo.goto(`${journey.server.url}/app/privacy/purposes`);
    await dpo.getByRole('link', { name: 'Importer ou exporter des consentements' }).click();
    await dpo.getByRole('heading', { level: 2, name: 'Importer un fichier de consentements' }).waitFor();
    // Sent without a file: the field is named in the summary and beside the input.
    await dpo.getByRole('button', { name: 'Vérifier le fichier' }).click();
    await dpo.getByText('Choisissez un fichier.').first().waitFor();
    await expectAccessible(dpo, 'consent import, sent without a file');
    const email = `import-e2e-${Date.now()}@example.fr`;
    const csv = [
      'email,purpose,channel,state,occurred_at,notice_version,method,source',
      `${email},newsletter,email,given,${yesterday},1,web_form,crm`,
      `${email},newsletter,fax,given,${yesterday},1,web_form,crm`,
    ].join('\n');
    await dpo.getByLabel(/^Fichier CSV/).setInputFiles({ name: 'consents.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await dpo.getByRole('button', { name: 'Vérifier le fichier' }).click();
    // French typography may put a no-break space before the colon and the semicolon.
    await dpo.getByText(/^2 lignes\s:\s1 acceptée, 1 refusée, 0 déjà importée\s;\s1 personne nouvelle\.$/).waitFor();
    expect(await dpo.getByRole('row').filter({ hasText: 'Refusée' }).textContent()).toContain('fax');
    await expectAccessible(dpo, 'consent import, dry run report');
    await dpo.getByRole('button', { name: 'Importer 1 consentement' }).click();
    await dpo.getByRole('status').filter({ hasText: 'Import terminé' }).waitFor();
    expect(await dpo.getByRole('status').filter({ hasText: 'Import terminé' }).textContent()).toMatch(/1 consentement importé\s;\s1 personne créée\./);
    await expectAccessible(dpo, 'consent import, done');
  });
});
