import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from '../../rules/messages/index.ts';
import { checkMessage } from './messages.check.ts';
import { lintLine, readLintFields } from './messages.cli.ts';
import { CheckMessageSchema } from './messages.schemas.ts';

/** What CheckMessageSchema answers, in the form readLintFields gives (the first issue, as `confiance lint` printed it). */
function bySchema(raw: Record<string, unknown>): ReturnType<typeof readLintFields> {
  const result = CheckMessageSchema.safeParse(raw);
  if (result.success) return { ok: true, fields: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, error: `${issue.path.join('.') || 'line'}: ${issue.message}` };
}

/** The command's answer to a line as it was computed with the schema (before messages.cli.ts read lines by hand). */
function lintLineBySchema(line: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    return { id: null, error: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { id: null, error: 'Each line must be a JSON object' };
  const raw = parsed as Record<string, unknown>;
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? raw.id : null;
  const result = CheckMessageSchema.safeParse({ ...raw, id: id === null ? undefined : String(id) });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { id, error: `${issue.path.join('.') || 'line'}: ${issue.message}` };
  }
  const input = result.data;
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

const FIELDS = ['id', 'text', 'lang', 'type', 'referencePrice'] as const;

/** JSON values of every kind, with the edges of each field's rule among them. */
const jsonValue = fc.oneof(
  fc.constantFrom(
    '',
    'a',
    'fr',
    'en',
    'de',
    'FR',
    ...MESSAGE_TYPES,
    'x'.repeat(200),
    'x'.repeat(201),
    'x'.repeat(20_000),
    'x'.repeat(20_001),
  ),
  fc.string(),
  fc.constantFrom(0, -0, -1, 1e-9, 0.5, 12.99, Infinity, -Infinity, Number.MAX_VALUE),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 }),
);

/** A valid value four times in five, any JSON value otherwise. */
const mostly = (valid: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: jsonValue, weight: 1 });

/**
 * Objects with some of the contract's fields and some others (`__proto__` too: JSON.parse makes it
 * an own key), and lines near the contract (each field valid or not), so both answers are common.
 */
const lineObject = fc
  .oneof(
    fc.dictionary(
      fc.oneof(fc.constantFrom(...FIELDS, ...FIELDS, 'foo', 'Text', '__proto__', 'a"b'), fc.string({ maxLength: 4 })),
      jsonValue,
      { maxKeys: 6 },
    ),
    fc
      .record(
        {
          id: mostly(fc.string({ maxLength: 8 })),
          text: mostly(
            fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('Hurry! Only 2 left', 'Dernière chance, plus que 3 places !')),
          ),
          lang: mostly(fc.constantFrom('fr', 'en')),
          type: mostly(fc.constantFrom(...MESSAGE_TYPES)),
          referencePrice: mostly(fc.double({ min: 0.01, max: 1e6, noNaN: true })),
          other: jsonValue,
        },
        { requiredKeys: ['text'] },
      )
      .map(({ other, ...fields }) => (other === null ? { ...fields, other } : fields)),
  )
  .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);

describe('confiance lint reads a line as the API schema does', () => {
  it('same fields, or the same first error in the same words, on chosen valid and invalid lines', () => {
    const cases: Array<Record<string, unknown>> = [
      { text: 'Hurry!' },
      { id: 'a', text: 'Votre facture est disponible.', lang: 'fr', type: 'other', referencePrice: 12.5 },
      {},
      { id: 'a' },
      { text: '' },
      { text: 'x'.repeat(20_000) },
      { text: 'x'.repeat(20_001) },
      { text: 1 },
      { text: null },
      { text: [] },
      { text: {} },
      { text: true },
      { text: 'a', lang: 'de' },
      { text: 'a', lang: null },
      { text: 'a', type: 'newsletter' },
      { text: 'a', type: 3 },
      { text: 'a', referencePrice: 0 },
      { text: 'a', referencePrice: -2 },
      { text: 'a', referencePrice: '12' },
      { text: 'a', referencePrice: Infinity },
      { text: 'a', referencePrice: -Infinity },
      { text: 'a', referencePrice: null },
      { text: 'a', foo: 1 },
      { text: 'a', foo: 1, bar: 2 },
      { foo: 1 },
      { text: 1, foo: 1, lang: 'x' },
      { id: 'x'.repeat(200), text: 'a' },
      { id: 'x'.repeat(201), text: 'a' },
      { id: 'x'.repeat(201) },
      { id: 3, text: 'a' },
      { id: undefined, text: 'a' },
      JSON.parse('{"__proto__": 1, "text": "a"}') as Record<string, unknown>,
    ];
    for (const raw of cases) expect(readLintFields(raw), JSON.stringify(raw).slice(0, 80)).toEqual(bySchema(raw));
  });

  it('same answer as the schema on any object', () => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(lineObject, (raw) => {
        const answer = readLintFields(raw);
        expect(answer).toEqual(bySchema(raw));
        seen[answer.ok ? 'valid' : 'invalid']++;
      }),
      { numRuns: 2000 },
    );
    // Both answers were compared often (the comparison is not vacuous).
    expect(seen.valid).toBeGreaterThan(100);
    expect(seen.invalid).toBeGreaterThan(100);
  });

  it('the same output bytes as when lines were read with the schema', () => {
    const lines = [
      '{"id":"a","text":"Hurry! Only 2 left in stock"}',
      '{"id":7,"text":"Dernière chance : plus que 2 places à ce prix, offre valable jusqu’à ce soir minuit !","lang":"fr"}',
      '{"id":"c","text":"Votre facture de 48,20 € est disponible.","lang":"fr"}',
      '{"id":"d","text":"Prix barré 100 €, -50 % : 60 €","lang":"fr","type":"reduction","referencePrice":90}',
      '{"id":"e","text":"Your price changes on 1 March.","type":"price_change"}',
      '{"id":true,"text":"No id, still checked"}',
      '{"id":"b"}',
      '{"id":"f","text":"a","lang":"de"}',
      '{"id":"g","text":"a","extra":1}',
      '[1,2]',
      '"text"',
      'not json',
      '{"id":"h","text":"a","referencePrice":1e400}',
    ];
    for (const line of lines) expect(JSON.stringify(lintLine(line)), line).toBe(JSON.stringify(lintLineBySchema(line)));
    fc.assert(
      fc.property(lineObject, (raw) => {
        const line = JSON.stringify(raw);
        expect(JSON.stringify(lintLine(line))).toBe(JSON.stringify(lintLineBySchema(line)));
      }),
      { numRuns: 300 },
    );
  });
});
