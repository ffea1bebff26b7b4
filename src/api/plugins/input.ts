/**
 * Text no route may receive, refused before any schema or service sees it: a NUL character
 * (PostgreSQL text cannot hold U+0000 and answers 22021/22P05, and C-based tools downstream cut
 * strings there) and a lone UTF-16 surrogate (not encodable in UTF-8: the driver would silently
 * store U+FFFD instead of what was sent). One hook over every query, parameter and body string
 * (JSON, urlencoded and multipart fields alike) instead of a rule in each schema, so no route can
 * forget it.
 *
 * It runs on every request, some with bodies of thousands of strings (a batch of 1,000 consent or
 * contact questions). The first version walked every body building a path array per value and ran
 * a Unicode-property regex per string: consent decisions over HTTP fell from 0.51 to 0.24 of a bare
 * route. Now a JSON body is judged on its text while it is parsed: in JSON text a NUL or a lone
 * surrogate can only arrive escaped (a raw control character inside a string is a syntax error, and
 * UTF-8 cannot carry a lone surrogate: the decoder makes it U+FFFD), so a body without such an
 * escape is clean and is not walked. Other bodies (urlencoded, multipart fields), parameters and
 * queries are walked without allocating; paths are built only when something is found.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, type Issue } from '../../core/errors.ts';

// Without the u flag this matches NUL and any surrogate half, well-formed pairs included: a cheap
// first test that clean text (nearly all of it) passes; a match is then looked at precisely.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

/** `\u0000` or a surrogate half written as an escape (pairs too, then judged precisely on the parsed body). */
const SUSPECT_JSON_ESCAPE = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the JSON parser: the body's text holds no escape that could make forbidden text. */
    jsonTextClean: boolean;
  }
}

/** The first problem of one string, if any. */
function textProblem(text: string): 'nul_character' | 'lone_surrogate' | undefined {
  if (!SUSPECT.test(text)) return undefined;
  if (text.includes('\u0000')) return 'nul_character';
  // With the u flag a well-formed pair is one code point, so \p{Cs} only matches lone halves.
  if (/\p{Cs}/u.test(text)) return 'lone_surrogate';
  return undefined;
}

/** Whether `value` holds forbidden text anywhere (keys included); file bytes are not text. */
function holdsForbiddenText(value: unknown): boolean {
  if (typeof value === 'string') return textProblem(value) !== undefined;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsForbiddenText(item)) return true;
    return false;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (textProblem(key) !== undefined || holdsForbiddenText((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

/** Paths of the strings (keys included) in `value` that hold forbidden text; file bytes are not text. */
export function forbiddenTextIssues(value: unknown, path: string[] = [], issues: Issue[] = []): Issue[] {
  if (issues.length >= 20 || !holdsForbiddenText(value)) return issues;
  if (typeof value === 'string') {
    const code = textProblem(value);
    if (code) issues.push({ path: path.join('.'), code });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => forbiddenTextIssues(item, [...path, String(index)], issues));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
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
  // Fastify's own JSON parser (proto and constructor poisoning refused, as by default), with the text looked at first.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.decorateRequest('jsonTextClean', false);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    const body = String(text); // parseAs 'string': always a string
    request.jsonTextClean = !SUSPECT_JSON_ESCAPE.test(body);
    parseJson(request, body, done);
  });
  app.addHook('preValidation', async (request) => {
    const bodyClean = request.jsonTextClean || !holdsForbiddenText(request.body);
    if (bodyClean && !holdsForbiddenText(request.params) && !holdsForbiddenText(request.query)) return;
    const issues = [
      ...forbiddenTextIssues(request.params),
      ...forbiddenTextIssues(request.query),
      ...forbiddenTextIssues(request.body),
    ];
    if (issues.length > 0) throw new AppError('validation', {}, issues);
  });
}
