/**
 * The breach register (GDPR Art. 33-34): every breach documented, the 72-hour clock to notify the
 * authority from awareness, the notification or the reasoned decision not to notify, information
 * in phases, and the communication to the subjects when the risk is high (or its exemption).
 */
import type { Db } from '../../db/client.ts';
import { actorId, requireOrg, type Locale, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound, type Issue } from '../errors.ts';
import { computeDeadline, DeadlineInputError } from '../../rules/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { queueMail } from '../mail/index.ts';
import * as repo from './breaches.repo.ts';
import { authorityClock, breachAbilities, closeBlockers, isLateNotification, subjectsDecisionFor, type AuthorityClockState } from './breaches.policy.ts';
import type { CreateBreachInput, ExemptSubjectsInput, NotifyAuthorityInput, NotifySubjectsInput, SupplementInput, UpdateBreachInput } from './breaches.schemas.ts';

const invalid = (path: string, code = 'invalid_value'): AppError => new AppError('validation', {}, [{ path, code }]);

async function orgOf(db: Db, orgId: string) {
  const org = await findOrganisationById(db, orgId);
  if (!org) throw notFound('organisation');
  return org;
}

/**
 * GDPR Art. 33(1): 72 hours from awareness, from the `breach-authority` rule (never recomputed here).
 * Awareness before the rule applied (the GDPR applies from 25 May 2018, Art. 99(2)) is a wrong
 * date in the request, not a fault of the server.
 */
function authorityDeadline(awareAt: Date, tz: string): Date {
  try {
    return new Date(computeDeadline({ kind: 'breach-authority', from: awareAt, tz }).due);
  } catch (error) {
    if (error instanceof DeadlineInputError && error.code === 'no-rule-in-force') throw invalid('awareAt', 'before_gdpr');
    throw error;
  }
}

/** Times given by the user: none in the future, occurrence not after awareness. */
function checkTimes(deps: Deps, times: { awareAt?: Date | undefined; occurredAt?: Date | null | undefined }): void {
  const now = deps.clock.now();
  const issues: Issue[] = [];
  if (times.awareAt && times.awareAt > now) issues.push({ path: 'awareAt', code: 'invalid_value' });
  if (times.occurredAt && times.occurredAt > now) issues.push({ path: 'occurredAt', code: 'invalid_value' });
  if (times.awareAt && times.occurredAt && times.occurredAt > times.awareAt) issues.push({ path: 'occurredAt', code: 'invalid_value' });
  if (issues.length > 0) throw new AppError('validation', {}, issues);
}

async function lockedBreach(tx: Db, orgId: string, id: string): Promise<repo.BreachRow> {
  const row = await repo.findBreach(tx, orgId, id, true);
  if (!row) throw notFound('breach');
  return row;
}

/** Refuses an action the file's state does not allow (409, nothing written). */
function requireAbility(row: repo.BreachRow, ability: keyof ReturnType<typeof breachAbilities>): void {
  if (!breachAbilities(true, row)[ability]) throw new AppError('conflict');
}

/**
 * Records a breach (GDPR Art. 33(5)): whatever the risk, the file is kept. A draft with only the
 * title, description and awareness time is enough to start: the authority deadline is fixed from
 * the awareness time at once (Art. 33(1)), and the rest is completed as it becomes known.
 */
export async function recordBreach(deps: Deps, ctx: RequestContext, input: CreateBreachInput): Promise<repo.BreachRow> {
  const orgId = requireOrg(ctx);
  const awareAt = new Date(input.awareAt);
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
  const risk = input.risk ?? 'unassessed';
  checkTimes(deps, { awareAt, occurredAt });
  return deps.db.transaction(async (tx) => {
    const org = await orgOf(tx, orgId);
    const authorityDueAt = authorityDeadline(awareAt, org.timezone);
    const now = deps.clock.now();
    const prefix = `BR-${now.getUTCFullYear()}-`;
    const reference = `${prefix}${String((await repo.countReferences(tx, orgId, prefix)) + 1).padStart(3, '0')}`;
    const row = await repo.insertBreach(tx, {
      orgId,
      reference,
      title: input.title,
      awareAt,
      occurredAt,
      discoverySource: input.discoverySource ?? null,
      description: input.description,
      breachTypes: [...new Set(input.breachTypes ?? [])],
      dataCategories: input.dataCategories ?? null,
      subjectCategories: input.subjectCategories ?? null,
      approxSubjects: input.approxSubjects ?? null,
      approxRecords: input.approxRecords ?? null,
      dpoContact: input.dpoContact ?? null,
      consequences: input.consequences ?? null,
      measures: input.measures ?? null,
      risk,
      riskReasons: input.riskReasons ?? null,
      authorityDueAt,
      subjectsDecision: subjectsDecisionFor(risk, 'not_required'),
      createdBy: actorId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
    await deps.audit.record(tx, ctx, { type: 'breach.recorded', target: { type: 'breach', id: row.id }, payload: { breachId: row.id, risk: row.risk, authorityDueAt: authorityDueAt.toISOString() } });
    return row;
  });
}

/** Changes the facts or the assessment; a new awareness time moves the deadline (only before the authority decision). */
export async function updateBreach(deps: Deps, ctx: RequestContext, id: string, input: UpdateBreachInput): Promise<repo.BreachRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const row = await lockedBreach(tx, orgId, id);
    requireAbility(row, 'edit');
    const changes: Partial<repo.BreachRow> = {};
    const fields: string[] = [];
    const set = <K extends keyof repo.BreachRow>(key: K, value: repo.BreachRow[K]) => {
      changes[key] = value;
      fields.push(key);
    };
    if (input.awareAt !== undefined) {
      const awareAt = new Date(input.awareAt);
      if (awareAt.getTime() !== row.awareAt.getTime()) {
        if (!breachAbilities(true, row).editAwareness) throw invalid('awareAt');
        set('awareAt', awareAt);
        set('authorityDueAt', authorityDeadline(awareAt, (await orgOf(tx, orgId)).timezone));
      }
    }
    if (input.occurredAt !== undefined) set('occurredAt', input.occurredAt ? new Date(input.occurredAt) : null);
    checkTimes(deps, { awareAt: changes.awareAt ?? row.awareAt, occurredAt: changes.occurredAt === undefined ? row.occurredAt : changes.occurredAt });
    const plain = ['title', 'discoverySource', 'description', 'dataCategories', 'subjectCategories', 'approxSubjects', 'approxRecords', 'dpoContact', 'consequences', 'measures', 'riskReasons'] as const;
    for (const key of plain) {
      const value = input[key];
      if (value !== undefined && value !== row[key]) set(key, value);
    }
    if (input.breachTypes) {
      const types = [...new Set(input.breachTypes)];
      if (types.join() !== row.breachTypes.join()) set('breachTypes', types);
    }
    if (input.risk !== undefined && input.risk !== row.risk) {
      set('risk', input.risk);
      const decision = subjectsDecisionFor(input.risk, row.subjectsDecision);
      if (decision !== row.subjectsDecision) set('subjectsDecision', decision);
    }
    if (fields.length === 0) return row;
    const updated = await repo.updateBreach(tx, orgId, id, { ...changes, updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'breach.updated', target: { type: 'breach', id }, payload: { breachId: id, fields, authorityDueAt: updated.authorityDueAt.toISOString() } });
    return updated;
  });
}

/**
 * Records the notification to the authority (GDPR Art. 33(1)): its date, the reference the CNIL
 * gave and the channel. After the `breach-authority` deadline the reasons for the delay are required.
 */
export async function notifyAuthority(deps: Deps, ctx: RequestContext, id: string, input: NotifyAuthorityInput): Promise<repo.BreachRow> {
  const orgId = requireOrg(ctx);
  const notifiedAt = new Date(input.notifiedAt);
  return deps.db.transaction(async (tx) => {
    const row = await lockedBreach(tx, orgId, id);
    requireAbility(row, 'notifyAuthority');
    if (notifiedAt > deps.clock.now() || notifiedAt < row.awareAt) throw invalid('notifiedAt');
    const late = isLateNotification(notifiedAt, row.authorityDueAt);
    // GDPR Art. 33(1): "where the notification ... is not made within 72 hours, it shall be accompanied by reasons for the delay".
    if (late && !input.delayReasons) throw invalid('delayReasons', 'required');
    const updated = await repo.updateBreach(tx, orgId, id, {
      status: 'notified',
      authorityNotifiedAt: notifiedAt,
      authorityReference: input.reference,
      authorityChannel: input.channel,
      delayReasons: input.delayReasons ?? null,
      updatedAt: deps.clock.now(),
    });
    await deps.audit.record(tx, ctx, { type: 'breach.authority_notified', target: { type: 'breach', id }, payload: { breachId: id, channel: input.channel, late } });
    return updated;
  });
}

/**
 * The decision not to notify (GDPR Art. 33(1): "unless the breach is unlikely to result in a
 * risk"), allowed only when the assessment says no risk, with its reason. The file stays in the
 * register (Art. 33(5)).
 */
export async function waiveAuthorityNotification(deps: Deps, ctx: RequestContext, id: string, reason: string): Promise<repo.BreachRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const row = await lockedBreach(tx, orgId, id);
    requireAbility(row, 'notifyAuthority');
    if (row.risk !== 'none') throw invalid('risk');
    const now = deps.clock.now();
    const updated = await repo.updateBreach(tx, orgId, id, { status: 'not_notified', waiverReason: reason, waivedAt: now, updatedAt: now });
    await deps.audit.record(tx, ctx, { type: 'breach.notification_waived', target: { type: 'breach', id }, payload: { breachId: id, risk: row.risk } });
    return updated;
  });
}

/** GDPR Art. 33(4): information given to the authority in phases, each supplement dated. */
export async function addSupplement(deps: Deps, ctx: RequestContext, id: string, input: SupplementInput): Promise<repo.SupplementRow> {
  const orgId = requireOrg(ctx);
  const providedAt = new Date(input.providedAt);
  return deps.db.transaction(async (tx) => {
    const row = await lockedBreach(tx, orgId, id);
    requireAbility(row, 'supplement');
    if (providedAt > deps.clock.now() || (row.authorityNotifiedAt && providedAt < row.authorityNotifiedAt)) throw invalid('providedAt');
    const supplement = await repo.insertSupplement(tx, { orgId, breachId: id, providedAt, content: input.content, createdBy: actorId(ctx.actor) });
    await repo.updateBreach(tx, orgId, id, { updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'breach.supplemented', target: { type: 'breach', id }, payload: { breachId: id, supplementId: supplement.id } });
    return supplement;
  });
}

/**
 * GDPR Art. 34(1)-(2): tells the affected subjects, without undue delay and in clear language
 * (their own, fr or en), the nature of the breach, the DPO's contact, the likely consequences and
 * the measures taken. One e-mail per subject is queued in the same transaction as the notice
 * rows; a subject already told of this breach is not written to again. Ids of another
 * organisation are refused and nothing is sent.
 */
export async function notifySubjects(deps: Deps, ctx: RequestContext, id: string, input: NotifySubjectsInput): Promise<{ breach: repo.BreachRow; queued: number; total: number }> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const row = await lockedBreach(tx, orgId, id);
    requireAbility(row, 'notifySubjects');
    // Art. 34(2) refers to Art. 33(3)(b): the subjects are given the DPO's contact.
    const dpoContact = row.dpoContact;
    if (!dpoContact) throw invalid('dpoContact', 'required');
    let recipients: { id: string; locale: string }[];
    if (input.audience.kind === 'selected') {
      const ids = [...new Set(input.audience.customerIds)];
      const known = await repo.findCustomerIds(tx, orgId, ids);
      const foreign = input.audience.customerIds.flatMap((c, i) => (known.has(c) ? [] : [{ path: `audience.customerIds.${i}`, code: 'invalid_value' }]));
      if (foreign.length > 0) throw new AppError('validation', {}, foreign);
      recipients = await repo.findReachableCustomers(tx, orgId, ids);
    } else {
      recipients = await repo.findAllReachableCustomers(tx, orgId);
    }
    if (recipients.length === 0) throw invalid('audience');
    const org = await orgOf(tx, orgId);
    const now = deps.clock.now();
    const fresh = await repo.insertSubjectNotices(
      tx,
      recipients.map((c) => ({ orgId, breachId: id, customerId: c.id, locale: c.locale === 'en' ? 'en' : 'fr', queuedAt: now })),
    );
    for (const notice of fresh) {
      const locale: Locale = notice.locale === 'en' ? 'en' : 'fr';
      const message = input.message[locale];
      await queueMail(
        deps,
        tx,
        {
          orgId,
          to: { customerId: notice.customerId },
          locale,
          template: 'breaches.mail.subjectNotice',
          params: { org: org.name, nature: message.nature, consequences: message.consequences, measures: message.measures, dpoContact },
        },
        { dedupeKey: `breach-subject:${id}:${notice.customerId}` },
      );
    }
    const total = await repo.countSubjectNotices(tx, orgId, id);
    const updated = await repo.updateBreach(tx, orgId, id, {
      subjectsDecision: 'notified',
      subjectsAudience: input.audience.kind === 'all' || row.subjectsAudience === 'all' ? 'all' : 'selected',
      subjectsNotifiedAt: row.subjectsNotifiedAt ?? now,
      subjectsNotifiedCount: total,
      updatedAt: now,
    });
    await deps.audit.record(tx, ctx, { type: 'breach.subjects_notified', target: { type: 'breach', id }, payload: { breachId: id, audience: input.audience.kind, queued: fresh.length, total } });
    return { breach: updated, queued: fresh.length, total };
  });
}

/**
 * GDPR Art. 34(3): no individual communication when (a) the data were unintelligible (e.g.
 * encrypted), (b) later measures removed the high risk, or (c) it would involve disproportionate
 * effort, in which case a public communication is made instead and must be described.
 */
export async function exemptSubjects(deps: Deps, ctx: RequestContext, id: string, input: ExemptSubjectsInput): Promise<repo.BreachRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const row = await lockedBreach(tx, orgId, id);
    requireAbility(row, 'exemptSubjects');
    if (input.exemption === 'disproportionate_effort' && !input.publicCommunication) throw invalid('publicCommunication', 'required');
    const updated = await repo.updateBreach(tx, orgId, id, {
      subjectsDecision: 'exempted',
      subjectsExemption: input.exemption,
      subjectsExemptionReason: input.reason,
      publicCommunication: input.publicCommunication ?? null,
      updatedAt: deps.clock.now(),
    });
    await deps.audit.record(tx, ctx, { type: 'breach.subjects_exempted', target: { type: 'breach', id }, payload: { breachId: id, exemption: input.exemption } });
    return updated;
  });
}

/** Closes the file once the authority decision (and for a high risk, the subjects decision) is recorded. */
export async function closeBreach(deps: Deps, ctx: RequestContext, id: string): Promise<repo.BreachRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const row = await lockedBreach(tx, orgId, id);
    const blockers = closeBlockers(row);
    if (blockers.includes('closed')) throw new AppError('conflict');
    const field = { authority_decision: 'status', risk_assessment: 'risk', subjects_decision: 'subjectsDecision' } as const;
    if (blockers.length > 0) throw new AppError('validation', {}, blockers.flatMap((b) => (b === 'closed' ? [] : [{ path: field[b], code: 'required' }])));
    const now = deps.clock.now();
    const updated = await repo.updateBreach(tx, orgId, id, { status: 'closed', closedAt: now, updatedAt: now });
    await deps.audit.record(tx, ctx, { type: 'breach.closed', target: { type: 'breach', id }, payload: { breachId: id } });
    return updated;
  });
}

/** The register of the organisation, newest first. */
export async function findRegister(deps: Deps, ctx: RequestContext, options: { open?: boolean } = {}): Promise<repo.BreachRow[]> {
  return repo.findBreaches(deps.db, requireOrg(ctx), options);
}

/** A breach still open, as the DPO dashboard shows it. */
export interface OpenBreach {
  id: string;
  reference: string;
  title: string;
  status: repo.BreachRow['status'];
  risk: repo.BreachRow['risk'];
  awareAt: Date;
  authorityDueAt: Date;
  authorityClock: AuthorityClockState;
  subjectsDecision: repo.BreachRow['subjectsDecision'];
}

/**
 * For the DPO dashboard: the organisation's breaches not yet closed with their authority
 * deadline and where its clock stands, the most urgent first (overdue, then nearest deadline).
 */
export async function findOpenBreaches(deps: Deps, orgId: string): Promise<OpenBreach[]> {
  const now = deps.clock.now();
  const urgency: Record<AuthorityClockState, number> = { overdue: 0, warning: 1, running: 2, stopped: 3 };
  return (await repo.findBreaches(deps.db, orgId, { open: true }))
    .map((b) => ({
      id: b.id,
      reference: b.reference,
      title: b.title,
      status: b.status,
      risk: b.risk,
      awareAt: b.awareAt,
      authorityDueAt: b.authorityDueAt,
      authorityClock: authorityClock(b, now).state,
      subjectsDecision: b.subjectsDecision,
    }))
    .sort((a, b) => urgency[a.authorityClock] - urgency[b.authorityClock] || a.authorityDueAt.getTime() - b.authorityDueAt.getTime());
}
