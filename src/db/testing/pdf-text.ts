/**
 * Reading a PDF in tests without a PDF library: the streams Chromium compresses are inflated with
 * node:zlib, and the text strings it writes (document title, outline entries) are decoded. Page
 * text itself is glyph ids, so a test checks what the outline and the title say.
 */
import { inflateSync } from 'node:zlib';

/** The PDF's bytes with its compressed streams inflated (objects may sit in object streams). */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out = [raw];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream (images, fonts): skipped
    }
    re.lastIndex = end;
  }
  return out.join('\n');
}

/** Every text string of the PDF (document title, outline entries), decoded: (literal) or <FEFF UTF-16BE hex>. */
export function pdfStrings(pdf: Buffer): string {
  const text = pdfText(pdf);
  const strings: string[] = [];
  for (const [, hex] of text.matchAll(/<(FEFF[0-9A-Fa-f\s]*)>/g)) {
    const bytes = Buffer.from((hex ?? '').replace(/\s/g, ''), 'hex');
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes.readUInt16BE(i));
    strings.push(s);
  }
  for (const [, lit] of text.matchAll(/\/Title\s*\(((?:\\.|[^\\)])*)\)/g)) strings.push((lit ?? '').replace(/\\(.)/g, '$1'));
  return strings.join('\n');
}
