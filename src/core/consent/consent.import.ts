/**
 * Import of consents collected before Confiance (a CRM, paper forms, a call centre), with their
 * proof (GDPR Art. 7(1): who, when, which notice version, how, where).
 *
 * The same function checks a file (dry run: a report per row, nothing written) and imports it
 * (what CSV imports share: src/core/csv-import.ts). An import writes in batches, each batch one
 * transaction with its ledger events (method `imported`, the original method kept), the projection, the index
 * notices and one audit event with counts (never e-mail addresses). Each row has an import key
 * (a hash of its normalised content); a key already in the ledger is skipped, so uploading the
 * same file again, or again after a crash half-way, adds nothing twice.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { t } from '../../i18n/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { emailLookup, findOrCreateCustomer, normaliseEmail, recordPhoneNotices } from '../customers/index.ts';
import { findCustomersByIds, type CustomerRow } from '../customers/index.ts';
import type { CsvRecord } from '../csv.ts';
import {
  checkImportRows,
  importReport,
  inImportBatches,
  readImportFile,
  type ImportMode,
  type ImportReport as CsvImportReport,
  type RowCheck,
} from '../csv-import.ts';
import type { Channel } from './consent.decision.ts';
import * as repo from './consent.repo.ts';
import { inPrivacyTransaction, isFuture } from './consent.service.ts';
import { CHANNELS, CONSENT_METHODS } from './consent.tables.ts';
import { isPhoneNoticeAt } from '../../rules/contact/index.ts';

/** Columns of the import file (header names, any order, case-insensitive). */
export const IMPORT_COLUMNS = [
  'email',
  'customer_id',
  'purpose',
  'channel',
  'state',
  'occurred_at',
  'notice_version',
  'method',
  'source',
  'proof_ref',
  'expires_at',
  'phone_notice',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['purpose', 'channel', 'state', 'occurred_at', 'notice_version', 'method', 'source'];
/** The columns that name the person: one of them at least. */
const SUBJECT_COLUMNS: readonly Column[] = ['email', 'customer_id'];

/** States a file may carry; `expired` is computed by Confiance from `expires_at`, not imported. */
const IMPORT_STATES = ['given', 'withdrawn', 'refused'] as const;
/** How consent was first collected; `imported` itself is what Confiance records. */
const ORIGINAL_METHODS = CONSENT_METHODS.filter((m) => m !== 'imported');
/** Methods whose proof lives elsewhere and must be pointed to (a recording, a scan): Art. 7(1). */
const PROOF_REQUIRED = new Set<string>(['phone_recorded', 'paper_scan']);

/** Why a row is rejected (each has a message in `consent.import.reason.*`). */
export type RejectReason =
  | 'columns'
  | 'subject_missing'
  | 'subject_ambiguous'
  | 'invalid_email'
  | 'unknown_customer'
  | 'erased_customer'
  | 'unknown_purpose'
  | 'purpose_not_consent'
  | 'invalid_channel'
  | 'channel_not_covered'
  | 'invalid_state'
  | 'bad_date'
  | 'future_date'
  | 'invalid_notice_version'
  | 'unknown_notice_version'
  | 'invalid_method'
  | 'missing_source'
  | 'too_long'
  | 'proof_required'
  | 'bad_expiry'
  | 'invalid_phone_notice'
  | 'duplicate';

export interface RowResult {
  line: number;
  status: 'accepted' | 'rejected' | 'already_imported';
  purpose: string;
  channel: string;
  state: string;
  reason: RejectReason | null;
  message: string | null;
}

export type ImportReport = CsvImportReport<RowResult, { newSubjects: number; imported: number }>;

/** A valid row, ready to write. */
interface ValidRow {
  line: number;
  email: string | null;
  customerId: string | null;
  /** Set once the subject is known (existing customer, or created on import). */
  purpose: repo.PurposeRow;
  channel: Channel;
  state: (typeof IMPORT_STATES)[number];
  occurredAt: Date;
  noticeVersion: number;
  method: (typeof CONSENT_METHODS)[number];
  source: string;
  proofRef: string | null;
  expiresAt: Date | null;
  /** The phone-collection notice the original collection showed (`id@version`, C. consom. L.223-1). */
  phoneNotice: string | null;
  importKey: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 instant with an offset, or a calendar date (read as midnight UTC).
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseInstant(value: string): Date | null {
  if (!INSTANT.test(value) && !DATE.test(value)) return null;
  const d = new Date(DATE.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return null;
  // `2024-02-30` rolls over to March in Date: refuse dates that do not exist.
  if (d.toISOString().slice(0, 10) !== value.slice(0, 10) && DATE.test(value)) return null;
  return d;
}

/**
 * Checks (`dry_run`) or imports (`commit`) a CSV file of consents. A commit must name the hash
 * the dry run reported, so what is imported is exactly what was reviewed. In phases: read the
 * header, check every row, plan (subjects known and not erased, rows not imported before), write
 * in batches, report.
 */
export async function importConsents(
  deps: Deps,
  ctx: RequestContext,
  file: Uint8Array,
  mode: ImportMode,
  expectedHash?: string,
): Promise<ImportReport> {
  const orgId = requireOrg(ctx);
  const { fileHash, records, header } = readImportFile(file, mode, expectedHash, {
    known: IMPORT_COLUMNS,
    required: REQUIRED,
    oneOf: SUBJECT_COLUMNS,
  });
  const purposes = await repo.findPurposes(deps.db, orgId);
  const results: RowResult[] = [];
  const reject: Reject = (line, raw, reason, params = {}) =>
    results.push({ line, status: 'rejected', ...raw, reason, message: t(ctx.locale, `consent.import.reason.${reason}`, params) });

  const { valid, rows } = checkRows(deps, orgId, records, header, purposes, reject);
  const plan = await planImport(deps, orgId, valid, reject);
  results.push(...plan.accepted);

  let imported = 0;
  if (mode === 'commit') {
    for (const n of await inImportBatches(plan.toWrite, (batch, part) => writeBatch(deps, ctx, orgId, fileHash, batch, part, plan.byEmail)))
      imported += n;
  }
  return importReport(mode, fileHash, rows, results, { newSubjects: plan.newSubjects, imported });
}

/** The columns of a row that every result shows, cut to their column's size. */
type RawColumns = { purpose: string; channel: string; state: string };

/** Records a rejected row with its localized reason. */
type Reject = (line: number, raw: RawColumns, reason: RejectReason, params?: Record<string, string | number>) => void;

/**
 * Checks every record against the organisation's purposes; rejects what is wrong (and rows that
 * repeat an earlier row of the file) and returns the valid rows, with the count of data rows.
 */
function checkRows(
  deps: Deps,
  orgId: string,
  records: readonly CsvRecord[],
  header: readonly string[],
  purposes: readonly repo.PurposeRow[],
  reject: Reject,
): { valid: ValidRow[]; rows: number } {
  const byKey = new Map(purposes.flatMap((p) => [[p.key, p] as const, [p.id, p] as const]));
  return checkImportRows(
    records,
    header,
    IMPORT_COLUMNS,
    (get) => ({ purpose: get('purpose').slice(0, 64), channel: get('channel').slice(0, 16), state: get('state').slice(0, 16) }),
    (line, raw, get) => checkRow(deps, orgId, line, raw, get, byKey),
    reject,
  );
}

/** One row of the right width: the valid row it is, or why not. */
function checkRow(
  deps: Deps,
  orgId: string,
  line: number,
  raw: RawColumns,
  get: (c: Column) => string,
  byKey: ReadonlyMap<string, repo.PurposeRow>,
): RowCheck<ValidRow, RejectReason> {
  const email = get('email');
  const customerRef = get('customer_id');
  if (!email && !customerRef) return { reason: 'subject_missing' };
  if (email && customerRef) return { reason: 'subject_ambiguous' };
  if (email && (email.length > 320 || !EMAIL.test(email))) return { reason: 'invalid_email' };
  if (customerRef && !UUID.test(customerRef)) return { reason: 'unknown_customer' };
  const purpose = byKey.get(raw.purpose);
  if (!purpose) return { reason: 'unknown_purpose', params: { purpose: raw.purpose } };
  // Consent is only the lawful basis of purposes based on it (GDPR Art. 6(1)(a)).
  if (purpose.legalBasis !== 'consent') return { reason: 'purpose_not_consent', params: { purpose: purpose.key } };
  if (!(CHANNELS as readonly string[]).includes(raw.channel)) return { reason: 'invalid_channel', params: { channel: raw.channel } };
  const channel = raw.channel as Channel;
  if (!purpose.channels.includes(channel)) return { reason: 'channel_not_covered', params: { purpose: purpose.key, channel } };
  if (!(IMPORT_STATES as readonly string[]).includes(raw.state)) return { reason: 'invalid_state', params: { state: raw.state } };
  const state = raw.state as ValidRow['state'];
  const occurredAt = parseInstant(get('occurred_at'));
  if (!occurredAt) return { reason: 'bad_date', params: { value: get('occurred_at').slice(0, 40) } };
  // The projection keeps the latest event by time: a future one would outrank real withdrawals.
  if (isFuture(deps, occurredAt)) return { reason: 'future_date', params: { value: occurredAt.toISOString() } };
  const versionText = get('notice_version');
  if (!/^\d{1,6}$/.test(versionText)) return { reason: 'invalid_notice_version', params: { value: versionText.slice(0, 20) } };
  const noticeVersion = Number(versionText);
  if (noticeVersion < 1 || noticeVersion > purpose.currentVersion) {
    return { reason: 'unknown_notice_version', params: { version: noticeVersion, purpose: purpose.key, current: purpose.currentVersion } };
  }
  const method = get('method');
  if (!(ORIGINAL_METHODS as readonly string[]).includes(method))
    return { reason: 'invalid_method', params: { value: method.slice(0, 40), allowed: ORIGINAL_METHODS.join(', ') } };
  const source = get('source');
  const proofRef = get('proof_ref');
  if (!source) return { reason: 'missing_source' };
  if (source.length > 200 || proofRef.length > 200) return { reason: 'too_long', params: { max: 200 } };
  if (PROOF_REQUIRED.has(method) && !proofRef) return { reason: 'proof_required', params: { method } };
  const expiresText = get('expires_at');
  const expiresAt = expiresText ? parseInstant(expiresText) : null;
  if (expiresText && (!expiresAt || state !== 'given' || expiresAt <= occurredAt)) return { reason: 'bad_expiry' };
  // The notice shown with the number is part of the phone consent's proof (C. consom. L.223-1):
  // only on the phone channel, and only the notice in force on the day of the consent.
  const phoneNotice = get('phone_notice');
  if (phoneNotice && (channel !== 'phone' || !isPhoneNoticeAt(phoneNotice, occurredAt)))
    return { reason: 'invalid_phone_notice', params: { value: phoneNotice.slice(0, 80) } };
  const subject = email ? `e:${emailLookup(deps, orgId, email)}` : `c:${customerRef.toLowerCase()}`;
  const importKey = createHash('sha256')
    .update(
      [
        subject,
        purpose.id,
        channel,
        state,
        occurredAt.toISOString(),
        noticeVersion,
        method,
        source,
        proofRef,
        expiresAt?.toISOString() ?? '',
        // Appended only when given: files without the column keep the keys they had (re-imports add nothing).
        ...(phoneNotice ? [phoneNotice] : []),
      ].join('\u001f'),
    )
    .digest('hex');
  return {
    line,
    email: email ? normaliseEmail(email) : null,
    customerId: customerRef ? customerRef.toLowerCase() : null,
    purpose,
    channel,
    state,
    occurredAt,
    noticeVersion,
    method: method as ValidRow['method'],
    source,
    proofRef: proofRef || null,
    expiresAt,
    phoneNotice: phoneNotice || null,
    importKey,
  };
}

/**
 * What to write: subjects are known customers by reference or e-mail lookup (unknown e-mails
 * become customers on import); erased or unknown ones are rejected, and rows whose import key is
 * in the ledger already are reported as such and not written again.
 */
async function planImport(
  deps: Deps,
  orgId: string,
  valid: readonly ValidRow[],
  reject: Reject,
): Promise<{ toWrite: ValidRow[]; accepted: RowResult[]; byEmail: Map<string, CustomerRow>; newSubjects: number }> {
  const subjects = await resolveSubjects(deps, orgId, valid);
  const stillValid: ValidRow[] = [];
  for (const row of valid) {
    const raw = { purpose: row.purpose.key, channel: row.channel, state: row.state };
    if (row.customerId) {
      const customer = subjects.byId.get(row.customerId);
      if (!customer) reject(row.line, raw, 'unknown_customer');
      else if (customer.erasedAt) reject(row.line, raw, 'erased_customer');
      else stillValid.push(row);
    } else {
      const customer = subjects.byEmail.get(row.email!);
      // GDPR Art. 17: an erased person is not brought back by an old file.
      if (customer?.erasedAt) reject(row.line, raw, 'erased_customer');
      else stillValid.push(row);
    }
  }
  const already = await repo.findImportKeys(
    deps.db,
    orgId,
    stillValid.map((r) => r.importKey),
  );
  const toWrite = stillValid.filter((r) => !already.has(r.importKey));
  const accepted = stillValid.map((row): RowResult => ({
    line: row.line,
    status: already.has(row.importKey) ? 'already_imported' : 'accepted',
    purpose: row.purpose.key,
    channel: row.channel,
    state: row.state,
    reason: null,
    message: null,
  }));
  const newEmails = new Set(toWrite.filter((r) => r.email && !subjects.byEmail.has(r.email)).map((r) => r.email!));
  return { toWrite, accepted, byEmail: subjects.byEmail, newSubjects: newEmails.size };
}

async function resolveSubjects(deps: Deps, orgId: string, rows: readonly ValidRow[]) {
  const ids = [...new Set(rows.flatMap((r) => (r.customerId ? [r.customerId] : [])))];
  const emails = [...new Set(rows.flatMap((r) => (r.email ? [r.email] : [])))];
  const byId = new Map<string, CustomerRow>();
  for (let i = 0; i < ids.length; i += 5000)
    for (const c of await findCustomersByIds(deps.db, orgId, ids.slice(i, i + 5000))) byId.set(c.id, c);
  const lookups = new Map(emails.map((e) => [emailLookup(deps, orgId, e), e]));
  const byEmail = new Map<string, CustomerRow>();
  for (const c of await repo.findCustomersByLookups(deps.db, orgId, [...lookups.keys()])) byEmail.set(lookups.get(c.emailLookup!)!, c);
  return { byId, byEmail };
}

/** One batch, one transaction: customers for new e-mails, ledger events, projection, notices, audit. */
async function writeBatch(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  fileHash: string,
  batch: number,
  rows: readonly ValidRow[],
  byEmail: Map<string, CustomerRow>,
): Promise<number> {
  return inPrivacyTransaction(deps, orgId, async (tx: Db, changes) => {
    const { values, newSubjects } = await ledgerRows(deps, tx, ctx, orgId, rows, byEmail);
    // A concurrent upload of the same file may have written some rows meanwhile: those are skipped.
    const events = await repo.insertImportedEvents(tx, values);
    // C. consom. L.223-1: a phone consent imported with the notice its screen showed keeps that
    // notice in the subject's phone notices too (shown when the consent was given, origin import).
    await recordPhoneNotices(
      tx,
      ctx,
      events.flatMap((e) =>
        e.phoneNotice
          ? [{ customerId: e.customerId, notice: e.phoneNotice, shownAt: e.occurredAt, origin: 'import' as const, record: 'consent' as const, recordId: e.id }]
          : [],
      ),
    );
    const latest = latestPerKey(events);
    const moved = new Set<string>();
    await repo.upsertStates(tx, latest, moved);
    for (const e of latest) {
      if (moved.has(e.id))
        changes.push({ subject: e.customerId, apply: (index) => index.setState({ ...e, eventId: e.id, eventSeq: e.seq }) });
    }
    await deps.audit.record(tx, ctx, {
      type: 'consent.imported',
      payload: {
        fileHash,
        batch,
        rows: rows.length,
        imported: events.length,
        skipped: rows.length - events.length,
        newSubjects,
        statesMoved: moved.size,
      },
    });
    return events.length;
  });
}

/**
 * The ledger rows of a batch (method `imported`, the original kept), each with its subject: the
 * customer named, the one known by the e-mail, or a customer created now (counted in `newSubjects`).
 */
async function ledgerRows(
  deps: Deps,
  tx: Db,
  ctx: RequestContext,
  orgId: string,
  rows: readonly ValidRow[],
  byEmail: Map<string, CustomerRow>,
) {
  let newSubjects = 0;
  const customerOf = async (row: ValidRow): Promise<string> => {
    if (row.customerId) return row.customerId;
    const known = byEmail.get(row.email!);
    if (known) return known.id;
    const { customer, created } = await findOrCreateCustomer(deps, tx, ctx, { email: row.email! }, 'import');
    if (created) newSubjects++;
    byEmail.set(row.email!, customer);
    return customer.id;
  };
  const values = [];
  for (const row of rows) {
    values.push({
      orgId,
      customerId: await customerOf(row),
      purposeId: row.purpose.id,
      channel: row.channel,
      kind: row.state,
      noticeVersion: row.noticeVersion,
      method: 'imported' as const,
      originalMethod: row.method,
      source: row.source,
      proofRef: row.proofRef,
      phoneNotice: row.phoneNotice,
      occurredAt: row.occurredAt,
      expiresAt: row.expiresAt,
      ipHash: ctx.ipHash,
      userAgentHash: null,
      actorType: ctx.actor.kind,
      actorId: actorId(ctx.actor),
      importKey: row.importKey,
    });
  }
  return { values, newSubjects };
}

/** One statement may not move a projection row twice: each key's latest event of the batch. */
function latestPerKey(events: readonly repo.ConsentEventRow[]): repo.ConsentEventRow[] {
  const latest = new Map<string, repo.ConsentEventRow>();
  for (const e of events) {
    const key = `${e.customerId}|${e.purposeId}|${e.channel}`;
    const held = latest.get(key);
    if (!held || held.occurredAt < e.occurredAt || (held.occurredAt.getTime() === e.occurredAt.getTime() && held.seq < e.seq))
      latest.set(key, e);
  }
  return [...latest.values()];
}
