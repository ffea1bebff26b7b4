/**
 * What the campaign integration tests share: their fixed time (Friday 27 November 2026, 09:00 in
 * Paris), the send instant of their campaigns (Monday 30 November, 11:00), a message the checker
 * lets through, and an organisation with its roles, a phone-consent purpose and people to call.
 */
import type { Runtime } from '../../../runtime.ts';
import { createTestOrg, createTestUser } from '../../../db/testing/factories.ts';
import { fixedClock } from '../../clock.ts';
import { createPurpose } from '../../consent/index.ts';
import { findOrCreateCustomer } from '../../customers/index.ts';

/** Friday 27 November 2026, 09:00 in Paris: where each test sets the clock back to. */
export const NOW = '2026-11-27T09:00:00+01:00';
/** Monday 30 November 2026, 11:00 in Paris. */
export const SEND = '2026-11-30T11:00:00+01:00';
/** A campaign message the message checker lets through. */
export const MESSAGE = 'Bonjour, Lumière Énergie vous appelle pour vous présenter son offre d’électricité à prix fixe pendant deux ans.';

/** A test file's clock, at {@link NOW}. */
export const campaignClock = () => fixedClock(new Date(NOW));

/**
 * A new organisation (the clock back at {@link NOW}) with a DPO, a supervisor and an agent, its
 * purpose `offers-phone` based on consent (phone and SMS), and `person` to add a customer with
 * an e-mail of their own and a phone number.
 */
export async function phoneCampaignOrg(rt: Runtime, clock: ReturnType<typeof campaignClock>) {
  clock.set(new Date(NOW));
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const supervisor = await createTestUser(rt, org.id, ['supervisor']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  await createPurpose(rt.deps, dpo.ctx, {
    key: 'offers-phone',
    legalBasis: 'consent',
    dataUse: 'marketing.communications.telephone',
    channels: ['phone', 'sms'],
    notice: { titleFr: 'Offres', titleEn: 'Offers', textFr: 'Nous pouvons vous appeler.', textEn: 'We may call you.' },
  });
  const person = async (name: string, phone: string) =>
    (
      await rt.deps.db.transaction((tx) =>
        findOrCreateCustomer(rt.deps, tx, dpo.ctx, { email: `${name}-${Math.random()}@example.test`, name, phone }, 'agent'),
      )
    ).customer;
  return { org, dpo, supervisor, agent, person };
}
