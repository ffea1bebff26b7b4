/**
 * The request log names the route, never the URL: URLs carry secrets (private complaint tracking
 * links, signed download and withdrawal tokens) that must not end up in log files.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Runtime } from '../runtime.ts';
import { createTestRuntime } from '../db/testing/runtime.ts';

const lines: string[] = [];
let rt: Runtime;

beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  rt = await createTestRuntime({ logger: pino({ level: 'info' }, sink) });
});
afterAll(() => rt.close());

it('logs method, route pattern, status and time of each request, without the path or query it was called with', async () => {
  const secret = 'S3cr3t-tracking-token-0123456789abcdef';
  await rt.app.inject({ method: 'GET', url: `/portal/no-such-org/complaints/track/${secret}?t=${secret}` });
  await rt.app.inject({ method: 'GET', url: `/health?token=${secret}` });
  const log = lines.join('');
  expect(log).not.toContain(secret);
  const completed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request completed');
  expect(completed.map((l) => [l.method, l.route, l.statusCode])).toEqual(
    expect.arrayContaining([
      ['GET', '/health', 200],
      ['GET', expect.stringMatching(/^\/portal\//), expect.any(Number)],
    ]),
  );
});
