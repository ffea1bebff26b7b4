/**
 * Two runtimes over one PostgreSQL database stand for two server processes: a change committed
 * by one must change the other's decisions (GDPR Art. 7(3), 21(3)). PostgreSQL only: PGlite is a
 * single process, where the in-process path is the whole story.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { createTestRuntime, usingPostgres } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestToken, createTestUser } from '../../db/testing/factories.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import * as service from './consent.service.ts';

const notice = { titleFr: 'Lettre', titleEn: 'Newsletter', textFr: 'Nos nouvelles.', textEn: 'Our news.' };

describe.skipIf(!usingPostgres)('decision index across processes (PostgreSQL LISTEN/NOTIFY)', () => {
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

  async function setup() {
    const org = await createTestOrg(a);
    const dpo = await createTestUser(a, org.id, ['dpo']);
    await service.createPurpose(a.deps, dpo.ctx, {
      key: 'newsletter',
      legalBasis: 'consent',
      dataUse: 'marketing.communications.email',
      channels: ['email'],
      notice,
    });
    const customer = await a.deps.db.transaction(
      async (tx) => (await findOrCreateCustomer(a.deps, tx, dpo.ctx, { email: `x-${Math.random()}@example.test` }, 'agent')).customer,
    );
    return { org, dpo, customer };
  }

  it('a withdrawal committed in one process is in the next decision of the other, over the API too', async () => {
    const { org, dpo, customer } = await setup();
    // B loads its index first, so what follows reaches it only through notices.
    expect((await service.can(b.deps, org.id, customer.id, 'newsletter', 'email')).reason).toBe('no_consent');
    const given = await service.recordConsent(a.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'api',
      source: 'crm',
    });
    expect(await service.can(b.deps, org.id, customer.id, 'newsletter', 'email')).toEqual({
      allowed: true,
      reason: 'consent',
      evidence: given.id,
    });

    const withdrawn = await service.recordConsent(a.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'withdrawn',
      method: 'web_form',
      source: 'portal',
    });
    expect(await service.can(b.deps, org.id, customer.id, 'newsletter', 'email')).toEqual({
      allowed: false,
      reason: 'withdrawn',
      evidence: withdrawn.id,
    });
    const token = await createTestToken(b, org.id, ['consent:read']);
    const res = await b.app.inject({
      method: 'POST',
      url: '/api/consent/decisions',
      headers: token,
      payload: { items: [{ customerId: customer.id, purpose: 'newsletter', channel: 'email' }] },
    });
    expect(res.json().items).toEqual([{ allowed: false, reason: 'withdrawn', evidence: withdrawn.id }]);
  });

  it('notices alone (no barrier) bring objections, new purposes and erasure to the other process', async () => {
    const { org, dpo, customer } = await setup();
    await service.recordConsent(a.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'api',
      source: 'crm',
    });
    const index = await service.getConsentIndex(b.deps, org.id);
    await vi.waitFor(() => expect(index.can(customer.id, 'newsletter', 'email', Date.now()).allowed).toBe(true));

    const objection = await service.inPrivacyTransaction(a.deps, org.id, (tx, changes) =>
      service.addRestriction(a.deps, tx, dpo.ctx, changes, { customerId: customer.id, kind: 'objection', source: 'test' }),
    );
    await vi.waitFor(() =>
      expect(index.can(customer.id, 'newsletter', 'email', Date.now())).toEqual({
        allowed: false,
        reason: 'objected',
        evidence: objection.id,
      }),
    );
    await service.liftRestriction(a.deps, dpo.ctx, objection.id);
    await vi.waitFor(() => expect(index.can(customer.id, 'newsletter', 'email', Date.now()).allowed).toBe(true));

    await service.createPurpose(a.deps, dpo.ctx, {
      key: 'billing',
      legalBasis: 'contract',
      dataUse: 'essential.service.payment_processing',
      channels: ['post'],
      notice,
    });
    await vi.waitFor(() => expect(index.can(customer.id, 'billing', 'post', Date.now()).reason).toBe('legal_basis'));

    // Erasure (GDPR Art. 17): the other process forgets the subject's consents.
    await a.deps.db.transaction(async (tx) => {
      const { consentSubjectData } = await import('./consent.subject-data.ts');
      await consentSubjectData.erase(a.deps, tx, org.id, customer.id);
    });
    await vi.waitFor(() => expect(index.can(customer.id, 'newsletter', 'email', Date.now()).reason).toBe('no_consent'));
  });

  it('a rebuilt projection reloads the other process; a lost listening connection drops its indexes, never serves them stale', async () => {
    const { org, dpo, customer } = await setup();
    await service.recordConsent(a.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'given',
      method: 'api',
      source: 'crm',
    });
    const before = await service.freshConsentIndex(b.deps, org.id);
    await service.rebuildProjection(a.deps, dpo.ctx);
    const after = await service.freshConsentIndex(b.deps, org.id);
    expect(after).not.toBe(before);
    expect(after.can(customer.id, 'newsletter', 'email', Date.now()).allowed).toBe(true);

    // Cut B's listening connection, then withdraw in A while B cannot hear it.
    const pid = await service.hubOf(b.deps).listenerPid();
    await a.deps.db.execute(sql`select pg_terminate_backend(${pid})`);
    const withdrawn = await service.recordConsent(a.deps, dpo.ctx, {
      customerId: customer.id,
      purpose: 'newsletter',
      channel: 'email',
      kind: 'withdrawn',
      method: 'api',
      source: 'crm',
    });
    expect(await service.can(b.deps, org.id, customer.id, 'newsletter', 'email')).toEqual({
      allowed: false,
      reason: 'withdrawn',
      evidence: withdrawn.id,
    });
    expect(await service.hubOf(b.deps).listenerPid()).not.toBe(pid);
  });
});
