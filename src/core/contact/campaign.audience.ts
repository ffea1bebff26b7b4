/**
 * A campaign's audience from a CSV file: one person a line, named by `customer_id`, `email` or
 * `phone` (header names, any order, case-insensitive), matched to the organisation's customers.
 * A file with any line that names no one usable is refused as a whole, with the lines and why:
 * an audience silently shorter than the file would hide a mistake in the list.
 */
import { createHash } from 'node:crypto';
import { t } from '../../i18n/index.ts';
import type { Locale } from '../context.ts';
import type { Deps } from '../deps.ts';
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
import { ImportFileError, importText, readImportText } from '../csv-import.ts';

/** Largest audience file accepted over HTTP. */
export const AUDIENCE_MAX_BYTES = 10 * 1024 * 1024;
/** Most people in one audience file. */
export const AUDIENCE_MAX_ROWS = 200_000;
/** Line errors named in the answer at most (the count names them all). */
const MAX_LINE_ERRORS = 20;
const LOOKUP_CHUNK = 5_000;

const COLUMNS = ['customer_id', 'email', 'phone'] as const;
type Column = (typeof COLUMNS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why a line names no usable person (messages in `contact.import.reason.*`, shared with the history import). */
type LineReason =
  | 'columns'
  | 'subject_missing'
  | 'subject_ambiguous'
  | 'invalid_email'
  | 'invalid_phone'
  | 'invalid_customer_id'
  | 'unknown_subject'
  | 'shared_phone'
  | 'erased_customer';

/** The file is refused: nothing is saved; the route answers 400 with these messages. */
export class CampaignAudienceError extends Error {
  constructor(
    /** The message of the whole file, in the user's language. */
    readonly summary: string,
    /** One message per line in error (the first ones), in the user's language. */
    readonly lines: readonly string[] = [],
  ) {
    super(summary);
    this.name = 'CampaignAudienceError';
  }
}

export interface Audience {
  fileHash: string;
  /** Each person once, at the first line naming them. */
  recipients: { customerId: string; line: number }[];
  /** Lines naming a person already named above (kept once). */
  duplicates: number;
}

/** A person named by a line, before they are looked up. */
export type Subject = { kind: 'customer'; id: string } | { kind: 'email'; lookup: string } | { kind: 'phone'; lookup: string };

/** Reads and matches an audience file; throws {@link CampaignAudienceError} when any line is unusable. */
export async function readAudience(deps: Deps, orgId: string, locale: Locale, file: Uint8Array): Promise<Audience> {
  const fileError = (code: string, params: Record<string, string | number> = {}) =>
    new CampaignAudienceError(t(locale, `contact.import.file.${code}`, params));
  if (file.byteLength === 0) throw fileError('empty');
  if (file.byteLength > AUDIENCE_MAX_BYTES) throw fileError('too_large', { max: AUDIENCE_MAX_BYTES / 1024 / 1024 });
  let rows: CsvRecord[];
  let header: string[];
  try {
    ({ records: rows, header } = readImportText(importText(file), { known: COLUMNS, required: [], oneOf: COLUMNS }));
  } catch (err) {
    if (err instanceof ImportFileError) throw fileError(err.code, err.params);
    throw err;
  }
  if (rows.length > AUDIENCE_MAX_ROWS) throw fileError('too_many_rows', { max: AUDIENCE_MAX_ROWS });

  const errors: { line: number; reason: LineReason; params?: Record<string, string | number> }[] = [];
  const named: { line: number; subject: Subject }[] = [];
  for (const record of rows) {
    const line = record.line;
    if (record.fields.length !== header.length) {
      errors.push({ line, reason: 'columns', params: { expected: header.length, found: record.fields.length } });
      continue;
    }
    const get = (c: Column) => {
      const i = header.indexOf(c);
      return i === -1 ? '' : (record.fields[i] ?? '').trim();
    };
    const given = COLUMNS.filter((c) => get(c) !== '');
    if (given.length === 0) {
      // A blank line at the end of a spreadsheet's export is not a mistake.
      if (record.fields.every((f) => f.trim() === '')) continue;
      errors.push({ line, reason: 'subject_missing' });
      continue;
    }
    if (given.length > 1) {
      errors.push({ line, reason: 'subject_ambiguous', params: { columns: given.join(', ') } });
      continue;
    }
    const value = get(given[0]!);
    if (given[0] === 'customer_id') {
      if (UUID.test(value)) named.push({ line, subject: { kind: 'customer', id: value.toLowerCase() } });
      else errors.push({ line, reason: 'invalid_customer_id' });
    } else if (given[0] === 'email') {
      if (value.length <= 320 && EMAIL.test(value))
        named.push({ line, subject: { kind: 'email', lookup: emailLookup(deps, orgId, normaliseEmail(value)) } });
      else errors.push({ line, reason: 'invalid_email' });
    } else {
      // Numbers are compared in E.164 under a keyed hash, as customers' numbers are stored.
      const e164 = value.length <= 40 ? normalisePhone(value) : null;
      if (e164) named.push({ line, subject: { kind: 'phone', lookup: phoneLookup(deps, orgId, e164) } });
      else errors.push({ line, reason: 'invalid_phone', params: { value: value.slice(0, 40) } });
    }
  }

  const found = await lookUp(deps, orgId, named);
  const recipients: Audience['recipients'] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const { line, subject } of named) {
    let customer: CustomerRow | undefined;
    if (subject.kind === 'phone') {
      const all = found.byPhone.get(subject.lookup) ?? [];
      const live = all.filter((c) => !c.erasedAt);
      if (live.length > 1) {
        errors.push({ line, reason: 'shared_phone', params: { count: live.length } });
        continue;
      }
      customer = live[0] ?? all[0];
    } else customer = subject.kind === 'customer' ? found.byId.get(subject.id) : found.byEmail.get(subject.lookup);
    if (!customer) errors.push({ line, reason: 'unknown_subject' });
    // GDPR Art. 17: an erased person is not brought back by an old list.
    else if (customer.erasedAt) errors.push({ line, reason: 'erased_customer' });
    else if (seen.has(customer.id)) duplicates++;
    else {
      seen.add(customer.id);
      recipients.push({ customerId: customer.id, line });
    }
  }
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new CampaignAudienceError(
      t(locale, 'contact.campaign.file.lines', { count: errors.length }),
      errors.slice(0, MAX_LINE_ERRORS).map((e) =>
        t(locale, 'contact.campaign.file.line', {
          line: e.line,
          message: t(locale, `contact.import.reason.${e.reason}`, e.params ?? {}),
        }),
      ),
    );
  }
  if (recipients.length === 0) throw new CampaignAudienceError(t(locale, 'contact.campaign.file.no_recipients'));
  return { fileHash: createHash('sha256').update(file).digest('hex'), recipients, duplicates };
}

/** The customers named by these lines, in a few queries: by id, by e-mail lookup, by phone lookup (all the holders of a number). */
export async function lookUp(deps: Deps, orgId: string, named: readonly { subject: Subject }[]) {
  const ids = new Set<string>();
  const emails = new Set<string>();
  const phones = new Set<string>();
  for (const { subject } of named) {
    if (subject.kind === 'customer') ids.add(subject.id);
    else if (subject.kind === 'email') emails.add(subject.lookup);
    else phones.add(subject.lookup);
  }
  const byId = new Map<string, CustomerRow>();
  const byEmail = new Map<string, CustomerRow>();
  const byPhone = new Map<string, CustomerRow[]>();
  const chunks = (set: Set<string>) => {
    const list = [...set];
    const out: string[][] = [];
    for (let i = 0; i < list.length; i += LOOKUP_CHUNK) out.push(list.slice(i, i + LOOKUP_CHUNK));
    return out;
  };
  for (const chunk of chunks(ids)) for (const c of await findCustomersByIds(deps.db, orgId, chunk)) byId.set(c.id, c);
  for (const chunk of chunks(emails)) for (const c of await findCustomersByLookups(deps.db, orgId, chunk)) byEmail.set(c.emailLookup!, c);
  for (const chunk of chunks(phones))
    for (const c of await findCustomersByPhoneLookups(deps.db, orgId, chunk))
      byPhone.set(c.phoneLookup!, [...(byPhone.get(c.phoneLookup!) ?? []), c]);
  return { byId, byEmail, byPhone };
}
