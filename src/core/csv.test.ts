import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvError, csvLine, decodeUtf8, detectDelimiter, readCsv, recordsToCsv, toCsv, UTF8_BOM } from './csv.ts';

/** One cell as written: a line of one value, without its CRLF. */
const csvCell = (value: unknown, separator: ',' | ';' = ',') => csvLine([value], separator).slice(0, -2);

const rows = (text: string) => [...readCsv(text)].map((r) => r.fields);

describe('CSV reading', () => {
  it('reads quoted fields, doubled quotes, CRLF and embedded newlines, with the line each record starts on', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""",z\r\n"two\nlines",2,3\n\nlast,,\n';
    expect([...readCsv(text)]).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'z'] },
      { line: 3, fields: ['two\nlines', '2', '3'] },
      { line: 6, fields: ['last', '', ''] },
    ]);
  });

  it('takes the delimiter from the header (French spreadsheets write semicolons)', () => {
    expect(detectDelimiter('email;purpose;source\na,b;c;d')).toBe(';');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    expect(rows('email;purpose\n"a;b";c')).toEqual([
      ['email', 'purpose'],
      ['a;b', 'c'],
    ]);
  });

  it('refuses an unclosed quote and a file that is not UTF-8, and skips a byte-order mark', () => {
    expect(() => rows('a,b\n"open,2\n')).toThrow(CsvError);
    expect(() => decodeUtf8(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toThrow(CsvError);
    expect(decodeUtf8(new TextEncoder().encode('\uFEFFemail'))).toBe('email');
  });

  it('counts lines as an editor shows them: a CRLF inside a quoted cell is one line break', () => {
    expect(readCsv('a,b\r\n"x\r\ny",2\r\n\r\nlast,3\n').map((r) => r.line)).toEqual([1, 2, 5]);
    const thrown = (text: string) => {
      try {
        readCsv(text);
      } catch (err) {
        return err;
      }
      return null;
    };
    // The quote opens on line 4, after two blank lines; it runs to the end of the file.
    expect(thrown('a,b\n\n\n"open,2\nmore\n')).toMatchObject({ code: 'unclosed_quote', line: 4 });
    expect(thrown('a,b\n"two\nlines",2\n"open,2\n')).toMatchObject({ code: 'unclosed_quote', line: 4 });
  });

  it('writes cells that read back the same, and defuses spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+33 1')).toBe("'+33 1");
    expect(csvCell(null)).toBe('');
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s)),
            { minLength: 2, maxLength: 5 },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (table) => {
          const width = table[0]!.length;
          const same = table.map((r) => [...r, ...Array<string>(width).fill('')].slice(0, width));
          const text = same.map((r) => csvLine(r)).join('');
          const back = [...readCsv(text, ',')].map((r) => r.fields);
          // A record that is one empty field is a blank line, which reading skips.
          expect(back).toEqual(same.filter((r) => !(r.length === 1 && r[0] === '')));
        },
      ),
    );
  });
});

describe('CSV writing', () => {
  it('quotes cells with the separator, quotes or line breaks, doubling quotes', () => {
    expect(csvCell('plain', ',')).toBe('plain');
    expect(csvCell('a,b', ',')).toBe('"a,b"');
    expect(csvCell('a,b', ';')).toBe('a,b');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
    expect(csvCell('say "hi"', ',')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines', ',')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere', ',')).toBe('"cr\rhere"');
    expect(csvCell('', ',')).toBe('');
  });

  it('neutralises formulas (CSV injection)', () => {
    for (const v of ['=1+1', '+33 1 23', '-2', '@SUM(A1)']) expect(csvCell(v, ',').startsWith("'")).toBe(true);
    expect(csvCell('=A1,B1', ',')).toBe(`"'=A1,B1"`);
  });

  it('defuses full-width formula signs too, leaves negative numbers, and writes booleans and dates as before', () => {
    expect(csvCell('\uFF1D1+1')).toBe("'\uFF1D1+1");
    expect(csvCell(-2)).toBe('-2');
    expect(csvLine([true, false, new Date('2026-01-02T03:04:05Z')])).toBe('true,false,"""2026-01-02T03:04:05.000Z"""\r\n');
  });

  it('starts with the UTF-8 BOM and ends lines with CRLF', () => {
    const text = toCsv([['é', 'ü'], ['1', '2']], ';');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text).toBe(`${UTF8_BOM}é;ü\r\n1;2\r\n`);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('writes records under the union of their keys; objects as JSON, null as empty', () => {
    expect(recordsToCsv([{ a: 1, b: null }, { b: { x: 1 }, c: 'z' }])).toBe(`${UTF8_BOM}a,b,c\r\n1,,\r\n,"{""x"":1}",z\r\n`);
  });
});
