/**
 * CSV reading and writing, one implementation for every import and export (RFC 4180: quoted
 * fields, doubled quotes, CRLF). Spreadsheets in France write `;` between fields (the comma is
 * the decimal mark), so reading takes the delimiter from the header line and writers choose it
 * by language. Reading is a generator: rows are validated one by one, never all split up front.
 */

/** Why a file cannot be read at all (as opposed to a bad row). */
export type CsvFileError = 'encoding' | 'unclosed_quote';

export class CsvError extends Error {
  constructor(
    readonly code: CsvFileError,
    readonly line: number,
  ) {
    super(code);
    this.name = 'CsvError';
  }
}

/** Decodes UTF-8 strictly (an export in Windows-1252 would otherwise import mangled names silently). */
export function decodeUtf8(data: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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

/** Yields the records of `text`; blank lines are skipped. Throws CsvError on an unclosed quote. */
export function* readCsv(text: string, delimiter: ',' | ';' = detectDelimiter(text)): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let ended = false;
    while (!ended) {
      if (i >= n) {
        fields.push(field);
        break;
      }
      const ch = text[i]!;
      if (ch === '"' && field === '') {
        // Quoted field: runs to the next lone quote; doubled quotes are one quote.
        i++;
        for (;;) {
          if (i >= n) throw new CsvError('unclosed_quote', start);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        continue;
      }
      if (ch === delimiter) {
        fields.push(field);
        field = '';
        i++;
      } else if (ch === '\r' && text[i + 1] === '\n') {
        fields.push(field);
        i += 2;
        line++;
        ended = true;
      } else if (ch === '\n') {
        fields.push(field);
        i++;
        line++;
        ended = true;
      } else {
        field += ch;
        i++;
      }
    }
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    yield { line: start, fields };
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
 * One CSV cell: empty for null, JSON for objects, quoted when it holds the separator, a quote or
 * a line break (quotes doubled). A cell starting with = + - @ or a tab/CR would run as a formula
 * when the file is opened in a spreadsheet (CSV injection, OWASP): it is prefixed with a quote.
 */
export function csvCell(value: unknown, separator: CsvSeparator = ','): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return safe.includes(separator) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line, CRLF-terminated; for streamed exports (write UTF8_BOM first). */
export function csvLine(values: readonly unknown[], separator: CsvSeparator = ','): string {
  return `${values.map((v) => csvCell(v, separator)).join(separator)}\r\n`;
}

/** Rows to a whole CSV text: the BOM, then CRLF lines. */
export function toCsv(rows: readonly (readonly unknown[])[], separator: CsvSeparator = ','): string {
  return UTF8_BOM + rows.map((row) => csvLine(row, separator)).join('');
}

/** Records to CSV: the header is the union of their keys, in first-seen order. */
export function recordsToCsv(rows: readonly Record<string, unknown>[], separator: CsvSeparator = ','): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return toCsv([columns, ...rows.map((r) => columns.map((c) => r[c]))], separator);
}
