/**
 * Storing and reading complaint attachments: checked (complaints.attachments.ts), encrypted with a
 * key of their own wrapped by the customer's subject key, written in the caller's transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { AuditEntry } from '../audit-log/index.ts';
import type { RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, notFound } from '../errors.ts';
import { ATTACHMENT_KINDS, ATTACHMENT_LIMITS, checkAttachments, generateFileKey, openFile, sealFile, type AttachmentCandidate, type AttachmentKind, type AttachmentProblem, type AcceptedAttachment } from './complaints.attachments.ts';
import { ExportedFile } from '../module.ts';
import * as repo from './complaints.repo.ts';

const NAME_FIELD = 'complaint_attachment.name';
const KEY_FIELD = 'complaint_attachment.key';

/** "5 MB" / "5 Mo": sizes in the user's words. */
export function formatBytes(bytes: number, locale: 'fr' | 'en'): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} ${locale === 'fr' ? 'Mo' : 'MB'}`;
  return `${Math.max(1, Math.round(bytes / 1024))} ${locale === 'fr' ? 'ko' : 'KB'}`;
}

/** The localized error for a refused file (the message names the file and the limit). */
export function attachmentError(problem: AttachmentProblem, filename: string, locale: 'fr' | 'en'): AppError {
  const params = { filename, max: formatBytes(ATTACHMENT_LIMITS.complaintBytes, locale), files: ATTACHMENT_LIMITS.files };
  switch (problem) {
    case 'type':
    case 'empty':
      return new AppError('complaint.attachment_type', params);
    case 'file_size':
      return new AppError('complaint.attachment_too_large', { ...params, max: formatBytes(ATTACHMENT_LIMITS.fileBytes, locale) });
    case 'count':
    case 'total_size':
      return new AppError('complaint.attachment_limit', params);
  }
}

/** Whether an error is a refused attachment (the portal shows it next to the file input). */
export function isAttachmentError(error: unknown): error is AppError {
  return error instanceof AppError && error.code.startsWith('complaint.attachment_');
}

/** Who adds the files and where they belong. */
export interface AttachmentOrigin {
  uploaderType: 'customer' | 'staff';
  uploaderId: string | null;
  internal: boolean;
  messageId: string | null;
}

/**
 * Checks, encrypts and stores new files of a complaint in `tx` (the complaint row is locked or
 * new, so the per-complaint limits cannot be raced). Throws a localized AppError naming the file
 * at fault; nothing is stored then (the caller's transaction rolls back).
 */
export async function storeAttachments(
  deps: Deps,
  tx: Db,
  c: { id: string; orgId: string; customerId: string },
  files: readonly AttachmentCandidate[],
  origin: AttachmentOrigin,
  locale: 'fr' | 'en',
): Promise<{ id: string; kind: AttachmentKind }[]> {
  if (files.length === 0) return [];
  const checked = checkAttachments(files, await repo.attachmentTotals(tx, c.orgId, c.id));
  if (!checked.ok) throw attachmentError(checked.problem, checked.filename, locale);
  const stored: { id: string; kind: AttachmentKind }[] = [];
  for (const file of checked.files) {
    const id = randomUUID();
    const key = generateFileKey();
    await repo.insertAttachment(tx, {
      id,
      orgId: c.orgId,
      complaintId: c.id,
      messageId: origin.messageId,
      uploaderType: origin.uploaderType,
      uploaderId: origin.uploaderId,
      internal: origin.internal,
      kind: file.kind,
      sizeBytes: file.data.length,
      // The name may name people: encrypted like the text. The file key is wrapped by the subject key.
      nameEnc: await deps.cipher.encrypt(tx, c.orgId, c.customerId, NAME_FIELD, file.filename),
      keyEnc: await deps.cipher.encrypt(tx, c.orgId, c.customerId, KEY_FIELD, key.toString('base64')),
      content: sealFile(key, id, file.data),
      createdAt: deps.clock.now(),
    });
    stored.push({ id, kind: file.kind });
  }
  return stored;
}

/** An attachment as listed to staff or to the customer (no content). */
export interface AttachmentView {
  id: string;
  /** Null once the customer's key is destroyed (erasure). */
  filename: string | null;
  kind: AttachmentKind;
  sizeBytes: number;
  uploaderType: 'customer' | 'staff';
  uploaderId: string | null;
  internal: boolean;
  messageId: string | null;
  createdAt: Date;
}

/** The files of a complaint with their names decrypted. */
export async function listAttachments(deps: Deps, db: Db, c: { id: string; orgId: string; customerId: string }, options: { includeInternal: boolean }): Promise<AttachmentView[]> {
  const rows = await repo.findAttachments(db, c.orgId, c.id, options);
  return Promise.all(
    rows.map(async (a) => ({
      id: a.id,
      filename: await deps.cipher.decrypt(db, c.orgId, c.customerId, NAME_FIELD, a.nameEnc),
      kind: a.kind,
      sizeBytes: a.sizeBytes,
      uploaderType: a.uploaderType,
      uploaderId: a.uploaderId,
      internal: a.internal,
      messageId: a.messageId,
      createdAt: a.createdAt,
    })),
  );
}

/** A file ready to send: its name, type and decrypted bytes. */
export interface AttachmentDownload {
  filename: string;
  mime: string;
  data: Buffer;
}

/** Decrypts one file of the complaint; not found when absent, internal for the portal, or shredded. */
export async function readAttachment(deps: Deps, c: { id: string; orgId: string; customerId: string }, attachmentId: string, options: { includeInternal: boolean }): Promise<AttachmentDownload> {
  const row = await repo.findAttachment(deps.db, c.orgId, c.id, attachmentId, options);
  if (!row) throw notFound('attachment');
  const [filename, key] = await Promise.all([
    deps.cipher.decrypt(deps.db, c.orgId, c.customerId, NAME_FIELD, row.nameEnc),
    deps.cipher.decrypt(deps.db, c.orgId, c.customerId, KEY_FIELD, row.keyEnc),
  ]);
  if (filename === null || key === null) throw notFound('attachment');
  return { filename, mime: ATTACHMENT_KINDS[row.kind].mime, data: openFile(Buffer.from(key, 'base64'), row.id, row.content) };
}

/** An evidence file as a register stores it (ethics audits, regulatory events): sealed as complaint attachments are. */
export interface EvidenceFileRow {
  id: string;
  kind: string;
  nameEnc: string;
  keyEnc: string;
  content: Buffer;
}

/** Where a register keeps its evidence files' names and keys: under its record's key, with its own field names. */
export interface EvidenceKeys {
  orgId: string;
  /** The record whose key wraps the file's name and key (the audit, the event). */
  ownerId: string;
  nameField: string;
  keyField: string;
}

/**
 * Seals one checked evidence file in `tx` for its register's row: a key of its own wrapped by the
 * record's key, its name encrypted too (a document's name may name people).
 */
export async function sealEvidenceFile(
  deps: Deps,
  tx: Db,
  keys: EvidenceKeys,
  file: AcceptedAttachment,
): Promise<{ id: string; kind: AttachmentKind; sizeBytes: number; nameEnc: string; keyEnc: string; content: Buffer }> {
  const id = randomUUID();
  const key = generateFileKey();
  return {
    id,
    kind: file.kind,
    sizeBytes: file.data.length,
    nameEnc: await deps.cipher.encrypt(tx, keys.orgId, keys.ownerId, keys.nameField, file.filename),
    keyEnc: await deps.cipher.encrypt(tx, keys.orgId, keys.ownerId, keys.keyField, key.toString('base64')),
    content: sealFile(key, id, file.data),
  };
}

/** How a register's evidence file is read: its keys, and how its download is audited. */
export interface EvidenceFileSpec extends EvidenceKeys {
  /** What the 404 names when the file is absent or its key shredded. */
  resource: string;
  /** The download's audit event: reading evidence by name is audited. */
  downloaded: AuditEntry['event'];
}

/**
 * Decrypts one evidence file of a register (its name and key under the record's key), records
 * its download, then opens it; not found when absent or shredded.
 */
export async function readEvidenceFile(
  deps: Deps,
  ctx: RequestContext,
  file: EvidenceFileRow | undefined,
  spec: EvidenceFileSpec,
): Promise<AttachmentDownload> {
  if (!file) throw notFound(spec.resource);
  const [filename, key] = await Promise.all([
    deps.cipher.decrypt(deps.db, spec.orgId, spec.ownerId, spec.nameField, file.nameEnc),
    deps.cipher.decrypt(deps.db, spec.orgId, spec.ownerId, spec.keyField, file.keyEnc),
  ]);
  if (filename === null || key === null) throw notFound(spec.resource);
  await deps.db.transaction((tx) => deps.audit.record(tx, ctx, spec.downloaded));
  return {
    filename,
    mime: ATTACHMENT_KINDS[file.kind as AttachmentKind].mime,
    data: openFile(Buffer.from(key, 'base64'), file.id, file.content),
  };
}

/** Every file of a customer, decrypted, for the subject export (GDPR Art. 15(3), 20). */
export async function exportCustomerAttachments(deps: Deps, orgId: string, customerId: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const a of await repo.findCustomerAttachments(deps.db, orgId, customerId)) {
    // Like internal notes, files staff kept on an internal note are working documents of the handling.
    if (a.internal) continue;
    const filename = await deps.cipher.decrypt(deps.db, orgId, customerId, NAME_FIELD, a.nameEnc);
    const key = await deps.cipher.decrypt(deps.db, orgId, customerId, KEY_FIELD, a.keyEnc);
    out.push({
      reference: a.reference,
      filename,
      type: ATTACHMENT_KINDS[a.kind].mime,
      sizeBytes: a.sizeBytes,
      addedBy: a.uploaderType,
      createdAt: a.createdAt.toISOString(),
      // The file itself, so the copy is complete: a file of its own in the export zip.
      file: key ? new ExportedFile(filename ?? `${a.id}`, openFile(Buffer.from(key, 'base64'), a.id, a.content)) : null,
    });
  }
  return out;
}
