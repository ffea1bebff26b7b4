/**
 * Batch deadline computation over JSON Lines, for imports and the CLI.
 *
 * Contract:
 * - Input: one JSON object per line: {"id": "...", "kind": "...", "from": "<ISO 8601 instant>",
 *   "tz": "Europe/Paris"}; `tz` is optional and defaults to Europe/Paris. Other fields are ignored.
 *   Blank lines are skipped.
 * - Output: exactly one line per non-blank input line, in input order:
 *   {"id": "...", "due": "..."} or, for a bad line (invalid JSON, missing field, unknown kind,
 *   bad instant, bad time zone), {"id": <the id if one could be read, else null>, "error": "<message>"}.
 *   A bad line never stops the run.
 * - Streaming: lines are read and written one at a time (no buffering of input or output);
 *   holiday sets and Intl formatters are cached, so 100k lines take well under a second or two.
 *
 * Input forms: a Node readable stream (bytes or text, split into lines with readline, CRLF
 * accepted), or an AsyncIterable<string> whose items are lines (e.g. a readline interface);
 * an item containing newlines is split into several lines.
 */
import { DEFAULT_TIME_ZONE } from './calendar.ts';
import { computeDeadline } from './deadlines.ts';
import { DeadlineInputError } from './errors.ts';
import { describeJsonType as describe, forEachJsonLine } from './jsonl-lines.ts';

/** Totals of a {@link runDeadlineJsonl} run: lines answered with `due`, and with `error`. */
export interface DeadlineJsonlResult {
  ok: number;
  errors: number;
}

type LineResult = { readonly id: string; readonly due: string } | { readonly id: string | number | null; readonly error: string };

/** Computes the output record for one non-blank line. Exported for unit tests only. */
export function processDeadlineLine(line: string): LineResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { id: null, error: `Invalid JSON: ${detail}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { id: null, error: `Each line must be a JSON object, got ${describe(parsed)}` };
  }
  const record = parsed as Record<string, unknown>;
  const rawId = record['id'];
  // Echo any readable scalar id so that the caller can match the error to its record.
  const echoId = typeof rawId === 'string' || (typeof rawId === 'number' && Number.isFinite(rawId)) ? rawId : null;
  const problem = checkFields(record);
  if (problem !== null) return { id: echoId, error: problem };
  const tz = typeof record['tz'] === 'string' ? record['tz'] : DEFAULT_TIME_ZONE;
  try {
    return { id: rawId as string, due: computeDeadline({ kind: record['kind'] as string, from: record['from'] as string, tz }).due };
  } catch (err) {
    if (err instanceof DeadlineInputError) return { id: echoId, error: err.message };
    // A bug must not sink a 100k-line batch: report it on its line and go on.
    return { id: echoId, error: `Internal error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The first problem with the fields of a line, or null when id, kind, from (and tz) are well typed. */
function checkFields(record: Record<string, unknown>): string | null {
  const { id, kind, from, tz } = record;
  if (id === undefined) return 'Missing field "id"';
  if (typeof id !== 'string') return `Field "id" must be a string, got ${describe(id)}`;
  if (kind === undefined) return 'Missing field "kind"';
  if (typeof kind !== 'string') return `Field "kind" must be a string, got ${describe(kind)}`;
  if (from === undefined) return 'Missing field "from"';
  if (typeof from !== 'string') return `Field "from" must be an ISO 8601 instant string, got ${describe(from)}`;
  if (tz !== undefined && typeof tz !== 'string') return `Field "tz" must be a string, got ${describe(tz)}`;
  return null;
}

/**
 * Reads deadline requests as JSON Lines from `input` and calls `write` with one JSON line
 * (without a trailing newline) per non-blank input line, in order. Never throws for a bad
 * line; see the module comment for the exact contract. Resolves with the counts.
 */
export async function runDeadlineJsonl(
  input: AsyncIterable<string> | NodeJS.ReadableStream,
  write: (line: string) => void,
): Promise<DeadlineJsonlResult> {
  const counts: DeadlineJsonlResult = { ok: 0, errors: 0 };
  await forEachJsonLine(input, (line) => {
    const result = processDeadlineLine(line);
    if ('due' in result) counts.ok += 1;
    else counts.errors += 1;
    write(JSON.stringify(result));
  });
  return counts;
}
