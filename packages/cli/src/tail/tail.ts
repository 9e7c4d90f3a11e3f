/**
 * `mlotel tail`: prints the log records of `logs.jsonl` files that match a query, as
 * readable lines or flat JSON, optionally following the files as they grow. Malformed
 * lines (not JSON, or JSON of the wrong shape) are reported on stderr with file:line and
 * the reason, skipped, and counted in a last line.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { LOGS_FILE } from '../collect/collector.js';
import { escapeControlCharacters } from '../format/controlCharacters.js';
import { formatRecordLine } from '../format/recordLine.js';
import { parseLogsLine } from '../read/logsLine.js';
import { forEachLogRecord } from '../read/otlpValues.js';
import { FileLines } from './fileLines.js';
import { toFlatRecord } from './recordJson.js';
import { matchesFilter, type RecordFilter } from './recordFilter.js';

/** Options of {@link runTail}. */
export interface TailOptions {
  /** Files, or directories holding a `logs.jsonl`. */
  inputs: string[];
  filter: RecordFilter;
  /** Keep reading as the files grow, until `signal` aborts. */
  follow?: boolean;
  /** Print flat JSON objects instead of readable lines. */
  json?: boolean;
  /** Colour readable lines. */
  colour?: boolean;
  out: Writable;
  err: Writable;
  /** How often followed files are checked (ms); default 250. */
  pollMs?: number;
  signal?: AbortSignal;
}

/** What a tail run saw. */
export interface TailSummary {
  printed: number;
  malformed: number;
}

async function resolveInput(input: string): Promise<string> {
  try {
    if ((await stat(input)).isDirectory()) return join(input, LOGS_FILE);
  } catch {
    // A missing path is read as an empty file (and waited for with --follow); other
    // problems (a symlink loop...) are reported when the file is read.
  }
  return input;
}

/** Whether a line is complete JSON: a last line without its newline is shown when it is. */
function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the query over `inputs`; resolves when all is read (or, with `follow`, when
 * `signal` aborts).
 * @example await runTail({ inputs: ['mlotel-data'], filter: { minSeverity: 13 }, out: process.stdout, err: process.stderr })
 */
export async function runTail(options: TailOptions): Promise<TailSummary> {
  const files = await Promise.all(options.inputs.map(async (i) => new FileLines(await resolveInput(i), { isWhole: isCompleteJson })));
  const summary: TailSummary = { printed: 0, malformed: 0 };
  const skip = (file: FileLines, lineNumber: number, reason: string): void => {
    summary.malformed++;
    options.err.write(`mlotel tail: ${escapeControlCharacters(file.path)}:${lineNumber}: skipped malformed line (${reason})\n`);
  };
  const emit = (file: FileLines) => (text: string, lineNumber: number) => {
    const batch = parseLogsLine(text);
    if (typeof batch === 'string') return skip(file, lineNumber, batch);
    const lines: string[] = [];
    try {
      forEachLogRecord(batch, (entry) => {
        if (!matchesFilter(entry, options.filter)) return;
        lines.push(options.json ? JSON.stringify(toFlatRecord(entry)) : formatRecordLine(entry, { colour: Boolean(options.colour) }));
      });
    } catch (err) {
      // parseLogsLine checks what the readers use, so this is a shape it missed: still one line.
      return skip(file, lineNumber, escapeControlCharacters(`could not read it: ${(err as Error).message}`));
    }
    if (lines.length > 0) {
      summary.printed += lines.length;
      options.out.write(`${lines.join('\n')}\n`);
    }
  };
  for (const f of files) await f.readNew(emit(f));
  if (options.follow) await follow(files, emit, options);
  if (summary.malformed > 0) {
    options.err.write(`mlotel tail: ${summary.malformed} malformed line${summary.malformed === 1 ? '' : 's'} skipped\n`);
  }
  return summary;
}

/**
 * Reads the files again every `pollMs` until the signal aborts. A file that cannot be read
 * (replaced by a FIFO, a line over the cap...) is reported once per new problem, and the
 * others go on.
 */
async function follow(files: FileLines[], emit: (file: FileLines) => (text: string, lineNumber: number) => void, options: TailOptions): Promise<void> {
  const pollMs = options.pollMs ?? 250;
  const reported = new Map<FileLines, string>();
  const readAll = async (): Promise<void> => {
    for (const f of files) {
      try {
        await f.readNew(emit(f));
        reported.delete(f);
      } catch (err) {
        const message = escapeControlCharacters((err as Error).message);
        if (reported.get(f) !== message) options.err.write(`mlotel tail: ${message}\n`);
        reported.set(f, message);
      }
    }
  };
  await new Promise<void>((done) => {
    if (options.signal?.aborted) return done();
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void readAll().finally(() => {
        busy = false;
      });
    }, pollMs);
    options.signal?.addEventListener('abort', () => {
      clearInterval(timer);
      done();
    });
  });
}
