/**
 * Bulk import of the contact history from dialers and e-mail or SMS senders: the caps of
 * C. consom. D.223-9 al. 3 (4 calls per 30 days, 60 days after a refusal) are only right if every
 * attempt is known, including those made outside Confiance.
 *
 * The shape is the consent import's (src/core/csv-import.ts): the same function checks a file (dry
 * run: a report per row, nothing written) and imports it, confirmed with the hash the dry run
 * reported. Rows are written in batches, each one transaction with its consent withdrawals and
 * one audit event with counts. Each row has an import key (a hash of its normalised content); a
 * key already in the history is skipped, so the same file imported twice adds nothing twice.
 *
 * Each imported attempt is stored with the decision of the rules at its time, as for an attempt
 * recorded by an agent: judged on the consent ledger as it stood before the file, the
 * restrictions, and the phone history known then (the database and the file's earlier rows).
 * A refusal in the file withdraws the phone consent as a refusal recorded by an agent does
 * (policy.consentWithdrawalFor), in the transaction of its batch.
 */
import { createHash, randomUUID } from 'node:crypto';
import { t } from '../../i18n/index.ts';
import { ContactRulesError } from '../../rules/contact/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { appendConsentEvent, inPrivacyTransaction } from '../consent/index.ts';
import {
  emailLookup,
  findCustomersByIds,
  findCustomersByLookups,
  findCustomersByPhoneLookups,
  normaliseEmail,
  normalisePhone,
  phoneLookup,
  type CustomerRow,
} from '../customers/index.ts';
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
import * as policy from './contact.policy.ts';
import type { ContactChannel, ContactOutcome, ContactPurpose, HistoryRow } from './contact.policy.ts';
import * as repo from './contact.repo.ts';
import {
  consentView,
  decide,
  gatherSubjects,
  historySince,
  type ConsentView,
  type ContactVerdict,
  type SubjectFacts,
} from './contact.service.ts';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, CONTACT_PURPOSES, type contactAttempts } from './contact.tables.ts';

/** Columns of the file (header names, any order, case-insensitive); one of customer_id, email, phone names the person. */
export const IMPORT_COLUMNS = [
  'customer_id',
  'email',
  'phone',
  'channel',
  'purpose',
  'outcome',
  'occurred_at',
  'source',
  'external_id',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['channel', 'purpose', 'outcome', 'occurred_at', 'source'];
const SUBJECT_COLUMNS: readonly Column[] = ['customer_id', 'email', 'phone'];

/** Outcomes of a call; a message or a letter is `sent`. */
const CALL_OUTCOMES: readonly ContactOutcome[] = ['answered', 'no_answer', 'refused', 'do_not_call'];

/** Why a row is rejected (each has a message in `contact.import.reason.*`). */
export type RejectReason =
  | 'columns'
  | 'subject_missing'
  | 'subject_ambiguous'
  | 'invalid_email'
  | 'invalid_phone'
  | 'invalid_customer_id'
  | 'unknown_subject'
  | 'shared_phone'
  | 'erased_customer'
  | 'invalid_channel'
  | 'invalid_purpose'
  | 'invalid_outcome'
  | 'outcome_channel'
  | 'bad_date'
  | 'future_date'
  | 'no_rules'
  | 'missing_source'
  | 'too_long'
  | 'duplicate';

export interface RowResult {
  line: number;
  status: 'accepted' | 'rejected' | 'already_imported';
  channel: string;
  outcome: string;
  /** The decision of the rules at the attempt's time (accepted rows): allowed, or its reason codes. */
  allowed: boolean | null;
  reasons: string[];
  reason: RejectReason | null;
  message: string | null;
}

export type ImportReport = CsvImportReport<RowResult, { againstRules: number; withdrawals: number; imported: number }>;

/** A row whose columns are valid; the subject is still to be found. */
interface CheckedRow {
  line: number;
  subject: { kind: 'customer'; id: string } | { kind: 'email'; lookup: string } | { kind: 'phone'; lookup: string };
  channel: ContactChannel;
  purpose: ContactPurpose;
  outcome: ContactOutcome;
  occurredAt: Date;
  source: string;
  importKey: string;
}

/** A row ready to write: its subject, its id (so later rows can cite it as evidence) and its decision. */
interface PlannedRow extends CheckedRow {
  id: string;
  customerId: string;
  verdict: ContactVerdict;
  already: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// An instant with an offset: a dialer's log without one would be read in the wrong time zone, and the hours rule depends on it.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

type Raw = { channel: string; outcome: string };
type Reject = (line: number, raw: Raw, reason: RejectReason, params?: Record<string, string | number>) => void;

/**
 * Checks (`dry_run`) or imports (`commit`) a CSV file of contact attempts. A commit must name the
 * hash the dry run reported, so what is imported is exactly what was reviewed.
 */
export async function importContactHistory(
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
  const results: RowResult[] = [];
  const reject: Reject = (line, raw, reason, params = {}) =>
    results.push({
      line,
      status: 'rejected',
      ...raw,
      allowed: null,
      reasons: [],
      reason,
      message: t(ctx.locale, `contact.import.reason.${reason}`, params),
    });

  const now = deps.clock.now();
  const { valid: checked, rows } = checkRows(deps, orgId, records, header, now, reject);
  const view = await consentView(deps, orgId);
  const planned = await planRows(deps, orgId, view, checked, reject);
  for (const row of planned) {
    results.push({
      line: row.line,
      status: row.already ? 'already_imported' : 'accepted',
      channel: row.channel,
      outcome: row.outcome,
      allowed: row.verdict.decision.allowed,
      reasons: row.verdict.decision.reasons.map((r) => r.code),
      reason: null,
      message: null,
    });
  }
  const toWrite = planned.filter((r) => !r.already);

  let imported = 0;
  let withdrawals = 0;
  if (mode === 'commit') {
    for (const done of await inImportBatches(toWrite, (batch, part) => writeBatch(deps, ctx, orgId, view, fileHash, batch, part))) {
      imported += done.imported;
      withdrawals += done.withdrawals;
    }
  }
  return importReport(mode, fileHash, rows, results, {
    againstRules: toWrite.filter((r) => !r.verdict.decision.allowed).length,
    withdrawals,
    imported,
  });
}

/** Checks every record's columns; rejects what is wrong and rows repeating an earlier row of the file. */
function checkRows(
  deps: Deps,
  orgId: string,
  records: readonly CsvRecord[],
  header: readonly string[],
  now: Date,
  reject: Reject,
): { valid: CheckedRow[]; rows: number } {
  return checkImportRows(
    records,
    header,
    IMPORT_COLUMNS,
    (get) => ({ channel: get('channel').slice(0, 16), outcome: get('outcome').slice(0, 16) }),
    (line, raw, get) => checkRow(deps, orgId, line, raw, get, now),
    reject,
  );
}

function checkRow(
  deps: Deps,
  orgId: string,
  line: number,
  raw: Raw,
  get: (c: Column) => string,
  now: Date,
): RowCheck<CheckedRow, RejectReason> {
  const given = SUBJECT_COLUMNS.filter((c) => get(c) !== '');
  if (given.length === 0) return { reason: 'subject_missing' };
  if (given.length > 1) return { reason: 'subject_ambiguous', params: { columns: given.join(', ') } };
  let subject: CheckedRow['subject'];
  const value = get(given[0]!);
  if (given[0] === 'customer_id') {
    if (!UUID.test(value)) return { reason: 'invalid_customer_id' };
    subject = { kind: 'customer', id: value.toLowerCase() };
  } else if (given[0] === 'email') {
    if (value.length > 320 || !EMAIL.test(value)) return { reason: 'invalid_email' };
    subject = { kind: 'email', lookup: emailLookup(deps, orgId, normaliseEmail(value)) };
  } else {
    // Numbers are compared in E.164 under a keyed hash, as customers' numbers are stored.
    const e164 = value.length <= 40 ? normalisePhone(value) : null;
    if (!e164) return { reason: 'invalid_phone', params: { value: value.slice(0, 40) } };
    subject = { kind: 'phone', lookup: phoneLookup(deps, orgId, e164) };
  }
  if (!(CONTACT_CHANNELS as readonly string[]).includes(raw.channel)) return { reason: 'invalid_channel', params: { value: raw.channel } };
  const channel = raw.channel as ContactChannel;
  const purposeText = get('purpose');
  if (!(CONTACT_PURPOSES as readonly string[]).includes(purposeText))
    return { reason: 'invalid_purpose', params: { value: purposeText.slice(0, 20) } };
  if (!(CONTACT_OUTCOMES as readonly string[]).includes(raw.outcome)) return { reason: 'invalid_outcome', params: { value: raw.outcome } };
  const outcome = raw.outcome as ContactOutcome;
  // A refusal or an unanswered call is a call's outcome; a message or a letter is sent.
  if ((channel === 'phone') !== CALL_OUTCOMES.includes(outcome)) return { reason: 'outcome_channel', params: { outcome, channel } };
  const when = get('occurred_at');
  const occurredAt = INSTANT.test(when) ? new Date(when) : null;
  if (!occurredAt || Number.isNaN(occurredAt.getTime())) return { reason: 'bad_date', params: { value: when.slice(0, 40) } };
  if (occurredAt.getTime() > now.getTime()) return { reason: 'future_date', params: { value: occurredAt.toISOString() } };
  const source = get('source');
  const externalId = get('external_id');
  if (!source) return { reason: 'missing_source' };
  if (source.length > 200 || externalId.length > 200) return { reason: 'too_long', params: { max: 200 } };
  const subjectKey = subject.kind === 'customer' ? `c:${subject.id}` : `${subject.kind[0]}:${subject.lookup}`;
  const importKey = createHash('sha256')
    .update([subjectKey, channel, purposeText, outcome, occurredAt.toISOString(), source, externalId].join('\u001f'))
    .digest('hex');
  return { line, subject, channel, purpose: purposeText as ContactPurpose, outcome, occurredAt, source, importKey };
}

/**
 * Finds each row's subject (known customers only: a dialer's log does not create people; a
 * number shared by several customers must be named by customer_id), then judges every row at its
 * time, oldest first, each phone row joining the history of the later ones.
 */
async function planRows(
  deps: Deps,
  orgId: string,
  view: ConsentView,
  checked: readonly CheckedRow[],
  reject: Reject,
): Promise<PlannedRow[]> {
  const subjects = await resolveSubjects(deps, orgId, checked);
  const withSubject: (CheckedRow & { customerId: string })[] = [];
  for (const row of checked) {
    const raw = { channel: row.channel, outcome: row.outcome };
    const found =
      row.subject.kind === 'customer'
        ? subjects.byId.get(row.subject.id)
        : row.subject.kind === 'email'
          ? subjects.byEmail.get(row.subject.lookup)
          : undefined;
    const byPhone = row.subject.kind === 'phone' ? (subjects.byPhone.get(row.subject.lookup) ?? []).filter((c) => !c.erasedAt) : [];
    if (byPhone.length > 1) reject(row.line, raw, 'shared_phone', { count: byPhone.length });
    else {
      const customer = found ?? byPhone[0];
      if (!customer)
        reject(
          row.line,
          raw,
          row.subject.kind === 'phone' && (subjects.byPhone.get(row.subject.lookup)?.length ?? 0) > 0
            ? 'erased_customer'
            : 'unknown_subject',
        );
      // GDPR Art. 17: an erased person's history is not brought back by an old file.
      else if (customer.erasedAt) reject(row.line, raw, 'erased_customer');
      else withSubject.push({ ...row, customerId: customer.id });
    }
  }
  if (withSubject.length === 0) return [];
  const ordered = [...withSubject].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.line - b.line);
  const already = await repo.findImportKeys(
    deps.db,
    orgId,
    ordered.map((r) => r.importKey),
  );
  const facts = await gatherSubjects(
    deps.db,
    orgId,
    view,
    ordered.map((r) => r.customerId),
    historySince(ordered[0]!.occurredAt),
    ordered.at(-1)!.occurredAt,
  );
  // The file's phone rows, as history for the later rows of the same person (rows already imported are in the database).
  const fromFile = new Map<string, HistoryRow[]>();
  const planned: PlannedRow[] = [];
  for (const row of ordered) {
    const subject = facts.get(row.customerId)!;
    const own = fromFile.get(row.customerId) ?? [];
    const merged: SubjectFacts =
      own.length === 0
        ? subject
        : { ...subject, history: [...subject.history, ...own].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()) };
    let verdict: ContactVerdict;
    try {
      verdict = decide(view, merged, {
        channel: row.channel,
        purpose: row.purpose,
        at: row.occurredAt,
        sector: 'other',
        ongoingContract: false,
        relatedToContract: false,
        existingCustomerSimilarProduct: false,
        oppositionListed: false,
      });
    } catch (err) {
      if (!(err instanceof ContactRulesError)) throw err;
      reject(row.line, { channel: row.channel, outcome: row.outcome }, 'no_rules', { date: row.occurredAt.toISOString().slice(0, 10) });
      continue;
    }
    const id = randomUUID();
    const isAlready = already.has(row.importKey);
    if (row.channel === 'phone' && !isAlready)
      fromFile.set(row.customerId, [
        ...own,
        { id, channel: row.channel, purpose: row.purpose, outcome: row.outcome, occurredAt: row.occurredAt },
      ]);
    planned.push({ ...row, id, verdict, already: isAlready });
  }
  return planned;
}

async function resolveSubjects(deps: Deps, orgId: string, rows: readonly CheckedRow[]) {
  const ids = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const r of rows) {
    if (r.subject.kind === 'customer') ids.add(r.subject.id);
    else if (r.subject.kind === 'email') emails.add(r.subject.lookup);
    else phones.add(r.subject.lookup);
  }
  const byId = new Map<string, CustomerRow>();
  const byEmail = new Map<string, CustomerRow>();
  const byPhone = new Map<string, CustomerRow[]>();
  const idList = [...ids];
  const emailList = [...emails];
  for (let i = 0; i < idList.length; i += 5000)
    for (const c of await findCustomersByIds(deps.db, orgId, idList.slice(i, i + 5000))) byId.set(c.id, c);
  for (let i = 0; i < emailList.length; i += 5000)
    for (const c of await findCustomersByLookups(deps.db, orgId, emailList.slice(i, i + 5000))) byEmail.set(c.emailLookup!, c);
  for (const c of await findCustomersByPhoneLookups(deps.db, orgId, [...phones]))
    byPhone.set(c.phoneLookup!, [...(byPhone.get(c.phoneLookup!) ?? []), c]);
  return { byId, byEmail, byPhone };
}

/** One batch, one transaction: the attempts with their decisions, the consents their refusals withdraw, one audit event. */
async function writeBatch(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  view: ConsentView,
  fileHash: string,
  batch: number,
  rows: readonly PlannedRow[],
): Promise<{ imported: number; withdrawals: number }> {
  return inPrivacyTransaction(deps, orgId, async (tx, changes) => {
    const values: (typeof contactAttempts.$inferInsert)[] = rows.map((row) => ({
      id: row.id,
      orgId,
      customerId: row.customerId,
      channel: row.channel,
      purpose: row.purpose,
      outcome: row.outcome,
      occurredAt: row.occurredAt,
      source: 'import' as const,
      sourceRef: row.source,
      actorType: ctx.actor.kind,
      actorId: actorId(ctx.actor),
      allowed: row.verdict.decision.allowed,
      reasons: row.verdict.decision.reasons.map((r) => r.code),
      rules: [...row.verdict.decision.rules],
      evidence: row.verdict.evidence,
      declared: row.verdict.gathered.declared,
      importKey: row.importKey,
    }));
    const written = await repo.insertImportedAttempts(tx, values);
    const writtenIds = new Set(written.map((w) => w.id));
    let withdrawals = 0;
    for (const row of rows) {
      if (!writtenIds.has(row.id)) continue;
      const scope = policy.consentWithdrawalFor(row, row.verdict.gathered.declared.tz);
      if (scope === 'none') continue;
      const phone = policy.prospectingPurposes(view.purposes, 'phone');
      const ooh = policy.outOfHoursPurpose(view.purposes);
      const targets =
        scope === 'all'
          ? [...phone, ...(ooh ? [ooh] : [])]
          : phone.filter(
              (p) => policy.readConsent(view.index.can(row.customerId, p.key, 'phone', row.occurredAt.getTime())).state === 'given',
            );
      for (const p of targets) {
        await appendConsentEvent(deps, tx, ctx, changes, {
          customerId: row.customerId,
          purpose: p.key,
          channel: 'phone',
          kind: 'withdrawn',
          method: 'api',
          source: `contact-attempt:${row.id}`,
          occurredAt: row.occurredAt,
          proofRef: row.id,
        });
        withdrawals++;
      }
    }
    await deps.audit.record(tx, ctx, {
      type: 'contact.history_imported',
      payload: {
        fileHash,
        batch,
        rows: rows.length,
        imported: written.length,
        skipped: rows.length - written.length,
        againstRules: written.filter((w) => !w.allowed).length,
        withdrawals,
      },
    });
    return { imported: written.length, withdrawals };
  });
}
