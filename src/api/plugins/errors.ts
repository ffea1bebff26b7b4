/**
 * One place maps every failure to HTTP: a stable code and a message in the user's language,
 * never a stack trace. Validation errors list the fields at fault.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type Issue } from '../../core/errors.ts';
import type { Locale } from '../../core/context.ts';
import { negotiateLocale, t } from '../../i18n/index.ts';
import { html } from '../../../web/portal/html.ts';

/** The body of every error answer (also the back office's type, through src/api/contract.ts). */
export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[] };
}

const PG_ERRORS: Record<string, ErrorCode> = {
  '23505': 'conflict', // unique_violation: two requests raced for the same key
  '23503': 'conflict', // foreign_key_violation
  '22P02': 'bad_request', // invalid_text_representation
  '22021': 'bad_request', // character_not_in_repertoire (a NUL in text; the input guard refuses it first)
  '22P05': 'bad_request', // untranslatable_character
  '22001': 'bad_request', // string_data_right_truncation
  '22003': 'bad_request', // numeric_value_out_of_range
  '22007': 'bad_request', // invalid_datetime_format
  '22008': 'bad_request', // datetime_field_overflow
};

const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Fastify validation errors from fastify-type-provider-zod carry each Zod issue as
 * `{ keyword: code, instancePath: '/a/b', message, params: {minimum, format, keys, ...} }`.
 */
function issuesFrom(error: FastifyError): Issue[] {
  const validation = (error as { validation?: unknown }).validation;
  if (!Array.isArray(validation)) return [];
  const context = (error as { validationContext?: string }).validationContext;
  return validation.map((raw: { keyword?: string; instancePath?: string; message?: string; params?: Record<string, unknown> }) => {
    const params = raw.params ?? {};
    const path = (raw.instancePath ?? '').split('/').filter(Boolean);
    let code = raw.keyword ?? 'invalid';
    if (code === 'invalid_type' && /received undefined/.test(raw.message ?? '')) code = 'required';
    if (code === 'invalid_format' && params.format === 'email') code = 'invalid_email';
    if (code === 'too_small' && params.origin === 'string' && Number(params.minimum) === 1) code = 'required';
    if (code === 'unrecognized_keys' && Array.isArray(params.keys)) path.push(...(params.keys as string[]));
    // A refinement names its issue in its message (`refine(check, { message: 'unknown_time_zone' })`).
    if (code === 'custom' && /^[a-z_]+$/.test(raw.message ?? '')) code = raw.message as string;
    const bound: Record<string, string | number> = {};
    for (const key of ['minimum', 'maximum'] as const) {
      if (typeof params[key] === 'number' || typeof params[key] === 'bigint') bound[key] = Number(params[key]);
    }
    return { path: path.length > 0 ? path.join('.') : (context ?? ''), code, params: bound };
  });
}

export function toErrorBody(error: AppError, locale: Locale): ErrorBody {
  const body: ErrorBody = { error: { code: error.code, message: t(locale, `errors.${error.code}`, error.params) } };
  if (error.issues.length > 0) {
    body.error.issues = error.issues.map((issue) => {
      const key = `errors.issue.${issue.code}`;
      const message = t(locale, key, issue.params);
      return { path: issue.path, message: message === key ? t(locale, 'errors.issue.invalid') : message };
    });
  }
  return body;
}

/**
 * The SQLSTATE of a database error, wherever it sits: Drizzle wraps the driver's error in its own
 * (DrizzleQueryError, code on `cause`), and services may wrap again.
 */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    // Both drivers' errors carry `severity`; it tells a SQLSTATE from a system code such as EPIPE.
    if ('severity' in current && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * SQLSTATEs that mean the database went away, not that the request was wrong: connection
 * exceptions (class 08), the server shutting down or crashing (57P01-57P03), no connection slot.
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** The same from the drivers and the network, before any SQLSTATE exists (refused, reset, cut). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/;

/**
 * Why the database cannot be reached, when an error anywhere in the cause chain says so (its
 * SQLSTATE, system code or the driver's "connection lost"), else null: such a request answers 503
 * (try again), not 500, and the process keeps running until the database is back.
 */
export function databaseUnavailable(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth++) {
    const { code, message, errors } = current as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || ('severity' in current && UNAVAILABLE_STATES.test(code)))) return code;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return 'connection lost';
    // A refused connection to a name with several addresses is an AggregateError of refusals.
    if (Array.isArray(errors) && errors.length > 0) {
      const reasons = errors.map((e) => databaseUnavailable(e));
      if (reasons.every((r) => r !== null)) return reasons[0] ?? null;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Classifies any thrown value as an AppError (unknown ones become `internal`). */
export function asAppError(error: unknown, options: { parsingMultipart?: boolean } = {}): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { code?: string };
  if ((e as { validation?: unknown }).validation) return new AppError('validation', {}, issuesFrom(e));
  const sqlState = sqlStateOf(error);
  if (sqlState && PG_ERRORS[sqlState]) return new AppError(PG_ERRORS[sqlState] as ErrorCode);
  if (databaseUnavailable(error)) return new AppError('unavailable');
  // Busboy's own errors (no boundary, truncated or malformed parts) carry no status: the body was bad.
  if (options.parsingMultipart && typeof e.statusCode !== 'number') return new AppError('bad_request');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(STATUS_CODES[e.statusCode] ?? 'bad_request', e.statusCode === 429 ? { seconds: 60 } : {});
  }
  return new AppError('internal');
}

/** A browser navigating or posting a form (as opposed to a script asking for JSON). */
function wantsPage(request: FastifyRequest): boolean {
  const type = request.headers['content-type'] ?? '';
  return (request.headers.accept ?? '').includes('text/html') || type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/**
 * What a portal page shows when it cannot answer (an address that leads nowhere, too many tries,
 * the database away, a bug): a customer with a browser gets a page in their language with a way
 * back, not a JSON body. It needs nothing from the database, which may be the reason it is shown.
 */
const PORTAL_PAGE_ERRORS: ReadonlySet<ErrorCode> = new Set(['not_found', 'rate_limited', 'unavailable', 'internal']);

/** The organisation's slug in a portal address, read from the URL: params are not parsed when routing failed. */
function portalSlugOf(request: FastifyRequest): string | null {
  const match = /^\/portal\/([a-z0-9-]{1,40})(?:[/?#]|$)/.exec(request.url);
  return match && match[1] !== 'assets' ? match[1]! : null;
}

function isPortalPageRequest(request: FastifyRequest): boolean {
  return (request.url === '/portal' || request.url.startsWith('/portal/') || request.url.startsWith('/portal?')) && wantsPage(request);
}

function portalErrorPage(slug: string | null, locale: Locale, error: AppError): string {
  const p = (key: string) => t(locale, `portal.${key}`);
  const notFound = error.code === 'not_found';
  const title = notFound ? p('notFound.title') : p('unavailable.title');
  // An unknown organisation has no home of its own: the portal entry leads to the default one.
  const home = slug && !(notFound && error.params.resource === 'organisation') ? `/portal/${encodeURIComponent(slug)}` : '/portal';
  return (
    '<!doctype html>' +
    html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/portal/assets/portal.css">
</head>
<body>
<main id="main" class="wrap">
<h1>${title}</h1>
<p role="alert">${notFound ? p('notFound.text') : toErrorBody(error, locale).error.message}</p>
${notFound ? '' : html`<p>${p('unavailable.retry')}</p>`}
<p><a href="${home}">${p('nav.home')}</a></p>
${home === '/portal' ? '' : html`<p><a href="${home}/contracts/terminate">${p('nav.terminate')}</a></p>`}
</main>
</body>
</html>`.value
  );
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request: FastifyRequest, reply: FastifyReply) => {
    const appError = asAppError(error, { parsingMultipart: request.parsingMultipart });
    if (appError.code === 'internal') {
      request.log.error({ err: error }, 'unhandled error');
    }
    if (appError.code === 'unavailable') {
      // No stack and no driver message (it may quote the query's parameters): what the operator needs.
      request.log.warn({ reason: databaseUnavailable(error) ?? 'unavailable' }, 'database unavailable');
      void reply.header('retry-after', '5');
    }
    const locale = request.ctx?.locale ?? 'fr';
    if (appError.code === 'rate_limited' && reply.getHeader('retry-after')) {
      appError.params.seconds = Number(reply.getHeader('retry-after'));
    }
    const slug = (request.params as { org?: unknown } | undefined)?.org;
    if (appError.code === 'portal.unidentified' && typeof slug === 'string' && wantsPage(request)) {
      // A browser whose portal session ended goes back to where a subject identifies, told why.
      return reply.redirect(`/portal/${encodeURIComponent(slug)}/privacy?done=expired`, 303);
    }
    if (isPortalPageRequest(request)) {
      // A portal address whose parts do not parse (a made-up token, an over-long slug) leads nowhere.
      const pageError = request.method === 'GET' && appError.code === 'validation' && (error as FastifyError).validationContext === 'params' ? new AppError('not_found', { resource: 'route' }) : appError;
      if (PORTAL_PAGE_ERRORS.has(pageError.code)) {
        return reply.status(pageError.status).type('text/html; charset=utf-8').send(portalErrorPage(portalSlugOf(request), locale, pageError));
      }
    }
    return reply.status(appError.status).type('application/json; charset=utf-8').send(toErrorBody(appError, locale));
  });
  app.setNotFoundHandler((request, reply) => {
    const locale = request.ctx?.locale ?? 'fr';
    if (isPortalPageRequest(request)) {
      return reply.status(404).type('text/html; charset=utf-8').send(portalErrorPage(portalSlugOf(request), locale, new AppError('not_found', { resource: 'route' })));
    }
    return reply.status(404).type('application/json; charset=utf-8').send(toErrorBody(new AppError('not_found', { resource: 'route' }), locale));
  });
}

/**
 * Fastify's own answers to a URL it cannot route (bad percent-encoding, an over-long parameter)
 * echo the whole URL, tracking tokens included: these get the product's error body instead.
 * They run before any hook, so the language comes from the Accept-Language header alone.
 */
export function frameworkErrorHandler(_error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const locale = negotiateLocale(undefined, request.headers['accept-language']);
  void reply.status(400).type('application/json; charset=utf-8').send(toErrorBody(new AppError('bad_request'), locale));
}
