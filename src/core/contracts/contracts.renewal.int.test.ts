import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import type { Deps } from '../deps.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg } from '../../db/testing/factories.ts';
import { systemContext } from '../context.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { createOffer, offersSchemas } from '../offers/index.ts';
import { findQueuedMails, renderMail } from '../mail/mail.service.ts';
import { contractEvents, contracts } from './contracts.tables.ts';
import { createContract } from './contracts.service.ts';
import { CreateContractSchema } from './contracts.schemas.ts';
import { RENEWAL_TEMPLATE, runRenewalReminders } from './contracts.jobs.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

/** The services on a given Paris instant. */
const at = (iso: string): Deps => ({ ...rt.deps, clock: { now: () => new Date(iso) } });

async function setup() {
  const org = await createTestOrg(rt);
  const ctx = systemContext(org.id, 'test');
  const email = `${randomUUID().slice(0, 8)}@client.example`;
  const { customer } = await rt.deps.db.transaction((tx) =>
    findOrCreateCustomer(rt.deps, tx, ctx, { email, name: 'Marc Petit', locale: 'fr' }, 'agent'),
  );
  const { offer } = await createOffer(
    rt.deps,
    ctx,
    offersSchemas.CreateOfferSchema.parse({
      slug: 'box',
      kind: 'service',
      sector: 'other',
      name: { fr: 'Box Internet', en: 'Internet box' },
      priceCents: 3_000,
      pricePeriod: 'month',
      renewal: 'tacit',
      durationMonths: 12,
    }),
  );
  /** A one-year contract from `startOn`: its last committed day is the last day to refuse unless given. */
  const conclude = (startOn: string, lastDayToRefuseOn?: string) =>
    createContract(
      rt.deps,
      ctx,
      CreateContractSchema.parse({
        customerId: customer.id,
        offerId: offer.id,
        channel: 'phone',
        concludedOn: startOn,
        ...(lastDayToRefuseOn ? { lastDayToRefuseOn } : {}),
      }),
    );
  const mails = async () => (await findQueuedMails(rt.deps, org.id)).filter((m) => m.template === RENEWAL_TEMPLATE);
  const row = async (id: string) => (await rt.deps.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;
  return { org, email, conclude, mails, row };
}

describe('tacit-renewal reminders (C. consom. L.215-1), fixed clocks', () => {
  it('month end: last day 31 May, the window opens on 1 March (not 28 February) and closes on 30 April; sent once', async () => {
    const s = await setup();
    const c = await s.conclude('2026-06-01'); // last committed day 2027-05-31, renews 2027-06-01
    expect(c.lastDayToRefuseOn).toBe('2027-05-31');
    await runRenewalReminders(at('2027-02-28T23:30:00+01:00'), s.org.id);
    expect(await s.mails()).toHaveLength(0);
    // 1 March 00:10 in Paris is still 28 February in UTC: the organisation's day counts.
    expect(await runRenewalReminders(at('2027-03-01T00:10:00+01:00'), s.org.id)).toEqual({ renewed: 0, sent: 1, missed: 0, failed: 0 });
    await runRenewalReminders(at('2027-03-02T09:00:00+01:00'), s.org.id);
    const mails = await s.mails();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.mail).toMatchObject({
      to: { address: s.email },
      params: { lastDayToRefuse: '2027-05-31', renewalOn: '2027-06-01', reference: c.reference },
    });
    const text = renderMail(RENEWAL_TEMPLATE, 'fr', mails[0]!.mail!.params).text;
    expect(text).toContain('│  DERNIER JOUR POUR REFUSER : 31 mai 2027');
    expect(await s.row(c.id)).toMatchObject({ reminderSentOn: '2027-03-01', terminateAnyTimeFrom: null });
    const events = await rt.deps.db
      .select()
      .from(contractEvents)
      .where(and(eq(contractEvents.orgId, s.org.id), eq(contractEvents.contractId, c.id)))
      .orderBy(contractEvents.at);
    expect(events.map((e) => e.type)).toEqual(['concluded', 'renewal_reminder_sent']);
    expect(events[1]!.evidence).toMatchObject({
      template: RENEWAL_TEMPLATE,
      shownDate: '2027-05-31',
      ref: 'C. consom. L.215-1',
      via: 'worker',
    });
    expect(events[1]!.sentToEnc).not.toBeNull();
  });

  it('the last day of the window still sends (one month before); the day after, the window is missed and termination at any time is recorded', async () => {
    const s = await setup();
    const onTime = await s.conclude('2026-06-01');
    expect(await runRenewalReminders(at('2027-04-30T22:00:00+02:00'), s.org.id)).toEqual({ renewed: 0, sent: 1, missed: 0, failed: 0 });
    const late = await s.conclude('2026-06-01');
    expect(await runRenewalReminders(at('2027-05-01T00:00:01+02:00'), s.org.id)).toEqual({ renewed: 0, sent: 0, missed: 1, failed: 0 });
    expect(await s.row(onTime.id)).toMatchObject({ reminderSentOn: '2027-04-30' });
    expect(await s.row(late.id)).toMatchObject({ reminderSentOn: null, terminateAnyTimeFrom: '2027-06-01' });
    const [audit] = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'contract.renewal_reminder_missed')));
    expect(audit?.payload).toEqual({ contractId: late.id, lastDayToRefuseOn: '2027-05-31', terminateAnyTimeFrom: '2027-06-01' });
    // Flagged once: a later run leaves it.
    expect(await runRenewalReminders(at('2027-05-02T10:00:00+02:00'), s.org.id)).toEqual({ renewed: 0, sent: 0, missed: 0, failed: 0 });
  });

  it('a last day on a Sunday is not moved: the box shows that Sunday and the window is counted from it', async () => {
    const s = await setup();
    // The contract fixes Sunday 2027-02-28 as the last day to refuse (renewal on 2027-03-01).
    const c = await s.conclude('2026-03-01', '2027-02-28');
    // Window: 2026-11-28 .. 2027-01-28 (Reg. 1182/71 art. 3(4): periods counted back do not move).
    expect(await runRenewalReminders(at('2026-11-27T12:00:00+01:00'), s.org.id)).toEqual({ renewed: 0, sent: 0, missed: 0, failed: 0 });
    expect(await runRenewalReminders(at('2026-11-28T12:00:00+01:00'), s.org.id)).toEqual({ renewed: 0, sent: 1, missed: 0, failed: 0 });
    const [mail] = await s.mails();
    expect(mail!.mail!.params).toMatchObject({ lastDayToRefuse: '2027-02-28' });
    expect(renderMail(RENEWAL_TEMPLATE, 'en', mail!.mail!.params).text).toContain('LAST DAY TO REFUSE: Feb 28, 2027');
    expect(await s.row(c.id)).toMatchObject({ reminderSentOn: '2026-11-28' });
  });
  it("a contract no rule can judge is refused at creation, and one already stored never stops the others' reminders", async () => {
    const s = await setup();
    // L.215-1 is judged from its 2016 recodification: an older last day to refuse has no rule.
    await expect(s.conclude('2015-01-01', '2015-12-31')).rejects.toMatchObject({
      code: 'validation',
      issues: [{ path: 'lastDayToRefuseOn', code: 'renewal_before_rules' }],
    });
    const old = await s.conclude('2026-06-01');
    const due = await s.conclude('2026-06-01');
    // A row from before the check (or an import) with a 2011 day: read first, as candidates go oldest first.
    await rt.deps.db.update(contracts).set({ lastDayToRefuseOn: '2011-02-28', renewalOn: '2031-03-01' }).where(eq(contracts.id, old.id));
    expect(await runRenewalReminders(at('2027-03-01T10:00:00+01:00'), s.org.id)).toEqual({ renewed: 0, sent: 1, missed: 0, failed: 1 });
    expect(await s.row(due.id)).toMatchObject({ reminderSentOn: '2027-03-01' });
    expect(await s.row(old.id)).toMatchObject({ reminderSentOn: null, terminateAnyTimeFrom: null });
  });
});

describe('tacit renewal taking effect (C. consom. L.215-1)', () => {
  it('on the renewal day the contract runs a new term, the next last day to refuse keeps its distance, and the next reminder is due', async () => {
    const s = await setup();
    // Last day to refuse fixed 31 days before the renewal of 2027-03-01.
    const c = await s.conclude('2026-03-01', '2027-01-29');
    expect(await runRenewalReminders(at('2026-11-15T10:00:00+01:00'), s.org.id)).toMatchObject({ renewed: 0, sent: 1 });
    expect(await runRenewalReminders(at('2027-02-28T23:59:00+01:00'), s.org.id)).toMatchObject({ renewed: 0 });
    expect(await runRenewalReminders(at('2027-03-01T00:05:00+01:00'), s.org.id)).toMatchObject({ renewed: 1 });
    expect(await s.row(c.id)).toMatchObject({
      commitmentEndOn: '2028-02-29',
      renewalOn: '2028-03-01',
      lastDayToRefuseOn: '2028-01-30',
      reminderSentOn: null,
      status: 'active',
    });
    const [audit] = await rt.deps.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'contract.renewed')));
    expect(audit?.payload).toEqual({ contractId: c.id, renewedOn: '2027-03-01', commitmentEndOn: '2028-02-29', renewalOn: '2028-03-01', lastDayToRefuseOn: '2028-01-30' });
    // Renewed once; the next period's reminder goes out in its own window.
    expect(await runRenewalReminders(at('2027-03-02T10:00:00+01:00'), s.org.id)).toMatchObject({ renewed: 0, sent: 0 });
    expect(await runRenewalReminders(at('2027-10-30T10:00:00+01:00'), s.org.id)).toMatchObject({ renewed: 0, sent: 1 });
  });

  it('a worker down for longer than a term catches up in one step; an ended contract never renews', async () => {
    const s = await setup();
    const behind = await s.conclude('2026-03-01');
    const ended = await s.conclude('2026-03-01');
    await rt.deps.db.update(contracts).set({ status: 'terminated', endOn: '2027-02-28' }).where(eq(contracts.id, ended.id));
    expect(await runRenewalReminders(at('2028-06-01T10:00:00+02:00'), s.org.id)).toMatchObject({ renewed: 1, failed: 0 });
    expect(await s.row(behind.id)).toMatchObject({ commitmentEndOn: '2029-02-28', renewalOn: '2029-03-01', lastDayToRefuseOn: '2029-02-28' });
    expect(await s.row(ended.id)).toMatchObject({ renewalOn: '2027-03-01', status: 'terminated' });
  });
});
