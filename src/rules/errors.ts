/**
 * Errors raised by the pure rules in src/rules.
 *
 * A single typed error lets callers (API, CLI, JSONL runner) turn bad input into a clear
 * message without string-matching: `err instanceof DeadlineInputError` and `err.code`.
 */

/** Machine-readable reason carried by {@link DeadlineInputError}. */
export type DeadlineInputErrorCode =
  | 'unknown-kind'
  | 'invalid-instant'
  | 'invalid-time-zone'
  | 'invalid-date'
  | 'no-rule-in-force';

/** Bad input to a deadline computation (unknown kind, unparsable instant, unknown time zone...). */
export class DeadlineInputError extends Error {
  /** Why the input was refused. */
  readonly code: DeadlineInputErrorCode;

  constructor(code: DeadlineInputErrorCode, message: string) {
    super(message);
    this.name = 'DeadlineInputError';
    this.code = code;
  }
}
