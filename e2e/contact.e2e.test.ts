/**
 * Contact guard journey: an agent opens a customer's contact page, sees that a sales call is not
 * allowed now and why (with the article, the legal windows when the hour is the reason), records
 * the customer's refusal, and the next decision names the 60 days after it; the history shows the
 * call, flagged. A supervisor counts an audience chosen by a selection of customers, then creates
 * a campaign with that customer in its audience (a CSV upload), scrubs it, and the report leaves the customer out with the 60 days after the refusal
 * as a reason; the CSV of decisions says the same; a refusal recorded after the scrub makes the
 * export refused until the campaign is scrubbed again. axe-core checks each page in each state. The
 * server runs on the real clock, so the journey asserts what holds at any hour: the demo customer
 * has no phone consent. Last, the agent records the customer's phone consent with the L.223-1
 * notice read out (refused until its box is ticked), then its withdrawal.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney } from './harness.ts';

const journey = useJourney();

describe('contact guard journey', () => {
  it('do not call now, why, record a refusal, and the refusal stops the next call — accessible throughout', async () => {
    const { page: agent } = await signInToBackOffice(journey.browser, journey.server, 'agent@lumiere.example');
    const list = (await (await agent.request.get(`${journey.server.url}/api/complaints`)).json()) as { items: { id: string }[] };
    const complaint = (await (await agent.request.get(`${journey.server.url}/api/complaints/${list.items[0]!.id}`)).json()) as {
      customer: { id: string };
    };
    const customerId = complaint.customer.id;

    await agent.getByRole('link', { name: 'Prospection', exact: true }).click();
    await agent.getByRole('heading', { level: 1, name: 'Démarchage' }).waitFor();
    await agent.getByLabel('Identifiant du client').fill(customerId);
    await agent.getByRole('button', { name: 'Vérifier maintenant' }).click();

    const verdict = agent.locator('section[aria-labelledby="contact-verdict"] [role="status"]');
    await verdict.getByText(/^Ne pas appeler maintenant : \d{2}:\d{2}$/).waitFor();
    await verdict.getByText('Pas de consentement au démarchage sur ce canal. (C. consom. L.223-1; loi 2025-594 art. 13 III)').waitFor();
    const text = (await verdict.textContent()) ?? '';
    if (/heures d’appel|lundi au vendredi seulement|jours fériés\./.test(text)) {
      expect(text).toContain('Appels autorisés 10:00–13:00 et 14:00–20:00 (C. consom. D.223-9)');
    }
    expect(text).toContain('Attendre ne lève pas ces motifs.');
    await agent.getByText('Aucun contact enregistré.').waitFor();
    await expectAccessible(agent, 'contact page, call not allowed');

    await agent.getByRole('button', { name: 'A refusé l’offre' }).click();
    await agent
      .getByRole('status')
      .filter({ hasText: 'Enregistré : A refusé l’offre. Ce contact n’était pas permis par les règles' })
      .waitFor();
    await verdict.getByText('Le client a refusé un appel il y a moins de 60 jours pleins. (C. consom. D.223-9 al. 3)').waitFor();
    const row = agent.getByRole('row').filter({ hasText: 'A refusé l’offre' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Non autorisé');
    await expectAccessible(agent, 'contact page after a refusal');

    // A campaign whose audience holds the customer: its scrub leaves them out, with the refusal as a reason.
    const { page: supervisor } = await signInToBackOffice(journey.browser, journey.server, 'superviseur@lumiere.example');
    await supervisor.getByRole('link', { name: 'Campagnes', exact: true }).click();
    await supervisor.getByRole('heading', { level: 1, name: 'Campagnes' }).waitFor();
    await supervisor.getByRole('table', { name: /campagnes?$/ }).waitFor();
    await expectAccessible(supervisor, 'campaign list');
    await supervisor.getByRole('link', { name: 'Nouvelle campagne' }).click();
    await supervisor.getByRole('heading', { level: 1, name: 'Nouvelle campagne' }).waitFor();
    // A file naming no one usable is refused whole, the line named.
    await supervisor.getByRole('textbox', { name: /^Nom/ }).fill('Relance prix fixe');
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000);
    const local = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T11:00`;
    await supervisor.getByLabel(/^Heure d’envoi/).fill(local(inTwoDays));
    // The typed time is read in the browser's zone, named in the hint; the instant it stands for is shown at the organisation's time.
    await supervisor.getByText(/^À l’heure de votre navigateur \(fuseau [\w/+-]+\)/).waitFor();
    await supervisor.getByText(/^Votre heure : UTC[+-]\d{2}:\d{2} ; soit .+/).waitFor();
    await supervisor
      .getByRole('textbox', { name: /^Message/ })
      .fill('Bonjour, Lumière Énergie vous appelle pour vous présenter son offre d’électricité à prix fixe pendant deux ans.');
    const file = supervisor.getByLabel(/^Audience \(fichier CSV\)/);
    await file.setInputFiles({ name: 'audience.csv', mimeType: 'text/csv', buffer: Buffer.from('customer_id\nnot-a-reference\n') });
    await supervisor.getByRole('button', { name: 'Créer la campagne' }).click();
    await supervisor.getByText('Ligne 2 : Référence client invalide (un UUID est attendu).').waitFor();
    await expectAccessible(supervisor, 'new campaign form with a refused file');
    // The other audience: a selection of customers, counted before anything is saved.
    await supervisor.getByRole('radio', { name: 'Une sélection de clients' }).check();
    await supervisor.getByRole('group', { name: 'Critères de sélection' }).waitFor();
    await supervisor.getByRole('radio', { name: 'Sans contrat en cours' }).check();
    await supervisor.getByRole('button', { name: 'Compter les clients retenus' }).click();
    await supervisor.getByText(/^\d+ clients? (correspond|correspondent) sur le canal « Appel téléphonique »\.$/).waitFor();
    await expectAccessible(supervisor, 'new campaign form, audience by selection, counted');
    await supervisor.getByRole('radio', { name: 'Un fichier CSV' }).check();
    await file.setInputFiles({ name: 'audience.csv', mimeType: 'text/csv', buffer: Buffer.from(`customer_id\n${customerId}\n`) });
    await supervisor.getByRole('button', { name: 'Créer la campagne' }).click();
    await supervisor.getByRole('heading', { level: 1, name: 'Relance prix fixe' }).waitFor();
    await supervisor.getByRole('button', { name: 'Filtrer maintenant' }).click();
    await supervisor.getByText('Filtrage fait : 0 autorisés sur 1.').waitFor();
    const reasons = supervisor.getByRole('table', { name: 'Personnes écartées, par motif' });
    await reasons.getByRole('row').filter({ hasText: 'Le client a refusé un appel il y a moins de 60 jours pleins.' }).waitFor();
    expect(await reasons.textContent()).toContain('Pas de consentement au démarchage sur ce canal.');
    await supervisor.getByRole('button', { name: 'Télécharger les destinataires autorisés (CSV)' }).waitFor();
    await expectAccessible(supervisor, 'campaign page with its scrub report');
    const report = await supervisor.getByRole('link', { name: 'Télécharger les décisions (CSV)' }).getAttribute('href');
    const csv = await (await supervisor.request.get(`${journey.server.url}${report}`)).text();
    const line = csv.split('\r\n').find((l) => l.startsWith(customerId));
    expect(line).toContain(',false,');
    expect(line).toContain('refusal_cooling_off');

    // The customer refuses again after the scrub: the export is refused, with why and "scrub again".
    await agent.getByRole('button', { name: 'A refusé l’offre' }).click();
    await agent.getByRole('status').filter({ hasText: 'Enregistré : A refusé l’offre.' }).waitFor();
    await supervisor.getByRole('button', { name: 'Télécharger les destinataires autorisés (CSV)' }).click();
    const refusal = supervisor.getByRole('alert').filter({ hasText: 'son filtrage n’est plus à jour' }).last();
    await refusal.waitFor();
    await expectAccessible(supervisor, 'campaign page, export refused for a stale scrub');
    await refusal.getByRole('button', { name: 'Filtrer à nouveau' }).click();
    await supervisor.getByText('Filtrage fait : 0 autorisés sur 1.').waitFor();
    await supervisor.getByRole('button', { name: 'Télécharger les destinataires autorisés (CSV)' }).waitFor();
    expect(await supervisor.getByText('son filtrage n’est plus à jour').count()).toBe(0);

    // Later on the phone the customer agrees to sales calls: the agent reads the L.223-1 notice
    // out, ticks that it was read, and records the consent; then the customer changes their mind.
    const consent = agent.locator('section[aria-labelledby="contact-phone-consent"]');
    await consent.getByRole('heading', { level: 2, name: 'Consentement au démarchage par téléphone' }).waitFor();
    await consent.getByText(/^Votre numéro ne servira pas à vous démarcher par téléphone sans votre accord préalable/).waitFor();
    const purpose = consent.getByRole('row').filter({ hasText: 'Offres par téléphone et SMS' });
    expect(await purpose.textContent()).toContain('Aucun accord');
    await purpose.getByRole('button', { name: 'Accord donné pour Offres par téléphone et SMS' }).click();
    await consent.getByText('Lisez l’information au client et cochez la case avant d’enregistrer son accord.').waitFor();
    await expectAccessible(agent, 'phone consent panel, notice not ticked');
    await consent.getByRole('checkbox', { name: 'J’ai lu cette information au client' }).check();
    await purpose.getByRole('button', { name: 'Accord donné pour Offres par téléphone et SMS' }).click();
    await consent
      .getByRole('status')
      .filter({ hasText: 'Accord enregistré pour Offres par téléphone et SMS, avec l’information lue (version du 11 août 2026).' })
      .waitFor();
    await purpose.getByText('A donné son accord').waitFor();
    // The 60 days after the refusal still stand: a consent lifts the consent rule only.
    await verdict.getByText('Le client a refusé un appel il y a moins de 60 jours pleins. (C. consom. D.223-9 al. 3)').waitFor();
    await expectAccessible(agent, 'phone consent panel, consent recorded');
    await purpose.getByRole('button', { name: 'Accord retiré pour Offres par téléphone et SMS' }).click();
    await consent.getByRole('status').filter({ hasText: 'Retrait enregistré pour Offres par téléphone et SMS.' }).waitFor();
    await purpose.getByText('A retiré ou refusé son accord').waitFor();
  });
});
