import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import { jobs } from '../../db/schema.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { fileComplaint } from '../complaints/complaints.intake.ts';
import { complaintEvents, complaints } from '../complaints/complaints.tables.ts';
import { complaintRetention } from '../complaints/complaints.retention.ts';
import { customers } from '../customers/customers.tables.ts';
import { privacyOtps } from '../consent/consent.tables.ts';
import { subjectKeys } from '../subject-keys/subject-keys.tables.ts';
import { systemContext } from '../context.ts';
import { retentionRuns } from './register.tables.ts';
import { retentionJob } from './retention.service.ts';
import { eraseSubject } from '../dsr/subject-data.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

/**
 * An organisation with: a complaint closed 6 years ago (past 5 years) whose customer had no
 * contact since; a complaint received 6 years ago and still open (legal hold); a complaint closed
 * 4 years ago; an expired and a valid verification code; sent mails finished 40 days ago.
 */
async function seed() {
  const org = await createTestOrg(rt);
  const dpo = await createTestUser(rt, org.id, ['dpo']);
  const agent = await createTestUser(rt, org.id, ['agent']);
  const now = rt.deps.clock.now().getTime();
  const file = (name: string) =>
    fileComplaint(rt.deps, agent.ctx, { customer: { email: `${name}-${randomUUID()}@example.test`, name }, channel: 'phone', category: 'billing', description: `Texte de ${name}`, language: 'fr' }, 'agent');
  const old = (await file('Ancien')).complaint;
  const open = (await file('Ouvert')).complaint;
  const recent = (await file('Récent')).complaint;
  const at = (ms: number) => new Date(now - ms);
  await rt.deps.db.update(complaints).set({ status: 'closed', receivedAt: at(6.2 * YEAR), closedAt: at(6 * YEAR) }).where(eq(complaints.id, old.id));
  await rt.deps.db.update(complaints).set({ receivedAt: at(6 * YEAR) }).where(eq(complaints.id, open.id));
  await rt.deps.db.update(complaints).set({ status: 'closed', receivedAt: at(4.1 * YEAR), closedAt: at(4 * YEAR) }).where(eq(complaints.id, recent.id));
  // No contact from these customers for 6 years.
  await rt.deps.db.update(customers).set({ updatedAt: at(6 * YEAR), createdAt: at(6.2 * YEAR) }).where(inArray(customers.id, [old.customerId, open.customerId]));
  const expiredOtp = randomUUID();
  const validOtp = randomUUID();
  await rt.deps.db.insert(privacyOtps).values([
    { id: expiredOtp, orgId: org.id, customerId: recent.customerId, codeHash: 'h1', expiresAt: at(2 * DAY) },
    { id: validOtp, orgId: org.id, customerId: recent.customerId, codeHash: 'h2', expiresAt: at(-600_000) },
  ]);
  await rt.deps.db.update(jobs).set({ status: 'done', finishedAt: at(40 * DAY) }).where(and(eq(jobs.orgId, org.id), eq(jobs.type, 'mail.send')));
  return { org, dpo, agent, old, open, recent, expiredOtp, validOtp };
}

async function snapshot(orgId: string) {
  const n = async (table: typeof complaints | typeof privacyOtps | typeof auditEvents | typeof jobs, where: ReturnType<typeof eq>) => (await rt.deps.db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0;
  return {
    complaints: await n(complaints, eq(complaints.orgId, orgId)),
    otps: await n(privacyOtps, eq(privacyOtps.orgId, orgId)),
    audit: await n(auditEvents, eq(auditEvents.orgId, orgId)),
    mails: await n(jobs, eq(jobs.orgId, orgId)),
    erased: (await rt.deps.db.select({ n: count() }).from(customers).where(and(eq(customers.orgId, orgId), sql`${customers.erasedAt} is not null`)))[0]?.n ?? 0,
  };
}

type DryRun = { items: { rule: string; count: number; held: number; sampleIds: string[] }[] };
const item = (d: DryRun, rule: string) => d.items.find((i) => i.rule === rule);

describe('retention (GDPR Art. 5(1)(e))', () => {
  it('a dry run lists what is past its limit and what a hold keeps, and changes nothing', async () => {
    const s = await seed();
    const before = await snapshot(s.org.id);
    const res = await rt.app.inject({ method: 'GET', url: '/api/retention/dry-run', headers: s.dpo.headers });
    expect(res.statusCode).toBe(200);
    const dry = res.json() as DryRun;
    expect(item(dry, 'complaint.closed')).toMatchObject({ count: 1, held: 1, sampleIds: [s.old.id] });
    expect(item(dry, 'privacy.otp')).toMatchObject({ count: 1, sampleIds: [s.expiredOtp] });
    expect(item(dry, 'mail.outbox')?.count).toBeGreaterThanOrEqual(3);
    // Both old customers still have a complaint: held until the complaint rule has run.
    expect(item(dry, 'customer.inactive')).toMatchObject({ count: 0, held: 2 });
    expect(await snapshot(s.org.id)).toEqual(before);
  });

  it('a run purges exactly what is past the limit, nothing under a hold, and records it', async () => {
    const s = await seed();
    const other = await seed();
    const otherBefore = await snapshot(other.org.id);
    const res = await rt.app.inject({ method: 'POST', url: '/api/retention/runs', headers: s.dpo.headers });
    expect(res.statusCode).toBe(201);
    const run = res.json() as { id: string; status: string; trigger: string; results: { rule: string; purged: number; held: number }[] };
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    const result = (rule: string) => run.results.find((r) => r.rule === rule);
    expect(result('complaint.closed')).toMatchObject({ purged: 1, held: 1 });
    expect(result('privacy.otp')).toMatchObject({ purged: 1 });
    // The complaint rule ran first, so its customer was free to go in the same run; the other is held.
    expect(result('customer.inactive')).toMatchObject({ purged: 1, held: 1 });

    const left = await rt.deps.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.orgId, s.org.id));
    expect(left.map((c) => c.id).sort()).toEqual([s.open.id, s.recent.id].sort());
    expect(await rt.deps.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, s.old.id))).toEqual([]);
    const otps = await rt.deps.db.select({ id: privacyOtps.id }).from(privacyOtps).where(eq(privacyOtps.orgId, s.org.id));
    expect(otps.map((o) => o.id)).toEqual([s.validOtp]);

    // Crypto-shredded like an erasure: identity gone, key destroyed, row kept as the record.
    const [gone] = await rt.deps.db.select().from(customers).where(eq(customers.id, s.old.customerId));
    expect(gone).toMatchObject({ emailEnc: null, nameEnc: null, emailLookup: null });
    expect(gone?.erasedAt).toBeInstanceOf(Date);
    const [key] = await rt.deps.db.select().from(subjectKeys).where(eq(subjectKeys.subjectId, s.old.customerId));
    expect(key?.wrappedKey).toBeNull();
    const [kept] = await rt.deps.db.select().from(customers).where(eq(customers.id, s.open.customerId));
    expect(kept?.erasedAt).toBeNull();
    expect(kept?.emailEnc).not.toBeNull();

    // The audit log has ids and counts only, in the run's name.
    const purged = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'retention.purged')));
    const byRule = Object.fromEntries(purged.map((e) => [(e.payload as { rule: string }).rule, e.payload as { runId: string; ids: string[]; count: number }]));
    expect(byRule['complaint.closed']).toMatchObject({ runId: run.id, count: 1, ids: [s.old.id] });
    expect(byRule['customer.inactive']).toMatchObject({ ids: [s.old.customerId] });
    expect(JSON.stringify(purged.map((e) => e.payload))).not.toMatch(/Ancien|example\.test/);
    const destroyed = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'subject_key.destroyed')));
    expect(destroyed.map((e) => e.targetId)).toContain(s.old.customerId);
    expect((await rt.app.inject({ method: 'GET', url: '/api/retention/runs', headers: s.dpo.headers })).json().items[0]).toMatchObject({ id: run.id, purged: run.results.reduce((n, r) => n + r.purged, 0) });
    expect(await rt.deps.audit.verify(rt.deps.db, s.org.id)).toMatchObject({ ok: true });

    // Another organisation is untouched, and its own dry run still sees its rows.
    expect(await snapshot(other.org.id)).toEqual(otherBefore);
    expect((await rt.app.inject({ method: 'GET', url: '/api/retention/runs', headers: other.dpo.headers })).json().items).toEqual([]);
    const otherDry = (await rt.app.inject({ method: 'GET', url: '/api/retention/dry-run', headers: other.dpo.headers })).json() as DryRun;
    expect(item(otherDry, 'complaint.closed')?.sampleIds).toEqual([other.old.id]);

    // A second run finds nothing more.
    const again = (await rt.app.inject({ method: 'POST', url: '/api/retention/runs', headers: s.dpo.headers })).json() as { purged: number };
    expect(again.purged).toBe(0);
  });

  it('re-checks in the purge transaction: ids that are open or not yet past the cutoff are never deleted', async () => {
    const s = await seed();
    const cutoff = new Date(rt.deps.clock.now().getTime() - 5 * YEAR);
    const gone = await rt.deps.db.transaction((tx) => complaintRetention.purge(rt.deps, tx, systemContext(s.org.id, 'test'), s.org.id, [s.open.id, s.recent.id], cutoff, eraseSubject));
    expect(gone).toEqual([]);
    const still = await rt.deps.db.select({ id: complaints.id }).from(complaints).where(inArray(complaints.id, [s.open.id, s.recent.id]));
    expect(still).toHaveLength(2);
  });

  it('lets the DPO shorten a period (audited), never below the rule’s minimum', async () => {
    const s = await seed();
    const tooShort = await rt.app.inject({ method: 'PUT', url: '/api/retention/rules/privacy.link_use', headers: { ...s.dpo.headers, 'accept-language': 'en' }, payload: { amount: 10, unit: 'days' } });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error.issues[0]).toMatchObject({ path: 'amount' });
    const res = await rt.app.inject({ method: 'PUT', url: '/api/retention/rules/complaint.closed', headers: s.dpo.headers, payload: { amount: 3, unit: 'years' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rule: 'complaint.closed', period: { amount: 3, unit: 'years' }, defaultPeriod: { amount: 5, unit: 'years' }, custom: true });
    const [event] = await rt.deps.db.select().from(auditEvents).where(and(eq(auditEvents.orgId, s.org.id), eq(auditEvents.type, 'retention_rule.updated')));
    expect(event?.payload).toEqual({ rule: 'complaint.closed', amount: 3, unit: 'years' });
    const dry = (await rt.app.inject({ method: 'GET', url: '/api/retention/dry-run', headers: s.dpo.headers })).json() as DryRun;
    expect(item(dry, 'complaint.closed')?.sampleIds.sort()).toEqual([s.old.id, s.recent.id].sort());

    const auditor = await createTestUser(rt, s.org.id, ['auditor']);
    expect((await rt.app.inject({ method: 'GET', url: '/api/retention/rules', headers: auditor.headers })).statusCode).toBe(200);
    expect((await rt.app.inject({ method: 'POST', url: '/api/retention/runs', headers: auditor.headers })).statusCode).toBe(403);
    expect((await rt.app.inject({ method: 'PUT', url: '/api/retention/rules/complaint.closed', headers: auditor.headers, payload: { amount: 1, unit: 'days' } })).statusCode).toBe(403);
  });

  it('the daily job runs every organisation and records a scheduled run', async () => {
    const s = await seed();
    await retentionJob.handler(rt.deps, {}, { id: 0, orgId: null, attempt: 1 });
    const runs = await rt.deps.db.select().from(retentionRuns).where(eq(retentionRuns.orgId, s.org.id));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'cron', actorId: 'retention.daily', status: 'succeeded' });
    const [old] = await rt.deps.db.select().from(complaints).where(eq(complaints.id, s.old.id));
    expect(old).toBeUndefined();
  });
});
