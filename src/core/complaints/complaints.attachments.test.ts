import { describe, expect, it } from 'vitest';
import { ATTACHMENT_KIND_VALUES } from './complaints.tables.ts';
import {
  ATTACHMENT_KIND_NAMES,
  ATTACHMENT_LIMITS,
  checkAttachments,
  cleanFilename,
  contentDisposition,
  detectKind,
  generateFileKey,
  openFile,
  sealFile,
} from './complaints.attachments.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([1, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const TEXT = Buffer.from('Facture n° 12345 — comptée deux fois.\r\n\tMerci.\n');
const EXE = Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);

describe('attachment types are read from the bytes', () => {
  it('recognises PDF, PNG, JPEG, WebP and UTF-8 text by their first bytes', () => {
    expect(detectKind(PDF)).toBe('pdf');
    expect(detectKind(PNG)).toBe('png');
    expect(detectKind(JPEG)).toBe('jpeg');
    expect(detectKind(WEBP)).toBe('webp');
    expect(detectKind(TEXT)).toBe('text');
  });

  it('refuses executables, archives (office files), invalid UTF-8 and text with control characters', () => {
    expect(detectKind(EXE)).toBeNull();
    expect(detectKind(ZIP)).toBeNull();
    expect(detectKind(Buffer.from([0x66, 0x6f, 0xc3]))).toBeNull();
    expect(detectKind(Buffer.from('abc\u0000def'))).toBeNull();
    expect(detectKind(Buffer.from('RIFF\u0001\u0000\u0000\u0000WAVE'))).toBeNull();
    expect(detectKind(Buffer.alloc(0))).toBeNull();
  });

  it('the table enum and the kinds agree', () => {
    expect([...ATTACHMENT_KIND_NAMES].sort()).toEqual([...ATTACHMENT_KIND_VALUES].sort());
  });
});

describe('checkAttachments', () => {
  const none = { count: 0, bytes: 0 };
  const file = (filename: string, data: Buffer, truncated = false) => ({ filename, data, truncated });

  it('accepts files whose extension matches their content', () => {
    const r = checkAttachments([file('facture.PDF', PDF), file('photo.jpeg', JPEG), file('notes.txt', TEXT)], none);
    expect(r).toMatchObject({ ok: true, files: [{ kind: 'pdf', filename: 'facture.PDF' }, { kind: 'jpeg' }, { kind: 'text' }] });
  });

  it('refuses a file whose name lies about its content, either way', () => {
    expect(checkAttachments([file('facture.pdf', PNG)], none)).toEqual({ ok: false, problem: 'type', filename: 'facture.pdf' });
    expect(checkAttachments([file('setup.txt', EXE)], none)).toMatchObject({ ok: false, problem: 'type' });
    expect(checkAttachments([file('page.html', TEXT)], none)).toMatchObject({ ok: false, problem: 'type' });
    expect(checkAttachments([file('noext', PDF)], none)).toMatchObject({ ok: false, problem: 'type' });
  });

  it('limits size per file at the byte, count and total per complaint including what it holds', () => {
    const atLimit = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_LIMITS.fileBytes - PDF.length, 0x20)]);
    expect(checkAttachments([file('a.pdf', atLimit)], none).ok).toBe(true);
    const over = Buffer.concat([atLimit, Buffer.from(' ')]);
    expect(checkAttachments([file('a.pdf', over)], none)).toMatchObject({ ok: false, problem: 'file_size' });
    expect(checkAttachments([file('a.pdf', PDF, true)], none)).toMatchObject({ ok: false, problem: 'file_size' });
    expect(checkAttachments([file('a.pdf', PDF)], { count: ATTACHMENT_LIMITS.files - 1, bytes: 0 }).ok).toBe(true);
    expect(checkAttachments([file('a.pdf', PDF)], { count: ATTACHMENT_LIMITS.files, bytes: 0 })).toMatchObject({ ok: false, problem: 'count' });
    expect(checkAttachments([file('a.pdf', PDF)], { count: 1, bytes: ATTACHMENT_LIMITS.complaintBytes - PDF.length }).ok).toBe(true);
    expect(checkAttachments([file('a.pdf', PDF)], { count: 1, bytes: ATTACHMENT_LIMITS.complaintBytes - PDF.length + 1 })).toMatchObject({ ok: false, problem: 'total_size' });
    expect(checkAttachments([file('a.txt', Buffer.alloc(0))], none)).toMatchObject({ ok: false, problem: 'empty' });
  });

  it('keeps only the base name, without control characters, and bounded', () => {
    expect(cleanFilename('C:\\Users\\jeanne\\facture.pdf', 'pdf')).toBe('facture.pdf');
    expect(cleanFilename('../../etc/"x"\u0007.pdf', 'pdf')).toBe('x.pdf');
    expect(cleanFilename('', 'png')).toBe('file.png');
    const long = cleanFilename(`${'a'.repeat(500)}.pdf`, 'pdf');
    expect(long).toHaveLength(ATTACHMENT_LIMITS.nameChars);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('Content-Disposition always downloads, with an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('reçu "mars".pdf')).toBe(`attachment; filename="re_u _mars_.pdf"; filename*=UTF-8''re%C3%A7u%20%22mars%22.pdf`);
  });
});

describe('file encryption', () => {
  it('round-trips, and fails with another key, another attachment id or altered bytes', () => {
    const key = generateFileKey();
    const sealed = sealFile(key, 'a1', PDF);
    expect(sealed.includes(PDF)).toBe(false);
    expect(openFile(key, 'a1', sealed)).toEqual(PDF);
    expect(() => openFile(generateFileKey(), 'a1', sealed)).toThrow();
    expect(() => openFile(key, 'a2', sealed)).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    expect(() => openFile(key, 'a1', altered)).toThrow();
  });
});
