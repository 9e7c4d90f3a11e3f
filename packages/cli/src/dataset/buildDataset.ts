/**
 * `mlotel dataset`: joins `ml.prediction` records with their `ml.feedback` into a training
 * set (JSON lines or CSV), one row per prediction.
 *
 * Two streaming passes over the inputs keep memory independent of the number of
 * predictions: pass 1 indexes feedback by prediction id (last feedback wins: the latest
 * record time, ties going to the one read later), pass 2 streams the predictions and writes
 * each row at once. Memory is bounded by the number of distinct prediction ids that have
 * feedback (an id, a short JSON text and a time each) plus a 32-bit fingerprint per prediction
 * id (to find repeated predictions, see latestPredictions.ts), never by the input size. Feedback
 * may come before its prediction, after it, or in another file. Failed predictions (an
 * `error.type`, ERROR severity, no output) are rows with the `error` column set, or left out
 * with `skipFailed`. The output is written to a
 * temporary file renamed at the end, so a failed run never leaves a half dataset behind.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { extname, join } from 'node:path';
import { EVENT_ML_FEEDBACK, EVENT_ML_PREDICTION } from '../semconv.js';
import { ML_EVENTS_FILE } from '../collect/collector.js';
import { escapeControlCharacters } from '../format/controlCharacters.js';
import { checkInputFile } from '../read/inputFile.js';
import { readLineBytes, readLines } from '../read/lines.js';
import { parseLogsLine } from '../read/logsLine.js';
import { modelMatches, parseModelSpec } from '../read/modelSpec.js';
import { eventNameOf, forEachLogRecord, modelOf, timeMsOf, type LogEntry } from '../read/otlpValues.js';
import type { LogsData } from '../otlp/types.js';
import { quoteArg, UsageError } from '../usageError.js';
import { csvRow } from './csv.js';
import { bodyField, LEADING_COLUMNS, predictionIdOf, predictionRow, rowTimeMs, TRAILING_COLUMNS, type DatasetRow } from './datasetRow.js';
import { LatestPredictions } from './latestPredictions.js';
import { createProgress, type Progress } from './progressBar.js';

/** Options of {@link buildDataset}. */
export interface DatasetOptions {
  /** Input files (`ml-events.jsonl` or `logs.jsonl`), or directories holding an `ml-events.jsonl`. */
  inputs: string[];
  /** Output file; `.csv` writes CSV, `.jsonl`/`.ndjson`/`.json` writes JSON lines. */
  out: string;
  /** Only predictions of this model: `name` or `name@version`. */
  model?: string;
  /** Only predictions that have feedback. */
  labelledOnly?: boolean;
  /** Leave out failed predictions (still counted in the report's `failed`); default: keep them, `error` set. */
  skipFailed?: boolean;
  /** Show a progress bar on stderr; default: when stderr is a TTY. */
  progress?: boolean;
}

/** A line that was skipped. */
export interface MalformedLine {
  file: string;
  /** 1-based line number. */
  line: number;
  reason: string;
}

/** What {@link buildDataset} did. */
export interface DatasetReport {
  /** Rows written. */
  rows: number;
  /** Rows with an `actual` from feedback. */
  labelled: number;
  /** Rows without feedback. */
  unlabelled: number;
  /**
   * Failed predictions (`error` set): the rows written for them, or with `skipFailed` the
   * prediction records left out.
   */
  failed: number;
  /** Prediction records left out because another record of the same prediction id won (the latest). */
  duplicates: number;
  /** Distinct prediction ids with feedback but no prediction in the inputs. */
  orphanFeedback: number;
  /** Lines skipped because they are not JSON, or JSON of another shape than an OTLP logs batch. */
  malformed: MalformedLine[];
  /** Columns of the output, in order. */
  columns: string[];
}

interface Feedback {
  /** JSON text of the actual value (compact: the index holds many). */
  actual: string;
  time: number;
  matched: boolean;
}

type Format = 'csv' | 'jsonl';

// Byte patterns to skip lines without parsing them: a line that does not contain an event
// name as text cannot hold a record with that event name.
const FEEDBACK_BYTES = Buffer.from(EVENT_ML_FEEDBACK);
const PREDICTION_BYTES = Buffer.from(EVENT_ML_PREDICTION);

function formatOf(out: string): Format {
  const ext = extname(out).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  throw new UsageError(`--out must end in .csv or .jsonl, got ${quoteArg(out)}`);
}

/** Each input as the regular file to read: refused before any output is written when it cannot be read. */
async function resolveInputs(inputs: string[]): Promise<Array<{ path: string; size: number }>> {
  if (inputs.length === 0) throw new UsageError('give at least one --in file (an ml-events.jsonl written by mlotel collect or the collector)');
  return Promise.all(
    inputs.map(async (input) => {
      const isDirectory = (await stat(input).catch(() => undefined))?.isDirectory();
      const path = isDirectory ? join(input, ML_EVENTS_FILE) : input;
      try {
        return { path, size: (await checkInputFile(path, `--in ${path}`)).size };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`cannot read --in ${path}: no such file`);
        throw err;
      }
    }),
  );
}

class RowWriter {
  private chunk = '';
  constructor(private readonly stream: WriteStream) {}
  /** Queues `text`; returns a promise only when the caller must wait (a flush under backpressure). */
  write(text: string): Promise<void> | undefined {
    this.chunk += text;
    // Batch small rows into ~64 KiB writes; honour backpressure so memory stays flat.
    return this.chunk.length >= 65536 ? this.flush() : undefined;
  }
  async flush(): Promise<void> {
    if (!this.chunk) return;
    const ok = this.stream.write(this.chunk);
    this.chunk = '';
    if (!ok) await once(this.stream, 'drain');
  }
  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'close');
  }
}

function openWriter(path: string): RowWriter {
  const stream = createWriteStream(path, { flags: 'w' });
  stream.on('error', () => undefined);
  return new RowWriter(stream);
}

/**
 * Builds the dataset.
 * @throws UsageError for a missing input or an unknown output extension; fs errors when
 *   the output cannot be written. Bad lines never throw: they are reported in `malformed`.
 * @example
 * const report = await buildDataset({ inputs: ['mlotel-data'], out: 'train.csv', labelledOnly: true });
 * console.log(report.rows, report.labelled);
 */
export async function buildDataset(options: DatasetOptions): Promise<DatasetReport> {
  const format = formatOf(options.out);
  const model = options.model ? parseModelSpec(options.model) : undefined;
  const inputs = await resolveInputs(options.inputs);
  const totalBytes = 2 * inputs.reduce((n, i) => n + i.size, 0);
  const progress: Progress = createProgress(process.stderr, (options.progress ?? Boolean(process.stderr.isTTY)) && totalBytes > 1 << 20);
  const malformed = new Map<string, MalformedLine>();
  const key = (file: number, line: number): string => `${file}:${line}`;
  let doneBytes = 0;

  // Pass 1: the feedback index. Only lines that can hold feedback are parsed.
  const feedback = new Map<string, Feedback>();
  for (const [fi, input] of inputs.entries()) {
    for await (const { bytes, number } of readLineBytes(input.path, (b) => progress.update((doneBytes + b) / totalBytes, 'reading feedback'))) {
      if (!bytes.includes(FEEDBACK_BYTES)) continue;
      const batch = parseLogsLine(bytes.toString('utf8'));
      if (typeof batch === 'string') {
        malformed.set(key(fi, number), { file: input.path, line: number, reason: batch });
        continue;
      }
      // Collected first and applied after: a line that fails halfway leaves no feedback behind.
      const found: Array<{ id: string; actual: unknown; time: number }> = [];
      const failure = readRecords(batch, (entry) => {
        if (eventNameOf(entry.record) !== EVENT_ML_FEEDBACK) return;
        const id = predictionIdOf(entry);
        const actual = bodyField(entry, 'actual');
        if (id === undefined || !actual.present) return;
        found.push({ id, actual: actual.value, time: timeMsOf(entry.record) ?? -Infinity });
      });
      if (failure !== undefined) {
        malformed.set(key(fi, number), { file: input.path, line: number, reason: failure });
        continue;
      }
      for (const { id, actual, time } of found) {
        const prev = feedback.get(id);
        if (prev && prev.time > time) continue;
        feedback.set(id, { actual: JSON.stringify(actual ?? null), time, matched: prev?.matched ?? false });
      }
    }
    doneBytes += input.size;
  }

  // Pass 2: stream predictions into rows (JSON lines), noting which ids repeat.
  const tmp = `${options.out}.partial-${process.pid}`;
  const rowsPath = `${tmp}.rows`;
  const writer = openWriter(rowsPath);
  const inputColumns = new Map<string, true>();
  const latest = new LatestPredictions();
  let written = 0;
  const report: DatasetReport = { rows: 0, labelled: 0, unlabelled: 0, failed: 0, duplicates: 0, orphanFeedback: 0, malformed: [], columns: [] };
  try {
    for (const [fi, input] of inputs.entries()) {
      for await (const { bytes, number } of readLineBytes(input.path, (b) => progress.update((doneBytes + b) / totalBytes, 'joining predictions'))) {
        // Feedback-only lines were fully handled (or reported malformed) in pass 1.
        if (bytes.includes(FEEDBACK_BYTES) && !bytes.includes(PREDICTION_BYTES)) continue;
        if (malformed.has(key(fi, number))) continue;
        const batch = parseLogsLine(bytes.toString('utf8'));
        if (typeof batch === 'string') {
          malformed.set(key(fi, number), { file: input.path, line: number, reason: batch });
          continue;
        }
        // Collected first and applied after: a line that fails halfway leaves no row and no count behind.
        const rows: DatasetRow[] = [];
        const matched: Feedback[] = [];
        let skippedFailed = 0;
        const failure = readRecords(batch, (entry: LogEntry) => {
          if (eventNameOf(entry.record) !== EVENT_ML_PREDICTION) return;
          const id = predictionIdOf(entry);
          const fb = id === undefined ? undefined : feedback.get(id);
          if (fb) matched.push(fb);
          if (model) {
            const m = modelOf(entry);
            if (!modelMatches(model, m.name, m.version)) return;
          }
          if (options.labelledOnly && !fb) return;
          const row = predictionRow(entry);
          if (row.error !== null && options.skipFailed) {
            skippedFailed++;
            return;
          }
          if (fb) row.actual = JSON.parse(fb.actual) as unknown;
          rows.push(row);
        });
        if (failure !== undefined) {
          malformed.set(key(fi, number), { file: input.path, line: number, reason: failure });
          continue;
        }
        for (const fb of matched) fb.matched = true;
        report.failed += skippedFailed;
        for (const row of rows) {
          for (const k of Object.keys(row)) if (k.startsWith('input')) inputColumns.set(k, true);
          if (typeof row.prediction_id === 'string') latest.note(row.prediction_id, rowTimeMs(row), written);
          written++;
          countRow(report, row, 1);
          const pending = writer.write(`${JSON.stringify(row)}\n`);
          if (pending) await pending;
        }
      }
      doneBytes += input.size;
    }
    await writer.end();
    // Columns of every row written in pass 2: a feature seen only in a record that lost to a
    // later duplicate stays in the header (empty), since the header precedes the final pass.
    report.columns = [...LEADING_COLUMNS, ...inputColumns.keys(), ...TRAILING_COLUMNS];
    await finishRows(rowsPath, tmp, format, report, latest);
    await rename(tmp, options.out);
  } finally {
    progress.done();
    await rm(tmp, { force: true });
    await rm(rowsPath, { force: true });
  }
  for (const fb of feedback.values()) if (!fb.matched) report.orphanFeedback++;
  report.malformed = [...malformed.entries()]
    .sort(([a], [b]) => {
      const [fa, la] = a.split(':').map(Number) as [number, number];
      const [fb, lb] = b.split(':').map(Number) as [number, number];
      return fa - fb || la - lb;
    })
    .map(([, m]) => m);
  return report;
}

/**
 * Calls `fn` for every record of a batch; returns why it failed when a record of a shape
 * parseLogsLine let through makes it throw (the line is then skipped as malformed), else undefined.
 */
function readRecords(batch: LogsData, fn: (entry: LogEntry) => void): string | undefined {
  try {
    forEachLogRecord(batch, fn);
    return undefined;
  } catch (err) {
    return escapeControlCharacters(`could not read it: ${(err as Error).message}`);
  }
}

/** Adds (`sign` 1) or takes back (-1) a row in the report's counts. */
function countRow(report: DatasetReport, row: DatasetRow, sign: 1 | -1): void {
  report.rows += sign;
  if (row.actual !== null) report.labelled += sign;
  else report.unlabelled += sign;
  if (row.error !== null) report.failed += sign;
}

/**
 * Turns the intermediate JSON-lines rows into the output once every column and every repeated
 * prediction id is known: the CSV header cannot be written before the last row has shown its
 * input features, and a row cannot be kept before the last record of its id has been read.
 * JSON lines without repeated ids need no pass: the rows file is the output.
 */
async function finishRows(rowsPath: string, outPath: string, format: Format, report: DatasetReport, latest: LatestPredictions): Promise<void> {
  if (format === 'jsonl' && !latest.mayRepeat) {
    await rename(rowsPath, outPath);
    return;
  }
  const writer = openWriter(outPath);
  if (format === 'csv') await writer.write(csvRow(report.columns));
  let rowNumber = 0;
  for await (const { text } of readLines(rowsPath)) {
    const row = JSON.parse(text) as DatasetRow;
    const n = rowNumber++;
    if (typeof row.prediction_id === 'string' && !latest.keeps(row.prediction_id, rowTimeMs(row), n)) {
      countRow(report, row, -1);
      report.duplicates++;
      continue;
    }
    const pending = writer.write(format === 'csv' ? csvRow(report.columns.map((c) => row[c])) : `${text}\n`);
    if (pending) await pending;
  }
  await writer.end();
}
