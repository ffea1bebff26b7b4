/**
 * The HTTP side of the CSV imports of records (src/core/csv-import.ts): one multipart form, one
 * report shape, and one way to answer a file refused whole (400 in the user's language).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RequestContext } from '../core/context.ts';
import { IMPORT_MAX_BYTES, ImportFileError, type ImportMode } from '../core/csv-import.ts';
import { AppError } from '../core/errors.ts';
import { t } from '../i18n/index.ts';
import { UploadedFileSchema } from './plugins/multipart.ts';

/** The import form (multipart): the CSV file, dry run or commit, and for a commit the hash the dry run reported. */
export const ImportFormSchema = z
  .object({
    file: UploadedFileSchema,
    mode: z.enum(['dry_run', 'commit']),
    expectedHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();

/** An import's report: the counts every import gives, then `totals` of its own; each row's status, then its `columns`, then why it was rejected. */
export function importReportSchema<T extends z.ZodRawShape, C extends z.ZodRawShape>(totals: T, columns: C) {
  return z.object({
    mode: z.enum(['dry_run', 'commit']),
    fileHash: z.string(),
    totals: z.object({
      rows: z.number(),
      accepted: z.number(),
      rejected: z.number(),
      alreadyImported: z.number(),
      ...totals,
    }),
    results: z.array(
      z.object({
        line: z.number(),
        status: z.enum(['accepted', 'rejected', 'already_imported']),
        ...columns,
        reason: z.string().nullable(),
        message: z.string().nullable(),
      }),
    ),
    truncated: z.boolean(),
  });
}

/**
 * Reads the import form and runs the import: a file the upload cut short or larger than
 * {@link IMPORT_MAX_BYTES} is refused as too large, and a file refused whole answers 400 with its
 * message (`<namespace>.import.file.<code>`) on the `file` field.
 */
export async function runCsvImport<R>(
  ctx: RequestContext,
  body: unknown,
  reply: FastifyReply,
  namespace: 'consent' | 'contact',
  run: (file: Uint8Array, mode: ImportMode, expectedHash: string | undefined) => Promise<R>,
): Promise<R | FastifyReply> {
  const form = ImportFormSchema.safeParse(body ?? {});
  if (!form.success)
    throw new AppError(
      'validation',
      {},
      form.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code })),
    );
  const { file, mode, expectedHash } = form.data;
  try {
    if (file.truncated || file.data.byteLength > IMPORT_MAX_BYTES)
      throw new ImportFileError('too_large', { max: IMPORT_MAX_BYTES / 1024 / 1024 });
    return await run(file.data, mode, expectedHash);
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    const message = t(ctx.locale, `${namespace}.import.file.${err.code}`, err.params);
    return reply.status(400).send({ error: { code: 'validation', message, issues: [{ path: 'file', message }] } });
  }
}
