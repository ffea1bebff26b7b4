import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { registerErrorHandling } from './errors.ts';
import { registerStreamBody, spoolUpload } from './stream-body.ts';

let dir: string;
let app: FastifyInstance;
/** What the streamed route saw of its spool: the file's bytes on disk, then two readings. */
let seen: { onDisk: Buffer; first: string; second: string } | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'confiance-spool-'));
  app = Fastify();
  registerErrorHandling(app);
  registerStreamBody(app);
  app.post('/streamed', { config: { streamBody: true } }, async (request, reply) => {
    const upload = await spoolUpload(request, reply, { dir, maxBytes: 1000, tooLarge: () => new AppError('payload_too_large') });
    try {
      const [file] = await readdir(dir);
      seen = { onDisk: await readFile(path.join(dir, file!)), first: await text(upload.open()), second: await text(upload.open()) };
      return { bytes: upload.bytes };
    } finally {
      await upload.remove();
    }
  });
  app.post('/other', async () => ({ ok: true }));
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (url: string, payload: string | Readable, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, headers: { 'content-type': 'application/octet-stream', ...headers }, payload });

describe('streamed bodies (stream-body.ts)', () => {
  it('spools the body encrypted, reads it back as often as asked, and removes it', async () => {
    const body = '+33612345678\n0699887766\n';
    const res = await post('/streamed', body);
    expect(res.json()).toEqual({ bytes: body.length });
    expect(seen?.first).toBe(body);
    expect(seen?.second).toBe(body);
    // On disk the numbers are not readable: the key lived in memory only.
    expect(seen?.onDisk.length).toBe(body.length);
    expect(seen?.onDisk.toString('latin1')).not.toContain('612345678');
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a body past the bound, from its declared length or once it has passed it, and keeps nothing', async () => {
    const declared = await post('/streamed', 'x'.repeat(1001));
    expect(declared.statusCode).toBe(413);
    expect(declared.headers.connection).toBe('close');
    // No Content-Length (a chunked upload): counted as it comes.
    const chunked = await post('/streamed', Readable.from([Buffer.alloc(600, 0x31), Buffer.alloc(600, 0x32)]));
    expect(chunked.statusCode).toBe(413);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes a stream only where a route asks for one', async () => {
    expect((await post('/other', 'abc')).statusCode).toBe(415);
    const json = await app.inject({ method: 'POST', url: '/streamed', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(json.statusCode).toBe(415);
  });
});
