/**
 * The guard caches each organisation's purposes and ready opposition list extracts per process
 * (contact.service consentView). Two runtimes over one PostgreSQL database stand for two server
 * processes: a purpose created or an extract loaded in one must change the other's next decision,
 * as a withdrawal does (the same notices and barrier as the consent index). PostgreSQL only:
 * PGlite is one process, where contact.opposition.int.test.ts covers the in-process path.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime, usingPostgres } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { createPurpose, recordConsent } from '../consent/index.ts';
import { findOrCreateCustomer } from '../customers/index.ts';
import { importOppositionList } from './contact.opposition.ts';
import { CheckContactSchema, CheckContactsSchema, RecordAttemptSchema } from './contact.schemas.ts';
import { checkContact, checkContacts, recordAttempt } from './contact.service.ts';

const notice = { titleFr: 'Offres', titleEn: 'Offers', textFr: 'Nous pouvons vous appeler.', textEn: 'We may call you.' };

describe.skipIf(!usingPostgres)('contact guard settings across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  let a: Runtime;
  let b: Runtime;

  beforeAll(async () => {
    a = await createTestRuntime();
    b = await createTestRuntime();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a purpose created and an extract loaded in one process are in the next decision of the other', async () => {
    const org = await createTestOrg(a);
    const dpo = await createTestUser(a, org.id, ['dpo']);
    const officer = await createTestUser(a, org.id, ['ethics_officer']);
    const agentB = await createTestUser(b, org.id, ['agent']);
    const { customer } = await a.deps.db.transaction((tx) =>
      findOrCreateCustomer(a.deps, tx, dpo.ctx, { email: `s-${Math.random()}@example.test`, phone: '06 12 34 56 78' }, 'agent'),
    );
    // As the route reads the body: the declared facts take their defaults.
    const question = (at: string) => CheckContactSchema.parse({ customerId: customer.id, channel: 'phone', purpose: 'prospecting', at });
    const askB = async (at: string) => (await checkContact(b.deps, agentB.ctx, question(at))).decision.reasons.map((r) => r.code);

    // B caches the organisation's settings: no purpose, no extract.
    expect(await askB('2026-07-15T11:00:00+02:00')).toEqual([]);
    expect(await askB('2026-08-12T11:00:00+02:00')).toEqual(['consent_missing']);

    // A creates the phone purpose and records the consent: B's cached purposes were dropped by the notice.
    await createPurpose(a.deps, dpo.ctx, { key: 'offers-phone', legalBasis: 'consent', dataUse: 'marketing.communications.telephone', channels: ['phone'], notice });
    await recordConsent(a.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'offers-phone',
      channel: 'phone',
      kind: 'given',
      method: 'phone_recorded',
      source: 'call-1',
      occurredAt: new Date('2026-07-01T10:00:00Z'),
    });
    expect(await askB('2026-08-12T11:00:00+02:00')).toEqual([]);

    // A loads an extract holding the number: B's cached extracts were dropped by the notice.
    const { list } = await importOppositionList(a.deps, officer.ctx, () => ['+33612345678\n'], { extractedOn: '2026-07-01', name: 'bloctel' });
    const verdict = await checkContact(b.deps, agentB.ctx, question('2026-07-15T11:00:00+02:00'));
    expect(verdict.decision.reasons.map((r) => r.code)).toEqual(['opposition_listed']);
    expect(verdict.evidence.oppositionLists).toEqual([list.id]);
  });
});

describe.skipIf(!usingPostgres)('ad-hoc checks cached per process (PostgreSQL, subject notices)', () => {
  // Tuesday 2026-12-15, 11:00 in Paris: a calling hour, in the opt-in era.
  const now = new Date('2026-12-15T10:00:00Z');
  let a: Runtime;
  let b: Runtime;

  beforeAll(async () => {
    a = await createTestRuntime({ clock: fixedClock(now) });
    b = await createTestRuntime({ clock: fixedClock(now) });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('a call recorded, a row changed or deleted in one process or by SQL changes the next check of the other at once', async () => {
    const org = await createTestOrg(a);
    const dpo = await createTestUser(a, org.id, ['dpo']);
    const agentA = await createTestUser(a, org.id, ['agent']);
    const agentB = await createTestUser(b, org.id, ['agent']);
    await createPurpose(a.deps, dpo.ctx, { key: 'offers-phone', legalBasis: 'consent', dataUse: 'marketing.communications.telephone', channels: ['phone'], notice });
    const { customer } = await a.deps.db.transaction((tx) =>
      findOrCreateCustomer(a.deps, tx, dpo.ctx, { email: `k-${Math.random()}@example.test`, phone: '06 12 34 56 79' }, 'agent'),
    );
    await recordConsent(a.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'offers-phone',
      channel: 'phone',
      kind: 'given',
      method: 'phone_recorded',
      source: 'call-1',
      occurredAt: new Date('2026-09-01T10:00:00Z'),
    });
    const question = { customerId: customer.id, channel: 'phone', purpose: 'prospecting' };
    const codes = (v: { decision: { reasons: readonly { code: string }[] } }) => v.decision.reasons.map((r) => r.code);
    // B asks with a batch first (the same subject twice), then alone: both read B's cache, and agree.
    const askB = async () => {
      const batch = (await checkContacts(b.deps, agentB.ctx, CheckContactsSchema.parse({ questions: [question, question] }))).map(codes);
      const single = codes(await checkContact(b.deps, agentB.ctx, CheckContactSchema.parse(question)));
      expect(batch).toEqual([single, single]);
      return single;
    };
    const call = (day: number) =>
      recordAttempt(
        a.deps,
        agentA.ctx,
        RecordAttemptSchema.parse({ customerId: customer.id, channel: 'phone', purpose: 'prospecting', outcome: 'no_answer', occurredAt: `2026-12-0${day}T10:00:00Z` }),
      );

    expect(await askB()).toEqual([]);
    // Written with the triggers off (replica mode), no notice goes out: B still answers from its cache,
    // which proves the checks below are served from it, not re-read.
    await a.deps.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update customers set timezone = 'Pacific/Noumea' where id = ${customer.id}`);
    });
    expect(await askB()).toEqual([]);
    await a.deps.db.execute(sql`update customers set timezone = 'Europe/Paris' where id = ${customer.id}`);

    // Four calls recorded by A (none withdraws a consent, so only the subject notice tells B): the next is the fifth in 30 days.
    for (const day of [1, 2, 3]) await call(day);
    expect(await askB()).toEqual([]);
    await call(4);
    expect(await askB()).toEqual(['attempt_cap_reached']);

    // Rows deleted by SQL (as retention would), then the customer's time zone changed by SQL.
    await a.deps.db.execute(sql`delete from contact_attempts where customer_id = ${customer.id} and occurred_at < '2026-12-02'`);
    expect(await askB()).toEqual([]);
    await a.deps.db.execute(sql`update customers set timezone = 'Pacific/Noumea' where id = ${customer.id}`);
    expect(await askB()).toEqual(['outside_calling_hours']);
  });
});
