import { beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import type { Runtime } from '../../runtime.ts';
import { getTestRuntime } from '../../db/testing/runtime.ts';
import { createTestOrg, createTestUser, type TestUser } from '../../db/testing/factories.ts';
import { complaints } from '../complaints/complaints.tables.ts';
import type { OrganisationRow } from '../organisations/organisations.repo.ts';
import { recordBreach } from '../breaches/breaches.service.ts';

let rt: Runtime;
beforeAll(async () => {
  rt = await getTestRuntime();
}, 120_000);

const json = { 'content-type': 'application/json' };
const HOUR = 3_600_000;

async function file(agent: TestUser, email: string): Promise<string> {
  const res = await rt.app.inject({
    method: 'POST',
    url: '/api/complaints',
    headers: { ...agent.headers, ...json },
    payload: { customer: { email, name: 'Client Test' }, channel: 'letter', category: 'billing', description: 'Courrier reçu.' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json().complaint as { id: string }).id;
}

async function home(who: TestUser) {
  const res = await rt.app.inject({ method: 'GET', url: '/api/home', headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  const sections = res.json().sections as { id: string; data: Record<string, unknown> }[];
  return { ids: sections.map((s) => s.id), data: (id: string) => sections.find((s) => s.id === id)?.data as never };
}

describe('GET /api/home: a home per role', () => {
  let org: OrganisationRow;
  let agent: TestUser;
  let supervisor: TestUser;
  let dpo: TestUser;
  let admin: TestUser;
  let ethics: TestUser;
  let auditor: TestUser;
  beforeAll(async () => {
    org = await createTestOrg(rt);
    agent = await createTestUser(rt, org.id, ['agent']);
    supervisor = await createTestUser(rt, org.id, ['supervisor']);
    dpo = await createTestUser(rt, org.id, ['dpo']);
    admin = await createTestUser(rt, org.id, ['admin']);
    ethics = await createTestUser(rt, org.id, ['ethics_officer']);
    auditor = await createTestUser(rt, org.id, ['auditor']);
    const patched = await rt.app.inject({
      method: 'PATCH',
      url: `/api/advisors/${agent.user.id}`,
      headers: { ...admin.headers, ...json },
      payload: { supervisorId: supervisor.user.id },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const ids = [];
    for (const n of [1, 2, 3, 4]) ids.push(await file(agent, `home-${n}@example.test`));
    await rt.deps.db.update(complaints).set({ assigneeId: agent.user.id }).where(inArray(complaints.id, ids));
    const now = rt.deps.clock.now();
    // One at 80 % of its answer clock, one past its due day, one waiting on the customer, one fine.
    await rt.deps.db
      .update(complaints)
      .set({ acknowledgedAt: now, answerWarnAt: new Date(now.getTime() - HOUR) })
      .where(eq(complaints.id, ids[0] as string));
    await rt.deps.db
      .update(complaints)
      .set({ acknowledgedAt: now, answerDueOn: '2020-01-01', escalationLevel: 2 })
      .where(eq(complaints.id, ids[1] as string));
    await rt.deps.db
      .update(complaints)
      .set({ pausedAt: now, pauseReason: 'clarification' })
      .where(eq(complaints.id, ids[2] as string));
    await rt.deps.db
      .update(complaints)
      .set({ acknowledgedAt: now })
      .where(eq(complaints.id, ids[3] as string));
    await recordBreach(rt.deps, dpo.ctx, {
      title: 'Fichier envoyé au mauvais destinataire',
      awareAt: new Date(now.getTime() - 10 * HOUR).toISOString(),
      description: 'Un export a été envoyé par erreur.',
      breachTypes: ['confidentiality'],
    } as never);
  }, 120_000);

  it("shows the agent their queue by SLA urgency, and none of the DPO's or admin's sections", async () => {
    const h = await home(agent);
    expect(h.ids).toEqual(['complaints.my-queue']);
    const queue = h.data('complaints.my-queue') as {
      counts: Record<string, number>;
      waitingOnCustomer: number;
      top: { state: string; level: number }[];
    };
    expect(queue.counts).toEqual({ ok: 1, soon: 1, breached: 1 });
    expect(queue.waitingOnCustomer).toBe(1);
    expect(queue.top.map((c) => c.state)).toEqual(['breached', 'soon', 'ok']);
    // Categories are worded by the server in the request's language (the home loads no complaints catalogue).
    expect(queue.top.map((c) => (c as { categoryLabel?: string }).categoryLabel)).toEqual(['Facturation', 'Facturation', 'Facturation']);
    const english = await rt.app.inject({
      method: 'GET',
      url: '/api/home',
      headers: { ...agent.headers, cookie: `${agent.headers.cookie}; confiance_lang=en` },
    });
    const top = (english.json().sections as { id: string; data: { top: { categoryLabel: string }[] } }[]).find((x) => x.id === 'complaints.my-queue')?.data.top;
    expect(top?.[0]?.categoryLabel).toBe('Billing');
  });

  it('shows the supervisor team load, escalations and a 12-week trend', async () => {
    const h = await home(supervisor);
    expect(h.ids).toEqual(['kpi.summary', 'complaints.team']);
    const team = h.data('complaints.team') as {
      advisors: { userId: string; open: number; breached: number }[];
      escalations: number;
      breachingSoon: number;
      trend: { week: string; received: number }[];
    };
    expect(team.advisors).toEqual([expect.objectContaining({ userId: agent.user.id, open: 4, breached: 1, soon: 1, waiting: 1 })]);
    expect(team.escalations).toBe(1);
    expect(team.breachingSoon).toBe(1);
    expect(team.trend).toHaveLength(12);
    expect(team.trend.at(-1)?.received).toBe(4);
  });

  it('shows the DPO requests by deadline, consent trend and the breach clock', async () => {
    const h = await home(dpo);
    expect(h.ids).toEqual(['kpi.summary', 'dsr.deadlines', 'consent.trend', 'breaches.clocks']);
    const clocks = h.data('breaches.clocks') as { open: { clockRunning: boolean; hoursLeft: number }[] };
    expect(clocks.open).toHaveLength(1);
    expect(clocks.open[0]).toMatchObject({ clockRunning: true, hoursLeft: 61 });
    expect(h.data('dsr.deadlines')).toMatchObject({ overdue: 0, dueThisWeek: 0, later: 0, next: [] });
    expect((h.data('consent.trend') as { weeks: unknown[] }).weeks).toHaveLength(12);
  });

  it('shows the admin users, tokens and an intact audit chain; the auditor the chain and outcomes', async () => {
    const a = await home(admin);
    expect(a.ids).toEqual(['auth.users', 'auth.tokens', 'audit-log.chain']);
    expect(a.data('auth.users')).toMatchObject({ active: 6, disabled: 0, twoStep: 0 });
    expect(a.data('audit-log.chain')).toMatchObject({ ok: true, firstBrokenSeq: null });
    const au = await home(auditor);
    expect(au.ids).toEqual(['kpi.summary', 'complaints.outcomes', 'audit-log.chain']);
    const e = await home(ethics);
    expect(e.ids).toEqual(['kpi.summary', 'audits.findings', 'messages.approvals', 'complaints.outcomes']);
    // Messages waiting for the ethics officer's approval (issue 12): none in a new organisation.
    expect(e.data('messages.approvals')).toEqual({ pending: 0 });
    // Findings of the controls (issue 14): none until the controls run.
    expect(e.data('audits.findings')).toEqual({ open: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0 } });
    // The KPI values are not computed until the refresh job's first run: nothing is judged yet.
    expect(e.data('kpi.summary')).toMatchObject({ refreshedAt: null, withTarget: 0, offTarget: [] });
    expect(e.data('complaints.outcomes')).toMatchObject({
      open: 4,
      mediation: 0,
      decisions: { upheld: 0, partially_upheld: 0, rejected: 0 },
    });
  });

  it("keeps to the viewer's organisation and refuses anonymous callers", async () => {
    const other = await createTestOrg(rt);
    const stranger = await createTestUser(rt, other.id, ['supervisor']);
    const team = (await home(stranger)).data('complaints.team') as {
      advisors: unknown[];
      escalations: number;
      trend: { received: number }[];
    };
    expect(team.advisors).toEqual([]);
    expect(team.escalations).toBe(0);
    expect(team.trend.reduce((s, w) => s + w.received, 0)).toBe(0);
    expect((await rt.app.inject({ method: 'GET', url: '/api/home' })).statusCode).toBe(401);
  });
});
