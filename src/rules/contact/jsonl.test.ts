import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runContactJsonl } from './jsonl.ts';

async function run(lines: readonly string[]): Promise<{ out: Record<string, unknown>[]; counts: Awaited<ReturnType<typeof runContactJsonl>> }> {
  const out: Record<string, unknown>[] = [];
  const counts = await runContactJsonl(Readable.from([lines.join('\r\n') + '\n']), (line) => {
    expect(line).not.toContain('\n');
    out.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { out, counts };
}

const ok = { channel: 'phone', purpose: 'prospecting', consent: 'given' };

describe('the rules contract over JSON Lines', () => {
  it('answers each line in order with codes and legal references, defaults applied', async () => {
    const { out, counts } = await run([
      JSON.stringify({ id: 'a', ...ok, at: '2026-12-07T10:00:00+01:00' }),
      '',
      JSON.stringify({ id: 'b', ...ok, at: '2026-12-07T20:10:00+01:00', tz: 'Europe/Paris', country: 'FR' }),
      JSON.stringify({ id: 'c', channel: 'phone', purpose: 'prospecting', at: '2026-12-07T11:00:00+01:00' }),
      JSON.stringify({ id: 'd', channel: 'email', purpose: 'prospecting', at: '2026-12-07T11:00:00+01:00', existingCustomerSimilarProduct: true }),
      JSON.stringify({ id: 'e', ...ok, at: '2026-12-08T11:00:00+01:00', attempts: ['2026-11-09T11:00:00+01:00', '2026-11-16T11:00:00+01:00', '2026-11-23T11:00:00+01:00', '2026-11-30T11:00:00+01:00'] }),
    ]);
    expect(out).toEqual([
      { id: 'a', allowed: true, reasons: [], rules: [] },
      { id: 'b', allowed: false, reasons: ['outside_calling_hours'], rules: ['C. consom. D.223-9 al. 1'] },
      { id: 'c', allowed: false, reasons: ['consent_missing'], rules: ['C. consom. L.223-1; loi 2025-594 art. 13 III'] },
      { id: 'd', allowed: true, reasons: [], rules: [] },
      { id: 'e', allowed: false, reasons: ['attempt_cap_reached'], rules: ['C. consom. D.223-9 al. 3'] },
    ]);
    expect(counts).toEqual({ allowed: 2, denied: 3, errors: 0 });
  });

  it('only `at` is required: a missing channel or purpose is read as the strictest case (phone, prospecting), a missing id as null', async () => {
    const evening = '2026-12-07T20:10:00+01:00';
    const { out, counts } = await run([
      JSON.stringify({ at: evening }),
      JSON.stringify({ id: 'sms', channel: 'sms', at: evening }),
      JSON.stringify({ id: 'service', purpose: 'service', at: evening }),
      JSON.stringify({ id: 42, consent: 'given', at: '2026-12-07T10:00:00+01:00' }),
    ]);
    expect(out).toEqual([
      // phone prospecting without consent, at 20:10: both the consent and the hours refuse it.
      { id: null, allowed: false, reasons: ['consent_missing', 'outside_calling_hours'], rules: ['C. consom. L.223-1; loi 2025-594 art. 13 III', 'C. consom. D.223-9 al. 1'] },
      { id: 'sms', allowed: false, reasons: ['consent_missing'], rules: [expect.any(String)] },
      // a phone call about a contract, in the evening: outside the canvassing rules.
      { id: 'service', allowed: true, reasons: [], rules: [] },
      { id: 42, allowed: true, reasons: [], rules: [] },
    ]);
    expect(counts).toEqual({ allowed: 2, denied: 2, errors: 0 });
  });

  it('a bad line gets {id, error} with a clear message and the others still run', async () => {
    const at = '2026-12-07T11:00:00+01:00';
    const { out, counts } = await run([
      '{not json',
      '[1]',
      JSON.stringify({ id: true, ...ok, at }),
      JSON.stringify({ id: '', ...ok, at }),
      JSON.stringify({ id: 'no-at', ...ok }),
      JSON.stringify({ id: 'typo', ...ok, at, ongoingcontract: true }),
      JSON.stringify({ id: 'fax', ...ok, channel: 'fax', at }),
      JSON.stringify({ id: 'bool', ...ok, at, gpc: 'yes' }),
      JSON.stringify({ id: 'local', ...ok, at: '2026-12-07T11:00:00' }),
      JSON.stringify({ id: 'attempt', ...ok, at, attempts: ['2026-12-01T11:00:00Z', 'yesterday'] }),
      JSON.stringify({ id: 'zone', ...ok, at, tz: 'Mars/Olympus' }),
      JSON.stringify({ id: 'be', ...ok, at, country: 'BE' }),
      JSON.stringify({ id: 'old', ...ok, at: '2015-01-05T11:00:00+01:00' }),
      JSON.stringify({ id: 'fine', ...ok, at }),
    ]);
    expect(counts).toEqual({ allowed: 1, denied: 0, errors: 13 });
    expect(out.map((o) => [o.id, o.error])).toEqual([
      [null, expect.stringMatching(/^Invalid JSON/)],
      [null, 'Each line must be a JSON object, got an array'],
      [null, 'Field "id" must be a string or a number, got a boolean'],
      ['', 'Field "id" must not be empty'],
      ['no-at', 'Missing field "at"'],
      ['typo', 'Unknown field "ongoingcontract"'],
      ['fax', 'Field "channel" must be one of "phone", "sms", "email", "post", got "fax"'],
      ['bool', 'Field "gpc" must be a boolean, got a string'],
      ['local', expect.stringMatching(/^Field "at": Invalid instant "2026-12-07T11:00:00": expected an ISO 8601 date-time with a time zone offset/)],
      ['attempt', expect.stringMatching(/^Field "attempts\[1\]": Invalid instant "yesterday"/)],
      ['zone', 'Field "tz": Unknown time zone "Mars/Olympus": expected an IANA name such as "Europe/Paris"'],
      ['be', 'Field "country" must be one of "FR", got "BE"'],
      ['old', 'No contact rules in force on 2015-01-05: the FR pack starts on 2016-06-01'],
      ['fine', undefined],
    ]);
  });

  it('lists every problem of a line at once', async () => {
    const { out } = await run([JSON.stringify({ id: 'x', channel: 'fax', purpose: 'selling', at: '2026-12-07T11:00:00Z', colour: 'red' })]);
    expect(out[0]).toEqual({
      id: 'x',
      error: 'Field "channel" must be one of "phone", "sms", "email", "post", got "fax"; Field "purpose" must be one of "prospecting", "service", got "selling"; Unknown field "colour"',
    });
  });
});
