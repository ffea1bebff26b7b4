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
 */
import { createHash } from 'node:crypto';
import { t } from '../../i18n/index.ts';
import { actorId, requireOrg, type RequestContext } from '../context.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { normalisePhone, phoneLookup } from '../customers/index.ts';
import { inPrivacyTransaction, settingsChanged } from '../consent/index.ts';
import * as repo from './contact.repo.ts';

/** Hashes per transaction while loading an extract. */
export const OPPOSITION_BATCH = 10_000;
/** Rejected lines reported at most (all are counted). */
const MAX_REPORTED = 100;

export interface OppositionImportInput {
  /** The date of the extract: it is in force from that date until the next extract. */
  extractedOn: string;
  /** Which list (e.g. `bloctel`). */
  name: string;
}

/** The file's content, readable twice (once for its hash, once to load it): a buffer, or a function opening a stream. */
export type Chunks = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface OppositionImportResult {
  list: repo.OppositionListRow;
  /** True when this file was already imported: nothing was written. */
  already: boolean;
  rejected: { line: number; message: string }[];
}

/** Progress of a load, for a progress bar: lines read and hashes written so far. */
export type OppositionProgress = (read: number, written: number) => void;

/** SHA-256 of a file given in chunks. */
async function hashChunks(chunks: Chunks): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/** Lines of a text stream, with their numbers (1-based). */
async function* linesOf(chunks: Chunks): AsyncGenerator<[number, string]> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let n = 0;
  for await (const chunk of chunks) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    // Scan by index: slicing the remainder after each line would copy a chunk once per line.
    let start = 0;
    let end: number;
    while ((end = text.indexOf('\n', start)) !== -1) {
      n++;
      yield [n, text.slice(start, end)];
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield [n + 1, rest];
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
  // Read once for the hash: the same extract loaded twice is answered with the one held.
  const fileHash = await hashChunks(open());
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
    const value = text.trim();
    if (value === '') continue;
    const e164 = value.length <= 40 ? normalisePhone(value) : null;
    if (!e164) {
      rejectedCount++;
      if (rejected.length < MAX_REPORTED)
        rejected.push({ line, message: t(ctx.locale, 'contact.opposition.invalid_number', { value: value.slice(0, 40) }) });
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
