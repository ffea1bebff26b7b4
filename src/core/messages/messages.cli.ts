/**
 * `confiance lint --jsonl` (issue 12 contract). Input: one JSON object a line,
 * {"id", "text", "lang": "en"|"fr" (optional, detected when missing), "type" (optional, a message
 * type)}. Output: one line per non-blank input line, in order:
 * {"id", "flagged", "score", "findings": [{"category", "start", "end", "severity", "rule", "message"}]}
 * where score is the estimated probability that the text manipulates and flagged is true when
 * score >= MESSAGE_SCORE_THRESHOLD (0.5) or any finding is high; start/end are UTF-16 code unit
 * offsets. A bad line gets {"id", "error"} (id null when unreadable) and the others still run.
 * Explanations are in the text's language.
 *
 * The command line's entry to this module (src/core/module-boundaries.test.ts): the contract also
 * promises the first answer in under 1 s, so this file loads the checker and nothing else; no
 * index.ts (its manifest pulls the routes, the repository and drizzle), no zod. The guard holds
 * it to that.
 */
import { createInterface } from 'node:readline';
import { MESSAGE_TYPES, type MessageLanguage, type MessageType } from '../../rules/messages/index.ts';
import { checkMessage, MAX_MESSAGE_LENGTH } from './messages.check.ts';

type LintLine =
  | {
      id: unknown;
      flagged: boolean;
      score: number;
      findings: Array<{ category: string; start: number; end: number; severity: string; rule: string; message: string }>;
    }
  | { id: unknown; error: string };

/** The fields of a line once read: those of CheckMessageSchema (messages.schemas.ts). */
export interface LintFields {
  id?: string;
  text: string;
  lang?: MessageLanguage;
  type?: MessageType;
  referencePrice?: number;
}

const LANGUAGES: readonly string[] = ['fr', 'en'];
const TYPES: readonly string[] = MESSAGE_TYPES;
const FIELDS: readonly string[] = ['id', 'text', 'lang', 'type', 'referencePrice'];

/** How zod names the type of a JSON value in its messages ("received null", "received Infinity"). */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

const oneOf = (values: readonly string[]) => `Invalid option: expected one of ${values.map((v) => `"${v}"`).join('|')}`;

/**
 * Reads a line's fields as CheckMessageSchema (the API's schema) does and answers its first
 * problem in the same words ("text: Invalid input: expected string, received undefined"). By hand
 * rather than with the schema: loading zod took longer than everything else the first answer
 * needs (docs/BENCHMARKS.md); messages.cli.test.ts holds the two equal on valid and invalid lines.
 */
export function readLintFields(raw: Record<string, unknown>): { ok: true; fields: LintFields } | { ok: false; error: string } {
  const { id, text, lang, type, referencePrice } = raw;
  const fail = (error: string) => ({ ok: false as const, error });
  if (id !== undefined) {
    if (typeof id !== 'string') return fail(`id: Invalid input: expected string, received ${typeName(id)}`);
    if (id.length > 200) return fail('id: Too big: expected string to have <=200 characters');
  }
  if (typeof text !== 'string') return fail(`text: Invalid input: expected string, received ${typeName(text)}`);
  if (text.length < 1) return fail('text: Too small: expected string to have >=1 characters');
  if (text.length > MAX_MESSAGE_LENGTH) return fail(`text: Too big: expected string to have <=${MAX_MESSAGE_LENGTH} characters`);
  if (lang !== undefined && !(typeof lang === 'string' && LANGUAGES.includes(lang))) return fail(`lang: ${oneOf(LANGUAGES)}`);
  if (type !== undefined && !(typeof type === 'string' && TYPES.includes(type))) return fail(`type: ${oneOf(TYPES)}`);
  if (referencePrice !== undefined) {
    if (typeof referencePrice !== 'number' || !Number.isFinite(referencePrice))
      return fail(`referencePrice: Invalid input: expected number, received ${typeName(referencePrice)}`);
    if (referencePrice <= 0) return fail('referencePrice: Too small: expected number to be >0');
  }
  const unknown = Object.keys(raw).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) return fail(`line: Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `"${k}"`).join(', ')}`);
  return {
    ok: true,
    fields: {
      ...(id === undefined ? {} : { id }),
      text,
      ...(lang === undefined ? {} : { lang: lang as MessageLanguage }),
      ...(type === undefined ? {} : { type: type as MessageType }),
      ...(referencePrice === undefined ? {} : { referencePrice }),
    },
  };
}

/** The output record of one non-blank input line. */
export function lintLine(line: string): LintLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return { id: null, error: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { id: null, error: 'Each line must be a JSON object' };
  const raw = parsed as Record<string, unknown>;
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? raw.id : null;
  // The id may be a number in a script's output; the other fields follow the API's schema.
  const result = readLintFields({ ...raw, id: id === null ? undefined : String(id) });
  if (!result.ok) return { id, error: result.error };
  const input = result.fields;
  const out = checkMessage({
    text: input.text,
    ...(input.lang ? { lang: input.lang } : {}),
    ...(input.type ? { type: input.type } : {}),
    ...(input.referencePrice === undefined ? {} : { referencePrice: input.referencePrice }),
  });
  return {
    id,
    flagged: out.flagged,
    score: out.score,
    findings: out.findings.map(({ category, start, end, severity, rule, message }) => ({ category, start, end, severity, rule, message })),
  };
}

/** Reads lines from a stream, writes one JSON line per non-blank line; returns the counts. */
export async function runLintJsonl(input: NodeJS.ReadableStream, write: (line: string) => void): Promise<{ ok: number; errors: number }> {
  let ok = 0;
  let errors = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const out = lintLine(line);
    if ('error' in out) errors++;
    else ok++;
    write(JSON.stringify(out));
  }
  return { ok, errors };
}
