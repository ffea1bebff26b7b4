/**
 * `confiance contact check`: many ad-hoc decisions at once, CSV in, CSV out. Each line names a
 * person (`customer_id`, `email` or `phone`), a `channel` and a `purpose`, and optionally the
 * instant (`at`, with its offset; now when empty) and the offer's `sector`. Each line gets one
 * decision with its reason codes and rules, or an error saying what is wrong with it; the other
 * lines still run. Nothing is stored (an ad-hoc check is not a contact). The facts of every
 * person are read in a few queries (gatherSubjects) and each line is judged without I/O (decide).
 */
import { t } from '../../i18n/index.ts';
import { CONTACT_SECTORS, ContactRulesError, type ContactSector } from '../../rules/contact/index.ts';
import { requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { emailLookup, normaliseEmail, normalisePhone, phoneLookup } from '../customers/index.ts';
import { AppError } from '../errors.ts';
import { csvLine, type CsvRecord } from '../csv.ts';
import { ImportFileError, readImportText } from '../csv-import.ts';
import { lookUp, type Subject } from './campaign.audience.ts';
import type { ContactChannel, ContactPurpose } from './contact.policy.ts';
import { consentView, decide, gatherSubjects, historySince } from './contact.service.ts';
import { CONTACT_CHANNELS, CONTACT_PURPOSES } from './contact.tables.ts';

const COLUMNS = ['customer_id', 'email', 'phone', 'channel', 'purpose', 'at', 'sector'] as const;
type Column = (typeof COLUMNS)[number];
const SUBJECT_COLUMNS: readonly Column[] = ['customer_id', 'email', 'phone'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The header of the answer. */
export const CHECK_CSV_HEADER = ['line', 'customer_id', 'channel', 'purpose', 'at', 'allowed', 'reasons', 'rules', 'error'] as const;

/** A whole input refused (no header, unknown columns, not CSV): the command says why and exits non-zero. */
export class CheckCsvError extends Error {}

interface Line {
  line: number;
  subject: Subject;
  channel: ContactChannel;
  purpose: ContactPurpose;
  at: Date;
  sector: ContactSector;
}

/**
 * Judges every line of `text`; `write` receives the CSV answer (header first), one line per input
 * line in input order. Returns the counts.
 */
export async function checkContactsCsv(
  deps: Deps,
  ctx: RequestContext,
  text: string,
  write: (csv: string) => void,
): Promise<{ lines: number; allowed: number; denied: number; errors: number }> {
  const orgId = requireOrg(ctx);
  const message = (key: string, params: Record<string, string | number> = {}) => t(ctx.locale, key, params);
  let rows: CsvRecord[];
  let header: string[];
  try {
    ({ records: rows, header } = readImportText(text.replace(/^\uFEFF/, ''), {
      known: COLUMNS,
      required: ['channel', 'purpose'],
      oneOf: SUBJECT_COLUMNS,
    }));
  } catch (err) {
    if (err instanceof ImportFileError) throw new CheckCsvError(message(`contact.import.file.${err.code}`, err.params));
    throw err;
  }

  const now = deps.clock.now();
  const out = new Map<number, unknown[]>();
  const lines: Line[] = [];
  const fail = (line: number, raw: Partial<Record<Column, string>>, error: string) =>
    out.set(line, [line, '', raw.channel ?? '', raw.purpose ?? '', raw.at ?? '', '', '', '', error]);
  for (const record of rows) {
    const get = (c: Column) => {
      const i = header.indexOf(c);
      return i === -1 ? '' : (record.fields[i] ?? '').trim();
    };
    if (record.fields.every((f) => f.trim() === '')) continue;
    const raw = { channel: get('channel').slice(0, 16), purpose: get('purpose').slice(0, 16), at: get('at').slice(0, 40) };
    const reason = (key: string, params: Record<string, string | number> = {}) =>
      fail(record.line, raw, message(`contact.import.reason.${key}`, params));
    if (record.fields.length !== header.length) {
      reason('columns', { expected: header.length, found: record.fields.length });
      continue;
    }
    const given = SUBJECT_COLUMNS.filter((c) => get(c) !== '');
    if (given.length !== 1) {
      if (given.length === 0) reason('subject_missing');
      else reason('subject_ambiguous', { columns: given.join(', ') });
      continue;
    }
    const value = get(given[0]!);
    let subject: Subject;
    if (given[0] === 'customer_id') {
      if (!UUID.test(value)) {
        reason('invalid_customer_id');
        continue;
      }
      subject = { kind: 'customer', id: value.toLowerCase() };
    } else if (given[0] === 'email') {
      if (value.length > 320 || !EMAIL.test(value)) {
        reason('invalid_email');
        continue;
      }
      subject = { kind: 'email', lookup: emailLookup(deps, orgId, normaliseEmail(value)) };
    } else {
      const e164 = value.length <= 40 ? normalisePhone(value) : null;
      if (!e164) {
        reason('invalid_phone', { value: value.slice(0, 40) });
        continue;
      }
      subject = { kind: 'phone', lookup: phoneLookup(deps, orgId, e164) };
    }
    if (!(CONTACT_CHANNELS as readonly string[]).includes(raw.channel)) {
      reason('invalid_channel', { value: raw.channel });
      continue;
    }
    if (!(CONTACT_PURPOSES as readonly string[]).includes(raw.purpose)) {
      reason('invalid_purpose', { value: raw.purpose });
      continue;
    }
    // An instant with its offset: the hours rule reads the consumer's clock from it.
    const at = raw.at === '' ? now : INSTANT.test(raw.at) ? new Date(raw.at) : null;
    if (!at || Number.isNaN(at.getTime())) {
      reason('bad_date', { value: raw.at });
      continue;
    }
    const sector = get('sector') || 'other';
    if (!(CONTACT_SECTORS as readonly string[]).includes(sector)) {
      fail(record.line, raw, message('contact.check.invalid_sector', { value: sector.slice(0, 40), sectors: CONTACT_SECTORS.join(', ') }));
      continue;
    }
    lines.push({
      line: record.line,
      subject,
      channel: raw.channel as ContactChannel,
      purpose: raw.purpose as ContactPurpose,
      at,
      sector: sector as ContactSector,
    });
  }

  const found = await lookUp(deps, orgId, lines);
  const judged: (Line & { customerId: string })[] = [];
  for (const l of lines) {
    const raw = { channel: l.channel, purpose: l.purpose, at: l.at.toISOString() };
    if (l.subject.kind === 'phone') {
      const live = (found.byPhone.get(l.subject.lookup) ?? []).filter((c) => !c.erasedAt);
      if (live.length > 1) fail(l.line, raw, message('contact.import.reason.shared_phone', { count: live.length }));
      else if (live[0]) judged.push({ ...l, customerId: live[0].id });
      else fail(l.line, raw, message('contact.import.reason.unknown_subject'));
      continue;
    }
    const customer = l.subject.kind === 'customer' ? found.byId.get(l.subject.id) : found.byEmail.get(l.subject.lookup);
    if (!customer) fail(l.line, raw, message('contact.import.reason.unknown_subject'));
    else if (customer.erasedAt) fail(l.line, raw, message('contact.import.reason.erased_customer'));
    else judged.push({ ...l, customerId: customer.id });
  }
  if (judged.length > 0) {
    const view = await consentView(deps, orgId);
    const times = judged.map((l) => l.at.getTime());
    const facts = await gatherSubjects(
      deps.db,
      orgId,
      view,
      judged.map((l) => l.customerId),
      historySince(new Date(Math.min(...times))),
      new Date(Math.max(...times)),
    );
    for (const l of judged) {
      const raw = { channel: l.channel, purpose: l.purpose, at: l.at.toISOString() };
      try {
        const verdict = decide(view, facts.get(l.customerId)!, {
          channel: l.channel,
          purpose: l.purpose,
          at: l.at,
          sector: l.sector,
          ongoingContract: false,
          relatedToContract: false,
          existingCustomerSimilarProduct: false,
          oppositionListed: false,
        });
        const { decision } = verdict;
        out.set(l.line, [
          l.line,
          l.customerId,
          l.channel,
          l.purpose,
          raw.at,
          decision.allowed,
          decision.reasons.map((r) => r.code).join(' '),
          decision.rules.join('; '),
          '',
        ]);
      } catch (err) {
        if (err instanceof ContactRulesError) fail(l.line, raw, message('contact.import.reason.no_rules', { date: raw.at.slice(0, 10) }));
        else if (err instanceof AppError) fail(l.line, raw, message('contact.check.invalid_timezone'));
        else throw err;
      }
    }
  }
  write(csvLine(CHECK_CSV_HEADER));
  const counts = { lines: out.size, allowed: 0, denied: 0, errors: 0 };
  for (const [, row] of [...out].sort(([a], [b]) => a - b)) {
    if (row[8] !== '') counts.errors++;
    else if (row[5] === true) counts.allowed++;
    else counts.denied++;
    write(csvLine(row));
  }
  return counts;
}
