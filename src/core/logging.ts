/**
 * The process logger. Logs end up in files and log platforms that many people read: they must
 * never hold personal data or secrets, and a failed query is where both hide (Drizzle writes the
 * query's parameters into its error message: e-mail addresses, password hashes).
 */
import pino, { type DestinationStream, type Logger } from 'pino';

/** What a log line keeps of an error, and of each error in its cause chain. */
export interface LoggableError {
  type: string;
  message?: string;
  /** SQLSTATE or system code (23505, ECONNREFUSED). */
  code?: string;
  /** Names only: the constraint, table or column a database error is about. */
  constraint?: string;
  table?: string;
  column?: string;
  stack?: string;
  cause?: LoggableError;
}

/** A database error as both drivers raise it: its message and detail may quote values. */
function isDatabaseError(error: object): boolean {
  return 'severity' in error && typeof (error as { code?: unknown }).code === 'string';
}

/** Cuts what follows "params:" (Drizzle's rendering of query parameters) out of a message. */
function withoutParameters(text: string): string {
  const at = text.search(/\n?\s*params:/);
  return at === -1 ? text : text.slice(0, at);
}

/**
 * The one error serialiser: name, message without query parameters, SQLSTATE, constraint, stack
 * frames. Database errors keep their code and names but no message or detail, which can quote the
 * offending value (`invalid input syntax for type uuid: "…"`, `Key (email)=(…) already exists`).
 */
export function loggableError(error: unknown, depth = 0): LoggableError {
  if (error === null || typeof error !== 'object') return { type: typeof error };
  const e = error as { name?: unknown; message?: unknown; code?: unknown; constraint?: unknown; table?: unknown; column?: unknown; stack?: unknown; cause?: unknown };
  const type = typeof e.name === 'string' ? e.name : 'Error';
  const out: LoggableError = { type };
  const database = isDatabaseError(error);
  if (!database && typeof e.message === 'string') out.message = withoutParameters(e.message);
  if (typeof e.code === 'string') out.code = e.code;
  for (const key of ['constraint', 'table', 'column'] as const) if (typeof e[key] === 'string') out[key] = e[key];
  // The stack's first line repeats the message: only the frames are kept.
  if (typeof e.stack === 'string') out.stack = e.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n');
  if (e.cause !== undefined && depth < 5) out.cause = loggableError(e.cause, depth + 1);
  return out;
}

/** Secrets never reach the logs: cookies, tokens and passwords are redacted, errors go through {@link loggableError}. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    serializers: { err: loggableError, error: loggableError },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
