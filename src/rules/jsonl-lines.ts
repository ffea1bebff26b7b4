/**
 * Reading JSON Lines input one line at a time, for the batch runners of the rules (deadlines,
 * contact decisions): a Node readable stream (bytes or text, split with readline, CRLF accepted),
 * or an AsyncIterable<string> whose items are lines (an item holding newlines is split).
 * Blank lines are skipped; nothing is buffered, so output can follow input line by line.
 */
import { createInterface } from 'node:readline';

function isNodeStream(input: AsyncIterable<string> | NodeJS.ReadableStream): input is NodeJS.ReadableStream {
  const candidate = input as { pipe?: unknown; on?: unknown };
  return typeof candidate.pipe === 'function' && typeof candidate.on === 'function';
}

/** Calls `handle` with each non-blank line of `input`, in order, without its line ending. */
export async function forEachJsonLine(input: AsyncIterable<string> | NodeJS.ReadableStream, handle: (line: string) => void): Promise<void> {
  const each = (raw: string): void => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') handle(line);
  };
  if (isNodeStream(input)) {
    const rl = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of rl) each(line);
    } finally {
      rl.close();
    }
    return;
  }
  for await (const item of input) {
    if (item.includes('\n')) for (const part of item.split('\n')) each(part);
    else each(item);
  }
}

/** A short description of a JSON value's type for error messages ("an array", "a string"). */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
