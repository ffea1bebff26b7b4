/**
 * Telephone opposition lists (Bloctel in France): until 2026-08-10 a professional may not canvass
 * by phone a consumer whose number is on the list, unless an ongoing contract (C. consom. L.223-1,
 * old wording; the rule itself is in src/rules/contact/fr.ts). From 2026-08-11 the opt-in
 * replaces the list for France; extracts stay to judge earlier contacts and for other packs.
 *
 * An extract is one number a line, millions of lines: it is read as a stream and written in
 * batches of {@link OPPOSITION_BATCH} keyed hashes (never the numbers), each batch its own
 * transaction. The extract is `loading` until its last batch, and only a `ready` extract is read
 * by the guard; a failed load leaves a `loading` row that nothing reads. The same file (same hash)
 * imported again is answered with the extract already held.
 *
 * The file is read twice, in bounded memory: first to check it and take its hash (nothing is
 * written for a file that is no extract, see {@link MAX_REJECTED}), then to load it. The CLI reads
 * the file from disk; the back office's upload is spooled first (api/plugins/stream-body.ts).
 */
import { createHash } from 'node:crypto';
import { t } from '../../i18n/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError, type Issue } from '../errors.ts';
import { normalisePhone, phoneLookup } from '../customers/index.ts';
import { inPrivacyTransaction, settingsChanged } from '../consent/index.ts';
import * as repo from './contact.repo.ts';

/** Hashes per transaction while loading an extract. */
export const OPPOSITION_BATCH = 10_000;
/**
 * Lines that are not phone numbers an extract may hold, all of them reported with their line. An
 * extract is a machine's output, one number a line: past this many, the file is something else
 * (a CSV with more columns, another export, a binary), and loading the numbers it happens to hold
 * as the list in force would leave every other listed number unchecked. Such a file is refused
 * whole, with its first bad lines, and nothing is written.
 */
export const MAX_REJECTED = 100;
/** The largest extract accepted over HTTP (about 30 million numbers); the CLI has no bound. */
export const OPPOSITION_MAX_BYTES = 500 * 1024 * 1024;
/**
 * Characters of one line kept while looking for its end: a file without line breaks (a binary)
 * would otherwise be held whole as one line. A number is at most 40; the rest of a longer line is dropped.
 */
const MAX_LINE_CHARS = 1024;

export interface OppositionImportInput {
  /** The date of the extract: it is in force from that date until the next extract. */
  extractedOn: string;
  /** Which list (e.g. `bloctel`). */
  name: string;
  /** The file's size in bytes, when known (an upload): audited with a refusal. */
  bytes?: number | undefined;
}

/** Why an opposition-list file was refused whole. */
export type OppositionRefusal = 'not_extract' | 'no_number' | 'too_large';

const REFUSALS: Partial<Record<string, OppositionRefusal>> = {
  'contact.opposition_not_extract': 'not_extract',
  'contact.opposition_no_number': 'no_number',
  'contact.opposition_too_large': 'too_large',
};

/**
 * Audits a refused opposition-list file (the attempt to load the list the rules read, refused:
 * the trail keeps who tried, when, the file's size and why), in its own transaction since nothing
 * else is written. Never a line of it: the bad lines are phone numbers or worse (GDPR Art. 5(1)(c)),
 * only how many were named.
 */
export async function recordOppositionRefusal(
  deps: Deps,
  ctx: RequestContext,
  input: { reason: OppositionRefusal; bytes: number | null; extractedOn: string; name: string; badLines?: number },
): Promise<void> {
  await deps.db.transaction((tx) =>
    deps.audit.record(tx, ctx, {
      type: 'contact.opposition_list_refused',
      payload: {
        reason: input.reason,
        bytes: input.bytes,
        extractedOn: input.extractedOn,
        name: input.name,
        badLines: input.badLines ?? 0,
      },
    }),
  );
}

/** The refusal an error of the file stands for, if it is one (not a failure of the server). */
export function oppositionRefusalOf(error: unknown): OppositionRefusal | null {
  return error instanceof AppError ? (REFUSALS[error.code] ?? null) : null;
}

/** The file's content, readable twice (once for its hash, once to load it): a buffer, or a function opening a stream. */
export type Chunks = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface OppositionImportResult {
  list: repo.OppositionListRow;
  /** True when this file was already imported: nothing was written. */
  already: boolean;
  /** Every line that is not a phone number (at most {@link MAX_REJECTED}). */
  rejected: { line: number; message: string }[];
}

/** Progress of a load, for a progress bar: lines read and hashes written so far. */
export type OppositionProgress = (read: number, written: number) => void;

/** Lines of a text stream, with their numbers (1-based), each cut to {@link MAX_LINE_CHARS}. */
async function* linesOf(chunks: Chunks): AsyncGenerator<[number, string]> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  // The line being read is longer than the bound: its end is skipped until the next line break.
  let skipping = false;
  let n = 0;
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    // Scan by index: slicing the remainder after each line would copy a chunk once per line.
    let start = 0;
    let end: number;
    while ((end = text.indexOf('\n', start)) !== -1) {
      if (skipping) skipping = false;
      else {
        n++;
        yield [n, text.slice(start, Math.min(end, start + MAX_LINE_CHARS))];
      }
      start = end + 1;
    }
    if (skipping) rest = '';
    else if (text.length - start > MAX_LINE_CHARS) {
      n++;
      yield [n, text.slice(start, start + MAX_LINE_CHARS)];
      rest = '';
      skipping = true;
    } else rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0 && !skipping) yield [n + 1, rest.slice(0, MAX_LINE_CHARS)];
}

/** The E.164 form of a line, '' for a blank line, null for a line that is not a phone number. */
function numberOf(text: string): string | null {
  const value = text.trim();
  if (value === '') return '';
  return value.length <= 40 ? normalisePhone(value) : null;
}

/** What a rejected line shows of itself: its start, control characters (a binary's) made visible. */
function shownValue(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.trim().slice(0, 40).replace(/[\u0000-\u001f\u007f]/g, '\ufffd');
}

/**
 * The first reading of a file: its SHA-256, and whether it is an extract. Refuses (400, nothing
 * written) a file without a single number, and one with more than {@link MAX_REJECTED} lines that
 * are not numbers, as soon as it has read that many, naming the first of them with their lines.
 */
async function checkExtract(chunks: Chunks): Promise<string> {
  const hash = createHash('sha256');
  const counted = (async function* () {
    for await (const chunk of chunks) {
      hash.update(chunk);
      yield chunk;
    }
  })();
  const bad: Issue[] = [];
  let numbers = 0;
  for await (const [line, text] of linesOf(counted)) {
    const e164 = numberOf(text);
    if (e164 === null) {
      bad.push({ path: 'file', code: 'opposition_line', params: { line, value: shownValue(text) } });
      if (bad.length > MAX_REJECTED) throw new AppError('contact.opposition_not_extract', { max: MAX_REJECTED }, bad.slice(0, MAX_REJECTED));
    } else if (e164 !== '') numbers++;
  }
  if (numbers === 0) throw new AppError('contact.opposition_no_number', {}, bad);
  return hash.digest('hex');
}

/**
 * Loads an extract of the opposition list from a stream of its text (one number a line; blank
 * lines skipped; a line that is not a phone number is counted and reported, never stored).
 */
export async function importOppositionList(
  deps: Deps,
  ctx: RequestContext,
  open: () => Chunks,
  input: OppositionImportInput,
  onProgress?: OppositionProgress,
): Promise<OppositionImportResult> {
  const orgId = requireOrg(ctx);
  // An extract dated tomorrow would be in force before it exists.
  if (input.extractedOn > deps.clock.now().toISOString().slice(0, 10))
    throw new AppError('validation', {}, [{ path: 'extractedOn', code: 'date_in_future' }]);
  // Read once to check it and take its hash: the same extract loaded twice is answered with the one held.
  const fileHash = await checkExtract(open()).catch(async (error: unknown) => {
    const reason = oppositionRefusalOf(error);
    if (reason)
      await recordOppositionRefusal(deps, ctx, {
        reason,
        bytes: input.bytes ?? null,
        extractedOn: input.extractedOn,
        name: input.name,
        badLines: (error as AppError).issues.length,
      });
    throw error;
  });
  const held = (await repo.findOppositionLists(deps.db, orgId)).find((l) => l.fileHash === fileHash && l.status === 'ready');
  if (held) return { list: held, already: true, rejected: [] };
  const list = await deps.db.transaction(async (tx) => {
    const row = await repo.insertOppositionList(tx, {
      orgId,
      country: 'FR',
      name: input.name,
      extractedOn: input.extractedOn,
      fileHash,
      status: 'loading',
      actorType: ctx.actor.kind,
      actorId: actorId(ctx.actor),
    });
    await deps.audit.record(tx, ctx, {
      type: 'contact.opposition_list_started',
      target: { type: 'opposition_list', id: row.id },
      payload: { listId: row.id, name: row.name, extractedOn: row.extractedOn, fileHash: row.fileHash },
    });
    return row;
  });
  const rejected: { line: number; message: string }[] = [];
  let rejectedCount = 0;
  let read = 0;
  let written = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const hashes = batch;
    batch = [];
    written += hashes.length;
    // The count goes with its batch, so another request (the back office polling the extracts)
    // sees the load progress; the count of the finished extract is recounted from its entries.
    await deps.db.transaction(async (tx) => {
      await repo.insertOppositionEntries(tx, list.id, hashes);
      await repo.noteOppositionProgress(tx, list.orgId, list.id, written);
    });
    onProgress?.(read, written);
  };
  for await (const [line, text] of linesOf(open())) {
    read = line;
    const e164 = numberOf(text);
    if (e164 === '') continue;
    if (e164 === null) {
      // At most MAX_REJECTED: the check refused the file otherwise.
      rejectedCount++;
      rejected.push({ line, message: t(ctx.locale, 'contact.opposition.invalid_number', { value: shownValue(text) }) });
      continue;
    }
    batch.push(phoneLookup(deps, orgId, e164));
    if (batch.length >= OPPOSITION_BATCH) await flush();
  }
  await flush();
  // The guard caches the ready extracts per organisation (contact.service consentView): the
  // change drops that cache here at commit and, by a notice, in every other process.
  const done = await inPrivacyTransaction(deps, orgId, async (tx, changes) => {
    const row = await repo.completeOppositionList(tx, orgId, list.id, rejectedCount, deps.clock.now());
    changes.push(settingsChanged());
    await deps.audit.record(tx, ctx, {
      type: 'contact.opposition_list_imported',
      target: { type: 'opposition_list', id: row.id },
      payload: {
        listId: row.id,
        name: row.name,
        extractedOn: row.extractedOn,
        fileHash: row.fileHash,
        entries: row.entries,
        rejected: rejectedCount,
      },
    });
    return row;
  });
  onProgress?.(read, written);
  return { list: done, already: false, rejected };
}

/** The organisation's extracts, newest first. */
export async function findOppositionLists(deps: Deps, ctx: RequestContext): Promise<repo.OppositionListRow[]> {
  return repo.findOppositionLists(deps.db, requireOrg(ctx));
}
