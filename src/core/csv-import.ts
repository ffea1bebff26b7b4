/**
 * What the CSV imports of records share (consents with their proof, contact history): the same
 * function checks a file (dry run: a report per row, nothing written) and imports it, confirmed
 * with the hash the dry run reported, so what is imported is exactly what was reviewed. A file is
 * refused whole ({@link ImportFileError}) before any row is looked at; each row of the right width
 * is checked by the import, a row repeating an earlier row of the file (the same import key, a
 * hash of its normalised content) is rejected, and the report lists the rejected rows first.
 * The rows are written in batches of {@link IMPORT_BATCH_ROWS}, each batch one transaction.
 */
import { createHash } from 'node:crypto';
import { CsvError, decodeUtf8, detectDelimiter, readCsv, type CsvRecord } from './csv.ts';

/** Largest file accepted (the multipart plugin's bound is the same order). */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** Most data rows in one file: larger exports are split into several files. */
export const IMPORT_MAX_ROWS = 100_000;
/** Rows per transaction when importing. */
export const IMPORT_BATCH_ROWS = 1_000;
/** Row results sent back at most (rejected rows first); the totals always count every row. */
export const IMPORT_MAX_RESULTS = 5_000;

export type ImportMode = 'dry_run' | 'commit';

/** Why a whole file is refused before any row is looked at. */
export type FileErrorCode =
  'changed' | 'empty' | 'too_large' | 'too_many_rows' | 'missing_columns' | 'unknown_columns' | 'encoding' | 'unclosed_quote';

/** A file refused as a whole; the import's route answers 400 with its localized message (`<namespace>.import.file.*`). */
export class ImportFileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'ImportFileError';
  }
}

const fileError = (code: FileErrorCode, params: Record<string, string | number> = {}) => new ImportFileError(code, params);

/** What every row result of a report has. */
export interface ImportRowResult {
  line: number;
  status: 'accepted' | 'rejected' | 'already_imported';
}

export interface ImportReport<R extends ImportRowResult, T> {
  mode: ImportMode;
  /** SHA-256 of the file: the import must be confirmed with the file the dry run checked. */
  fileHash: string;
  totals: { rows: number; accepted: number; rejected: number; alreadyImported: number } & T;
  results: R[];
  /** True when more rows were checked than `results` lists. */
  truncated: boolean;
}

/** The columns of an import's file: those it knows, those it needs, and those that name the person (one at least). */
export interface ImportColumns {
  known: readonly string[];
  required: readonly string[];
  oneOf: readonly string[];
}

/**
 * Reads a file as a whole: not empty, not too large, for a commit the file the dry run checked
 * (its SHA-256, `fileHash`), UTF-8, and a header of known columns with the required ones; returns
 * the records after the header.
 */
export function readImportFile(
  file: Uint8Array,
  mode: ImportMode,
  expectedHash: string | undefined,
  columns: ImportColumns,
): { fileHash: string; records: CsvRecord[]; header: string[] } {
  if (file.byteLength === 0) throw fileError('empty');
  if (file.byteLength > IMPORT_MAX_BYTES) throw fileError('too_large', { max: IMPORT_MAX_BYTES / 1024 / 1024 });
  const fileHash = createHash('sha256').update(file).digest('hex');
  if (mode === 'commit' && expectedHash !== fileHash) throw fileError('changed');
  return { fileHash, ...readImportText(importText(file), columns) };
}

/** A file's text, strictly UTF-8 (an ImportFileError `encoding` otherwise). */
export function importText(file: Uint8Array): string {
  try {
    return decodeUtf8(file);
  } catch (err) {
    if (err instanceof CsvError) throw fileError(err.code, { line: err.line });
    throw err;
  }
}

/**
 * The records of a CSV text after its header, and the header checked: known columns, the
 * required ones, and one of `oneOf` at least (an ImportFileError otherwise).
 */
export function readImportText(text: string, columns: ImportColumns): { records: CsvRecord[]; header: string[] } {
  let records: CsvRecord[];
  try {
    records = readCsv(text, detectDelimiter(text));
  } catch (err) {
    if (err instanceof CsvError) throw fileError(err.code, { line: err.line });
    throw err;
  }
  const [first] = records;
  if (!first) throw fileError('empty');
  const header = first.fields.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !columns.known.includes(h));
  if (unknown.length > 0) throw fileError('unknown_columns', { columns: unknown.join(', ') });
  const missing = columns.required.filter((c) => !header.includes(c));
  if (!columns.oneOf.some((c) => header.includes(c))) missing.push(columns.oneOf.join(' | '));
  if (missing.length > 0) throw fileError('missing_columns', { columns: missing.join(', ') });
  return { records: records.slice(1), header };
}

/** Why a row is rejected before the import's own checks: a width other than the header's, or a repeat of an earlier row. */
export type RowShapeReason = 'columns' | 'duplicate';

/** A row's check: the row it is (with its import key), or why not. */
export type RowCheck<R, Reason> = R | { reason: Reason; params?: Record<string, string | number> };

/**
 * Checks every record: one of the wrong width is rejected, then `raw` takes the columns every
 * result shows and `check` the rest; a row repeating an earlier row of the file is rejected.
 * Returns the valid rows with the count of data rows (at most {@link IMPORT_MAX_ROWS}).
 */
export function checkImportRows<C extends string, Raw, R extends { importKey: string }, Reason extends string>(
  records: readonly CsvRecord[],
  header: readonly string[],
  known: readonly C[],
  raw: (get: (c: C) => string) => Raw,
  check: (line: number, raw: Raw, get: (c: C) => string) => RowCheck<R, Reason | RowShapeReason>,
  reject: (line: number, raw: Raw, reason: Reason | RowShapeReason, params?: Record<string, string | number>) => void,
): { valid: R[]; rows: number } {
  const col = Object.fromEntries(known.map((c) => [c, header.indexOf(c)])) as Record<C, number>;
  const valid: R[] = [];
  const seen = new Map<string, number>();
  let rows = 0;
  for (const record of records) {
    rows++;
    if (rows > IMPORT_MAX_ROWS) throw fileError('too_many_rows', { max: IMPORT_MAX_ROWS });
    const get = (c: C) => (col[c] === -1 ? '' : (record.fields[col[c]] ?? '').trim());
    const columns = raw(get);
    if (record.fields.length !== header.length) {
      reject(record.line, columns, 'columns', { expected: header.length, found: record.fields.length });
      continue;
    }
    const row = check(record.line, columns, get);
    if ('reason' in row) {
      reject(record.line, columns, row.reason, row.params);
      continue;
    }
    const first = seen.get(row.importKey);
    if (first !== undefined) {
      reject(record.line, columns, 'duplicate', { line: first });
      continue;
    }
    seen.set(row.importKey, record.line);
    valid.push(row);
  }
  return { valid, rows };
}

/** Runs `write` on each batch of {@link IMPORT_BATCH_ROWS} rows in turn (numbered from 1), each its own transaction. */
export async function inImportBatches<R, T>(rows: readonly R[], write: (batch: number, rows: readonly R[]) => Promise<T>): Promise<T[]> {
  const done: T[] = [];
  for (let i = 0; i < rows.length; i += IMPORT_BATCH_ROWS)
    done.push(await write(i / IMPORT_BATCH_ROWS + 1, rows.slice(i, i + IMPORT_BATCH_ROWS)));
  return done;
}

/**
 * The report: the rows rejected first, then by line, at most {@link IMPORT_MAX_RESULTS}; totals
 * count every row by status, then the import's own figures.
 */
export function importReport<R extends ImportRowResult, T>(
  mode: ImportMode,
  fileHash: string,
  rows: number,
  results: R[],
  totals: T,
): ImportReport<R, T> {
  results.sort((a, b) => Number(b.status === 'rejected') - Number(a.status === 'rejected') || a.line - b.line);
  const count = (s: ImportRowResult['status']) => results.filter((r) => r.status === s).length;
  return {
    mode,
    fileHash,
    totals: { rows, accepted: count('accepted'), rejected: count('rejected'), alreadyImported: count('already_imported'), ...totals },
    results: results.slice(0, IMPORT_MAX_RESULTS),
    truncated: results.length > IMPORT_MAX_RESULTS,
  };
}
