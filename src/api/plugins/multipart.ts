/**
 * multipart/form-data for HTML forms with file inputs (they work without JavaScript) and for
 * uploads from the back office. @fastify/multipart (busboy, streaming) parses the parts; each
 * file is read into memory up to a bound, so a huge or endless upload never fills the memory:
 * past the bound the rest is drained and the file is marked `truncated`, and the route answers
 * with its own localized message ("file too big") instead of a bare 413 that would lose the form.
 */
import type { FastifyInstance } from 'fastify';
import multipart, { type MultipartFile } from '@fastify/multipart';
import { z } from 'zod';

/** The largest file any route accepts; routes check their own, lower limits. */
export const UPLOAD_MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Bytes of files kept in memory for one request; later files are drained and marked truncated. */
export const UPLOAD_MAX_REQUEST_BYTES = 32 * 1024 * 1024;
/** Parts past these counts end the request with a 413 (a form never sends that many). */
const MAX_FILES = 50;
const MAX_FIELDS = 100;

/** A file as a multipart route receives it in its body. */
export interface UploadedFile {
  filename: string;
  /** What the browser claimed; never trusted for the type (routes look at the bytes). */
  mimetype: string;
  data: Buffer;
  /** True when the file was larger than the bound and was cut. */
  truncated: boolean;
}

/** Zod schema of one uploaded file in a route body (a JSON or urlencoded body cannot forge one). */
export const UploadedFileSchema = z.object({
  filename: z.string(),
  mimetype: z.string(),
  data: z.custom<Buffer>((value) => Buffer.isBuffer(value), { message: 'file' }),
  truncated: z.boolean(),
});

/** An optional file input: absent, one file, or several (`<input type="file" multiple>`). */
export const UploadedFilesSchema = z
  .union([UploadedFileSchema, z.array(UploadedFileSchema)])
  .optional()
  .transform((value): UploadedFile[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

declare module 'fastify' {
  interface FastifyRequest {
    /** True from the start of multipart parsing until the body is attached: a failure then is the client's malformed body. */
    parsingMultipart: boolean;
  }
}

async function drain(file: MultipartFile['file']): Promise<void> {
  for await (const chunk of file) void chunk;
}

/** Registers the multipart parser: fields become strings, files {@link UploadedFile}s in `request.body`. */
export async function registerMultipart(app: FastifyInstance): Promise<void> {
  /** Bytes of uploaded files held in memory, per request in flight of this app (forgotten with the request). */
  const heldBytes = new WeakMap<object, number>();
  // Busboy reports a missing boundary or a truncated body as a plain Error (no status): these two
  // hooks around the plugin's own parsing hook let the error handler answer 400, not 500.
  app.decorateRequest('parsingMultipart', false);
  app.addHook('preValidation', async (request) => {
    request.parsingMultipart = request.isMultipart();
  });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: UPLOAD_MAX_FILE_BYTES, files: MAX_FILES, fields: MAX_FIELDS, parts: MAX_FILES + MAX_FIELDS, fieldSize: 64 * 1024 },
    async onFile(part) {
      const used = heldBytes.get(this) ?? 0;
      let data: Buffer = Buffer.alloc(0);
      let truncated: boolean;
      if (used >= UPLOAD_MAX_REQUEST_BYTES) {
        await drain(part.file);
        truncated = true;
      } else {
        data = await part.toBuffer();
        truncated = part.file.truncated || used + data.length > UPLOAD_MAX_REQUEST_BYTES;
        heldBytes.set(this, used + data.length);
        if (truncated) data = Buffer.alloc(0);
      }
      // A file input left empty still sends a part with no name and no bytes: it is no file.
      const value: UploadedFile | undefined = part.filename === '' && data.length === 0 && !truncated ? undefined : { filename: part.filename, mimetype: part.mimetype, data, truncated };
      // keyValues puts `value` in the body; `_buf` (the same bytes) is dropped so an empty input adds no key.
      Object.assign(part, { value, _buf: null });
    },
  });
  app.addHook('preValidation', async (request) => {
    request.parsingMultipart = false;
  });
}
