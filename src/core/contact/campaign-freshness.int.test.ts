/**
 * A stale scrub is not exported: only a scrub that judged the sending's instant (the same local
 * day once it has passed) and after which no recipient's consent, restriction or contact history
 * changed may be exported; otherwise 409 in the user's language, and scrubbing again lifts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime } from '../../db/testing/runtime.ts';
import { recordConsent } from '../consent/index.ts';
import { campaignRecipients } from './campaign.tables.ts';
import { campaignClock, MESSAGE, phoneCampaignOrg, SEND } from './testing/campaign-fixture.ts';

const clock = campaignClock();

let rt: Runtime;
beforeAll(async () => {
  rt = await createTestRuntime({ clock });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

async function setup() {
  const { org, dpo, supervisor, agent, person: customer } = await phoneCampaignOrg(rt, clock);
  const person = async (name: string, phone: string) => (await customer(name, phone)).id;
  const alice = await person('alice', '06 11 11 11 11');
  const bob = await person('bob', '06 22 22 22 22');
  const outsider = await person('dave', '06 44 44 44 44');
  const consent = (customerId: string, kind: 'given' | 'withdrawn', source: string) =>
    recordConsent(rt.deps, dpo.ctx, {
      customerId,
      purpose: 'offers-phone',
      channel: 'phone',
      kind,
      method: 'phone_recorded',
      source,
      occurredAt: clock.now(),
    });
  await consent(alice, 'given', 'call-1');
  await consent(bob, 'given', 'call-2');
  const created = await rt.app.inject({
    method: 'POST',
    url: '/api/contact/campaigns/from-filter',
    headers: { ...supervisor.headers, 'content-type': 'application/json' },
    payload: { name: 'Prix fixe', channel: 'phone', purpose: 'prospecting', message: MESSAGE, scheduledAt: SEND, filter: {} },
  });
  expect(created.statusCode, created.body).toBe(201);
  // Dave is in the organisation but not in this campaign: take him out of its audience.
  const id = created.json().id as string;
  await rt.deps.db.delete(campaignRecipients).where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.customerId, outsider)));
  return { org, supervisor, agent, alice, bob, outsider, id, consent };
}

describe('exporting only a fresh scrub', () => {
  it('refuses the export once a recipient’s facts changed after the scrub, not for someone else’s; scrubbing again lifts it', async () => {
    const s = await setup();
    const exportCsv = (lang = 'en') =>
      rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${s.id}/export.csv?lang=${lang}`, headers: s.supervisor.headers });
    const scrub = async () => {
      const res = await rt.app.inject({ method: 'POST', url: `/api/contact/campaigns/${s.id}/scrub`, headers: s.supervisor.headers });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const blocks = async () =>
      (await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${s.id}`, headers: s.supervisor.headers })).json().blocks;

    expect((await scrub()).allowed).toBe(2);
    expect((await exportCsv()).statusCode).toBe(200);

    // Someone outside the audience consents, is called: this campaign's scrub still stands.
    await s.consent(s.outsider, 'given', 'call-3');
    const call = (customerId: string, outcome: string) =>
      rt.app.inject({
        method: 'POST',
        url: '/api/contact/attempts',
        headers: { ...s.agent.headers, 'content-type': 'application/json' },
        payload: { customerId, channel: 'phone', purpose: 'prospecting', outcome, occurredAt: '2026-11-26T11:00:00+01:00' },
      });
    expect((await call(s.outsider, 'refused')).statusCode).toBe(201);
    expect(await blocks()).toEqual([]);
    expect((await exportCsv()).statusCode).toBe(200);

    // Bob, a recipient, refused a call (recorded after the scrub): the scrub no longer stands.
    expect((await call(s.bob, 'refused')).statusCode).toBe(201);
    expect(await blocks()).toEqual(['scrub_stale']);
    const refused = await exportCsv('fr');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'contact.campaign_blocked',
      message:
        'Cette campagne ne peut être ni envoyée ni exportée : son filtrage n’est plus à jour : il a jugé un autre jour, ou un consentement, un refus, un appel ou une liste d’opposition a changé depuis ; filtrez-la de nouveau.',
    });
    const detail = (await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${s.id}`, headers: s.supervisor.headers })).json();
    expect(detail.exportUrl).toBeNull();

    // Scrubbed again: Bob is left out, and the export goes through without him.
    expect((await scrub()).allowed).toBe(1);
    const fresh = await exportCsv();
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).toContain(s.alice);
    expect(fresh.body).not.toContain(s.bob);

    // Alice withdraws her consent after that scrub: stale again.
    await s.consent(s.alice, 'withdrawn', 'letter-1');
    expect((await exportCsv()).statusCode).toBe(409);
    expect((await scrub()).allowed).toBe(0);
    expect((await exportCsv()).statusCode).toBe(200);
  });

  it('lets the scrub of the send instant stand through the end of that local day, not the next', async () => {
    const s = await setup();
    const scrubbed = await rt.app.inject({ method: 'POST', url: `/api/contact/campaigns/${s.id}/scrub`, headers: s.supervisor.headers });
    expect(scrubbed.json().at).toBe('2026-11-30T10:00:00.000Z');
    const exportAt = async (now: string) => {
      clock.set(new Date(now));
      return (await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${s.id}/export.csv`, headers: s.supervisor.headers })).statusCode;
    };
    expect(await exportAt('2026-11-29T20:00:00+01:00')).toBe(200); // before the send instant
    expect(await exportAt('2026-11-30T11:00:00+01:00')).toBe(200); // at it
    expect(await exportAt('2026-11-30T23:59:59+01:00')).toBe(200); // late, the same day in Paris
    expect(await exportAt('2026-12-01T00:00:00+01:00')).toBe(409); // the next day: scrub again
    const list = (await rt.app.inject({ method: 'GET', url: '/api/contact/campaigns', headers: s.supervisor.headers })).json();
    expect(list.items.find((c: { id: string }) => c.id === s.id).blocks).toEqual(['scrub_stale']);
    // A scrub now judges now (the instant has passed), and stands for today.
    const again = await rt.app.inject({ method: 'POST', url: `/api/contact/campaigns/${s.id}/scrub`, headers: s.supervisor.headers });
    expect(again.json().at).toBe('2026-11-30T23:00:00.000Z');
    expect(await exportAt('2026-12-01T18:00:00+01:00')).toBe(200);
    expect(await exportAt('2026-12-02T00:00:00+01:00')).toBe(409);
  });
});
