/**
 * Prints received log records as readable lines without letting a slow terminal or an
 * unread pipe grow memory: when the output stream already buffers more than
 * {@link MAX_BUFFERED} bytes, lines are dropped and counted, and a note says how many once
 * the stream drains. Lines come from {@link formatRecordLine}, which escapes control characters
 * in every field (see format/controlCharacters.ts): a sender cannot forge lines on the
 * receiver's console or send it escape sequences.
 */
import type { Writable } from 'node:stream';
import { formatRecordLine } from '../format/recordLine.js';
import { forEachLogRecord } from '../read/otlpValues.js';
import type { LogsData } from '../otlp/types.js';

/** Output bytes buffered before lines are dropped. */
export const MAX_BUFFERED = 1 << 20;

/** Prints batches' records to a stream. */
export interface RecordPrinter {
  print(batch: LogsData): void;
}

/**
 * A printer writing to `out`, coloured when `colour` is true.
 * @example createRecordPrinter(process.stdout, process.stdout.isTTY).print(batch)
 */
export function createRecordPrinter(out: Writable, colour: boolean): RecordPrinter {
  let dropped = 0;
  let broken = false;
  // A closed pipe (EPIPE) must not take the receiver down: stop printing instead.
  out.on('error', () => {
    broken = true;
  });
  return {
    print(batch) {
      if (broken) return;
      const lines: string[] = [];
      forEachLogRecord(batch, (entry) => {
        if (out.writableLength > MAX_BUFFERED) dropped++;
        else lines.push(formatRecordLine(entry, { colour }));
      });
      if (lines.length === 0) return;
      if (dropped > 0) {
        lines.unshift(`(mlotel: ${dropped} record lines not shown: output too slow)`);
        dropped = 0;
      }
      out.write(`${lines.join('\n')}\n`);
    },
  };
}
