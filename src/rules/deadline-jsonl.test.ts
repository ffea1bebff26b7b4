import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { runDeadlineJsonl } from './deadline-jsonl.ts';
import { computeDeadline, DEADLINE_KINDS } from './deadlines.ts';

async function* lines(items: readonly string[]): AsyncGenerator<string> {
  for (const item of items) yield item;
}

async function run(input: AsyncIterable<string> | NodeJS.ReadableStream): Promise<{ out: unknown[]; ok: number; errors: number }> {
  const out: unknown[] = [];
  const counts = await runDeadlineJsonl(input, (line) => {
    expect(line.includes('\n')).toBe(false);
    out.push(JSON.parse(line));
  });
  return { out, ...counts };
}

describe('runDeadlineJsonl', () => {
  it('answers each line in order, tz defaulting to Europe/Paris', async () => {
    const { out, ok, errors } = await run(
      lines([
        '{"id": "a", "kind": "dsr", "from": "2026-04-04T10:00:00Z", "tz": "Europe/Paris"}',
        '{"id": "b", "kind": "dsr", "from": "2026-04-30T10:00:00Z"}',
        '{"id": "c", "kind": "breach-authority", "from": "2026-03-01T10:00:00Z"}',
        '{"id": "d", "kind": "dsr", "from": "2026-03-31T22:30:00Z", "tz": "America/Guadeloupe"}',
        '{"id": "e", "kind": "dsr", "from": "2026-03-31T22:30:00Z"}',
      ]),
    );
    expect(out).toEqual([
      { id: 'a', due: '2026-05-04' },
      { id: 'b', due: '2026-06-01' },
      { id: 'c', due: '2026-03-04T10:00:00.000Z' },
      { id: 'd', due: '2026-04-30' },
      { id: 'e', due: '2026-05-04' },
    ]);
    expect({ ok, errors }).toEqual({ ok: 5, errors: 0 });
  });

  it('reports bad lines with the id when readable, and goes on', async () => {
    const { out, ok, errors } = await run(
      lines([
        '{"id": "1", "kind": "dsr", "from": "2026-04-04T10:00:00Z"}',
        '{not json',
        '{"kind": "dsr", "from": "2026-04-04T10:00:00Z"}',
        '{"id": "3", "from": "2026-04-04T10:00:00Z"}',
        '{"id": "4", "kind": "dsr"}',
        '{"id": "5", "kind": "gdpr", "from": "2026-04-04T10:00:00Z"}',
        '{"id": "6", "kind": "dsr", "from": "2026-02-30T10:00:00Z"}',
        '{"id": "7", "kind": "dsr", "from": "2026-04-04T10:00:00"}',
        '{"id": "8", "kind": "dsr", "from": "2026-04-04T10:00:00Z", "tz": "Mars/Olympus"}',
        '{"id": 9, "kind": "dsr", "from": "2026-04-04T10:00:00Z"}',
        '[1, 2]',
        '"just a string"',
        '{"id": "12", "kind": "dsr", "from": 1775296800000}',
        '{"id": "13", "kind": "dsr", "from": "2026-04-04T10:00:00Z", "tz": 1}',
        '{"id": "14", "kind": "dsr", "from": "2017-04-04T10:00:00Z"}',
        '{"id": "15", "kind": "speakup-ack", "from": "2026-07-07T10:00:00Z"}',
      ]),
    );
    expect(ok).toBe(2);
    expect(errors).toBe(14);
    expect(out).toHaveLength(16);
    const err = (i: number) => out[i] as { id: unknown; error: string };
    expect(out[0]).toEqual({ id: '1', due: '2026-05-04' });
    expect(err(1)).toEqual({ id: null, error: expect.stringMatching(/^Invalid JSON/) });
    expect(err(2)).toEqual({ id: null, error: 'Missing field "id"' });
    expect(err(3)).toEqual({ id: '3', error: 'Missing field "kind"' });
    expect(err(4)).toEqual({ id: '4', error: 'Missing field "from"' });
    expect(err(5).id).toBe('5');
    expect(err(5).error).toMatch(/Unknown deadline kind "gdpr"/);
    expect(err(6).error).toMatch(/Invalid instant "2026-02-30T10:00:00Z"/);
    expect(err(7).error).toMatch(/offset/);
    expect(err(8).error).toMatch(/Unknown time zone "Mars\/Olympus"/);
    expect(err(9)).toEqual({ id: 9, error: 'Field "id" must be a string, got a number' });
    expect(err(10)).toEqual({ id: null, error: 'Each line must be a JSON object, got an array' });
    expect(err(11)).toEqual({ id: null, error: 'Each line must be a JSON object, got a string' });
    expect(err(12).error).toMatch(/"from" must be an ISO 8601 instant string/);
    expect(err(13).error).toMatch(/"tz" must be a string/);
    expect(err(14).error).toMatch(/No "dsr" rule in force on 2017-04-04/);
    expect(out[15]).toEqual({ id: '15', due: '2026-07-15' });
    for (const o of out) expect(Object.keys(o as object)).toHaveLength(2);
  });

  it('skips blank lines and accepts CRLF', async () => {
    const { out } = await run(lines(['', '   ', '{"id": "x", "kind": "dsr", "from": "2026-04-04T10:00:00Z"}\r', '\t']));
    expect(out).toEqual([{ id: 'x', due: '2026-05-04' }]);
  });

  it('reads a Node stream whose chunks split lines anywhere', async () => {
    const text =
      '{"id": "a", "kind": "dsr", "from": "2026-04-04T10:00:00Z"}\r\n\n' +
      '{"id": "b", "kind": "complaint-ack", "from": "2026-04-24T10:00:00Z"}\n' +
      '{"id": "c", "kind": "dsr"}'; // last line without newline
    const chunks = [text.slice(0, 17), text.slice(17, 80), text.slice(80)].map((s) => Buffer.from(s, 'utf8'));
    const { out, ok, errors } = await run(Readable.from(chunks));
    expect(out).toEqual([
      { id: 'a', due: '2026-05-04' },
      { id: 'b', due: '2026-05-12' },
      { id: 'c', error: 'Missing field "from"' },
    ]);
    expect({ ok, errors }).toEqual({ ok: 2, errors: 1 });
  });

  it('splits iterable items that hold several lines', async () => {
    const { out } = await run(
      lines(['{"id": "a", "kind": "dsr", "from": "2026-04-04T10:00:00Z"}\n{"id": "b", "kind": "dsr", "from": "2026-04-30T10:00:00Z"}\n']),
    );
    expect(out).toEqual([
      { id: 'a', due: '2026-05-04' },
      { id: 'b', due: '2026-06-01' },
    ]);
  });

  it('streams: writes each answer before reading the next line', async () => {
    const written: string[] = [];
    async function* source(): AsyncGenerator<string> {
      for (let i = 0; i < 5; i += 1) {
        expect(written).toHaveLength(i);
        yield JSON.stringify({ id: String(i), kind: 'dsr', from: '2026-04-04T10:00:00Z' });
      }
    }
    await runDeadlineJsonl(source(), (l) => written.push(l));
    expect(written).toHaveLength(5);
  });

  it('property: agrees with computeDeadline line by line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom(...DEADLINE_KINDS),
            ms: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2035, 0, 1) }),
            tz: fc.option(fc.constantFrom('Europe/Paris', 'Pacific/Noumea', 'America/Guadeloupe'), { nil: undefined }),
          }),
          { maxLength: 20 },
        ),
        async (records) => {
          const input = records.map((r, i) => JSON.stringify({ id: `r${i}`, kind: r.kind, from: new Date(r.ms).toISOString(), tz: r.tz }));
          const { out } = await run(lines(input));
          expect(out).toEqual(
            records.map((r, i) => ({
              id: `r${i}`,
              due: computeDeadline({ kind: r.kind, from: new Date(r.ms), tz: r.tz ?? 'Europe/Paris' }).due,
            })),
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('handles 100k lines quickly', async () => {
    const kinds = DEADLINE_KINDS;
    const zones = ['Europe/Paris', 'Pacific/Noumea', 'America/Guadeloupe'];
    const base = Date.UTC(2024, 0, 1);
    const N = 100_000;
    async function* big(): AsyncGenerator<string> {
      for (let i = 0; i < N; i += 1) {
        const from = new Date(base + i * 937_123).toISOString(); // spreads over ~3 years
        yield i % 1000 === 999
          ? `{"id": "${i}", "kind": "nope", "from": "${from}"}`
          : `{"id": "${i}", "kind": "${kinds[i % kinds.length]}", "from": "${from}", "tz": "${zones[i % zones.length]}"}`;
      }
    }
    let count = 0;
    let last = '';
    const t0 = performance.now();
    const result = await runDeadlineJsonl(big(), (l) => {
      count += 1;
      last = l;
    });
    const ms = performance.now() - t0;
    expect(count).toBe(N);
    expect(result).toEqual({ ok: N - 100, errors: 100 });
    expect(JSON.parse(last)).toMatchObject({ id: String(N - 1) });
    expect(ms).toBeLessThan(10_000);
  }, 30_000);
});
