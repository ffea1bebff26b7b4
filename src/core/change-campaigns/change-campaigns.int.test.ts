import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import type { Deps } from '../deps.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { systemContext } from '../context.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { addVersion, createOffer, getOffer, offersSchemas } from '../offers/index.ts';
import { createContract, contractsSchemas, orgToday } from '../contracts/index.ts';
import { contracts as contractsTable } from '../contracts/contracts.tables.ts';
import { addDays, addMonths } from '../../rules/index.ts';
import { exportSubject } from '../dsr/index.ts';
import { planChangeNotice, type NoticeSector } from '../../rules/transparency/index.ts';
import { changeNotices } from './change-campaigns.tables.ts';
import { createChangeCampaign } from './change-campaigns.service.ts';
import * as repo from './change-campaigns.repo.ts';
import { runChangeNotices } from './change-campaigns.jobs.ts';
import { runControlsFor } from '../audits/audits.run.ts';
import { findings } from '../audits/audits.tables.ts';
import { findQueuedMails, renderMail } from '../mail/mail.service.ts';
import { contactAttempts } from '../contact/contact.tables.ts';
import { latestNoticeDate } from '../../rules/transparency/index.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

/** The services at a fixed instant. */
const at = (iso: string): Deps => ({ ...rt.deps, clock: { now: () => new Date(iso) } });
const json = { 'content-type': 'application/json' };

/**
 * An organisation (Paris) with one customer holding `contracts` contracts on version 1 of an offer
 * of `sector`, concluded on `concludedAt`, and version 2 (a price rise) applying from `validFrom`.
 */
async function setup(sector: NoticeSector, concludedAt: string, validFrom: string, contracts = 2, durationMonths: number | null = null) {
  const org = await createTestOrg(rt);
  const ctx = systemContext(org.id, 'test');
  const d = at(concludedAt);
  const email = `${randomUUID().slice(0, 8)}@client.example`;
  const { customer } = await rt.deps.db.transaction((tx) =>
    findOrCreateCustomer(d, tx, ctx, { email, name: 'Jeanne Roux', locale: 'fr' }, 'agent'),
  );
  const { offer } = await createOffer(
    d,
    ctx,
    offersSchemas.CreateOfferSchema.parse({
      slug: 'offre',
      kind: 'plan',
      sector,
      name: { fr: 'Forfait', en: 'Plan' },
      priceCents: 3_000,
      pricePeriod: 'month',
      renewal: 'none',
      durationMonths,
    }),
  );
  const ids: string[] = [];
  for (let i = 0; i < contracts; i++) {
    const c = await createContract(
      d,
      ctx,
      contractsSchemas.CreateContractSchema.parse({
        customerId: customer.id,
        offerId: offer.id,
        channel: 'online',
        concludedOn: concludedAt.slice(0, 10),
      }),
    );
    ids.push(c.id);
  }
  const v2 = await addVersion(
    d,
    ctx,
    offer.id,
    offersSchemas.NewVersionSchema.parse({
      name: { fr: 'Forfait', en: 'Plan' },
      priceCents: 3_500,
      pricePeriod: 'month',
      renewal: 'none',
      durationMonths,
      reason: { fr: 'Hausse des coûts du réseau', en: 'Network costs rise' },
      validFrom,
    }),
  );
  return { org, ctx, customer, offer, v2, contractIds: ids };
}

describe('change campaigns: planning', () => {
  // Paris midnight of the day the change applies, in UTC (winter: UTC+1).
  const parisMidnight = (day: string) => new Date(`${day}T00:00:00+01:00`).toISOString();

  const cases: { name: string; sector: NoticeSector; effective: string; sendOn: string }[] = [
    { name: 'energy, exactly one month before: in time', sector: 'energy', effective: '2027-03-01', sendOn: '2027-02-01' },
    { name: 'energy, one day short: moved', sector: 'energy', effective: '2027-03-01', sendOn: '2027-02-02' },
    {
      name: 'electronic communications, month end (Feb 28 for Mar 31): in time',
      sector: 'electronic_communications',
      effective: '2027-03-31',
      sendOn: '2027-02-28',
    },
    { name: 'other, Jan 31 for Feb 28 (clamped month): moved to Mar 1', sector: 'other', effective: '2027-02-28', sendOn: '2027-01-31' },
    { name: 'banking, exactly two months: in time', sector: 'banking', effective: '2027-03-31', sendOn: '2027-01-31' },
    { name: 'banking, one day short of two months: moved', sector: 'banking', effective: '2027-04-01', sendOn: '2027-02-02' },
  ];

  for (const c of cases) {
    it(`plans as the rule does: ${c.name}`, async () => {
      const { ctx, offer, v2, contractIds } = await setup(c.sector, '2027-01-05T09:00:00Z', parisMidnight(c.effective));
      const campaign = await createChangeCampaign(at(`${c.sendOn}T08:00:00Z`), ctx, { offerId: offer.id });
      expect(campaign.toVersionId).toBe(v2.id);
      expect(campaign.plannedEffectiveOn).toBe(c.effective);
      expect(campaign.messageType).toBe('price_change');
      const notices = await repo.findNotices(rt.deps.db, ctx.orgId!, { campaignId: campaign.id });
      expect(notices.map((n) => n.contractId).sort()).toEqual([...contractIds].sort());
      const expected = planChangeNotice({ sector: c.sector, plannedEffectiveOn: c.effective, sendOn: c.sendOn });
      for (const n of notices) {
        expect({
          effectiveOn: n.effectiveOn,
          moved: n.moved,
          sendOn: n.sendOn,
          sendBy: n.sendBy,
          terminateBy: n.terminateBy,
          noticeMonths: n.noticeMonths,
          ref: n.ruleRef,
        }).toEqual({
          effectiveOn: expected.effectiveOn,
          moved: expected.moved,
          sendOn: expected.sendOn,
          sendBy: expected.sendBy,
          terminateBy: expected.terminateBy,
          noticeMonths: expected.noticeMonths,
          ref: expected.ref,
        });
        // Never planned later than the rule allows.
        expect(n.sendOn <= n.sendBy).toBe(true);
      }
    });
  }

  it('moves the change exactly to the first day the notice period allows (one day short)', async () => {
    const { ctx, offer } = await setup('energy', '2027-01-05T09:00:00Z', parisMidnight('2027-03-01'));
    const campaign = await createChangeCampaign(at('2027-02-02T08:00:00Z'), ctx, { offerId: offer.id });
    const [n] = await repo.findNotices(rt.deps.db, ctx.orgId!, { campaignId: campaign.id });
    expect(n).toMatchObject({
      moved: true,
      plannedEffectiveOn: '2027-03-01',
      effectiveOn: '2027-03-02',
      sendBy: '2027-02-02',
      terminateBy: '2027-05-02',
    });
  });

  it('refuses a notice planned or sent after the last day allowed, in the database itself', async () => {
    const { ctx, offer } = await setup('energy', '2027-01-05T09:00:00Z', parisMidnight('2027-03-01'));
    const campaign = await createChangeCampaign(at('2027-01-20T08:00:00Z'), ctx, { offerId: offer.id });
    const [n] = await repo.findNotices(rt.deps.db, ctx.orgId!, { campaignId: campaign.id });
    expect(n!.sendBy).toBe('2027-02-01');
    await expect(
      rt.deps.db.update(changeNotices).set({ sentOn: '2027-02-02', status: 'sent' }).where(eq(changeNotices.id, n!.id)),
    ).rejects.toThrow();
    await expect(rt.deps.db.update(changeNotices).set({ sendOn: '2027-02-02' }).where(eq(changeNotices.id, n!.id))).rejects.toThrow();
  });

  it('a notice left unsent past its last lawful day opens a finding by the daily controls, not on that day itself', async () => {
    const { org, ctx, offer } = await setup('energy', '2027-01-05T09:00:00Z', parisMidnight('2027-03-01'), 1);
    const campaign = await createChangeCampaign(at('2027-01-20T08:00:00Z'), ctx, { offerId: offer.id });
    const [n] = await repo.findNotices(rt.deps.db, org.id, { campaignId: campaign.id });
    expect(n!.sendBy).toBe('2027-02-01');
    const lateFindings = async () =>
      await rt.deps.db
        .select()
        .from(findings)
        .where(and(eq(findings.orgId, org.id), eq(findings.controlKey, 'change_notice_late')));
    // The job never ran: on its last day (Paris) the notice may still go; the next day it is late.
    await runControlsFor(rt.deps, { id: org.id, timezone: org.timezone }, new Date('2027-02-01T22:30:00Z'));
    expect(await lateFindings()).toHaveLength(0);
    await runControlsFor(rt.deps, { id: org.id, timezone: org.timezone }, new Date('2027-02-01T23:30:00Z'));
    const [finding] = await lateFindings();
    expect(finding).toMatchObject({ causeKey: n!.id, status: 'open' });
    expect(finding!.evidence).toEqual([
      { type: 'change_campaign', id: campaign.id },
      { type: 'contract', id: n!.contractId },
    ]);
    // Once is enough: the next run does not open it again.
    await runControlsFor(rt.deps, { id: org.id, timezone: org.timezone }, new Date('2027-02-03T08:00:00Z'));
    expect(await lateFindings()).toHaveLength(1);
  });

  it('records the checker’s findings with the campaign, writes its audit event, and is in the subject export', async () => {
    const { org, ctx, offer, customer } = await setup('energy', '2027-01-05T09:00:00Z', parisMidnight('2027-03-01'));
    const campaign = await createChangeCampaign(at('2027-01-20T08:00:00Z'), ctx, { offerId: offer.id });
    expect(campaign.checks.map((c) => `${c.lang}:${c.variant}`)).toEqual(['fr:standard', 'fr:moved', 'en:standard', 'en:moved']);
    const [event] = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'change_campaign.created')));
    expect(event?.payload).toMatchObject({ campaignId: campaign.id, notices: 2, moved: 0 });
    const exported = await exportSubject(rt.deps, org.id, customer.id);
    expect(JSON.stringify(exported)).toContain('change_notices');
  });

  it('answers 400 for a send day in the past or a version without an earlier one, 409 for a second campaign, 404 elsewhere', async () => {
    const { org, ctx, offer } = await setup('energy', '2027-01-05T09:00:00Z', parisMidnight('2027-03-01'));
    const supervisor = await createTestUser(rt, org.id, ['supervisor']);
    const post = (payload: Record<string, unknown>) =>
      rt.app.inject({ method: 'POST', url: '/api/change-campaigns', headers: { ...supervisor.headers, ...json }, payload });
    const past = await post({ offerId: offer.id, sendOn: '2020-01-01' });
    expect(past.statusCode, past.body).toBe(400);
    const first = await post({ offerId: offer.id });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ counts: { planned: 2, sent: 0, terminated: 0 } });
    expect((await post({ offerId: offer.id })).statusCode).toBe(409);
    const firstVersion = (await getOffer(rt.deps, ctx, offer.id)).versions.find((v) => v.version === 1)!;
    expect((await post({ offerId: offer.id, toVersionId: firstVersion.id })).statusCode).toBe(400);
    expect((await post({ offerId: randomUUID() })).statusCode).toBe(404);
    const list = await rt.app.inject({ method: 'GET', url: '/api/change-campaigns', headers: supervisor.headers });
    expect(list.json().items).toHaveLength(1);
  });
});

describe('change campaigns: sending', () => {
  const parisMidnight = (day: string) => new Date(`${day}T00:00:00+01:00`).toISOString();

  it('sends each notice on its day through the service channel, with the guard’s decision and a link to its page', async () => {
    const { org, ctx, offer } = await setup('energy', '2027-01-05T09:00:00Z', parisMidnight('2027-03-01'));
    const campaign = await createChangeCampaign(at('2027-01-10T08:00:00Z'), ctx, { offerId: offer.id, sendOn: '2027-01-20' });
    expect(await runChangeNotices(at('2027-01-19T20:00:00Z'), org.id)).toMatchObject({ sent: 0 });
    expect(await runChangeNotices(at('2027-01-20T07:00:00Z'), org.id)).toMatchObject({ sent: 2, replanned: 0, failed: 0 });
    const notices = await repo.findNotices(rt.deps.db, org.id, { campaignId: campaign.id });
    for (const n of notices) {
      expect(n).toMatchObject({ status: 'sent', sentOn: '2027-01-20', effectiveOn: '2027-03-01', moved: false, terminateBy: '2027-04-20' });
      expect(n.decision).toMatchObject({ allowed: true });
      const [attempt] = await rt.deps.db.select().from(contactAttempts).where(eq(contactAttempts.id, n.attemptId!));
      expect(attempt).toMatchObject({ purpose: 'service', channel: 'email', outcome: 'sent', allowed: true });
    }
    // A second run sends nothing again.
    expect(await runChangeNotices(at('2027-01-20T09:00:00Z'), org.id)).toMatchObject({ sent: 0 });
    const mails = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template === 'change_campaigns.mail.notice');
    expect(mails).toHaveLength(2);
    const text = renderMail(mails[0]!.template, 'fr', mails[0]!.mail!.params).text;
    expect(text).toContain(`/portal/${org.slug}/notices/`);
    expect(text).toContain('1 mars 2027');
    const sentEvents = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, org.id), eq(auditEvents.type, 'change_notice.sent')));
    expect(sentEvents).toHaveLength(2);
  });

  it('never sends a notice later than the rule allows: a late run moves the change and says so', async () => {
    // Worker down from the send day (Jan 20) past the last day allowed for Mar 1 (Feb 1).
    for (const runOn of ['2027-02-01', '2027-02-02', '2027-02-05', '2027-02-28']) {
      const { org, ctx, offer } = await setup('energy', '2027-01-05T09:00:00Z', parisMidnight('2027-03-01'), 1);
      const campaign = await createChangeCampaign(at('2027-01-10T08:00:00Z'), ctx, { offerId: offer.id, sendOn: '2027-01-20' });
      await runChangeNotices(at(`${runOn}T09:00:00Z`), org.id);
      const [n] = await repo.findNotices(rt.deps.db, org.id, { campaignId: campaign.id });
      const expected = planChangeNotice({ sector: 'energy', plannedEffectiveOn: '2027-03-01', sendOn: runOn });
      expect(n).toMatchObject({ status: 'sent', sentOn: runOn, effectiveOn: expected.effectiveOn, moved: expected.moved });
      expect(n!.sentOn! <= n!.sendBy).toBe(true);
      expect(n!.sendBy).toBe(latestNoticeDate(n!.effectiveOn, 1));
      const [mail] = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template.startsWith('change_campaigns.mail.'));
      expect(mail?.template).toBe(expected.moved ? 'change_campaigns.mail.noticeMoved' : 'change_campaigns.mail.notice');
    }
  });
});

describe('change campaigns: refusing the change from its notice', () => {
  it('terminates without cost and before the change applies: a contract committed for two years ends the next day, not at its term', async () => {
    // The portal answers at the real clock: the campaign runs at it too.
    const now = rt.deps.clock.now();
    const validFrom = new Date(now.getTime() + 40 * 86_400_000).toISOString();
    const { org, ctx, offer, contractIds } = await setup('other', now.toISOString(), validFrom, 1, 24);
    const { today } = await orgToday(rt.deps, org.id);
    const [before] = await rt.deps.db.select().from(contractsTable).where(eq(contractsTable.id, contractIds[0]!));
    expect(before!.commitmentEndOn! > addMonths(today, 23)).toBe(true);
    const campaign = await createChangeCampaign(rt.deps, ctx, { offerId: offer.id });
    expect(await runChangeNotices(rt.deps, org.id)).toMatchObject({ sent: 1 });
    const [n] = await repo.findNotices(rt.deps.db, org.id, { campaignId: campaign.id });
    expect(n).toMatchObject({ status: 'sent', moved: false, terminateBy: addDays(n!.effectiveOn, -1), ruleRef: 'C. consom. R.212-4' });
    const [mail] = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template === 'change_campaigns.mail.notice');
    const path = new RegExp(`/portal/${org.slug}/notices/[^\\s"]+`).exec(renderMail(mail!.template, 'fr', mail!.mail!.params).text)![0];

    const page = await rt.app.inject({ method: 'GET', url: path });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('Étape 1 sur 3');
    const confirm = await rt.app.inject({ method: 'POST', url: `${path}/terminate` });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(confirm.body).toContain('Étape 2 sur 3');
    const fields = {
      formToken: /name="formToken" value="([^"]+)"/.exec(confirm.body)![1]!,
      contract: /name="contract" value="([^"]+)"/.exec(confirm.body)![1]!,
    };
    const done = await rt.app.inject({
      method: 'POST',
      url: `/portal/${org.slug}/contracts/terminate/confirm`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.body).toContain('Étape 3 sur 3');
    const [after] = await rt.deps.db.select().from(contractsTable).where(eq(contractsTable.id, contractIds[0]!));
    // Without the change: the last committed day (C. civ. art. 1212), two years away.
    expect(after).toMatchObject({ status: 'terminated', endOn: addDays(today, 1) });
    const [ack] = (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template === 'contracts.mail.terminated');
    expect(ack!.mail).toMatchObject({ params: { endOn: addDays(today, 1), ref: 'C. consom. R.212-4' } });
  });
});
