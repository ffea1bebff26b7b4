/**
 * Raw uploads too large for a multipart body held in memory (an opposition list extract of
 * 150 MB): a route declared with `streamBody` receives an `application/octet-stream` body as the
 * request's stream, unread, and spools it with {@link spoolUpload} into a file of the data
 * directory, encrypted with a key that lives only in memory, so a crash leaves no readable copy of
 * the personal data it holds. Memory stays bounded (a few 64 KiB chunks) whatever the size.
 *
 * Why a spool and not a load straight from the socket: Node's `requestTimeout` (60 s here) bounds
 * the time to receive a whole request; a load throttling the socket to the database's pace would
 * make a large upload outlive it. Received at network speed, the file is then read at the
 * service's pace with no clock running, and it can be read twice (its hash, then its load).
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, readdir, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads its `application/octet-stream` body as a stream (see stream-body.ts). */
    streamBody?: boolean;
  }
}

/**
 * A spool file untouched for this long belongs to no live upload: a live one is written at network
 * speed (Node's 60 s request timeout bounds a stall), then touched every {@link SPOOL_HEARTBEAT_MS}
 * while it is read, however long its load takes.
 */
export const SPOOL_STALE_MS = 15 * 60_000;
const SPOOL_HEARTBEAT_MS = 60_000;
/** The only names a sweep removes: what {@link spoolUpload} writes. */
const SPOOL_NAME = /^upload-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.spool$/;

/** Where uploads are spooled under the data directory. */
export const uploadSpoolDir = (dataDir: string): string => path.join(dataDir, 'uploads');

/**
 * Removes the spool files of `dir` that no live upload holds: those a crash or a kill left behind
 * (the process that wrote them never reached its `remove`). Their key died with that process, so
 * they are unreadable, but they are copies of personal data nobody will ever read again, which the
 * data directory keeps no longer than needed (GDPR Art. 5(1)(e)), and they fill the disk. Only
 * files named as spools, untouched for `staleMs`, are removed: another process sharing the data
 * directory (several servers on one PostgreSQL) keeps its live uploads, touched every minute.
 * Runs at boot and before each new upload; returns how many files it removed.
 */
export async function sweepStaleSpools(dir: string, now: number = Date.now(), staleMs: number = SPOOL_STALE_MS): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names) {
    if (!SPOOL_NAME.test(name)) continue;
    const file = path.join(dir, name);
    try {
      // lstat: a link named like a spool is not followed, and not removed.
      const info = await lstat(file);
      if (!info.isFile() || now - info.mtimeMs < staleMs) continue;
      await rm(file, { force: true });
      removed++;
    } catch (err) {
      // Removed meanwhile by its upload or by another sweep: nothing left to do.
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
  }
  return removed;
}

/** An uploaded body spooled to disk: its size, a way to read it (as often as needed) and to remove it. */
export interface SpooledUpload {
  bytes: number;
  /** A fresh stream of the body's bytes, decrypted. */
  open(): Readable;
  /** Deletes the spool file (idempotent); call it in a `finally`. */
  remove(): Promise<void>;
}

/**
 * Lets `streamBody` routes take `application/octet-stream` bodies as unread streams. Other routes
 * answer 415, as before this parser existed (Fastify has none for that type).
 */
export function registerStreamBody(app: FastifyInstance): void {
  app.addContentTypeParser('application/octet-stream', (request, payload, done) => {
    if (request.routeOptions.config.streamBody) done(null, payload);
    else done(new AppError('unsupported_media_type'), undefined);
  });
}

/**
 * Counts the bytes going through; past `max` it drops them (the body is still read to its end, so
 * the answer can be sent on a connection still in step) and notes the overflow.
 */
function limiter(max: number): Transform & { bytes: number; overflow: boolean } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      if (counter.bytes > max) counter.overflow = true;
      callback(null, counter.overflow ? undefined : chunk);
    },
  }) as Transform & { bytes: number; overflow: boolean };
  counter.bytes = 0;
  counter.overflow = false;
  return counter;
}

/**
 * Writes the request's body (the stream a `streamBody` route receives) to an encrypted spool file
 * under `dir`. Refuses a body that is not `application/octet-stream` (415) and one larger than
 * `maxBytes` with `tooLarge()`: at once from its Content-Length (the connection then closes, the
 * rest unread), else once the body has ended (what passed the bound is dropped, never stored). A
 * client that goes away mid-upload gets a 400 it will never read, not a logged 500.
 */
export async function spoolUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  /** `tooLarge` gets the body's size: its declared length, or the bytes counted to its end. */
  options: { dir: string; maxBytes: number; tooLarge: (bytes: number) => AppError },
): Promise<SpooledUpload> {
  const body = request.body;
  if (!(body instanceof Readable)) throw new AppError('unsupported_media_type');
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    void reply.header('connection', 'close');
    throw options.tooLarge(declared);
  }
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  // What earlier crashes left is cleared as a new upload starts (best effort: never fails the upload).
  await sweepStaleSpools(options.dir).then(
    (removed) => {
      if (removed > 0) request.log.info({ removed }, 'stale upload spools removed');
    },
    (err: unknown) => request.log.warn({ err }, 'stale upload spools not swept'),
  );
  const file = path.join(options.dir, `upload-${randomUUID()}.spool`);
  // AES-256-GCM, key and nonce drawn per upload and never written: the spool is unreadable once
  // this process forgets them (a crash, a kill), and a damaged file fails its tag when read back.
  const key = randomBytes(32);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const count = limiter(options.maxBytes);
  const removeFile = () => rm(file, { force: true });
  try {
    await pipeline(body, count, cipher, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  } catch (err) {
    await removeFile();
    // The client closed the connection before the end of its body: nothing to answer.
    if ((err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE' || request.raw.aborted) throw new AppError('bad_request');
    throw err;
  }
  if (count.overflow) {
    await removeFile();
    throw options.tooLarge(count.bytes);
  }
  const tag = cipher.getAuthTag();
  // Read at the service's pace (minutes for a large extract): touched meanwhile, so no sweep takes it for stale.
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, SPOOL_HEARTBEAT_MS);
  heartbeat.unref();
  const remove = () => {
    clearInterval(heartbeat);
    return removeFile();
  };
  return {
    bytes: count.bytes,
    open() {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      const source = createReadStream(file);
      source.on('error', (err) => decipher.destroy(err));
      // A reader that stops early (a bad file refused at its first lines) closes the file too.
      decipher.on('close', () => source.destroy());
      return source.pipe(decipher);
    },
    remove,
  };
}
