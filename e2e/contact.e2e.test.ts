/**
 * Contact guard journey: an agent opens a customer's contact page, sees that a sales call is not
 * allowed now and why (with the article, the legal windows when the hour is the reason), records
 * the customer's refusal, and the next decision names the 60 days after it; the history shows the
 * call, flagged. axe-core checks the page in each state. The server runs on the real clock, so
 * the journey asserts what holds at any hour: the demo customer has no phone consent.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible, signInToBackOffice, useJourney } from './harness.ts';

const journey = useJourney();

describe('contact guard journey', () => {
  it('do not call now, why, record a refusal, and the refusal stops the next call — accessible throughout', async () => {
    const { page: agent } = await signInToBackOffice(journey.browser, journey.server, 'agent@lumiere.example');
    const list = (await (await agent.request.get(`${journey.server.url}/api/complaints`)).json()) as { items: { id: string }[] };
    const complaint = (await (await agent.request.get(`${journey.server.url}/api/complaints/${list.items[0]!.id}`)).json()) as { customer: { id: string } };
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
    await agent.getByRole('status').filter({ hasText: 'Enregistré : A refusé l’offre. Ce contact n’était pas permis par les règles' }).waitFor();
    await verdict.getByText('Le client a refusé un appel il y a moins de 60 jours pleins. (C. consom. D.223-9 al. 3)').waitFor();
    const row = agent.getByRole('row').filter({ hasText: 'A refusé l’offre' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Non autorisé');
    await expectAccessible(agent, 'contact page after a refusal');
  });
});
