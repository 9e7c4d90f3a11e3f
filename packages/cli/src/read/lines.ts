/**
 * Line-by-line reading of JSON-lines files with 1-based line numbers, streaming (memory
 * bounded by the longest line, not the file).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One line of a file. */
export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
}

/**
 * Yields the lines of a file; blank lines are skipped but counted. `onBytes` reports bytes
 * read so far (for progress bars).
 * @throws the fs error (ENOENT...) when the file cannot be opened.
 * @example for await (const { text, number } of readLines('logs.jsonl')) { ... }
 */
export async function* readLines(file: string, onBytes?: (bytesRead: number) => void): AsyncGenerator<Line> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  if (onBytes) stream.on('data', () => onBytes(stream.bytesRead));
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const text of rl) {
      number++;
      if (text.trim() === '') continue;
      yield { text, number };
    }
  } finally {
    rl.close();
    stream.destroy();
  }
}
