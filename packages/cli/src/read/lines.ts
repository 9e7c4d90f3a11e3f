/**
 * Line-by-line reading of JSON-lines files with 1-based line numbers, streaming (memory
 * bounded by the longest line, at most {@link MAX_LINE_BYTES}, not the file). Lines are split
 * on the raw bytes and handed out as Buffers, so a caller can skip a line with a byte search
 * before paying for UTF-8 decoding and JSON parsing (readline decodes and regex-splits
 * everything, several times slower on the long lines batches make). Only regular files are
 * read (see inputFile.ts).
 */
import { openInputFile } from './inputFile.js';
import { LineSplitter, LineTooLongError, MAX_LINE_BYTES, type LineBytes } from './lineSplitter.js';

export type { LineBytes } from './lineSplitter.js';

const CHUNK = 1 << 20;

/**
 * Yields the non-blank lines of a file as bytes (a trailing `\r` is kept; JSON.parse ignores
 * it); the last line needs no newline. `onBytes` reports bytes read so far (for progress bars).
 * @throws the fs error (ENOENT...) when the file cannot be opened; UsageError for a symlink
 *   loop or a file that is not regular (FIFO, device...); {@link LineTooLongError} naming
 *   file:line as soon as a line passes {@link MAX_LINE_BYTES}.
 * @example for await (const { bytes, number } of readLineBytes('logs.jsonl')) { ... }
 */
export async function* readLineBytes(file: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<LineBytes> {
  const handle = await openInputFile(file);
  try {
    const splitter = new LineSplitter();
    // One buffer for the whole file: lines are views into it, used before the next read.
    const buf = Buffer.allocUnsafe(CHUNK);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      onBytes?.(total);
      for (const line of splitter.push(buf.subarray(0, bytesRead))) {
        if ('tooLong' in line) throw new LineTooLongError(file, line.number);
        yield line;
      }
    }
    const last = splitter.end();
    if (last) yield last;
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
