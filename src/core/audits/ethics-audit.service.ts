/**
 * Verbs of ethics audits (issue 14): create an audit from a template, answer its checklist with
 * evidence files, raise findings (from a non-compliant item, or written by the auditor) that the
 * findings' remediation actions then follow, and move the audit through its steps until it
 * closes. Each verb owns its transaction and audit events.
 */
import { findUsersByIds } from '../auth/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import {
  attachmentError,
  checkAttachments,
  readEvidenceFile,
  sealEvidenceFile,
  type AttachmentCandidate,
  type AttachmentDownload,
} from '../complaints/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import { toLocalDate } from '../../rules/index.ts';
import type { Db } from '../../db/client.ts';
import * as findingsRepo from './audits.repo.ts';
import type { MessageParams } from './audits.tables.ts';
import { nextReference } from './audits.run.ts';
import { auditAbilities, auditDateIssues, canMove, EVIDENCE_FILES_PER_AUDIT, statusAfterAnswer } from './ethics-audit.policy.ts';
import * as repo from './ethics-audit.repo.ts';
import type { AnswerInput, CreateAuditInput, MoveAuditInput, RaiseFindingInput, UpdateAuditInput } from './ethics-audit.schemas.ts';
import { checklistItems, findTemplate, refIn } from './ethics-audit.templates.ts';

/** Fields of the audit's own key in subject_keys (its files' names and keys). */
const NAME_FIELD = 'ethics_audit_evidence.name';
const KEY_FIELD = 'ethics_audit_evidence.key';

async function todayOf(db: Db, orgId: string, now: Date): Promise<string> {
  const org = await findOrganisationById(db, orgId);
  return toLocalDate(now, org?.timezone ?? 'Europe/Paris');
}

/** The auditor must be an active user of the organisation (a 400 naming the field otherwise). */
async function checkAuditor(db: Db, orgId: string, auditorId: string): Promise<void> {
  const [user] = await findUsersByIds(db, orgId, [auditorId]);
  if (!user || user.status !== 'active') throw new AppError('validation', {}, [{ path: 'auditorId', code: 'owner_not_active' }]);
}

async function lockedAudit(tx: Db, orgId: string, id: string): Promise<repo.AuditRow> {
  const row = await repo.findAudit(tx, orgId, id, true);
  if (!row) throw notFound('ethics_audit');
  return row;
}

/** A closed audit is the record of what was found: nothing in it changes any more. */
async function lockedOpenAudit(tx: Db, orgId: string, id: string): Promise<repo.AuditRow> {
  const row = await lockedAudit(tx, orgId, id);
  if (row.status === 'closed') throw new AppError('ethics_audit.closed');
  return row;
}

function itemOf(audit: repo.AuditRow, itemKey: string) {
  const item = checklistItems(audit.checklist).find((i) => i.itemKey === itemKey);
  if (!item) throw new AppError('validation', {}, [{ path: 'itemKey', code: 'unknown_item' }]);
  return item;
}

/** Creates an audit from a template: its checklist copied as the template stands now; reference `AUD-<year>-<n>`. */
export async function createAudit(deps: Deps, ctx: RequestContext, input: CreateAuditInput): Promise<repo.AuditRow> {
  const orgId = requireOrg(ctx);
  const template = findTemplate(input.templateKey);
  if (!template) throw new AppError('validation', {}, [{ path: 'templateKey', code: 'invalid' }]);
  const now = deps.clock.now();
  const creator = actorId(ctx.actor) ?? 'unknown';
  return deps.db.transaction(async (tx) => {
    const auditorId = input.auditorId ?? (ctx.actor.kind === 'user' ? ctx.actor.id : undefined);
    if (!auditorId) throw new AppError('validation', {}, [{ path: 'auditorId', code: 'required' }]);
    await checkAuditor(tx, orgId, auditorId);
    const startsOn = input.startsOn ?? (await todayOf(tx, orgId, now));
    const endsOn = input.endsOn ?? null;
    const issues = auditDateIssues(startsOn, endsOn);
    if (issues.length > 0) throw new AppError('validation', {}, issues);
    const prefix = `AUD-${startsOn.slice(0, 4)}-`;
    await findingsRepo.lockFindingReferences(tx, orgId);
    const reference = `${prefix}${String((await repo.countAuditReferences(tx, orgId, prefix)) + 1).padStart(3, '0')}`;
    const row = await repo.insertAudit(tx, {
      orgId,
      reference,
      templateKey: template.key,
      templateVersion: template.version,
      checklist: template.sections,
      scope: input.scope,
      auditorId,
      startsOn,
      endsOn,
      status: 'planned',
      createdBy: creator,
      createdAt: now,
      updatedAt: now,
    });
    await deps.audit.record(tx, ctx, {
      type: 'ethics_audit.created',
      target: { type: 'ethics_audit', id: row.id },
      payload: { auditId: row.id, templateKey: template.key, templateVersion: template.version, auditorId },
    });
    return row;
  });
}

/** Changes the scope, auditor, dates or conclusion of an audit not yet closed. */
export async function updateAudit(deps: Deps, ctx: RequestContext, id: string, input: UpdateAuditInput): Promise<repo.AuditRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const audit = await lockedOpenAudit(tx, orgId, id);
    const changes: Partial<repo.AuditRow> = {};
    if (input.scope !== undefined && input.scope !== audit.scope) changes.scope = input.scope;
    if (input.auditorId !== undefined && input.auditorId !== audit.auditorId) {
      await checkAuditor(tx, orgId, input.auditorId);
      changes.auditorId = input.auditorId;
    }
    if (input.startsOn !== undefined && input.startsOn !== audit.startsOn) changes.startsOn = input.startsOn;
    if (input.endsOn !== undefined && input.endsOn !== audit.endsOn) changes.endsOn = input.endsOn;
    const conclusion = input.conclusion === undefined ? undefined : input.conclusion || null;
    if (conclusion !== undefined && conclusion !== audit.conclusion) changes.conclusion = conclusion;
    const issues = auditDateIssues(changes.startsOn ?? audit.startsOn, changes.endsOn === undefined ? audit.endsOn : changes.endsOn);
    if (issues.length > 0) throw new AppError('validation', {}, issues);
    const fields = Object.keys(changes);
    if (fields.length === 0) return audit;
    const row = await repo.updateAudit(tx, orgId, id, { ...changes, updatedAt: now });
    await deps.audit.record(tx, ctx, { type: 'ethics_audit.updated', target: { type: 'ethics_audit', id }, payload: { auditId: id, fields } });
    return row;
  });
}

/** Records (or changes) the answer to one checklist item; the first answer starts a planned audit. */
export async function answerItem(deps: Deps, ctx: RequestContext, id: string, input: AnswerInput): Promise<repo.AnswerRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const audit = await lockedOpenAudit(tx, orgId, id);
    itemOf(audit, input.itemKey);
    const previous = await repo.findAnswer(tx, orgId, id, input.itemKey);
    const comment = input.comment ? input.comment : null;
    if (previous && previous.answer === input.answer && previous.comment === comment) return previous;
    const row = await repo.upsertAnswer(tx, {
      orgId,
      auditId: id,
      itemKey: input.itemKey,
      answer: input.answer,
      comment,
      answeredBy: actorId(ctx.actor) ?? 'unknown',
      answeredAt: now,
    });
    await deps.audit.record(tx, ctx, {
      type: 'ethics_audit.answered',
      target: { type: 'ethics_audit', id },
      payload: { auditId: id, itemKey: input.itemKey, answer: input.answer, previous: previous?.answer ?? null },
    });
    const status = statusAfterAnswer(audit.status);
    if (status !== audit.status) {
      await repo.updateAudit(tx, orgId, id, { status, updatedAt: now });
      await deps.audit.record(tx, ctx, { type: 'ethics_audit.status_changed', target: { type: 'ethics_audit', id }, payload: { auditId: id, from: audit.status, to: status } });
    } else await repo.updateAudit(tx, orgId, id, { updatedAt: now });
    return row;
  });
}

/**
 * Moves an audit to its next step (policy: planned, in progress, reporting, closed; back from
 * reporting to answering). Closing is refused (409, with the count) while an item is unanswered.
 */
export async function moveAudit(deps: Deps, ctx: RequestContext, id: string, input: MoveAuditInput): Promise<repo.AuditRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const audit = await lockedOpenAudit(tx, orgId, id);
    if (!canMove(audit.status, input.status)) throw new AppError('ethics_audit.invalid_transition', { from: audit.status, to: input.status });
    if (input.status === 'closed') {
      const answered = new Set((await repo.findAnswers(tx, orgId, [id])).map((a) => a.itemKey));
      const unanswered = checklistItems(audit.checklist).filter((i) => !answered.has(i.itemKey)).length;
      if (!auditAbilities(true, audit.status, unanswered).moveTo.includes('closed')) throw new AppError('ethics_audit.unanswered', { count: unanswered });
    }
    const closing = input.status === 'closed';
    const row = await repo.updateAudit(tx, orgId, id, {
      status: input.status,
      updatedAt: now,
      ...(closing ? { closedAt: now, closedBy: actorId(ctx.actor) } : {}),
    });
    await deps.audit.record(tx, ctx, { type: 'ethics_audit.status_changed', target: { type: 'ethics_audit', id }, payload: { auditId: id, from: audit.status, to: input.status } });
    return row;
  });
}

/**
 * Raises a finding of the audit, kept with the other findings (source `audit`) so remediation
 * actions, reminders and the overdue control follow it the same way. From an item: the item must
 * be judged non-compliant, and it gets one finding (a second is a 409). Written by the auditor:
 * a title is required. The texts are the auditor's own words about the organisation's practice.
 */
export async function raiseAuditFinding(deps: Deps, ctx: RequestContext, id: string, input: RaiseFindingInput): Promise<findingsRepo.FindingRow> {
  const orgId = requireOrg(ctx);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const audit = await lockedOpenAudit(tx, orgId, id);
    const item = input.itemKey === undefined ? null : itemOf(audit, input.itemKey);
    if (item) {
      const answer = await repo.findAnswer(tx, orgId, id, item.itemKey);
      if (answer?.answer !== 'non_compliant') throw new AppError('validation', {}, [{ path: 'itemKey', code: 'item_not_non_compliant' }]);
      const existing = (await repo.findAuditFindings(tx, orgId, id)).find((f) => f.auditItem === item.itemKey);
      if (existing) throw new AppError('ethics_audit.finding_exists', { reference: existing.reference });
    } else if (!input.title) throw new AppError('validation', {}, [{ path: 'title', code: 'required' }]);
    const params: MessageParams = item
      ? { audit: audit.reference, ref_fr: refIn(audit.templateKey, item.itemKey, item.ref, 'fr'), ref_en: refIn(audit.templateKey, item.itemKey, item.ref, 'en'), question_fr: item.question.fr, question_en: item.question.en, observation: input.observation, recommendation: input.recommendation }
      : { audit: audit.reference, title: input.title ?? '', observation: input.observation, recommendation: input.recommendation };
    await findingsRepo.lockFindingReferences(tx, orgId);
    const row = await findingsRepo.insertFinding(tx, {
      orgId,
      reference: await nextReference(tx, orgId, now),
      source: 'audit',
      auditId: id,
      auditItem: item?.itemKey ?? null,
      severity: input.severity,
      titleKey: item ? 'audits.ethicsAudit.finding.itemTitle' : 'audits.ethicsAudit.finding.manualTitle',
      explanationKey: item ? 'audits.ethicsAudit.finding.itemExplanation' : 'audits.ethicsAudit.finding.manualExplanation',
      params,
      evidence: [{ type: 'ethics_audit', id }],
      status: 'open',
      openedAt: now,
      openedBy: actorId(ctx.actor) ?? 'unknown',
      updatedAt: now,
    });
    await deps.audit.record(tx, ctx, {
      type: 'finding.opened',
      target: { type: 'finding', id: row.id },
      payload: { findingId: row.id, source: 'audit', controlKey: null, severity: row.severity, evidence: row.evidence.length },
    });
    await deps.audit.record(tx, ctx, {
      type: 'ethics_audit.finding_raised',
      target: { type: 'ethics_audit', id },
      payload: { auditId: id, findingId: row.id, itemKey: item?.itemKey ?? null, severity: row.severity },
    });
    await repo.updateAudit(tx, orgId, id, { updatedAt: now });
    return row;
  });
}

/**
 * Adds evidence files to an audit, for one item or the whole audit: the complaints' checks (type
 * from the bytes, size per file), at most {@link EVIDENCE_FILES_PER_AUDIT}; each file sealed with
 * its own key, wrapped by the audit's key, its name encrypted (a document's name may name people).
 * All or nothing: a refused file leaves nothing stored.
 */
export async function addAuditEvidence(
  deps: Deps,
  ctx: RequestContext,
  id: string,
  itemKey: string | undefined,
  files: readonly AttachmentCandidate[],
): Promise<void> {
  const orgId = requireOrg(ctx);
  if (files.length === 0) throw new AppError('validation', {}, [{ path: 'evidence', code: 'required' }]);
  await deps.db.transaction(async (tx) => {
    const audit = await lockedOpenAudit(tx, orgId, id);
    if (itemKey !== undefined) itemOf(audit, itemKey);
    const totals = await repo.evidenceTotals(tx, orgId, id);
    // Each upload gets the complaints' limits (files and bytes per upload); the audit bounds its file count.
    const checked = checkAttachments(files, { count: 0, bytes: 0 });
    if (!checked.ok) throw attachmentError(checked.problem, checked.filename, ctx.locale);
    if (totals.count + checked.files.length > EVIDENCE_FILES_PER_AUDIT)
      throw new AppError('validation', {}, [{ path: 'evidence', code: 'too_many_audit_files', params: { max: EVIDENCE_FILES_PER_AUDIT } }]);
    const now = deps.clock.now();
    for (const file of checked.files) {
      const sealed = await sealEvidenceFile(deps, tx, { orgId, ownerId: id, nameField: NAME_FIELD, keyField: KEY_FIELD }, file);
      await repo.insertEvidence(tx, {
        ...sealed,
        orgId,
        auditId: id,
        itemKey: itemKey ?? null,
        uploadedBy: actorId(ctx.actor),
        createdAt: now,
      });
      await deps.audit.record(tx, ctx, {
        type: 'ethics_audit.evidence_added',
        target: { type: 'ethics_audit', id },
        payload: { auditId: id, evidenceId: sealed.id, itemKey: itemKey ?? null, kind: file.kind, sizeBytes: file.data.length },
      });
    }
    await repo.updateAudit(tx, orgId, id, { updatedAt: now });
  });
}

/** Decrypts one evidence file (the download is audited). */
export async function readAuditEvidence(deps: Deps, ctx: RequestContext, id: string, evidenceId: string): Promise<AttachmentDownload> {
  const orgId = requireOrg(ctx);
  return readEvidenceFile(deps, ctx, await repo.findEvidenceFile(deps.db, orgId, id, evidenceId), {
    orgId,
    ownerId: id,
    nameField: NAME_FIELD,
    keyField: KEY_FIELD,
    resource: 'ethics_audit_evidence',
    downloaded: { type: 'ethics_audit.evidence_downloaded', target: { type: 'ethics_audit', id }, payload: { auditId: id, evidenceId } },
  });
}

/** File names of an audit's evidence, decrypted (the audit page and its report). */
export async function auditFiles(deps: Deps, orgId: string, id: string) {
  return Promise.all(
    (await repo.findEvidence(deps.db, orgId, id)).map(async (e) => ({
      id: e.id,
      itemKey: e.itemKey,
      kind: e.kind,
      sizeBytes: e.sizeBytes,
      createdAt: e.createdAt,
      filename: await deps.cipher.decrypt(deps.db, orgId, id, NAME_FIELD, e.nameEnc),
    })),
  );
}
