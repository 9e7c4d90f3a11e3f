/**
 * Line-by-line reading of JSON-lines files with 1-based line numbers, streaming (memory
 * bounded by the longest line, not the file). Lines are split on the raw bytes and handed
 * out as Buffers, so a caller can skip a line with a byte search before paying for UTF-8
 * decoding and JSON parsing (readline decodes and regex-splits everything, several times
 * slower on the long lines batches make).
 */
import { open } from 'node:fs/promises';

/** One line of a file. */
export interface LineBytes {
  /** The line without its newline (a view into a shared buffer: decode it before the next line). */
  bytes: Buffer;
  /** 1-based line number. */
  number: number;
}

const CHUNK = 1 << 20;
const NEWLINE = 0x0a;

function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/**
 * Yields the non-blank lines of a file as bytes (a trailing `\r` is kept; JSON.parse ignores
 * it). `onBytes` reports bytes read so far (for progress bars).
 * @throws the fs error (ENOENT...) when the file cannot be opened.
 * @example for await (const { bytes, number } of readLineBytes('logs.jsonl')) { ... }
 */
export async function* readLineBytes(file: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<LineBytes> {
  const handle = await open(file, 'r');
  try {
    let carry: Buffer[] = [];
    let carryLength = 0;
    let number = 0;
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      onBytes?.(total);
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(NEWLINE, start);
        if (nl === -1 || nl >= bytesRead) break;
        let line = buf.subarray(start, nl);
        if (carryLength > 0) {
          line = Buffer.concat([...carry, line]);
          carry = [];
          carryLength = 0;
        }
        number++;
        if (!isBlank(line)) yield { bytes: line, number };
        start = nl + 1;
      }
      if (start < bytesRead) {
        carry.push(buf.subarray(start, bytesRead));
        carryLength += bytesRead - start;
      }
    }
    if (carryLength > 0) {
      const line = Buffer.concat(carry);
      number++;
      if (!isBlank(line)) yield { bytes: line, number };
    }
  } finally {
    await handle.close();
  }
}

/** One decoded line. */
export interface Line {
  text: string;
  number: number;
}

/**
 * Yields the non-blank lines of a file as strings.
 * @example for await (const { text, number } of readLines('logs.jsonl')) { ... }
 */
export async function* readLines(file: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<Line> {
  for await (const { bytes, number } of readLineBytes(file, onBytes)) yield { text: bytes.toString('utf8'), number };
}
