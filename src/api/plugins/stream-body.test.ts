import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { registerErrorHandling } from './errors.ts';
import { SPOOL_STALE_MS, registerStreamBody, spoolUpload, sweepStaleSpools } from './stream-body.ts';

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

  it('sweeps the spools a crash left (named as spools, untouched for 15 minutes), at boot and as a new upload starts; nothing else', async () => {
    const sweep = await mkdtemp(path.join(tmpdir(), 'confiance-sweep-'));
    try {
      const name = (n: number) => `upload-0000000${n}-0000-4000-8000-000000000000.spool`;
      const old = new Date(Date.now() - SPOOL_STALE_MS - 60_000);
      const fresh = new Date(Date.now() - SPOOL_STALE_MS + 60_000);
      // Left by a crash (stale); a live upload of another process (fresh); other files, a link and a directory named like a spool.
      for (const [file, at] of [
        [name(1), old],
        [name(2), fresh],
        ['notes.txt', old],
        ['upload-x.spool', old],
      ] as const) {
        await writeFile(path.join(sweep, file), 'x');
        await utimes(path.join(sweep, file), at, at);
      }
      await mkdir(path.join(sweep, name(3)));
      await utimes(path.join(sweep, name(3)), old, old);
      await symlink(path.join(sweep, 'notes.txt'), path.join(sweep, name(4)));
      expect(await sweepStaleSpools(sweep)).toBe(1);
      expect((await readdir(sweep)).sort()).toEqual([name(2), name(3), name(4), 'notes.txt', 'upload-x.spool'].sort());
      // Later, the other process's file is stale too; a missing directory is nothing to sweep.
      expect(await sweepStaleSpools(sweep, Date.now() + 2 * SPOOL_STALE_MS)).toBe(1);
      expect(await sweepStaleSpools(path.join(sweep, 'absent'))).toBe(0);
    } finally {
      await rm(sweep, { recursive: true, force: true });
    }
    // A new upload sweeps the spool dir first: the crash's file goes, the upload's own is removed by it.
    const crashed = path.join(dir, 'upload-00000009-0000-4000-8000-000000000000.spool');
    await writeFile(crashed, 'ciphertext');
    const long = new Date(Date.now() - 2 * SPOOL_STALE_MS);
    await utimes(crashed, long, long);
    expect((await post('/streamed', '0612345678\n')).statusCode).toBe(200);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes a stream only where a route asks for one', async () => {
    expect((await post('/other', 'abc')).statusCode).toBe(415);
    const json = await app.inject({ method: 'POST', url: '/streamed', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(json.statusCode).toBe(415);
  });
});
