/**
 * `mlotel tail`: prints the log records of `logs.jsonl` files that match a query, as
 * readable lines or flat JSON, optionally following the files as they grow. Malformed
 * lines are reported on stderr with file:line and skipped.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { LOGS_FILE } from '../collect/collector.js';
import { formatRecordLine } from '../format/recordLine.js';
import { forEachLogRecord } from '../read/otlpValues.js';
import type { LogsData } from '../otlp/types.js';
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
    // A missing path is read as an empty file (and waited for with --follow).
  }
  return input;
}

/**
 * Runs the query over `inputs`; resolves when all is read (or, with `follow`, when
 * `signal` aborts).
 * @example await runTail({ inputs: ['mlotel-data'], filter: { minSeverity: 13 }, out: process.stdout, err: process.stderr })
 */
export async function runTail(options: TailOptions): Promise<TailSummary> {
  const files = await Promise.all(options.inputs.map(async (i) => new FileLines(await resolveInput(i))));
  const summary: TailSummary = { printed: 0, malformed: 0 };
  const emit = (file: FileLines) => (text: string, lineNumber: number) => {
    let batch: LogsData;
    try {
      batch = JSON.parse(text) as LogsData;
      if (!batch || typeof batch !== 'object') throw new Error('not an object');
    } catch {
      summary.malformed++;
      options.err.write(`mlotel tail: ${file.path}:${lineNumber}: skipped malformed line\n`);
      return;
    }
    const lines: string[] = [];
    forEachLogRecord(batch, (entry) => {
      if (!matchesFilter(entry, options.filter)) return;
      lines.push(options.json ? JSON.stringify(toFlatRecord(entry)) : formatRecordLine(entry, { colour: Boolean(options.colour) }));
    });
    if (lines.length > 0) {
      summary.printed += lines.length;
      options.out.write(`${lines.join('\n')}\n`);
    }
  };
  for (const f of files) await f.readNew(emit(f));
  if (!options.follow) return summary;

  const pollMs = options.pollMs ?? 250;
  await new Promise<void>((done) => {
    if (options.signal?.aborted) return done();
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      (async () => {
        for (const f of files) await f.readNew(emit(f));
      })()
        .catch((err: Error) => options.err.write(`mlotel tail: ${err.message}\n`))
        .finally(() => {
          busy = false;
        });
    }, pollMs);
    options.signal?.addEventListener('abort', () => {
      clearInterval(timer);
      done();
    });
  });
  return summary;
}
