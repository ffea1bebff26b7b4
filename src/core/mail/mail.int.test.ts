/**
 * The mail outbox at rest: a queued mail's secrets (one-time code, address, links) are never in
 * clear in the jobs table, its content is removed once sent or given up, and neither the logs
 * nor `jobs.last_error` ever quote them.
 *
 * The worker drains a global table, so this file works on a database of its own (a private
 * PGlite, or a throw-away PostgreSQL database when DATABASE_URL is set), with a logger and a
 * mail transport it can read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import { queryRows } from '../../db/client.ts';
import { jobs } from '../../db/schema.ts';
import { createPrivateDatabase } from '../../db/testing/runtime.ts';
import { createTestOrg } from '../../db/testing/factories.ts';
import { createRuntime, type Runtime } from '../../runtime.ts';
import { fixedClock } from '../clock.ts';
import { systemContext } from '../context.ts';
import { findOrCreateCustomer } from '../customers/customers.service.ts';
import { sendCode } from '../consent/privacy.identity.ts';
import type { MailMessage, MailTransport } from './mail.transport.ts';
import { findQueuedMails, MAIL_MAX_ATTEMPTS, openMail, queueMail, renderMail, sealMail, type MailJobPayload } from './mail.service.ts';

/** A transport that records what it sends, or fails the way an SMTP server does (quoting the address). */
function testTransport(): MailTransport & { failWith: Error | null } {
  const sent: MailMessage[] = [];
  const transport = {
    kind: 'log' as const,
    sent,
    failWith: null as Error | null,
    async send(message: MailMessage) {
      if (transport.failWith) throw transport.failWith;
      sent.push(message);
    },
  };
  return transport;
}

const logLines: string[] = [];
const transport = testTransport();
const clock = fixedClock(new Date(Date.now() + 60_000));
let fresh: Awaited<ReturnType<typeof createPrivateDatabase>>;
let rt: Runtime;

beforeAll(async () => {
  fresh = await createPrivateDatabase('mail');
  const config = loadConfig({ CONFIANCE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'confiance-mail-test-')), CONFIANCE_MASTER_KEY: Buffer.alloc(32, 5).toString('base64'), LOG_LEVEL: 'trace' });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  rt = await createRuntime(config, { database: fresh.database, clock, logger: pino({ level: 'trace' }, sink), mailer: transport });
});

afterAll(async () => {
  await rt?.close();
  await fresh?.drop();
});

/** The raw row as PostgreSQL stores it, every column as text. */
async function rawRow(jobId: number): Promise<string> {
  const [row] = await queryRows<{ raw: string }>(rt.deps.db, sql`select row_to_json(j)::text as raw from jobs j where id = ${jobId}`);
  return row?.raw ?? '';
}

async function newCustomer(orgId: string, email: string, locale: 'fr' | 'en' = 'fr') {
  return rt.deps.db.transaction(async (tx) => (await findOrCreateCustomer(rt.deps, tx, systemContext(orgId, 'test'), { email, name: 'Jeanne Secret', locale }, 'agent')).customer);
}

/** Runs due jobs, moving the clock past each retry's backoff. */
async function drainWithRetries(rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await rt.worker.drain();
    clock.advance(3_600_000);
  }
}

describe('dates in e-mails', () => {
  it('are written by the language’s formatter, never as ISO strings (issue 10)', async () => {
    const org = await createTestOrg(rt);
    const email = `jeanne.dates-${Date.now()}@example.test`;
    const customer = await rt.deps.db.transaction(
      async (tx) => (await findOrCreateCustomer(rt.deps, tx, systemContext(org.id, 'test'), { email, name: 'Jeanne Dates', locale: 'fr', timezone: 'America/Martinique' }, 'agent')).customer,
    );
    await rt.deps.db.transaction((tx) => queueMail(rt.deps, tx, { orgId: org.id, to: { customerId: customer.id }, template: 'privacy.mail.dsrReceived', params: { org: org.name, type: 'accès', due: '2026-12-18' } }));
    await rt.worker.drain();
    const text = transport.sent.find((m) => m.to === email)?.text ?? '';
    expect(text).toContain('au plus tard le 18 déc. 2026.');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('write an instant in the organisation’s zone, labelled, with an overseas customer’s local time beside', () => {
    const params = { reference: 'V-1', title: 'Test', due: '2026-12-18T09:24:00.000Z', link: 'https://example.test' };
    expect(renderMail('breaches.mail.deadlineWarning', 'fr', params, { organisation: 'Europe/Paris' }).text).toContain('le 18 déc. 2026, 10:24 (heure de Paris).');
    expect(renderMail('breaches.mail.deadlineWarning', 'en', params, { organisation: 'Europe/Paris', customer: 'America/Martinique' }).text).toContain('Dec 18, 2026, 10:24 AM (Paris time), that is 5:24 AM (Martinique time)');
  });
});

describe('mail outbox at rest', () => {
  it('a one-time code is never in clear in the jobs table, and a sent mail’s content is gone', async () => {
    const org = await createTestOrg(rt);
    const email = `jeanne.code-${Date.now()}@example.test`;
    const customer = await newCustomer(org.id, email);
    await rt.deps.db.transaction((tx) => sendCode(rt.deps, tx, systemContext(org.id, 'test'), org.id, { customerId: customer.id, emailLookup: null }, org.name));
    const [queued] = await findQueuedMails(rt.deps, org.id);
    const code = String(queued?.mail?.params.code ?? '');
    expect(code).toMatch(/^\d{6}$/);
    expect(queued?.mail?.to).toEqual({ customerId: customer.id });

    const before = await rawRow(queued!.jobId);
    expect(before).toContain('privacy.mail.code');
    expect(before).toContain('"sealed"');
    for (const secret of [code, email, customer.id, org.name]) expect(before).not.toContain(secret);

    await rt.worker.drain();
    const message = transport.sent.find((m) => m.to === email);
    expect(message?.text).toContain(code);

    const after = await rawRow(queued!.jobId);
    expect(after).not.toContain('"sealed"');
    expect(after).not.toContain(code);
    const [row] = await rt.deps.db.select().from(jobs).where(eq(jobs.id, queued!.jobId));
    expect(row?.status).toBe('done');
    expect(row?.payload).toEqual({ orgId: org.id, template: 'privacy.mail.code', shreddedAt: clock.now().toISOString(), outcome: 'sent' });
    expect(await findQueuedMails(rt.deps, org.id)).toEqual([{ jobId: queued!.jobId, status: 'done', template: 'privacy.mail.code', mail: null }]);

    expect(logLines.length).toBeGreaterThan(0);
    for (const secret of [code, email]) expect(logLines.join('\n')).not.toContain(secret);
  });

  it('a failing transport is logged and stored by its code only; the last try removes the content', async () => {
    const org = await createTestOrg(rt);
    const email = `jeanne.bounce-${Date.now()}@example.test`;
    const customer = await newCustomer(org.id, email);
    const link = `${rt.deps.config.publicUrl}/portal/${org.slug}/complaints/track/secret-token-123456`;
    await rt.deps.db.transaction((tx) => queueMail(rt.deps, tx, { orgId: org.id, to: { customerId: customer.id }, template: 'complaints.mail.received', params: { link, reference: 'R-1' } }));
    const [queued] = await findQueuedMails(rt.deps, org.id);
    transport.failWith = Object.assign(new Error(`550 5.1.1 <${email}>: mailbox unavailable; link ${link}`), { code: 'EENVELOPE', responseCode: 550 });
    try {
      await drainWithRetries(MAIL_MAX_ATTEMPTS + 1);
    } finally {
      transport.failWith = null;
    }
    const [row] = await rt.deps.db.select().from(jobs).where(eq(jobs.id, queued!.jobId));
    expect(row).toMatchObject({ status: 'dead', attempts: MAIL_MAX_ATTEMPTS, lastError: 'mail delivery failed (EENVELOPE 550)' });
    expect(row?.payload).toMatchObject({ outcome: 'failed' });
    const raw = await rawRow(queued!.jobId);
    for (const secret of ['secret-token-123456', email]) {
      expect(raw).not.toContain(secret);
      expect(logLines.join('\n')).not.toContain(secret);
    }
    expect(logLines.join('\n')).toContain('mail delivery failed (EENVELOPE 550)');
  });

  it('an erased recipient gets nothing and the content goes all the same', async () => {
    const org = await createTestOrg(rt);
    const customer = await newCustomer(org.id, `gone-${Date.now()}@example.test`);
    await rt.deps.db.transaction(async (tx) => {
      await queueMail(rt.deps, tx, { orgId: org.id, to: { customerId: customer.id }, template: 'privacy.mail.dsrFulfilled', params: { org: org.name, type: 'x' } });
      await rt.deps.cipher.destroy(tx, org.id, customer.id);
    });
    const sentBefore = transport.sent.length;
    await rt.worker.drain();
    expect(transport.sent.length).toBe(sentBefore);
    const [queued] = await findQueuedMails(rt.deps, org.id);
    expect(queued).toMatchObject({ status: 'done', mail: null });
    const [row] = await rt.deps.db.select().from(jobs).where(and(eq(jobs.orgId, org.id), eq(jobs.type, 'mail.send')));
    expect(row?.payload).toMatchObject({ outcome: 'skipped' });
  });

  it('a mail queued in clear before sealing existed is sent once after an upgrade, then removed', async () => {
    const org = await createTestOrg(rt);
    const email = `legacy-${Date.now()}@example.test`;
    const customer = await newCustomer(org.id, email);
    await rt.deps.db.transaction((tx) =>
      rt.deps.jobs.enqueue(tx, { type: 'mail.send', orgId: org.id, payload: { orgId: org.id, to: { customerId: customer.id }, template: 'privacy.mail.code', params: { code: '424242', minutes: 15, org: org.name } } }),
    );
    await rt.worker.drain();
    expect(transport.sent.find((m) => m.to === email)?.text).toContain('424242');
    const [queued] = await findQueuedMails(rt.deps, org.id);
    expect(queued).toMatchObject({ status: 'done', mail: null });
    expect(await rawRow(queued!.jobId)).not.toContain('424242');
  });

  it('a sealed mail opens only as a mail of its own organisation, and not at all if altered', async () => {
    const org = await createTestOrg(rt);
    const other = await createTestOrg(rt);
    const sealed = sealMail(rt.deps, { orgId: org.id, to: { address: 'someone@example.test' }, template: 'dsr.mail.erased', params: { org: 'X' }, locale: 'en' });
    expect(openMail(rt.deps, sealed)).toEqual({ orgId: org.id, to: { address: 'someone@example.test' }, template: 'dsr.mail.erased', params: { org: 'X' }, locale: 'en' });
    const moved: MailJobPayload = { ...sealed, orgId: other.id };
    expect(() => openMail(rt.deps, moved)).toThrow();
    if (!('sealed' in sealed)) throw new Error('expected a sealed payload');
    const tampered: MailJobPayload = { ...sealed, sealed: sealed.sealed.slice(0, -4) + (sealed.sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA') };
    expect(() => openMail(rt.deps, tampered)).toThrow();
  });
});
