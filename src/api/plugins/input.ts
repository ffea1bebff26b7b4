/**
 * Text no route may receive, refused before any schema or service sees it: a NUL character
 * (PostgreSQL text cannot hold U+0000 and answers 22021/22P05, and C-based tools downstream cut
 * strings there) and a lone UTF-16 surrogate (not encodable in UTF-8: the driver would silently
 * store U+FFFD instead of what was sent). One hook over every query, parameter and body string
 * (JSON, urlencoded and multipart fields alike) instead of a rule in each schema, so no route can
 * forget it.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { AppError, type Issue } from '../../core/errors.ts';

/** The first problem of one string, if any. */
function textProblem(text: string): 'nul_character' | 'lone_surrogate' | undefined {
  if (text.includes('\u0000')) return 'nul_character';
  // With the u flag a well-formed pair is one code point, so \p{Cs} only matches lone halves.
  if (/\p{Cs}/u.test(text)) return 'lone_surrogate';
  return undefined;
}

/** Paths of the strings (keys included) in `value` that hold forbidden text; file bytes and streamed bodies are not text. */
export function forbiddenTextIssues(value: unknown, path: string[] = [], issues: Issue[] = []): Issue[] {
  if (issues.length >= 20) return issues;
  if (typeof value === 'string') {
    const code = textProblem(value);
    if (code) issues.push({ path: path.join('.'), code });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => forbiddenTextIssues(item, [...path, String(index)], issues));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Readable)) {
    for (const [key, item] of Object.entries(value)) {
      const keyCode = textProblem(key);
      // A bad key is reported under a safe rendering of itself, never echoed raw.
      if (keyCode) issues.push({ path: [...path, JSON.stringify(key).slice(1, -1)].join('.'), code: keyCode });
      else forbiddenTextIssues(item, [...path, key], issues);
    }
  }
  return issues;
}

/** Refuses, with a 400 naming the fields, any request whose query, parameters or body hold forbidden text. */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const issues = [
      ...forbiddenTextIssues(request.params),
      ...forbiddenTextIssues(request.query),
      ...forbiddenTextIssues(request.body),
    ];
    if (issues.length > 0) throw new AppError('validation', {}, issues);
  });
}
