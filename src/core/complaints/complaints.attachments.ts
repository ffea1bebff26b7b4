/**
 * Attachments of complaints: which files are accepted (by their bytes, not their name), the
 * limits, and the encryption of their content.
 *
 * Storage choice: the encrypted bytes live in the database (`complaint_attachments.content`),
 * not as files under the data directory, because (1) a file is committed in the same
 * transaction as the complaint or message it belongs to, so a reference returned to the
 * customer never points to a missing file, even after a crash; (2) erasure deletes the rows in
 * the erasure transaction (a file deletion cannot be rolled back with it); (3) `confiance backup`
 * and `restore` carry them with everything else; (4) several app instances on one PostgreSQL
 * share them without a shared disk. The limits below keep the volume small.
 *
 * Encryption: each file gets a random AES-256-GCM key; that key is stored wrapped by the
 * customer's subject key (FieldCipher). Erasing the customer destroys the subject key, so every
 * file key — and every file — becomes unreadable even in old backups (crypto-shredding).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Limits of attachments (abuse resistance without obstacles: a few scans or photos fit). */
export const ATTACHMENT_LIMITS = {
  /** Bytes per file. */
  fileBytes: 5 * 1024 * 1024,
  /** Bytes of all files of one complaint. */
  complaintBytes: 20 * 1024 * 1024,
  /** Files per complaint. */
  files: 10,
  /** Characters of a file name kept. */
  nameChars: 200,
} as const;

/** Accepted kinds of file, with the extensions each may carry. */
export const ATTACHMENT_KINDS = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  png: { mime: 'image/png', extensions: ['png'] },
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  webp: { mime: 'image/webp', extensions: ['webp'] },
  text: { mime: 'text/plain', extensions: ['txt', 'text', 'log', 'csv'] },
} as const;
export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;
export const ATTACHMENT_KIND_NAMES = Object.keys(ATTACHMENT_KINDS) as AttachmentKind[];

const startsWith = (data: Buffer, bytes: readonly number[], offset = 0) => data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * Text is accepted when it is valid UTF-8 without control characters other than tab, line feed,
 * carriage return and form feed: binary files (executables, archives, office files) never are.
 */
function isPlainText(data: Buffer): boolean {
  if (data.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The kind of a file from its first bytes (magic numbers), or null when it is none we accept. */
export function detectKind(data: Buffer): AttachmentKind | null {
  if (startsWith(data, ascii('%PDF-'))) return 'pdf';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'webp';
  if (isPlainText(data)) return 'text';
  return null;
}

/** The extension of a file name, lower case, without the dot ('' when none). */
export function extensionOf(filename: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(filename.trim());
  return match?.[1]?.toLowerCase() ?? '';
}

/**
 * A file name safe to store and to send back: no path, no control characters, bounded length,
 * the extension kept. Browsers send only the base name; other clients may send a path.
 */
export function cleanFilename(filename: string, kind: AttachmentKind): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const fallback = `file.${ATTACHMENT_KINDS[kind].extensions[0]}`;
  if (!clean || clean === '.' || clean === '..') return fallback;
  if (clean.length <= ATTACHMENT_LIMITS.nameChars) return clean;
  const ext = extensionOf(clean);
  return ext ? `${clean.slice(0, ATTACHMENT_LIMITS.nameChars - ext.length - 1)}.${ext}` : clean.slice(0, ATTACHMENT_LIMITS.nameChars);
}

/** A file offered for upload. */
export interface AttachmentCandidate {
  filename: string;
  data: Buffer;
  truncated: boolean;
}

/** Why a file is refused; the portal and the API say it in the user's language. */
export type AttachmentProblem = 'type' | 'file_size' | 'total_size' | 'count' | 'empty';

/** An accepted file, ready to encrypt. */
export interface AcceptedAttachment {
  filename: string;
  kind: AttachmentKind;
  data: Buffer;
}

/**
 * Checks new files against the rules, given what the complaint already holds: the type is read
 * from the bytes and must agree with the extension (a PNG named .pdf, or a script named .txt that
 * is not text, is refused), then size per file, count and total size per complaint.
 */
export function checkAttachments(
  files: readonly AttachmentCandidate[],
  existing: { count: number; bytes: number },
): { ok: true; files: AcceptedAttachment[] } | { ok: false; problem: AttachmentProblem; filename: string } {
  const accepted: AcceptedAttachment[] = [];
  let count = existing.count;
  let bytes = existing.bytes;
  for (const file of files) {
    const filename = file.filename.split(/[\\/]/).pop() ?? file.filename;
    if (file.truncated || file.data.length > ATTACHMENT_LIMITS.fileBytes) return { ok: false, problem: 'file_size', filename };
    if (file.data.length === 0) return { ok: false, problem: 'empty', filename };
    const kind = detectKind(file.data);
    const extensions: readonly string[] = kind ? ATTACHMENT_KINDS[kind].extensions : [];
    if (!kind || !extensions.includes(extensionOf(filename))) return { ok: false, problem: 'type', filename };
    count += 1;
    bytes += file.data.length;
    if (count > ATTACHMENT_LIMITS.files) return { ok: false, problem: 'count', filename };
    if (bytes > ATTACHMENT_LIMITS.complaintBytes) return { ok: false, problem: 'total_size', filename };
    accepted.push({ filename: cleanFilename(filename, kind), kind, data: file.data });
  }
  return { ok: true, files: accepted };
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A fresh random key for one file. */
export function generateFileKey(): Buffer {
  return randomBytes(32);
}

/** AES-256-GCM of a file's bytes; the attachment id is bound as additional data (no swapping of rows). */
export function sealFile(key: Buffer, attachmentId: string, data: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`complaint-attachment:${attachmentId}`, 'utf8'));
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The bytes of a file sealed by {@link sealFile}; throws when the key, id or bytes do not match. */
export function openFile(key: Buffer, attachmentId: string, sealed: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('sealed file too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(`complaint-attachment:${attachmentId}`, 'utf8'));
  decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/** Content-Disposition for a download: ASCII fallback plus the UTF-8 name (RFC 6266, RFC 5987). */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
