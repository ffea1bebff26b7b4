/**
 * The rules contract over JSON Lines (`confiance rules contact --jsonl`; scripts depend on it).
 *
 * Input, one JSON object a line: {"id", "country": "FR", "channel", "purpose", "at", "tz",
 * "consent", "outOfHoursConsent", "ongoingContract", "relatedToContract",
 * "existingCustomerSimilarProduct", "oppositionListed", "attempts", "refusals", "sector",
 * "objection", "gpc"}. Only `at` is required (the issue's contract: "other missing fields mean
 * false, none or empty"). `id` (a string or a number, echoed as given) defaults to null, `country`
 * to FR, `tz` to Europe/Paris, booleans to false, `consent` to "none", lists to empty, `sector` to
 * "other". `channel` and `purpose` have no "none": a missing one is read as telephone canvassing,
 * the case this contract is about: `phone` (the only channel with days, hours and the attempt cap,
 * C. consom. D.223-9) and `prospecting` (defaulting to `service` would lift every canvassing rule).
 * An unknown field is an error: a misspelt fact ("ongoingcontract") silently read as false would
 * turn a refusal into a permission.
 *
 * Output, one line per non-blank input line, in order: {"id", "allowed", "reasons": [codes],
 * "rules": [legal references]}, or {"id", "error"} for a bad line (the id echoed when it could
 * be read, else null); a bad line never stops the run.
 */
import { z } from 'zod';
import { DEFAULT_TIME_ZONE, isValidTimeZone, parseInstant } from '../calendar.ts';
import { DeadlineInputError } from '../errors.ts';
import { describeJsonType, forEachJsonLine } from '../jsonl-lines.ts';
import { ContactRulesError, evaluateContact } from './evaluate.ts';
import { CONSENT_STATES, CONTACT_CHANNELS, CONTACT_COUNTRIES, CONTACT_PURPOSES, CONTACT_SECTORS } from './policy.ts';
import type { ContactFacts, ContactReasonCode } from './policy.ts';

const instant = z.string().transform((value, ctx) => {
  try {
    return parseInstant(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof DeadlineInputError ? err.message : `Invalid instant ${JSON.stringify(value)}` });
    return z.NEVER;
  }
});

/** One line of the contract; `.strict()`: unknown fields are errors. */
export const ContactFactsLineSchema = z.strictObject({
  id: z.union([z.string().min(1), z.number().finite()]).nullable().default(null),
  country: z.enum(CONTACT_COUNTRIES).default('FR'),
  channel: z.enum(CONTACT_CHANNELS).default('phone'),
  purpose: z.enum(CONTACT_PURPOSES).default('prospecting'),
  at: instant,
  tz: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .check((payload) => {
      if (!isValidTimeZone(payload.value)) {
        payload.issues.push({ code: 'custom', input: payload.value, message: `Unknown time zone ${JSON.stringify(payload.value)}: expected an IANA name such as "Europe/Paris"` });
      }
    }),
  consent: z.enum(CONSENT_STATES).default('none'),
  outOfHoursConsent: z.boolean().default(false),
  ongoingContract: z.boolean().default(false),
  relatedToContract: z.boolean().default(false),
  existingCustomerSimilarProduct: z.boolean().default(false),
  oppositionListed: z.boolean().default(false),
  attempts: z.array(instant).default([]),
  refusals: z.array(instant).default([]),
  sector: z.enum(CONTACT_SECTORS).default('other'),
  objection: z.boolean().default(false),
  gpc: z.boolean().default(false),
});

/** The answer to one line. */
export type ContactJsonlResult =
  | { readonly id: string | number | null; readonly allowed: boolean; readonly reasons: readonly ContactReasonCode[]; readonly rules: readonly string[] }
  | { readonly id: string | number | null; readonly error: string };

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function valueAt(record: Record<string, unknown>, path: readonly PropertyKey[]): unknown {
  let value: unknown = record;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/** A sentence per problem, naming the field, what it must be and what it got. */
function describeIssue(issue: z.core.$ZodIssue, record: Record<string, unknown>): string {
  const field = fieldName(issue.path);
  const got = valueAt(record, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `Unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_value':
      if (got === undefined) return `Missing field "${field}"`;
      return `Field "${field}" must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(got)}`;
    case 'invalid_type':
      if (got === undefined) return `Missing field "${field}"`;
      return `Field "${field}" must be ${issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}, got ${describeJsonType(got)}`;
    case 'invalid_union':
      // Only `id` is a union (a non-empty string or a number).
      if (got === '') return `Field "${field}" must not be empty`;
      return `Field "${field}" must be a string or a number, got ${describeJsonType(got)}`;
    case 'too_small':
      return `Field "${field}" must not be empty`;
    default:
      return `Field "${field}": ${issue.message}`;
  }
}

/** The facts of one line, or the message saying what is wrong with it. */
export function parseContactLine(line: string): { readonly id: string | number | null } & ({ readonly facts: ContactFacts } | { readonly error: string }) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return { id: null, error: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { id: null, error: `Each line must be a JSON object, got ${describeJsonType(parsed)}` };
  }
  const record = parsed as Record<string, unknown>;
  const rawId = record['id'];
  // Echo any readable scalar id so that the caller can match the error to its record.
  const id = typeof rawId === 'string' || (typeof rawId === 'number' && Number.isFinite(rawId)) ? rawId : null;
  const result = ContactFactsLineSchema.safeParse(record);
  if (!result.success) return { id, error: result.error.issues.map((issue) => describeIssue(issue, record)).join('; ') };
  const { id: _id, ...facts } = result.data;
  return { id, facts };
}

/** The output record of one non-blank line. */
export function processContactLine(line: string): ContactJsonlResult {
  const parsed = parseContactLine(line);
  if ('error' in parsed) return parsed;
  try {
    const decision = evaluateContact(parsed.facts);
    return { id: parsed.id, allowed: decision.allowed, reasons: decision.reasons.map((r) => r.code), rules: decision.rules };
  } catch (err) {
    if (err instanceof ContactRulesError || err instanceof DeadlineInputError) return { id: parsed.id, error: err.message };
    // A bug must not sink a large batch: report it on its line and go on.
    return { id: parsed.id, error: `Internal error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Totals of a {@link runContactJsonl} run. */
export interface ContactJsonlCounts {
  allowed: number;
  denied: number;
  errors: number;
}

/**
 * Reads contact facts as JSON Lines from `input` and calls `write` with one JSON line (no
 * trailing newline) per non-blank input line, as soon as that line is read. Never throws for
 * a bad line. Resolves with the counts.
 */
export async function runContactJsonl(input: AsyncIterable<string> | NodeJS.ReadableStream, write: (line: string) => void): Promise<ContactJsonlCounts> {
  const counts: ContactJsonlCounts = { allowed: 0, denied: 0, errors: 0 };
  await forEachJsonLine(input, (line) => {
    const result = processContactLine(line);
    if ('error' in result) counts.errors += 1;
    else if (result.allowed) counts.allowed += 1;
    else counts.denied += 1;
    write(JSON.stringify(result));
  });
  return counts;
}
