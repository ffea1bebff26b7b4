import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import type { Deps } from '../deps.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { addVersion, createOffer } from './offers.service.ts';
import { offerVersions } from './offers.tables.ts';
import { CreateOfferSchema, NewVersionSchema } from './offers.schemas.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const DAY = 86_400_000;
const json = { 'content-type': 'application/json' };
const terms = {
  name: { fr: 'Électricité Verte', en: 'Green Electricity' },
  summary: { fr: 'Électricité d’origine renouvelable.', en: 'Renewable electricity.' },
  priceCents: 10_000,
  pricePeriod: 'month' as const,
  breakdown: [
    { label: { fr: 'Production', en: 'Production' }, amountCents: 4_000 },
    { label: { fr: 'Transport', en: 'Transport' }, amountCents: 3_000 },
    { label: { fr: 'Taxes', en: 'Taxes' }, amountCents: 2_000 },
    { label: { fr: 'Marge', en: 'Margin' }, amountCents: 1_000 },
  ],
  renewal: 'tacit' as const,
  durationMonths: 12,
};
const scaled = (price: number) => ({ ...terms, priceCents: price, breakdown: [] });

/** The services as they were `daysAgo` days ago: the ledger is only ever written "now". */
const back = (daysAgo: number): Deps => ({ ...rt.deps, clock: { now: () => new Date(Date.now() - daysAgo * DAY) } });

async function setup() {
  const org = await createTestOrg(rt);
  const manager = await createTestUser(rt, org.id, ['ethics_officer']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const post = (url: string, payload: object, headers: Record<string, string> = manager.headers) =>
    rt.app.inject({ method: 'POST', url, headers: { ...headers, ...json }, payload });
  return { org, manager, agent, dpo, post };
}

/** An offer whose ledger reads 100 € (60 days ago), 80 € (20 days ago), 120 € (10 days ago). */
async function offerWithHistory(s: Awaited<ReturnType<typeof setup>>, slug = 'verte') {
  const { offer } = await createOffer(back(60), s.manager.ctx, CreateOfferSchema.parse({ slug, kind: 'plan', sector: 'energy', ...terms }));
  await addVersion(
    back(20),
    s.manager.ctx,
    offer.id,
    NewVersionSchema.parse({ ...scaled(8_000), reason: { fr: 'Baisse du tarif réglementé', en: 'Regulated tariff cut' } }),
  );
  await addVersion(
    back(10),
    s.manager.ctx,
    offer.id,
    NewVersionSchema.parse({ ...scaled(12_000), reason: { fr: 'Hausse du transport', en: 'Transport cost rise' } }),
  );
  return offer;
}

describe('offers over HTTP', () => {
  it('publishes an offer with its breakdown (manager), readable by agents, closed to roles without transparency rights; audited', async () => {
    const s = await setup();
    const created = await s.post('/api/offers', { slug: 'verte', kind: 'plan', sector: 'energy', ...terms });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      slug: 'verte',
      versions: 1,
      current: { version: 1, priceCents: 10_000, state: 'current', reason: { fr: 'Lancement de l’offre', en: 'Offer launched' } },
      publicPath: `/portal/${s.org.slug}/offers/verte`,
      abilities: { manage: true },
    });
    const list = await rt.app.inject({ method: 'GET', url: '/api/offers', headers: s.agent.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0].abilities).toEqual({ manage: false });
    expect((await s.post('/api/offers', { slug: 'autre', kind: 'plan', sector: 'energy', ...terms }, s.agent.headers)).statusCode).toBe(
      403,
    );
    expect((await rt.app.inject({ method: 'GET', url: '/api/offers', headers: s.dpo.headers })).statusCode).toBe(403);
    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'offer.created')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.payload).toMatchObject({ offerId: body.id, slug: 'verte', sector: 'energy' });
  });

  it('refuses a breakdown that does not add up to the price and a slug already used, naming the field in the user’s language', async () => {
    const s = await setup();
    const bad = await s.post('/api/offers?lang=fr', { slug: 'verte', kind: 'plan', sector: 'energy', ...terms, priceCents: 10_100 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toEqual([
      { path: 'breakdown', message: expect.stringMatching(/^Les lignes de la répartition font 100,00\s€ au lieu du prix, 101,00\s€/) },
    ]);
    expect((await s.post('/api/offers', { slug: 'verte', kind: 'plan', sector: 'energy', ...terms })).statusCode).toBe(201);
    const taken = await s.post('/api/offers?lang=en', { slug: 'verte', kind: 'plan', sector: 'energy', ...terms });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().error.issues).toEqual([{ path: 'slug', message: 'Another offer already uses this address.' }]);
  });

  it('checks an announced reduction against the lowest price of the previous 30 days, not the last price', async () => {
    const s = await setup();
    const offer = await offerWithHistory(s);
    // -50 % from 120 € to 60 €: the lowest price of the 30 days was 80 €, so the real reduction is 25 %.
    const wrong = await s.post(`/api/offers/${offer.id}/versions?lang=fr`, {
      ...scaled(6_000),
      reason: { fr: 'Promotion d’hiver' },
      reduction: { percent: 50 },
    });
    expect(wrong.statusCode, wrong.body).toBe(400);
    const [issue] = wrong.json().error.issues;
    expect(issue.path).toBe('reduction.percent');
    expect(issue.message).toMatch(
      /^Réduction refusée : 50\s% annoncés, mais le nouveau prix ne fait que 25\s% de moins que le prix de référence, 80,00\s€ \(le plus bas du \d+ [a-zéû]+\.? 2026 au /,
    );
    const wrongEn = await s.post(`/api/offers/${offer.id}/versions?lang=en`, {
      ...scaled(6_000),
      reason: { fr: 'Promotion d’hiver' },
      reduction: { percent: 50 },
    });
    expect(wrongEn.json().error.issues[0].message).toMatch(
      /^Reduction refused: 50% announced, but the new price is only 25% below the reference price, €80.00/,
    );
    const preview = await s.post(`/api/offers/${offer.id}/reduction-check`, { priceCents: 6_000, percent: 25 });
    expect(preview.json()).toMatchObject({
      ok: true,
      referencePriceCents: 8_000,
      actualBasisPoints: 2_500,
      ref: expect.stringContaining('98/6/EC'),
    });
    const right = await s.post(`/api/offers/${offer.id}/versions`, {
      ...scaled(6_000),
      reason: { fr: 'Promotion d’hiver' },
      reduction: { percent: 25 },
    });
    expect(right.statusCode, right.body).toBe(201);
    expect(right.json()).toMatchObject({
      version: 4,
      priceCents: 6_000,
      state: 'current',
      reduction: { announcedBasisPoints: 2_500, referencePriceCents: 8_000 },
    });
    const audit = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'offer.version_created')));
    expect(audit.map((e) => e.payload)).toContainEqual(
      expect.objectContaining({ version: 4, priceCents: 6_000, previousPriceCents: 12_000, reductionBasisPoints: 2_500 }),
    );
  });

  it('refuses a reduction without a reference (the ledger is younger than 30 days) and one that is no reduction', async () => {
    const s = await setup();
    const created = (await s.post('/api/offers', { slug: 'neuve', kind: 'plan', sector: 'other', ...terms })).json();
    const young = await s.post(`/api/offers/${created.id}/versions?lang=en`, {
      ...scaled(9_000),
      reason: { fr: 'Promo' },
      reduction: { percent: 10 },
    });
    expect(young.statusCode).toBe(400);
    expect(young.json().error.issues[0].message).toMatch(/^Reduction refused: the history does not cover the 30 days before the reduction/);
    const offer = await offerWithHistory(s, 'ancienne');
    const none = await s.post(`/api/offers/${offer.id}/versions?lang=en`, {
      ...scaled(9_000),
      reason: { fr: 'Promo' },
      reduction: { percent: 5 },
    });
    expect(none.json().error.issues[0].message).toMatch(/^Reduction refused: the new price is not below the reference price, €80.00/);
    expect(await rt.deps.db.select().from(offerVersions).where(eq(offerVersions.offerId, offer.id))).toHaveLength(3);
  });

  it('keeps every version: a change applies later, old versions stay readable, the past is not rewritten', async () => {
    const s = await setup();
    const offer = await offerWithHistory(s);
    const later = new Date(Date.now() + 40 * DAY).toISOString();
    const announced = await s.post(`/api/offers/${offer.id}/versions`, {
      ...terms,
      priceCents: 11_000,
      breakdown: [],
      reason: { fr: 'Hausse du TURPE', en: 'Grid tariff rise' },
      validFrom: later,
    });
    expect(announced.statusCode, announced.body).toBe(201);
    expect(announced.json().state).toBe('upcoming');
    const detail = (await rt.app.inject({ method: 'GET', url: `/api/offers/${offer.id}`, headers: s.agent.headers })).json();
    expect(detail.history.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [4, 'upcoming'],
      [3, 'current'],
      [2, 'past'],
      [1, 'past'],
    ]);
    expect(detail).toMatchObject({ current: { version: 3, priceCents: 12_000 }, upcoming: { version: 4, priceCents: 11_000 } });
    const past = await s.post(`/api/offers/${offer.id}/versions?lang=en`, {
      ...scaled(9_000),
      reason: { fr: 'Oubli' },
      validFrom: new Date(Date.now() - DAY).toISOString(),
    });
    expect(past.json().error.issues).toEqual([
      { path: 'validFrom', message: 'A version cannot apply in the past: the price history is not rewritten.' },
    ]);
    const beforeLast = await s.post(`/api/offers/${offer.id}/versions?lang=en`, {
      ...scaled(9_000),
      reason: { fr: 'Entre-deux' },
      validFrom: new Date(Date.now() + DAY).toISOString(),
    });
    expect(beforeLast.json().error.issues[0]).toMatchObject({
      path: 'validFrom',
      message: expect.stringMatching(/^This version must apply after the previous one/),
    });
    const missing = await s.post(`/api/offers/00000000-0000-4000-8000-000000000000/versions`, { ...scaled(9_000), reason: { fr: 'x' } });
    expect(missing.statusCode).toBe(404);
  });
});

describe('the public offer pages', () => {
  it('show the price in force, its breakdown as a chart and a table, the history, and two versions side by side', async () => {
    const s = await setup();
    const environmental = {
      text: { fr: '100 % renouvelable, garanties d’origine', en: '100% renewable, guarantees of origin' },
      co2eKgPerYear: 12,
    };
    await s.post('/api/offers', { slug: 'verte', kind: 'plan', sector: 'energy', ...terms, environmental });
    const id = (await rt.app.inject({ method: 'GET', url: '/api/offers', headers: s.agent.headers })).json().items[0].id;
    await s.post(`/api/offers/${id}/versions`, {
      ...terms,
      priceCents: 11_000,
      breakdown: [...terms.breakdown.slice(0, 3), { label: { fr: 'Marge', en: 'Margin' }, amountCents: 2_000 }],
      reason: { fr: 'Hausse de la marge', en: 'Higher margin' },
      environmental,
      validFrom: new Date(Date.now() + 10 * DAY).toISOString(),
    });
    const page = await rt.app.inject({ method: 'GET', url: `/portal/${s.org.slug}/offers/verte?lang=fr` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const html = page.body;
    expect(html).toContain('<h1>Électricité Verte</h1>');
    expect(html).toContain('100,00\u00a0€ par mois');
    expect(html).toMatch(/aria-label="Répartition du prix : Production 40\s%, Transport 30\s%, Taxes 20\s%, Marge 10\s%/);
    expect(html).toContain('Changement annoncé');
    expect(html).toContain('12 kg CO₂e par an');
    expect(html).toContain(`action="/portal/${s.org.slug}/offers/verte/compare"`);
    const compare = await rt.app.inject({ method: 'GET', url: `/portal/${s.org.slug}/offers/verte/compare?from=1&to=2&lang=en` });
    expect(compare.statusCode).toBe(200);
    expect(compare.body).toContain('2 items changed.');
    expect(compare.body).toContain('Why: Higher margin');
    expect(compare.body.match(/class="changed"/g)).toHaveLength(2); // price and breakdown
    const list = await rt.app.inject({ method: 'GET', url: `/portal/${s.org.slug}/offers?lang=en` });
    expect(list.body).toContain(`href="/portal/${s.org.slug}/offers/verte"`);
    expect(list.body).toContain('€100.00 a month');
    expect((await rt.app.inject({ method: 'GET', url: `/portal/${s.org.slug}/offers/nope` })).statusCode).toBe(404);
    expect((await rt.app.inject({ method: 'GET', url: `/portal/${s.org.slug}/offers/verte/compare?from=1&to=9` })).statusCode).toBe(404);
    expect((await rt.app.inject({ method: 'GET', url: `/portal/${s.org.slug}/offers/verte/compare?from=x&to=1` })).statusCode).toBe(400);
  });
});
