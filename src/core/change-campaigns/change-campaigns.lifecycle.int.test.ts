/**
 * Issue 13, what a change campaign does after it is planned, with fixed clocks (Paris, energy: one
 * month's notice, C. consom. L.224-10):
 * - a contract concluded on the old version after the announcement gets its own notice with the
 *   full period, its date moved when the period would not hold (L.224-10; L.111-1, L.221-5);
 * - a change applies to a contract on its notice's effective day only when its notice was sent;
 *   a customer never told stays on the old version, and is told (with a moved date) once possible;
 * - the back office's preview, campaign page and notice evidence.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import type { Deps } from '../deps.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { systemContext, type RequestContext } from '../context.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { addVersion, createOffer, offersSchemas } from '../offers/index.ts';
import { createContract, contractsSchemas } from '../contracts/index.ts';
import { contractEvents, contracts as contractsTable } from '../contracts/contracts.tables.ts';
import { findQueuedMails } from '../mail/mail.service.ts';
import { changeNotices } from './change-campaigns.tables.ts';
import { createChangeCampaign } from './change-campaigns.service.ts';
import { runChangeNotices } from './change-campaigns.jobs.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const at = (iso: string): Deps => ({ ...rt.deps, clock: { now: () => new Date(iso) } });
const json = { 'content-type': 'application/json' };
// The change applies from midnight in Paris on 1 March 2027 (winter: UTC+1).
const MARCH_1 = new Date('2027-03-01T00:00:00+01:00').toISOString();

/** An organisation (Paris) with an energy offer (v1 concluded on 5 January), v2 applying on 1 March, and `contracts` contracts on v1. */
async function setup(contracts = 1) {
  const org = await createTestOrg(rt);
  const ctx = systemContext(org.id, 'test');
  const d = at('2027-01-05T09:00:00Z');
  const customer = await newCustomer(d, ctx);
  const { offer } = await createOffer(
    d,
    ctx,
    offersSchemas.CreateOfferSchema.parse({
      slug: 'elec',
      kind: 'service',
      sector: 'energy',
      name: { fr: 'Électricité', en: 'Electricity' },
      priceCents: 5_000,
      pricePeriod: 'month',
      renewal: 'none',
    }),
  );
  const ids: string[] = [];
  for (let i = 0; i < contracts; i++) ids.push(await contractAt('2027-01-05T09:00:00Z', ctx, customer, offer.id));
  const v2 = await addVersion(
    d,
    ctx,
    offer.id,
    offersSchemas.NewVersionSchema.parse({
      name: { fr: 'Électricité', en: 'Electricity' },
      priceCents: 5_600,
      pricePeriod: 'month',
      renewal: 'none',
      reason: { fr: 'Hausse du tarif réglementé', en: 'Regulated tariff rise' },
      validFrom: MARCH_1,
    }),
  );
  return { org, ctx, customer, offer, v2, contractIds: ids };
}

async function newCustomer(d: Deps, ctx: RequestContext) {
  const email = `${randomUUID().slice(0, 8)}@client.example`;
  const { customer } = await rt.deps.db.transaction((tx) =>
    findOrCreateCustomer(d, tx, ctx, { email, name: 'Jeanne Roux', locale: 'fr' }, 'agent'),
  );
  return customer;
}

/** A contract concluded at `iso` (on the version in force then). */
async function contractAt(iso: string, ctx: RequestContext, customer: { id: string }, offerId: string): Promise<string> {
  const c = await createContract(
    at(iso),
    ctx,
    contractsSchemas.CreateContractSchema.parse({ customerId: customer.id, offerId, channel: 'online', concludedOn: iso.slice(0, 10) }),
  );
  return c.id;
}

const noticeOf = async (campaignId: string, contractId: string) => {
  const [n] = await rt.deps.db
    .select()
    .from(changeNotices)
    .where(and(eq(changeNotices.campaignId, campaignId), eq(changeNotices.contractId, contractId)));
  return n;
};
const contractRow = async (id: string) => (await rt.deps.db.select().from(contractsTable).where(eq(contractsTable.id, id)))[0]!;
const auditOf = (orgId: string, type: string) =>
  rt.deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.type, type)))
    .orderBy(asc(auditEvents.seq));

describe('change campaigns: contracts concluded on the old version after the announcement', () => {
  // Concluded on [day] (09:00 UTC, the job's pass an hour later): the notice goes that day; the change keeps 1 March
  // while a full month is left (1 February), and moves to the first day the month allows after that.
  const cases = [
    { concluded: '2027-01-15', effectiveOn: '2027-03-01', moved: false, shift: null },
    { concluded: '2027-02-01', effectiveOn: '2027-03-01', moved: false, shift: null },
    { concluded: '2027-02-02', effectiveOn: '2027-03-02', moved: true, shift: 'concluded_after' },
    { concluded: '2027-02-28', effectiveOn: '2027-03-28', moved: true, shift: 'concluded_after' },
  ] as const;
  for (const c of cases) {
    it(`concluded on ${c.concluded}: its own notice that day, the change on ${c.effectiveOn}`, async () => {
      const { org, ctx, customer, offer } = await setup(1);
      const campaign = await createChangeCampaign(at('2027-01-10T08:00:00Z'), ctx, { offerId: offer.id });
      expect(await runChangeNotices(at('2027-01-10T09:00:00Z'), org.id)).toMatchObject({ enrolled: 0, sent: 1 });
      const late = await contractAt(`${c.concluded}T09:00:00Z`, ctx, customer, offer.id);
      expect((await contractRow(late)).offerVersionId).not.toBe(campaign.toVersionId);
      expect(await runChangeNotices(at(`${c.concluded}T10:00:00Z`), org.id)).toMatchObject({ enrolled: 1, sent: 1, failed: 0 });
      const n = await noticeOf(campaign.id, late);
      expect(n).toMatchObject({
        origin: 'concluded_after',
        status: 'sent',
        sendOn: c.concluded,
        sentOn: c.concluded,
        plannedEffectiveOn: '2027-03-01',
        effectiveOn: c.effectiveOn,
        moved: c.moved,
      });
      // Never later than the rule: a full month between the notice and the change.
      expect(n!.sentOn! <= n!.sendBy).toBe(true);
      const [mail] = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template.startsWith('change_campaigns.mail.')).slice(-1);
      expect(mail?.template).toBe(c.moved ? 'change_campaigns.mail.noticeMoved' : 'change_campaigns.mail.notice');
      // Once: the next pass adds nothing.
      expect(await runChangeNotices(at(`${c.concluded}T11:00:00Z`), org.id)).toMatchObject({ enrolled: 0, sent: 0 });
      const [extended] = await auditOf(org.id, 'change_campaign.extended');
      expect(extended?.payload).toMatchObject({ campaignId: campaign.id, sendOn: c.concluded, notices: 1, moved: c.moved ? 1 : 0 });
      const admin = await createTestUser(rt, org.id, ['supervisor']);
      const page = await rt.app.inject({
        method: 'GET',
        url: `/api/change-campaigns/${campaign.id}`,
        headers: admin.headers,
        // The page is read on the day of the pass.
      });
      expect(page.statusCode, page.body).toBe(200);
      expect(page.json().counts.concludedAfter).toBe(1);
      expect(page.json().notices.find((x: { contractId: string }) => x.contractId === late)).toMatchObject({
        origin: 'concluded_after',
        shift: c.shift,
      });
    });
  }

  it('a campaign whose notices go later sends the late contract’s on that day; a contract on the new version gets none', async () => {
    const { org, ctx, customer, offer } = await setup(1);
    const campaign = await createChangeCampaign(at('2027-01-10T08:00:00Z'), ctx, { offerId: offer.id, sendOn: '2027-01-25' });
    const late = await contractAt('2027-01-15T09:00:00Z', ctx, customer, offer.id);
    expect(await runChangeNotices(at('2027-01-15T10:00:00Z'), org.id)).toMatchObject({ enrolled: 1, sent: 0 });
    expect(await noticeOf(campaign.id, late)).toMatchObject({ status: 'planned', sendOn: '2027-01-25', effectiveOn: '2027-03-01' });
    expect(await runChangeNotices(at('2027-01-25T08:00:00Z'), org.id)).toMatchObject({ enrolled: 0, sent: 2 });
    // Concluded once the new version is in force: on the new terms, nothing to tell.
    const onNew = await contractAt('2027-03-01T09:00:00Z', ctx, customer, offer.id);
    expect((await contractRow(onNew)).offerVersionId).toBe(campaign.toVersionId);
    expect(await runChangeNotices(at('2027-03-01T10:00:00Z'), org.id)).toMatchObject({ enrolled: 0 });
    expect(await noticeOf(campaign.id, onNew)).toBeUndefined();
  });
});

describe('change campaigns: the change applies only to customers who were told', () => {
  it('moves a told contract to the new version on its day; keeps an untold one on the old until a notice goes with the full period', async () => {
    const { org, ctx, offer, contractIds } = await setup(2);
    const [told, untold] = contractIds as [string, string];
    const campaign = await createChangeCampaign(at('2027-01-10T08:00:00Z'), ctx, { offerId: offer.id, sendOn: '2027-01-20' });
    // No address on the second contract: the notice cannot go.
    const address = (await contractRow(untold)).emailEnc;
    await rt.deps.db.update(contractsTable).set({ emailEnc: null }).where(eq(contractsTable.id, untold));
    expect(await runChangeNotices(at('2027-01-20T08:00:00Z'), org.id)).toMatchObject({ sent: 1, refused: 1 });
    expect(await noticeOf(campaign.id, untold)).toMatchObject({ status: 'refused', retryOn: '2027-01-21' });
    // Tried again the next day, refused for the same reason: no second audit event.
    expect(await runChangeNotices(at('2027-01-21T08:00:00Z'), org.id)).toMatchObject({ refused: 1 });
    expect(await noticeOf(campaign.id, untold)).toMatchObject({ status: 'refused', retryOn: '2027-01-22' });
    expect(await auditOf(org.id, 'change_notice.refused')).toHaveLength(1);

    // 28 February 23:30 in Paris: not yet the day.
    expect(await runChangeNotices(at('2027-02-28T22:30:00Z'), org.id)).toMatchObject({ applied: 0 });
    // 1 March 00:30 in Paris: the told contract moves; the untold one stays on version 1.
    expect(await runChangeNotices(at('2027-02-28T23:30:00Z'), org.id)).toMatchObject({ applied: 1 });
    expect((await contractRow(told)).offerVersionId).toBe(campaign.toVersionId);
    expect((await contractRow(untold)).offerVersionId).not.toBe(campaign.toVersionId);
    expect(await noticeOf(campaign.id, told)).toMatchObject({ appliedOn: '2027-03-01' });
    const history = await rt.deps.db
      .select()
      .from(contractEvents)
      .where(and(eq(contractEvents.contractId, told), eq(contractEvents.type, 'changed')));
    expect(history.map((e) => e.evidence)).toEqual([
      { template: null, locale: null, shownDate: '2027-03-01', ref: 'C. consom. L.224-10', via: 'worker' },
    ]);
    const [applied] = await auditOf(org.id, 'change_notice.applied');
    expect(applied?.payload).toMatchObject({
      contractId: told,
      toVersionId: campaign.toVersionId,
      appliedOn: '2027-03-01',
      superseded: false,
    });

    const admin = await createTestUser(rt, org.id, ['supervisor']);
    const detailOn = async (iso: string) => {
      const d = at(iso);
      // The page judges "held" on the organisation's day: read it through the services at that instant.
      const { getChangeCampaign } = await import('./change-campaigns.queries.ts');
      const { presentChangeCampaignDetail } = await import('./change-campaigns.presenter.ts');
      return presentChangeCampaignDetail(await getChangeCampaign(d, admin.ctx, campaign.id));
    };
    const march = await detailOn('2027-03-01T10:00:00Z');
    expect(march.counts).toMatchObject({ sent: 1, refused: 1, applied: 1, held: 1 });
    expect(march.notices.find((n) => n.contractId === untold)).toMatchObject({ held: true, appliedOn: null });
    expect(march.notices.find((n) => n.contractId === told)).toMatchObject({ held: false, appliedOn: '2027-03-01' });

    // The address is back: the next pass tells the customer, and the change moves a full month on.
    await rt.deps.db.update(contractsTable).set({ emailEnc: address }).where(eq(contractsTable.id, untold));
    expect(await runChangeNotices(at('2027-03-02T08:00:00Z'), org.id)).toMatchObject({ replanned: 1, applied: 0 });
    expect(await noticeOf(campaign.id, untold)).toMatchObject({
      status: 'sent',
      sentOn: '2027-03-02',
      effectiveOn: '2027-04-02',
      moved: true,
      retryOn: null,
    });
    expect(await runChangeNotices(at('2027-04-01T08:00:00Z'), org.id)).toMatchObject({ applied: 0 });
    expect((await contractRow(untold)).offerVersionId).not.toBe(campaign.toVersionId);
    expect(await runChangeNotices(at('2027-04-02T08:00:00Z'), org.id)).toMatchObject({ applied: 1 });
    expect((await contractRow(untold)).offerVersionId).toBe(campaign.toVersionId);
    const april = await detailOn('2027-04-02T10:00:00Z');
    expect(april.counts).toMatchObject({ sent: 2, refused: 0, applied: 2, held: 0 });
    expect(april.status).toBe('applied');
    expect(april.notices.find((n) => n.contractId === untold)).toMatchObject({ shift: 'sent_late' });
  });

  it('a terminated contract is not moved; a notice still planned past its last day counts as held', async () => {
    const { org, ctx, offer, contractIds } = await setup(1);
    const campaign = await createChangeCampaign(at('2027-01-10T08:00:00Z'), ctx, { offerId: offer.id, sendOn: '2027-01-20' });
    const admin = await createTestUser(rt, org.id, ['supervisor']);
    const { getChangeCampaign } = await import('./change-campaigns.queries.ts');
    const { presentChangeCampaignDetail } = await import('./change-campaigns.presenter.ts');
    // The worker never ran: on 2 February (last day 1 February) the notice is late and the customer kept on the old terms.
    const feb2 = presentChangeCampaignDetail(await getChangeCampaign(at('2027-02-02T10:00:00Z'), admin.ctx, campaign.id));
    expect(feb2.counts).toMatchObject({ planned: 1, held: 1 });
    expect(feb2.notices[0]).toMatchObject({ held: true });
    await rt.deps.db
      .update(contractsTable)
      .set({ status: 'terminated', endOn: '2027-02-10' })
      .where(eq(contractsTable.id, contractIds[0]!));
    expect(await runChangeNotices(at('2027-03-02T08:00:00Z'), org.id)).toMatchObject({ cancelled: 1, applied: 0 });
    expect((await contractRow(contractIds[0]!)).offerVersionId).not.toBe(campaign.toVersionId);
  });
});

describe('change campaigns: back office', () => {
  it('previews the campaign of an offer’s new version, creates it, shows its page and each notice’s evidence', async () => {
    const { org, offer, v2, contractIds } = await setup(2);
    const admin = await createTestUser(rt, org.id, ['supervisor']);
    const preview = await rt.app.inject({
      method: 'POST',
      url: '/api/change-campaigns/preview',
      headers: { ...admin.headers, ...json },
      payload: { offerId: offer.id, toVersionId: v2.id },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    // Today (the real clock) is well before... or after 1 March 2027: the preview says which, from the rule.
    const p = preview.json();
    expect(p).toMatchObject({ toVersion: 2, fromVersion: 1, sector: 'energy', contracts: 2, existingCampaignId: null });
    expect(p.rule).toMatchObject({ noticeMonths: 1, ref: 'C. consom. L.224-10' });
    expect(p.movedContracts).toBe(p.moved ? 2 : 0);
    const created = await rt.app.inject({
      method: 'POST',
      url: '/api/change-campaigns',
      headers: { ...admin.headers, ...json },
      payload: { offerId: offer.id, toVersionId: v2.id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json();
    expect(campaign).toMatchObject({ fromVersion: 1, toVersion: 2, counts: { planned: 2 } });
    expect(campaign.messages.map((m: { lang: string; variant: string }) => `${m.lang}:${m.variant}`)).toEqual([
      'fr:standard',
      'fr:moved',
      'en:standard',
      'en:moved',
    ]);
    expect(campaign.notices.map((n: { contractId: string }) => n.contractId).sort()).toEqual([...contractIds].sort());
    const again = await rt.app.inject({
      method: 'POST',
      url: '/api/change-campaigns/preview',
      headers: { ...admin.headers, ...json },
      payload: { offerId: offer.id, toVersionId: v2.id },
    });
    expect(again.json().existingCampaignId).toBe(campaign.id);
    // A send day beyond five years is refused with a clear message, never a 500 from the date arithmetic.
    const far = await rt.app.inject({
      method: 'POST',
      url: '/api/change-campaigns/preview',
      headers: { ...admin.headers, ...json },
      payload: { offerId: offer.id, sendOn: '9999-12-31' },
    });
    expect(far.statusCode, far.body).toBe(400);
    expect(far.json().error.issues).toEqual([{ path: 'sendOn', message: expect.stringMatching(/cinq ans|five years/) }]);

    await runChangeNotices(rt.deps, org.id);
    const notice = campaign.notices[0];
    const evidence = await rt.app.inject({
      method: 'GET',
      url: `/api/change-notices/${notice.id}`,
      headers: admin.headers,
    });
    expect(evidence.statusCode, evidence.body).toBe(200);
    const e = evidence.json();
    expect(e).toMatchObject({ status: 'sent', campaignId: campaign.id, locale: 'fr', ruleSource: 'law', decision: { allowed: true } });
    expect(e.sentTo).toMatch(/@client\.example$/);
    expect(e.attemptId).toBeTruthy();
    expect(e.mail.text).toContain(e.contractReference);
    // The link's secret is the holder's: masked in the evidence.
    expect(e.mail.text).toContain(`/portal/${org.slug}/notices/…`);
    expect(e.mail.text).not.toMatch(/\/notices\/[0-9a-f-]{36}\./);
    // No such notice: 404.
    const wrong = await rt.app.inject({ method: 'GET', url: `/api/change-notices/${randomUUID()}`, headers: admin.headers });
    expect(wrong.statusCode).toBe(404);
    // Reading is contract:read; an agent without it is refused the preview (contract:manage).
    const agent = await createTestUser(rt, org.id, ['agent']);
    const denied = await rt.app.inject({
      method: 'POST',
      url: '/api/change-campaigns/preview',
      headers: { ...agent.headers, ...json },
      payload: { offerId: offer.id },
    });
    expect(denied.statusCode).toBe(403);
  });
});
