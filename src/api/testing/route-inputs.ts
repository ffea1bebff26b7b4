/**
 * Inputs for every route, generated from the route's own Zod schemas (through their JSON Schema,
 * the form the OpenAPI document already proves every schema has): valid values, so a request
 * reaches the service and its SQL, and hostile ones (wrong types, out-of-range numbers, missing
 * or unknown keys, control characters, injection strings, huge strings), so the guards in front
 * of it are tried too. Nothing here knows a module: a module that lands later is covered as soon
 * as its manifest lists its routes.
 */
import fc from 'fast-check';
import { z } from 'zod';
import type { AnyRoute } from '../route.ts';

/** The subset of JSON Schema (draft 2020-12) that `z.toJSONSchema` writes for our schemas. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

export type RoutePart = 'body' | 'querystring' | 'params';

const cache = new WeakMap<z.ZodType, JsonSchema>();

/** The JSON Schema of one part of a route's input (the input side: before defaults and transforms). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  let json = cache.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    cache.set(schema, json);
  }
  return json;
}

/** Values a request can hold in place of anything: each has broken a web application somewhere. */
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e\u0000',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '1; select pg_sleep(0)',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%00%ff%fe',
  '__proto__',
  'constructor',
  'NaN',
  '-1',
  '1e400',
  '9223372036854775808',
  '0x7fffffff',
  'true',
  'null',
  '2026-02-30T25:61:61Z',
  '0000-00-00',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'é'.repeat(300),
  '\u{1F4A9}'.repeat(100),
  'x'.repeat(5_000),
];

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
);

/** Anything at all, including nested objects and prototype-polluting keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', '$where', 'id', 'orgId'), hostileScalar, {
      maxKeys: 3,
    }),
  },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__": {"isAdmin": true}}') as unknown) },
  { weight: 1, arbitrary: fc.constant(nested(60)) },
);

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** What valid values may refer to: ids that exist (so references resolve) besides random ones. */
export interface InputContext {
  ids: readonly string[];
  /** Ids fit for a field by its name (`customerId` -> rows of customers), when known. */
  idsFor?: (field: string) => readonly string[];
}

const DAY = 86_400_000;
/** Mostly the recent past (when things are received, noticed, sent), sometimes any date of this century's first decades. */
const isoDate = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 300 }).map((days) => new Date(Date.now() - days * DAY)) },
  { weight: 1, arbitrary: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }) },
);

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type[0] : schema.type;
}

function validString(schema: JsonSchema, ctx: InputContext, field: string): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid': {
      const fit = ctx.idsFor?.(field) ?? [];
      const ids = fit.length > 0 ? fit : ctx.ids;
      return ids.length > 0
        ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: fc.uuid({ version: 4 }) })
        : fc.uuid({ version: 4 });
    }
    case 'email':
      return fc
        .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/), fc.constantFrom('test.example', 'example.org'))
        .map(([user, domain]) => `${user}@${domain}`);
    case 'date-time':
      return isoDate.map((d) => d.toISOString());
    case 'date':
      return isoDate.map((d) => d.toISOString().slice(0, 10));
    case 'uri':
    case 'url':
      return fc.constantFrom('https://example.org', 'https://example.org/a?b=c');
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 60, 60));
  // Mostly letters, digits and spaces (enough to pass `.trim().min(1)`), sometimes any text.
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...'ABCDEFabcdefé0123'),
          fc.string({ unit: WORD_CHARS, minLength: Math.max(0, minLength - 1), maxLength: maxLength - 1 }),
        )
        .map(([first, rest]) => first + rest),
    },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }) },
  );
}

const WORD_CHARS = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZàéèêçôÉ0123456789 ,.'’-".split(''));

function validNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -1_000);
  const max =
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : Math.max(min, 0) + 1_000);
  if (integer) return fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31 - 1)) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema accepts, mostly (refinements the JSON Schema cannot say may still refuse some). */
export function validValue(schema: JsonSchema, ctx: InputContext, field = ''): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((o) => validValue(o, ctx, field)));
  switch (typeOf(schema)) {
    case 'string':
      return validString(schema, ctx, field);
    case 'integer':
      return validNumber(schema, true);
    case 'number':
      return validNumber(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? validValue(schema.items, ctx, field) : hostileScalar, {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
      });
    case 'object':
      return validObject(schema, ctx);
    default:
      // z.unknown() and what JSON Schema cannot represent.
      return hostileScalar;
  }
}

function validObject(schema: JsonSchema, ctx: InputContext): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  if (keys.length === 0) {
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    return extra ? fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), validValue(extra, ctx), { maxKeys: 3 }) : fc.constant({});
  }
  const required = new Set(schema.required ?? []);
  return fc.record(Object.fromEntries(keys.map((k) => [k, validValue(properties[k] as JsonSchema, ctx, k)])), {
    requiredKeys: keys.filter((k) => required.has(k)),
  });
}

/** A valid value with one thing broken: a leaf replaced, a required key dropped, an unknown key added. */
export function brokenValue(schema: JsonSchema, ctx: InputContext): fc.Arbitrary<unknown> {
  return fc
    .tuple(validValue(schema, ctx), fc.nat(), hostileValue, fc.constantFrom('replace', 'drop', 'add', 'whole'))
    .map(([value, pick, junk, how]) => {
      if (how === 'whole') return junk;
      return mutate(value, pick, junk, how);
    });
}

function mutate(value: unknown, pick: number, junk: unknown, how: 'replace' | 'drop' | 'add'): unknown {
  if (value === null || typeof value !== 'object') return junk;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...(value as unknown[])]
    : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (how === 'add' || keys.length === 0) {
    (copy as Record<string, unknown>)[`unexpected_${pick % 7}`] = junk;
    return copy;
  }
  const key = keys[pick % keys.length] as string;
  const child = (copy as Record<string, unknown>)[key];
  if (how === 'drop' && !Array.isArray(copy)) delete copy[key];
  else
    (copy as Record<string, unknown>)[key] =
      child !== null && typeof child === 'object' && pick % 2 === 0 ? mutate(child, Math.floor(pick / 2), junk, how) : junk;
  return copy;
}

/** One generated request for a route: path parameters, query and body (each valid or broken). */
export interface GeneratedRequest {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  /** The body is sent as raw text (broken JSON, a form) rather than serialised. */
  rawBody?: { payload: string; contentType: string };
}

const RAW_BODIES: GeneratedRequest['rawBody'][] = [
  { payload: '{"unterminated', contentType: 'application/json' },
  { payload: '', contentType: 'application/json' },
  { payload: 'null', contentType: 'application/json' },
  { payload: '{"a":1,"a":2}', contentType: 'application/json' },
  { payload: 'a=1&a=2&b[c]=3', contentType: 'application/x-www-form-urlencoded' },
  { payload: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', contentType: 'multipart/form-data; boundary=x' },
  { payload: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', contentType: 'application/xml' },
];

function partArbitrary(schema: z.ZodType | undefined, ctx: InputContext, valid: boolean): fc.Arbitrary<unknown> {
  if (!schema) return fc.constant(undefined);
  const json = jsonSchemaOf(schema);
  return valid ? validValue(json, ctx) : brokenValue(json, ctx);
}

/**
 * Requests for a route, valid and not: each part (parameters, query, body) is valid or broken on
 * its own draw, so most requests break one thing and reach deeper than a request broken everywhere.
 */
export function requestArbitrary(route: AnyRoute, ctx: InputContext, fixedParams: Record<string, string>): fc.Arbitrary<GeneratedRequest> {
  return fc
    .record({
      paramsValid: fc.boolean(),
      queryValid: fc.boolean(),
      bodyValid: fc.boolean(),
      raw: fc.option(fc.constantFrom(...RAW_BODIES), { freq: 8 }),
    })
    .chain(({ paramsValid, queryValid, bodyValid, raw }) =>
      fc.record({
        params: partArbitrary(route.schema.params, ctx, paramsValid),
        query: partArbitrary(route.schema.querystring, ctx, queryValid),
        body: partArbitrary(route.schema.body, ctx, bodyValid),
        raw: fc.constant(raw),
      }),
    )
    .map(({ params, query, body, raw }) => ({
      params: { ...asStringRecord(params), ...fixedParams },
      query: isRecord(query) ? query : {},
      body,
      ...(raw ? { rawBody: raw } : {}),
    }));
}

/** A body the route's schema accepts (refinements included), or undefined when none was found in `tries`. */
export function sampleValidBody(route: AnyRoute, ctx: InputContext, seed: number, tries = 30): unknown {
  const schema = route.schema.body as z.ZodType | undefined;
  if (!schema) return undefined;
  const candidates = fc.sample(validValue(jsonSchemaOf(schema), ctx), { numRuns: tries, seed });
  return candidates.find((c) => schema.safeParse(c).success);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asStringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]));
}

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) is sent as its UTF-8 replacement bytes. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}

/** `/a/:id/b` with its parameters filled in and URL-encoded, plus the query string. */
export function buildUrl(route: AnyRoute, params: Record<string, string>, query: Record<string, unknown> = {}): string {
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => encodeSegment(params[name] ?? 'missing'));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value])
      search.append(key, typeof item === 'string' ? item : (JSON.stringify(item) ?? ''));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
