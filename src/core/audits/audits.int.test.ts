/**
 * The continuous controls on real SQL: records built in a fresh organisation, the controls run at
 * chosen instants, and the findings checked to open, not duplicate, and close exactly — at the
 * edges of each rule (a request on its due day vs the day after, 72 hours vs 72 hours and a minute).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser } from '../../db/testing/factories.ts';
import type { OrganisationRow } from '../organisations/index.ts';
import { auditEvents } from '../audit-log/audit-log.tables.ts';
import { breaches } from '../breaches/breaches.tables.ts';
import { complaints } from '../complaints/complaints.tables.ts';
import { contactAttempts } from '../contact/contact.tables.ts';
import { dsrRequests } from '../dsr/dsr.tables.ts';
import { kpiRefreshState, kpiValues } from '../kpi/kpi.tables.ts';
import { messageApprovals } from '../messages/messages.tables.ts';
import { retentionRuns } from '../register/register.tables.ts';
import { findings, remediationActions } from './audits.tables.ts';
import { runControls, runControlsFor } from './audits.run.ts';
import * as service from './audits.service.ts';
import { toLocalDate } from '../../rules/index.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
});

const run = (org: OrganisationRow, now: Date) => runControlsFor(rt.deps, { id: org.id, timezone: org.timezone }, now);

async function findingsOf(orgId: string, controlKey: string) {
  return rt.deps.db
    .select()
    .from(findings)
    .where(and(eq(findings.orgId, orgId), eq(findings.controlKey, controlKey)))
    .orderBy(findings.openedAt);
}

async function eventsOf(orgId: string, type: string) {
  return rt.deps.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.orgId, orgId), eq(auditEvents.type, type)));
}

async function insertDsr(orgId: string, dueDate: string) {
  const [row] = await rt.deps.db
    .insert(dsrRequests)
    .values({
      orgId,
      customerId: randomUUID(),
      type: 'access',
      channel: 'email',
      identityCheck: 'known_contact_details',
      identityCheckedBy: 'test',
      receivedAt: new Date(`${dueDate}T08:00:00Z`),
      timezone: 'Europe/Paris',
      dueDate,
    })
    .returning();
  return row!;
}

describe('data-subject request past its deadline (GDPR Art. 12(3))', () => {
  it('is on time through its due day in the subject’s time zone, late from the next local day, and closes when answered', async () => {
    const org = await createTestOrg(rt);
    const request = await insertDsr(org.id, '2026-03-10');
    // 23:00 in Paris on the due day: still on time.
    await run(org, new Date('2026-03-10T22:00:00Z'));
    expect(await findingsOf(org.id, 'dsr_overdue')).toEqual([]);
    // 00:30 in Paris the next day (still the 10th in UTC): late.
    const late = await run(org, new Date('2026-03-10T23:30:00Z'));
    expect(late).toMatchObject({ opened: 1, closed: 0, failed: [] });
    const [finding] = await findingsOf(org.id, 'dsr_overdue');
    expect(finding).toMatchObject({
      status: 'open',
      source: 'control',
      severity: 'high',
      causeKey: request.id,
      titleKey: 'audits.controls.dsr_overdue.title',
      params: { type: 'access', dueOn: '2026-03-10' },
      evidence: [{ type: 'dsr_request', id: request.id }],
      reference: expect.stringMatching(/^F-2026-\d{3}$/),
    });

    // Run twice (a job may): nothing new, nothing recorded.
    const again = await run(org, new Date('2026-03-11T09:00:00Z'));
    expect(again).toMatchObject({ opened: 0, closed: 0, open: 1 });
    expect(await findingsOf(org.id, 'dsr_overdue')).toHaveLength(1);
    expect(await eventsOf(org.id, 'controls.ran')).toHaveLength(1);

    await rt.deps.db
      .update(dsrRequests)
      .set({ status: 'fulfilled', closedAt: new Date('2026-03-12T10:00:00Z') })
      .where(eq(dsrRequests.id, request.id));
    const gone = await run(org, new Date('2026-03-12T11:00:00Z'));
    expect(gone).toMatchObject({ opened: 0, closed: 1, open: 0 });
    const [closed] = await findingsOf(org.id, 'dsr_overdue');
    expect(closed).toMatchObject({
      status: 'closed',
      closedBy: 'controls.run',
      closure: { by: 'control', on: '2026-03-12', reasonKey: 'audits.controls.dsr_overdue.gone' },
    });
    expect(await eventsOf(org.id, 'finding.opened')).toHaveLength(1);
    expect(await eventsOf(org.id, 'finding.closed')).toHaveLength(1);
  });

  it('opens a new finding when the cause comes back after its finding closed', async () => {
    const org = await createTestOrg(rt);
    const request = await insertDsr(org.id, '2026-03-10');
    await run(org, new Date('2026-03-12T10:00:00Z'));
    await rt.deps.db.update(dsrRequests).set({ status: 'extended', dueDate: '2026-05-10' }).where(eq(dsrRequests.id, request.id));
    await run(org, new Date('2026-03-13T10:00:00Z'));
    // The extended deadline passes too.
    await run(org, new Date('2026-05-11T10:00:00Z'));
    const rows = await findingsOf(org.id, 'dsr_overdue');
    expect(rows.map((f) => [f.status, f.params.dueOn])).toEqual([
      ['closed', '2026-03-10'],
      ['open', '2026-05-10'],
    ]);
  });
});

describe('breach not notified within 72 hours (GDPR Art. 33(1))', () => {
  it('is on time at 72 hours exactly and overdue at 72 hours and one minute; closes once notified', async () => {
    const org = await createTestOrg(rt);
    const awareAt = new Date('2026-04-01T09:00:00Z');
    const dueAt = new Date(awareAt.getTime() + 72 * HOUR);
    const [breach] = await rt.deps.db
      .insert(breaches)
      .values({
        orgId: org.id,
        reference: 'BR-2026-001',
        title: 'Test',
        awareAt,
        description: 'Test',
        breachTypes: [],
        authorityDueAt: dueAt,
      })
      .returning();
    await run(org, dueAt);
    expect(await findingsOf(org.id, 'breach_authority_overdue')).toEqual([]);
    await run(org, new Date(dueAt.getTime() + MINUTE));
    const [finding] = await findingsOf(org.id, 'breach_authority_overdue');
    expect(finding).toMatchObject({ status: 'open', severity: 'critical', causeKey: breach!.id, params: { reference: 'BR-2026-001' } });

    await rt.deps.db
      .update(breaches)
      .set({ status: 'notified', authorityNotifiedAt: new Date(dueAt.getTime() + HOUR) })
      .where(eq(breaches.id, breach!.id));
    await run(org, new Date(dueAt.getTime() + 2 * HOUR));
    expect((await findingsOf(org.id, 'breach_authority_overdue'))[0]).toMatchObject({ status: 'closed', closure: { by: 'control' } });
  });
});

describe('complaint past its SLA without escalation', () => {
  it('opens when the acknowledgement clock ran out at level 1, and closes when the complaint is escalated', async () => {
    const org = await createTestOrg(rt);
    const receivedAt = new Date('2026-05-04T08:00:00Z');
    const [complaint] = await rt.deps.db
      .insert(complaints)
      .values({
        id: randomUUID(),
        orgId: org.id,
        reference: 'REC-2026-000001',
        trackingHash: randomUUID(),
        customerId: randomUUID(),
        channel: 'email',
        category: 'billing',
        descriptionEnc: 'x',
        receivedAt,
        ackDueOn: '2026-05-18',
        answerDueOn: '2026-07-06',
        ackWarnAt: new Date('2026-05-15T08:00:00Z'),
        answerWarnAt: new Date('2026-06-25T08:00:00Z'),
      })
      .returning();
    // Noon in Paris on the due day: on time.
    await run(org, new Date('2026-05-18T10:00:00Z'));
    expect(await findingsOf(org.id, 'complaint_late_unescalated')).toEqual([]);
    await run(org, new Date('2026-05-19T10:00:00Z'));
    expect(await findingsOf(org.id, 'complaint_late_unescalated')).toMatchObject([
      { status: 'open', causeKey: complaint!.id, params: { reference: 'REC-2026-000001', clock: 'ack', dueOn: '2026-05-18' } },
    ]);
    await rt.deps.db
      .update(complaints)
      .set({ escalationLevel: 2, escalatedAt: new Date('2026-05-19T12:00:00Z') })
      .where(eq(complaints.id, complaint!.id));
    await run(org, new Date('2026-05-20T10:00:00Z'));
    expect(await findingsOf(org.id, 'complaint_late_unescalated')).toMatchObject([{ status: 'closed' }]);
  });
});

describe('retention run that failed (GDPR Art. 5(1)(e))', () => {
  it('opens on a failed latest run and closes when a later run succeeds', async () => {
    const org = await createTestOrg(rt);
    const base = { orgId: org.id, trigger: 'cron' as const, actorId: 'test' };
    const [failed] = await rt.deps.db
      .insert(retentionRuns)
      .values({
        ...base,
        status: 'failed',
        failedRule: 'complaint.closed',
        startedAt: new Date('2026-06-01T02:00:00Z'),
        finishedAt: new Date('2026-06-01T02:01:00Z'),
      })
      .returning();
    await run(org, new Date('2026-06-01T08:00:00Z'));
    expect(await findingsOf(org.id, 'retention_run_failed')).toMatchObject([
      {
        status: 'open',
        causeKey: 'complaint.closed',
        evidence: [{ type: 'retention_run', id: failed!.id }],
        params: { rule: 'complaint.closed', on: '2026-06-01' },
      },
    ]);
    await rt.deps.db
      .insert(retentionRuns)
      .values({ ...base, status: 'succeeded', startedAt: new Date('2026-06-02T02:00:00Z'), finishedAt: new Date('2026-06-02T02:01:00Z') });
    await run(org, new Date('2026-06-02T08:00:00Z'));
    expect(await findingsOf(org.id, 'retention_run_failed')).toMatchObject([{ status: 'closed' }]);
  });
});

describe('marketing contact without an allowed decision', () => {
  it('opens one finding per refused prospecting attempt, ignores allowed and service ones, and never reopens one a person closed', async () => {
    const org = await createTestOrg(rt);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);
    const attempt = (purpose: 'prospecting' | 'service', allowed: boolean) => ({
      orgId: org.id,
      customerId: randomUUID(),
      channel: 'phone' as const,
      purpose,
      outcome: 'answered' as const,
      occurredAt: new Date('2026-09-01T09:00:00Z'),
      source: 'import' as const,
      actorType: 'system',
      allowed,
      reasons: allowed ? [] : ['no_consent'],
      evidence: { consentEvents: [], restrictions: [], attempts: [] },
      declared: {
        tz: 'Europe/Paris',
        sector: 'other' as const,
        ongoingContract: false,
        relatedToContract: false,
        existingCustomerSimilarProduct: false,
        oppositionListed: false,
      },
    });
    const [refused] = await rt.deps.db.insert(contactAttempts).values(attempt('prospecting', false)).returning();
    await rt.deps.db.insert(contactAttempts).values([attempt('prospecting', true), attempt('service', false)]);
    await run(org, new Date('2026-09-02T08:00:00Z'));
    const [finding] = await findingsOf(org.id, 'contact_without_allowed_decision');
    expect(await findingsOf(org.id, 'contact_without_allowed_decision')).toHaveLength(1);
    expect(finding).toMatchObject({
      status: 'open',
      causeKey: refused!.id,
      params: { channel: 'phone', on: '2026-09-01', reasons: 'no_consent' },
      evidence: [
        { type: 'contact_attempt', id: refused!.id },
        { type: 'customer', id: refused!.customerId },
      ],
    });

    await service.closeFinding(rt.deps, officer.ctx, finding!.id, { note: 'Dialer misconfigured; fixed on 2026-09-02.' });
    await run(org, new Date('2026-09-03T08:00:00Z'));
    expect(await findingsOf(org.id, 'contact_without_allowed_decision')).toMatchObject([
      { status: 'closed', closure: { by: 'user', params: { note: 'Dialer misconfigured; fixed on 2026-09-02.' } } },
    ]);
  });
  it('past a first page of a thousand, the next runs still find the new ones', async () => {
    const org = await createTestOrg(rt);
    const refused = (minute: number) => ({
      orgId: org.id,
      customerId: randomUUID(),
      channel: 'phone' as const,
      purpose: 'prospecting' as const,
      outcome: 'answered' as const,
      occurredAt: new Date(Date.UTC(2026, 8, 1, 8, 0) + minute * 60_000),
      source: 'import' as const,
      actorType: 'system',
      allowed: false,
      reasons: ['no_consent'],
      evidence: { consentEvents: [], restrictions: [], attempts: [] },
      declared: { tz: 'Europe/Paris', sector: 'other' as const, ongoingContract: false, relatedToContract: false, existingCustomerSimilarProduct: false, oppositionListed: false },
    });
    // A dialer's log of 1,001 refused calls: a thousand findings the first day, the last one the next.
    await rt.deps.db.insert(contactAttempts).values(Array.from({ length: 1001 }, (_, i) => refused(i)));
    await run(org, new Date('2026-09-02T08:00:00Z'));
    expect(await findingsOf(org.id, 'contact_without_allowed_decision')).toHaveLength(1000);
    await run(org, new Date('2026-09-03T08:00:00Z'));
    expect(await findingsOf(org.id, 'contact_without_allowed_decision')).toHaveLength(1001);
    // A call logged later is found although the oldest thousand all have findings.
    await rt.deps.db.insert(contactAttempts).values(refused(5000));
    await run(org, new Date('2026-09-04T08:00:00Z'));
    expect(await findingsOf(org.id, 'contact_without_allowed_decision')).toHaveLength(1002);
  });
});

describe('message approval left waiting', () => {
  it('opens after five days pending, not before, and closes when decided', async () => {
    const org = await createTestOrg(rt);
    const requestedAt = new Date('2026-10-01T09:00:00Z');
    const [approval] = await rt.deps.db
      .insert(messageApprovals)
      .values({ orgId: org.id, text: 'Offre', textHash: 'h', type: 'marketing', lang: 'fr', findings: [], requestedBy: 'u', requestedAt })
      .returning();
    await run(org, new Date(requestedAt.getTime() + 5 * DAY));
    expect(await findingsOf(org.id, 'message_approval_waiting')).toEqual([]);
    await run(org, new Date(requestedAt.getTime() + 5 * DAY + MINUTE));
    expect(await findingsOf(org.id, 'message_approval_waiting')).toMatchObject([
      { status: 'open', causeKey: approval!.id, severity: 'low' },
    ]);
    await rt.deps.db
      .update(messageApprovals)
      .set({ status: 'approved', decidedBy: 'x', decidedAt: new Date() })
      .where(eq(messageApprovals.id, approval!.id));
    await run(org, new Date(requestedAt.getTime() + 6 * DAY));
    expect(await findingsOf(org.id, 'message_approval_waiting')).toMatchObject([{ status: 'closed' }]);
  });
});

describe('KPI off its objective', () => {
  it('judges the stored values against the catalogue target, then against the objective set for the period', async () => {
    const org = await createTestOrg(rt);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);
    const now = rt.deps.clock.now();
    const today = toLocalDate(now, org.timezone);
    // 8 of 10 answers on time: 80 %, under the catalogue's 95 %.
    await rt.deps.db
      .insert(kpiValues)
      .values({ orgId: org.id, kpi: 'complaints.sla_compliance', day: today, dimension: '', num: 8, den: 10, computedAt: now });
    await rt.deps.db.insert(kpiRefreshState).values({ orgId: org.id, position: 0, previousPosition: 0, day: today, refreshedAt: now });
    await run(org, now);
    expect(await findingsOf(org.id, 'kpi_off_target')).toMatchObject([
      {
        status: 'open',
        causeKey: 'complaints.sla_compliance',
        params: { value: 80, target: 95, direction: 'higher' },
        evidence: [{ type: 'kpi', id: 'complaints.sla_compliance' }],
      },
    ]);

    // The organisation sets its own objective for this year: 75 %. The KPI meets it.
    const year = today.slice(0, 4);
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/kpis/complaints.sla_compliance/objectives',
      headers: officer.headers,
      payload: { from: `${year}-01-01`, to: `${year}-12-31`, value: 75, direction: 'higher' },
    });
    expect(res.statusCode).toBe(201);
    const dashboard = await rt.app.inject({ method: 'GET', url: '/api/kpis/complaints.sla_compliance', headers: officer.headers });
    expect(dashboard.json().kpi).toMatchObject({
      value: 80,
      target: { value: 75, direction: 'higher' },
      targetFrom: 'objective',
      status: 'on_target',
    });
    await run(org, now);
    expect(await findingsOf(org.id, 'kpi_off_target')).toMatchObject([
      { status: 'closed', closure: { by: 'control', reasonKey: 'audits.controls.kpi_off_target.gone' } },
    ]);

    // An overlapping objective is refused, with the period already set named in the message.
    const overlap = await rt.app.inject({
      method: 'POST',
      url: '/api/kpis/complaints.sla_compliance/objectives',
      headers: officer.headers,
      payload: { from: `${year}-06-01`, to: `${Number(year) + 1}-05-31`, value: 90, direction: 'higher' },
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.issues).toEqual([
      {
        path: 'from',
        message: `Un objectif couvre déjà cette période (${year}-01-01 au ${year}-12-31) : modifiez-le ou choisissez d’autres dates.`,
      },
    ]);
  });
});

describe('remediation action overdue', () => {
  it('is on time on its due day, overdue the next local day, and the finding closes when the action is done', async () => {
    const org = await createTestOrg(rt);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);
    await insertDsr(org.id, '2020-01-10');
    await run(org, rt.deps.clock.now());
    const [finding] = await findingsOf(org.id, 'dsr_overdue');
    const today = toLocalDate(rt.deps.clock.now(), org.timezone);
    const action = await service.addAction(rt.deps, officer.ctx, finding!.id, {
      title: 'Answer the request',
      ownerId: officer.user.id,
      dueOn: today,
    });
    expect((await findingsOf(org.id, 'dsr_overdue'))[0]!.status).toBe('in_remediation');

    // 23:00 in Paris on the due day, then 00:30 the day after.
    const dueEnd = new Date(`${today}T21:00:00Z`);
    await run(org, dueEnd);
    expect(await findingsOf(org.id, 'remediation_overdue')).toEqual([]);
    await run(org, new Date(dueEnd.getTime() + 3.5 * HOUR));
    expect(await findingsOf(org.id, 'remediation_overdue')).toMatchObject([
      {
        status: 'open',
        causeKey: action.id,
        evidence: [
          { type: 'remediation_action', id: action.id },
          { type: 'finding', id: finding!.id },
        ],
      },
    ]);

    await service.closeAction(rt.deps, officer.ctx, action.id, { status: 'done' });
    await run(org, new Date(dueEnd.getTime() + 4 * HOUR));
    expect(await findingsOf(org.id, 'remediation_overdue')).toMatchObject([{ status: 'closed' }]);
    const [row] = await rt.deps.db.select().from(remediationActions).where(eq(remediationActions.id, action.id));
    expect(row).toMatchObject({ status: 'done', doneBy: officer.user.id });
  });
});

describe('findings API', () => {
  it('lists and shows a finding with its evidence named for the viewer, adds an action; refuses bad input and closing a self-closing finding', async () => {
    const org = await createTestOrg(rt);
    const officer = await createTestUser(rt, org.id, ['ethics_officer']);
    const dpo = await createTestUser(rt, org.id, ['dpo']);
    const request = await insertDsr(org.id, '2020-01-10');
    const ran = await rt.app.inject({ method: 'POST', url: '/api/findings/controls/run', headers: officer.headers });
    expect(ran.statusCode).toBe(200);
    expect(ran.json()).toMatchObject({ opened: 1, failed: [] });
    const list = await rt.app.inject({ method: 'GET', url: '/api/findings?status=open', headers: officer.headers });
    expect(list.json().items).toMatchObject([
      { controlKey: 'dsr_overdue', severity: 'high', status: 'open', title: 'Demande RGPD (accès) sans réponse après le 2020-01-10' },
    ]);
    const id = list.json().items[0].id as string;

    // The ethics officer may not read requests: the evidence shows without a link; the DPO gets the link.
    const asOfficer = (await rt.app.inject({ method: 'GET', url: `/api/findings/${id}`, headers: officer.headers })).json();
    expect(asOfficer.evidence).toEqual([{ type: 'dsr_request', id: request.id, label: null, path: null }]);
    expect(asOfficer.abilities).toEqual({ addAction: true, close: false });
    const asDpo = (await rt.app.inject({ method: 'GET', url: `/api/findings/${id}`, headers: dpo.headers })).json();
    expect(asDpo.evidence).toEqual([{ type: 'dsr_request', id: request.id, label: null, path: `/app/privacy/requests/${request.id}` }]);
    expect(asDpo.abilities).toEqual({ addAction: false, close: false });

    const close = await rt.app.inject({
      method: 'POST',
      url: `/api/findings/${id}/close`,
      headers: officer.headers,
      payload: { note: 'done' },
    });
    expect(close.statusCode).toBe(409);
    const past = await rt.app.inject({
      method: 'POST',
      url: `/api/findings/${id}/actions`,
      headers: officer.headers,
      payload: { title: 'Answer', ownerId: dpo.user.id, dueOn: '2020-01-01' },
    });
    expect(past.statusCode).toBe(400);
    const stranger = await rt.app.inject({
      method: 'POST',
      url: `/api/findings/${id}/actions`,
      headers: officer.headers,
      payload: { title: 'Answer', ownerId: randomUUID(), dueOn: '2099-01-01' },
    });
    expect(stranger.statusCode).toBe(400);
    const added = await rt.app.inject({
      method: 'POST',
      url: `/api/findings/${id}/actions`,
      headers: officer.headers,
      payload: { title: 'Answer', ownerId: dpo.user.id, dueOn: '2099-01-01' },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      ownerId: dpo.user.id,
      ownerName: dpo.user.name,
      dueOn: '2099-01-01',
      status: 'open',
      overdue: false,
    });
    const denied = await rt.app.inject({
      method: 'POST',
      url: `/api/findings/${id}/actions`,
      headers: dpo.headers,
      payload: { title: 'x', ownerId: dpo.user.id, dueOn: '2099-01-01' },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('runs every organisation from the job entry point', async () => {
    const org = await createTestOrg(rt);
    await insertDsr(org.id, '2020-01-10');
    const outcomes = await runControls(rt.deps, { orgId: org.id });
    expect(outcomes).toMatchObject([{ orgId: org.id, opened: 1, failed: [] }]);
  });
});
