/**
 * `confiance lint --jsonl` (issue 12 contract). Input: one JSON object a line,
 * {"id", "text", "lang": "en"|"fr" (optional, detected when missing), "type" (optional, a message
 * type)}. Output: one line per non-blank input line, in order:
 * {"id", "flagged", "score", "findings": [{"category", "start", "end", "severity", "rule", "message"}]}
 * where score is the estimated probability that the text manipulates and flagged is true when
 * score >= MESSAGE_SCORE_THRESHOLD (0.5) or any finding is high; start/end are UTF-16 code unit
 * offsets. A bad line gets {"id", "error"} (id null when unreadable) and the others still run.
 * Explanations are in the text's language.
 */
import { createInterface } from 'node:readline';
import { checkMessage } from './messages.check.ts';
import { CheckMessageSchema } from './messages.schemas.ts';

type LintLine =
  | { id: unknown; flagged: boolean; score: number; findings: Array<{ category: string; start: number; end: number; severity: string; rule: string; message: string }> }
  | { id: unknown; error: string };

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
  const result = CheckMessageSchema.safeParse({ ...raw, id: id === null ? undefined : String(id) });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { id, error: `${issue.path.join('.') || 'line'}: ${issue.message}` };
  }
  const input = result.data;
  const out = checkMessage({ text: input.text, ...(input.lang ? { lang: input.lang } : {}), ...(input.type ? { type: input.type } : {}), ...(input.referencePrice === undefined ? {} : { referencePrice: input.referencePrice }) });
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
