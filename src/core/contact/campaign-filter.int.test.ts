/**
 * Campaigns from a saved filter: the count a filter gives (preview), a campaign created from it
 * (its people written once, the filter and its count kept as evidence), each condition at work,
 * bad filters refused in the user's language, and a filter never selecting another
 * organisation's customers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { findOrCreateCustomer, type CustomerIdentity } from '../customers/index.ts';
import { contracts } from '../contracts/contracts.tables.ts';
import { createContract, contractsSchemas } from '../contracts/index.ts';
import { createOffer, offersSchemas } from '../offers/index.ts';
import { eraseSubject } from '../dsr/index.ts';
import { campaignRecipients, campaigns } from './campaign.tables.ts';
import { campaignClock, MESSAGE, NOW, SEND } from './testing/campaign-fixture.ts';

const clock = campaignClock();

let rt: Runtime;
beforeAll(async () => {
  rt = await createTestRuntime({ clock });
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

async function orgWithPeople() {
  const org = await createTestOrg(rt);
  const supervisor = await createTestUser(rt, org.id, ['supervisor']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  const person = async (identity: CustomerIdentity, createdAt: string) => {
    const { customer } = await rt.deps.db.transaction((tx) => findOrCreateCustomer(rt.deps, tx, supervisor.ctx, identity, 'agent'));
    await rt.deps.db.update(customers).set({ createdAt: new Date(createdAt) }).where(eq(customers.id, customer.id));
    return customer.id;
  };
  const offer = async (slug: string) =>
    (
      await createOffer(
        rt.deps,
        supervisor.ctx,
        offersSchemas.CreateOfferSchema.parse({
          slug,
          kind: 'service',
          sector: 'other',
          name: { fr: slug },
          priceCents: 100,
          pricePeriod: 'month',
          renewal: 'none',
        }),
      )
    ).offer.id;
  const fixed = await offer('prix-fixe');
  const green = await offer('vert');
  const contract = (customerId: string, offerId: string) =>
    createContract(
      rt.deps,
      supervisor.ctx,
      contractsSchemas.CreateContractSchema.parse({ customerId, offerId, channel: 'phone', concludedOn: '2026-06-01', email: 'contrat@example.test' }),
    );
  const uniq = () => Math.random().toString(36).slice(2, 8);
  // Created 10 March (Paris), French, in Paris, a contract in force on the fixed-price offer, phone and e-mail.
  const alice = await person({ email: `alice-${uniq()}@example.test`, phone: '06 11 11 11 11', name: 'Alice', locale: 'fr' }, '2026-03-10T09:00:00Z');
  await contract(alice, fixed);
  // Created 31 March at 23:30 in Paris (21:30 UTC): the organisation's 31 March. English, in Martinique, no contract, phone only.
  const bob = await person({ phone: '06 22 22 22 22', name: 'Bob', locale: 'en', timezone: 'America/Martinique' }, '2026-03-31T21:30:00Z');
  // Created 1 April at 00:30 in Paris (31 March 22:30 UTC): the organisation's 1 April. Her contract ended.
  const carol = await person({ phone: '06 33 33 33 33', name: 'Carol', locale: 'fr' }, '2026-03-31T22:30:00Z');
  const ended = await contract(carol, green);
  await rt.deps.db.update(contracts).set({ status: 'terminated', endOn: '2026-10-01' }).where(eq(contracts.id, ended.id));
  // E-mail only: no phone campaign reaches her.
  const dora = await person({ email: `dora-${uniq()}@example.test`, name: 'Dora', locale: 'fr' }, '2026-05-01T09:00:00Z');
  // Erased: no filter brings her back (GDPR Art. 17).
  const erased = await person({ phone: '06 44 44 44 44', name: 'Eve', locale: 'fr' }, '2026-05-01T09:00:00Z');
  await rt.deps.db.transaction((tx) => eraseSubject(rt.deps, tx, supervisor.ctx, org.id, erased));
  // Bob was called a week ago (no answer).
  const called = await rt.app.inject({
    method: 'POST',
    url: '/api/contact/attempts',
    headers: { ...agent.headers, 'content-type': 'application/json' },
    payload: { customerId: bob, channel: 'phone', purpose: 'prospecting', outcome: 'no_answer', occurredAt: '2026-11-20T11:00:00+01:00' },
  });
  expect(called.statusCode, called.body).toBe(201);
  return { org, supervisor, agent, fixed, green, alice, bob, carol, dora, erased };
}

const post = (headers: Record<string, string>, url: string, payload: object) =>
  rt.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/json' }, payload });

describe('campaigns from a saved filter', () => {
  it('counts, per condition, only the organisation’s live customers reachable on the channel', async () => {
    clock.set(new Date(NOW));
    const p = await orgWithPeople();
    // Another organisation with a customer who would match every filter below.
    const other = await orgWithPeople();
    const count = async (filter: object, channel = 'phone') => {
      const res = await post(p.supervisor.headers, '/api/contact/campaigns/audience-preview', { channel, filter });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().count;
    };
    expect(await count({})).toBe(3); // Alice, Bob, Carol: Dora has no phone, Eve is erased
    expect(await count({}, 'sms')).toBe(3);
    expect(await count({}, 'email')).toBe(2); // Alice and Dora
    expect(await count({}, 'post')).toBe(0);
    expect(await count({ contract: 'active' })).toBe(1); // Alice
    expect(await count({ contract: 'none' })).toBe(2); // Bob, and Carol whose contract ended
    expect(await count({ offerIds: [p.fixed] })).toBe(1);
    expect(await count({ offerIds: [p.green] })).toBe(0); // Carol's contract on it is no longer in force
    // Another organisation's offer selects nobody here, and this one's nobody there.
    expect(await count({ offerIds: [other.fixed] })).toBe(0);
    expect(await count({ locales: ['en'] })).toBe(1);
    expect(await count({ locales: ['en', 'fr'] })).toBe(3);
    expect(await count({ timezones: ['America/Martinique'] })).toBe(1);
    // Days are the organisation's (Paris): Bob was created on 31 March, Carol on 1 April.
    expect(await count({ createdTo: '2026-03-31' })).toBe(2); // Alice, Bob
    expect(await count({ createdFrom: '2026-04-01' })).toBe(1); // Carol
    expect(await count({ createdFrom: '2026-03-31', createdTo: '2026-03-31' })).toBe(1); // Bob
    expect(await count({ contactedSince: '2026-11-20' })).toBe(1); // Bob, called on the 20th
    expect(await count({ contactedSince: '2026-11-21' })).toBe(0);
    expect(await count({ notContactedSince: '2026-11-20' })).toBe(2); // Alice, Carol (never called)
    expect(await count({ notContactedSince: '2026-11-21' })).toBe(3);
    expect(await count({ contract: 'none', locales: ['fr'] })).toBe(1); // Carol
  });

  it('creates a campaign from a filter: its people written once, the filter and the count kept, scrubbed like any other', async () => {
    clock.set(new Date(NOW));
    const p = await orgWithPeople();
    const other = await orgWithPeople();
    const created = await post(p.supervisor.headers, '/api/contact/campaigns/from-filter', {
      name: 'Sans contrat',
      channel: 'phone',
      purpose: 'prospecting',
      sector: 'other',
      message: MESSAGE,
      scheduledAt: SEND,
      // Lists in any order, repeated: kept sorted, once.
      filter: { contract: 'none', locales: ['fr', 'en', 'fr'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect(campaign).toMatchObject({
      recipients: 2,
      blocks: ['not_scrubbed'],
      audience: { source: 'filter', filter: { contract: 'none', locales: ['en', 'fr'] } },
    });
    expect(campaign.audience.hash).toMatch(/^[0-9a-f]{64}$/);
    const rows = await rt.deps.db
      .select({ customerId: campaignRecipients.customerId, orgId: campaignRecipients.orgId, line: campaignRecipients.line })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaign.id))
      .orderBy(asc(campaignRecipients.customerId));
    expect(rows.map((r) => r.customerId)).toEqual([p.bob, p.carol].sort());
    expect(rows.map((r) => r.line)).toEqual([1, 2]);
    expect(rows.every((r) => r.orgId === p.org.id)).toBe(true);
    // The same filter written differently gives the same hash: the hash is of what was asked.
    const again = await post(p.supervisor.headers, '/api/contact/campaigns/from-filter', {
      name: 'Sans contrat (bis)',
      channel: 'phone',
      purpose: 'prospecting',
      message: MESSAGE,
      scheduledAt: SEND,
      filter: { locales: ['en', 'fr'], contract: 'none', offerIds: [] },
    });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().audience.hash).toBe(campaign.audience.hash);

    const [event] = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, p.org.id), eq(auditEvents.type, 'contact.campaign_created'), eq(auditEvents.targetId, campaign.id)));
    expect(event?.payload).toMatchObject({
      recipients: 2,
      audienceSource: 'filter',
      audienceHash: campaign.audience.hash,
      filter: JSON.stringify({ contract: 'none', locales: ['en', 'fr'] }),
    });

    const scrubbed = await rt.app.inject({ method: 'POST', url: `/api/contact/campaigns/${campaign.id}/scrub`, headers: p.supervisor.headers });
    expect(scrubbed.statusCode, scrubbed.body).toBe(201);
    // Nobody consented; 11:00 in Paris is 06:00 in Martinique, where Bob lives.
    expect(scrubbed.json()).toMatchObject({
      recipients: 2,
      allowed: 0,
      byReason: [
        { code: 'consent_missing', count: 2 },
        { code: 'outside_calling_hours', count: 1 },
      ],
    });

    // Tenant isolation: the other organisation's campaign with the widest filter holds only its own people.
    const theirs = await post(other.supervisor.headers, '/api/contact/campaigns/from-filter', {
      name: 'Tous',
      channel: 'phone',
      purpose: 'prospecting',
      message: MESSAGE,
      scheduledAt: SEND,
      filter: {},
    });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const theirRows = await rt.deps.db
      .select({ customerId: campaignRecipients.customerId })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, theirs.json().id))
      .orderBy(asc(campaignRecipients.customerId));
    expect(theirRows.map((r) => r.customerId)).toEqual([other.alice, other.bob, other.carol].sort());
    const mine = [p.alice, p.bob, p.carol, p.dora, p.erased];
    const leaked = await rt.deps.db
      .select()
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, theirs.json().id), inArray(campaignRecipients.customerId, mine)));
    expect(leaked).toEqual([]);
    // And this organisation cannot read the other's campaign.
    const peek = await rt.app.inject({ method: 'GET', url: `/api/contact/campaigns/${theirs.json().id}`, headers: p.supervisor.headers });
    expect(peek.statusCode).toBe(404);
  });

  it('refuses, in the user’s language, a filter that selects nobody or does not make sense, and saves nothing', async () => {
    clock.set(new Date(NOW));
    const p = await orgWithPeople();
    const base = { name: 'Vide', channel: 'post', purpose: 'prospecting', message: MESSAGE, scheduledAt: SEND };
    const empty = await post(p.supervisor.headers, '/api/contact/campaigns/from-filter?lang=fr', { ...base, filter: {} });
    expect(empty.statusCode, empty.body).toBe(400);
    expect(empty.json().error.issues).toEqual([
      { path: 'filter', message: 'Aucun client ne correspond à ce filtre sur ce canal : élargissez-le ou choisissez un autre canal.' },
    ]);
    const bad = async (filter: object, path: string, message: RegExp) => {
      const res = await post(p.supervisor.headers, '/api/contact/campaigns/from-filter?lang=en', { ...base, channel: 'phone', filter });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.issues).toContainEqual({ path, message: expect.stringMatching(message) });
    };
    await bad({ createdFrom: '2026-04-02', createdTo: '2026-04-01' }, 'filter.createdTo', /end day comes before/);
    await bad({ timezones: ['Mars/Olympus'] }, 'filter.timezones.0', /Unknown time zone/);
    await bad({ contract: 'none', offerIds: [p.fixed] }, 'filter.offerIds', /contract in force/);
    await bad({ createdFrom: '1er avril' }, 'filter.createdFrom', /./);
    await bad({ segment: 'vip' }, 'filter.segment', /Unknown field/);
    const past = await post(p.supervisor.headers, '/api/contact/campaigns/from-filter', {
      ...base,
      channel: 'phone',
      scheduledAt: '2026-11-26T11:00:00+01:00',
      filter: {},
    });
    expect(past.statusCode).toBe(400);
    const saved = await rt.deps.db.select().from(campaigns).where(eq(campaigns.orgId, p.org.id));
    expect(saved).toEqual([]);
    // An agent may check contacts but not create campaigns nor count audiences.
    const agent = await post(p.agent.headers, '/api/contact/campaigns/audience-preview', { channel: 'phone', filter: {} });
    expect(agent.statusCode).toBe(403);
  });
});
