/**
 * The register of regulatory events: record and correct an event (audited), attach the
 * authority's letter or decision as an encrypted file, read the register. Feeds GRI 417-3
 * (marketing non-compliance) and GRI 418-1 (complaints from regulators) through its KPIs.
 */
import type { Db } from '../../db/client.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { attachmentError, checkAttachments, readEvidenceFile, sealEvidenceFile, type AttachmentCandidate, type AttachmentDownload } from '../complaints/index.ts';
import { dayIn } from '../kpi/index.ts';
import { findOrganisationById } from '../organisations/index.ts';
import * as repo from './regulatory.repo.ts';
import { EVIDENCE_FILES_PER_EVENT, regulatoryIssues } from './regulatory.policy.ts';
import type { CreateRegulatoryEventInput, RegulatoryListQueryInput, UpdateRegulatoryEventInput } from './regulatory.schemas.ts';

const NAME_FIELD = 'regulatory_evidence.name';
const KEY_FIELD = 'regulatory_evidence.key';

async function today(deps: Deps, db: Db, orgId: string): Promise<string> {
  const org = await findOrganisationById(db, orgId);
  return dayIn(deps.clock.now(), org?.timezone ?? 'Europe/Paris');
}

function check(facts: Parameters<typeof regulatoryIssues>[0], day: string): void {
  const issues = regulatoryIssues(facts, day);
  if (issues.length > 0) throw new AppError('validation', {}, issues);
}

/** Records an event of the register (audited); the reference is `REG-<year of the event>-<n>`. */
export async function recordRegulatoryEvent(deps: Deps, ctx: RequestContext, input: CreateRegulatoryEventInput): Promise<repo.RegulatoryEventRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const facts = {
      occurredOn: input.occurredOn,
      authority: input.authority,
      authorityName: input.authority === 'other' ? (input.authorityName ?? null) : null,
      kind: input.kind,
      amountCents: input.amountCents ?? null,
      currency: input.currency ?? null,
    };
    check(facts, await today(deps, tx, orgId));
    const prefix = `REG-${input.occurredOn.slice(0, 4)}-`;
    const reference = `${prefix}${String((await repo.countReferences(tx, orgId, prefix)) + 1).padStart(3, '0')}`;
    const now = deps.clock.now();
    const row = await repo.insertEvent(tx, {
      orgId,
      reference,
      ...facts,
      subjectArea: input.subjectArea,
      status: input.status ?? 'open',
      substantiated: input.substantiated ?? null,
      description: input.description,
      outcome: input.outcome ?? null,
      linkedRecords: input.linkedRecords ?? [],
      createdBy: actorId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
    await deps.audit.record(tx, ctx, {
      type: 'regulatory_event.recorded',
      target: { type: 'regulatory_event', id: row.id },
      payload: { eventId: row.id, authority: row.authority, kind: row.kind, subjectArea: row.subjectArea },
    });
    return row;
  });
}

async function lockedEvent(tx: Db, orgId: string, id: string): Promise<repo.RegulatoryEventRow> {
  const row = await repo.findEvent(tx, orgId, id, true);
  if (!row) throw notFound('regulatory_event');
  return row;
}

/** Corrects or completes an event (outcome, amount, substantiation...); audited with the fields changed. */
export async function updateRegulatoryEvent(deps: Deps, ctx: RequestContext, id: string, input: UpdateRegulatoryEventInput): Promise<repo.RegulatoryEventRow> {
  const orgId = requireOrg(ctx);
  return deps.db.transaction(async (tx) => {
    const row = await lockedEvent(tx, orgId, id);
    const merged = { ...row, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as repo.RegulatoryEventRow;
    if (merged.authority !== 'other') merged.authorityName = null;
    check(merged, await today(deps, tx, orgId));
    const keys = ['occurredOn', 'authority', 'authorityName', 'kind', 'subjectArea', 'status', 'substantiated', 'description', 'outcome', 'amountCents', 'currency', 'linkedRecords'] as const;
    const fields = keys.filter((k) => JSON.stringify(merged[k]) !== JSON.stringify(row[k]));
    if (fields.length === 0) return row;
    const changes = Object.fromEntries(fields.map((k) => [k, merged[k]])) as Partial<repo.RegulatoryEventRow>;
    const updated = await repo.updateEvent(tx, orgId, id, { ...changes, updatedAt: deps.clock.now() });
    await deps.audit.record(tx, ctx, { type: 'regulatory_event.updated', target: { type: 'regulatory_event', id }, payload: { eventId: id, fields: [...fields], days: [...new Set([row.occurredOn, updated.occurredOn])] } });
    return updated;
  });
}

/**
 * Adds evidence files to an event: the complaints' checks (type from the bytes, size per file),
 * at most {@link EVIDENCE_FILES_PER_EVENT} per event; each file sealed with its own key, wrapped
 * by the event's key. All or nothing: a refused file leaves nothing stored.
 */
export async function addRegulatoryEvidence(deps: Deps, ctx: RequestContext, id: string, files: readonly AttachmentCandidate[]): Promise<repo.RegulatoryEventRow> {
  const orgId = requireOrg(ctx);
  if (files.length === 0) throw new AppError('validation', {}, [{ path: 'evidence', code: 'required' }]);
  return deps.db.transaction(async (tx) => {
    const row = await lockedEvent(tx, orgId, id);
    const totals = await repo.evidenceTotals(tx, orgId, id);
    const checked = checkAttachments(files, totals);
    if (!checked.ok) throw attachmentError(checked.problem, checked.filename, ctx.locale);
    if (totals.count + checked.files.length > EVIDENCE_FILES_PER_EVENT)
      throw new AppError('validation', {}, [{ path: 'evidence', code: 'too_many_files', params: { max: EVIDENCE_FILES_PER_EVENT } }]);
    for (const file of checked.files) {
      // The name of an authority's letter may name people: encrypted like the key, under the event's key.
      const sealed = await sealEvidenceFile(deps, tx, { orgId, ownerId: id, nameField: NAME_FIELD, keyField: KEY_FIELD }, file);
      await repo.insertEvidence(tx, { ...sealed, orgId, eventId: id, uploadedBy: actorId(ctx.actor), createdAt: deps.clock.now() });
      await deps.audit.record(tx, ctx, {
        type: 'regulatory_event.evidence_added',
        target: { type: 'regulatory_event', id },
        payload: { eventId: id, evidenceId: sealed.id, kind: file.kind, sizeBytes: file.data.length },
      });
    }
    return repo.updateEvent(tx, orgId, id, { updatedAt: deps.clock.now() }).then(() => row);
  });
}

/** The event and its files' names (decrypted), for its page. */
export async function getRegulatoryEvent(deps: Deps, ctx: RequestContext, id: string) {
  const orgId = requireOrg(ctx);
  const row = await repo.findEvent(deps.db, orgId, id);
  if (!row) throw notFound('regulatory_event');
  const evidence = await Promise.all(
    (await repo.findEvidence(deps.db, orgId, id)).map(async (e) => ({
      id: e.id,
      kind: e.kind,
      sizeBytes: e.sizeBytes,
      createdAt: e.createdAt,
      filename: await deps.cipher.decrypt(deps.db, orgId, id, NAME_FIELD, e.nameEnc),
    })),
  );
  return { row, evidence };
}

export type RegulatoryEventView = Awaited<ReturnType<typeof getRegulatoryEvent>>;

/** The register, newest first (optionally a period and a subject area). */
export function findRegulatoryEvents(deps: Deps, ctx: RequestContext, query: RegulatoryListQueryInput = {}): Promise<repo.RegulatoryEventRow[]> {
  return repo.findEvents(deps.db, requireOrg(ctx), query);
}

/** Decrypts one evidence file (audited: the letter of an authority is read by name). */
export async function readRegulatoryEvidence(deps: Deps, ctx: RequestContext, id: string, evidenceId: string): Promise<AttachmentDownload> {
  const orgId = requireOrg(ctx);
  return readEvidenceFile(deps, ctx, await repo.findEvidenceFile(deps.db, orgId, id, evidenceId), {
    orgId,
    ownerId: id,
    nameField: NAME_FIELD,
    keyField: KEY_FIELD,
    resource: 'regulatory_evidence',
    downloaded: { type: 'regulatory_event.evidence_downloaded', target: { type: 'regulatory_event', id }, payload: { eventId: id, evidenceId } },
  });
}
