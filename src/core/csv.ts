/**
 * CSV policy for every import and export, on top of csv-parse and csv-stringify (RFC 4180:
 * quoted fields, doubled quotes, CRLF). What this file adds is ours, not the libraries':
 * - strict UTF-8 (a Windows-1252 file would otherwise import mangled names silently);
 * - the delimiter of a file to read is taken from its header line, and writers choose it by
 *   language: French spreadsheets write `;` between fields (the comma is the decimal mark);
 * - records carry the line they start on, as a spreadsheet or an editor shows it;
 * - every file written starts with a byte-order mark and defuses spreadsheet formulas.
 */
import { parse, CsvError as ParseError } from 'csv-parse/sync';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';

/** Why a file cannot be read at all (as opposed to a bad row). */
export type CsvFileError = 'encoding' | 'unclosed_quote';

/** A file that cannot be read, with the line the problem starts on. */
export class CsvError extends Error {
  constructor(
    readonly code: CsvFileError,
    readonly line: number,
  ) {
    super(code);
    this.name = 'CsvError';
  }
}

/** Decodes UTF-8 strictly, dropping a leading byte-order mark (TextDecoder does by default). */
export function decodeUtf8(data: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new CsvError('encoding', 1);
  }
}

/** `;` when the header line has more semicolons than commas outside quotes, else `,`. */
export function detectDelimiter(text: string): ',' | ';' {
  const end = text.search(/\r?\n/);
  const header = end === -1 ? text : text.slice(0, end);
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** One record and the line it starts on (1-based, as a spreadsheet shows it). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Line breaks as a reader counts them (CRLF is one). */
const breaks = (fields: readonly string[]) => fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
/** Line breaks as csv-parse counts them inside quoted fields (each CR and each LF). */
const parserBreaks = (fields: readonly string[]) => fields.reduce((n, f) => n + (f.match(/[\r\n]/g)?.length ?? 0), 0);

/**
 * The records of `text`; blank lines (empty or only spaces) are skipped. Reading is eager: the
 * importer holds the whole file (10 MB at most) and checks every row before writing any.
 * Throws CsvError on an unclosed quote, naming the line the quote opens on.
 */
export function readCsv(text: string, delimiter: ',' | ';' = detectDelimiter(text)): CsvRecord[] {
  // csv-parse reports the line a record ends on, counting a CRLF inside quotes twice: `drift`
  // is how far ahead of a reader's count it is after the records seen so far.
  let drift = 0;
  let lastEnd = 0;
  let emptyBefore = 0;
  const starts: number[] = [];
  try {
    const records = parse(text, {
      delimiter,
      // Both endings, even mixed in one file (a file edited on two systems).
      record_delimiter: ['\r\n', '\n'],
      // A quote inside an unquoted field is a character, as spreadsheets write it.
      relax_quotes: true,
      // Rows of the wrong width are reported one by one by the importer, not refused as a file.
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      on_record: (fields, info) => {
        const counted = parserBreaks(fields);
        const line = info.lines - counted - drift;
        drift += counted - breaks(fields);
        lastEnd = line + breaks(fields);
        emptyBefore = info.empty_lines;
        if (fields.length === 1 && fields[0]!.trim() === '') return null;
        starts.push(line);
        return fields;
      },
    });
    return records.map((fields, i) => ({ line: starts[i]!, fields }));
  } catch (err) {
    // The open quote runs to the end of the file: it starts on the line after the last record
    // read, past the blank lines skipped since.
    if (err instanceof ParseError && err.code === 'CSV_QUOTE_NOT_CLOSED') {
      const empty = typeof err.empty_lines === 'number' ? err.empty_lines : emptyBefore;
      throw new CsvError('unclosed_quote', lastEnd + 1 + empty - emptyBefore);
    }
    throw err;
  }
}

/** Byte order mark: without it Excel reads UTF-8 as the local code page and mangles accents. */
export const UTF8_BOM = '\uFEFF';

export type CsvSeparator = ',' | ';';

/** French spreadsheets split on semicolons; English ones on commas. */
export function separatorFor(locale: 'fr' | 'en'): CsvSeparator {
  return locale === 'fr' ? ';' : ',';
}

/**
 * How every cell is written: CRLF lines; empty for null; JSON for objects (dates included, as
 * JSON writes them); booleans as `true`/`false`. A text cell starting with = + - @, a tab or a
 * CR (or their full-width forms) would run as a formula when the file is opened in a
 * spreadsheet (CSV injection, OWASP): csv-stringify prefixes it with a quote.
 */
function writeOptions(separator: CsvSeparator): StringifyOptions {
  return {
    delimiter: separator,
    record_delimiter: 'windows',
    // Quote cells holding any line break: given an explicit record delimiter, csv-stringify
    // would otherwise quote only that exact sequence and let a bare LF split the record.
    quote_record_delimiter: true,
    escape_formulas: true,
    cast: { boolean: (v) => String(v), date: (d) => JSON.stringify(d), object: (o) => JSON.stringify(o) },
  };
}

/** CSV lines, CRLF-terminated, without a BOM: the pages of a streamed export. */
export function csvLines(rows: readonly (readonly unknown[])[], separator: CsvSeparator = ','): string {
  return rows.length === 0 ? '' : stringify(rows as unknown[][], writeOptions(separator));
}

/** One CSV line, CRLF-terminated; for streamed exports (write UTF8_BOM first). */
export function csvLine(values: readonly unknown[], separator: CsvSeparator = ','): string {
  return csvLines([values], separator);
}

/** Rows to a whole CSV text: the BOM, then CRLF lines. */
export function toCsv(rows: readonly (readonly unknown[])[], separator: CsvSeparator = ','): string {
  return UTF8_BOM + csvLines(rows, separator);
}

/**
 * Records to CSV: the header is the union of their keys, in first-seen order. Rows go to the
 * library as arrays: its column keys are paths, and a header such as `approx. records` is not one.
 */
export function recordsToCsv(rows: readonly Record<string, unknown>[], separator: CsvSeparator = ','): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return toCsv([columns, ...rows.map((r) => columns.map((c) => r[c]))], separator);
}
