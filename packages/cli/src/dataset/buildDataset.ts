/**
 * `mlotel dataset`: joins `ml.prediction` records with their `ml.feedback` into a training
 * set (JSON lines, CSV or Parquet, or rows handed to a callback), one row per prediction id,
 * in the row schema of docs/schema.md ("Dataset rows", version 2).
 *
 * Streaming passes keep memory independent of the number of predictions: pass 1 indexes
 * feedback by prediction id (feedbackIndex.ts), pass 2 streams the predictions and writes each
 * row to an intermediate file (intermediateRows.ts) while noting columns, column types and
 * repeated ids, and a final pass writes the output: every row with every column, in header
 * order, the losers of repeated ids left out. Memory is the feedback index (per labelled id)
 * plus a 32-bit fingerprint per prediction id, never the input size. Feedback may come before
 * its prediction, after it, or in another file. The output is written to a temporary file
 * renamed at the end, so a failed run never leaves a half dataset behind.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_ML_FEEDBACK, EVENT_ML_PREDICTION } from '../semconv.js';
import { ML_EVENTS_FILE } from '../collect/collector.js';
import { escapeControlCharacters } from '../format/controlCharacters.js';
import { checkInputFile } from '../read/inputFile.js';
import { readLineBytes } from '../read/lines.js';
import { parseLogsLine } from '../read/logsLine.js';
import { modelMatches, parseModelSpec, type ModelSpec } from '../read/modelSpec.js';
import { eventNameOf, forEachLogRecord, modelOf, timeMsOf, toPlain, type LogEntry } from '../read/otlpValues.js';
import type { LogsData } from '../otlp/types.js';
import { quoteArg, UsageError } from '../usageError.js';
import { ColumnTypes } from './columnTypes.js';
import { DataError } from './dataError.js';
import { DatasetColumns } from './datasetColumns.js';
import { openRowOutput, type RowOutput } from './datasetOutput.js';
import { countRow, emptyReport, type DatasetReport, type MalformedLine } from './datasetReport.js';
import { addFeedback, predictionIdOf, predictionRow, samplingRateOf, type DatasetRow } from './datasetRow.js';
import { FeedbackIndex, readFeedback, type FeedbackRecord, type IndexedFeedback } from './feedbackIndex.js';
import { IntermediateRows } from './intermediateRows.js';
import { LowestSamplingRates } from './lowestSamplingRates.js';
import { datasetFormatOf, type DatasetFormat } from './outputFormat.js';
import { createProgress, type Progress } from './progressBar.js';
import { mayHoldShapingMarkers, shapedColumnsOf, shapedPathsOf } from './shapedPaths.js';

export type { DatasetReport, MalformedLine, ShapedReport } from './datasetReport.js';
export type { DatasetRow } from './datasetRow.js';
export type { DatasetFormat } from './outputFormat.js';

/** Options of {@link buildDataset}. */
export interface DatasetOptions {
  /** Input files (`ml-events.jsonl` or `logs.jsonl`), or directories holding an `ml-events.jsonl`. */
  inputs: string[];
  /**
   * Output file, in `format`, else by extension: `.csv`; `.jsonl`, `.ndjson`, `.json`;
   * `.parquet`. Omitted: no file is written, the rows only go to `onRow`.
   */
  out?: string;
  /** Output format, whatever the extension of `out`. */
  format?: DatasetFormat;
  /** Only predictions of this model: `name` or `name@version`. */
  model?: string;
  /** Only predictions that have feedback. */
  labelledOnly?: boolean;
  /** Leave out failed predictions (still counted in the report's `failed`); default: keep them, `error` set. */
  skipFailed?: boolean;
  /** Only predictions at or after this time (ms since the epoch); a prediction without a time is left out. */
  since?: number;
  /** Only predictions before this time (ms since the epoch, exclusive); a prediction without a time is left out. */
  until?: number;
  /**
   * Refuse shaped rows: when a row holds a value the SDK cut, summarised or redacted, reject
   * with a {@link DataError} naming its prediction id and columns, and write nothing.
   */
  strict?: boolean;
  /**
   * Called once for every row of the output, in output order, after de-duplication, with
   * every column present (`null` when absent). Treat the row as read-only; a throw stops the
   * build (nothing written) and rejects with it.
   */
  onRow?: (row: DatasetRow) => void;
  /** Show a progress bar on stderr; default: when stderr is a TTY (and the inputs exceed 1 MiB). */
  progress?: boolean;
}

/** A line's records, gathered before any is applied: a line that fails halfway leaves nothing behind. */
interface JoinedLine {
  rows: DatasetRow[];
  matched: IndexedFeedback[];
  rates: Array<{ model: string | undefined; rate: number }>;
  skippedFailed: number;
}

/** Everything pass 2 decides for one prediction record. */
interface JoinContext {
  feedback: FeedbackIndex;
  model: ModelSpec | undefined;
  options: DatasetOptions;
}

// Byte patterns to skip lines without parsing them: a line that does not contain an event
// name as text cannot hold a record with that event name.
const FEEDBACK_BYTES = Buffer.from(EVENT_ML_FEEDBACK);
const PREDICTION_BYTES = Buffer.from(EVENT_ML_PREDICTION);
// Passes over the data, for the progress bar: feedback index, join, output.
const PASSES = 3;

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

function checkTimeWindow(since: number | undefined, until: number | undefined): void {
  for (const [name, v] of [['since', since], ['until', until]] as const) {
    if (v !== undefined && !Number.isFinite(v)) throw new UsageError(`--${name} must be a time, e.g. --${name} 2024-05-01T00:00:00Z or --${name} 7d, got ${String(v)}`);
  }
  if (since !== undefined && until !== undefined && since >= until) {
    throw new UsageError(`--since must be before --until, got --since ${new Date(since).toISOString()} --until ${new Date(until).toISOString()}`);
  }
}

/**
 * Builds the dataset.
 * @throws UsageError for a missing input, an unknown format or extension, or a bad time
 *   window; {@link DataError} for a shaped row with `strict`; fs errors when the output cannot
 *   be written (then no output is left behind). Bad lines never throw: they are reported in
 *   `malformed`.
 * @example
 * const report = await buildDataset({ inputs: ['mlotel-data'], out: 'train.parquet', labelledOnly: true, since: Date.now() - 7 * 86_400_000 });
 * console.log(report.rows, report.labelled, report.shaped.rows);
 */
export async function buildDataset(options: DatasetOptions): Promise<DatasetReport> {
  const format = options.out === undefined ? undefined : datasetFormatOf(options.out, options.format);
  const model = options.model ? parseModelSpec(options.model) : undefined;
  checkTimeWindow(options.since, options.until);
  const inputs = await resolveInputs(options.inputs);
  const inputBytes = inputs.reduce((n, i) => n + i.size, 0);
  const progress: Progress = createProgress(process.stderr, (options.progress ?? Boolean(process.stderr.isTTY)) && inputBytes > 1 << 20);
  // Pass `pass` (0-based) is `bytes` into `total` (after `offset`); the bar shows the whole run.
  const passProgress = (pass: number, label: string, total: number, offset = 0) => (bytes: number) =>
    progress.update((pass + (offset + bytes) / Math.max(1, total)) / PASSES, `${pass + 1}/${PASSES} ${label}`);
  const malformed = new Map<string, MalformedLine>();
  const key = (file: number, line: number): string => `${file}:${line}`;
  const report = emptyReport();

  // Pass 1: the feedback index. Only lines that can hold feedback are parsed.
  const feedback = new FeedbackIndex();
  let doneBytes = 0;
  for (const [fi, input] of inputs.entries()) {
    for await (const { bytes, number } of readLineBytes(input.path, passProgress(0, 'reading feedback', inputBytes, doneBytes))) {
      if (!bytes.includes(FEEDBACK_BYTES)) continue;
      const text = bytes.toString('utf8');
      const batch = parseLogsLine(text);
      if (typeof batch === 'string') {
        malformed.set(key(fi, number), { file: input.path, line: number, reason: batch });
        continue;
      }
      const searchBody = mayHoldShapingMarkers(text);
      const found: FeedbackRecord[] = [];
      const failure = readRecords(batch, (entry) => {
        const fb = readFeedback(entry, predictionIdOf(entry), searchBody);
        if (fb) found.push(fb);
      });
      if (failure !== undefined) {
        malformed.set(key(fi, number), { file: input.path, line: number, reason: failure });
        continue;
      }
      for (const fb of found) feedback.add(fb);
    }
    doneBytes += input.size;
  }

  const stem = options.out ?? join(tmpdir(), 'mlotel-dataset');
  const tmp = `${stem}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  const rows = new IntermediateRows(`${tmp}.rows`);
  const columns = new DatasetColumns();
  const types = new ColumnTypes();
  const rates = new LowestSamplingRates();
  let output: RowOutput | undefined;
  let shapedSeen = false;
  try {
    // Pass 2: stream predictions into intermediate rows, noting columns, types and repeated ids.
    doneBytes = 0;
    const context: JoinContext = { feedback, model, options };
    for (const [fi, input] of inputs.entries()) {
      for await (const { bytes, number } of readLineBytes(input.path, passProgress(1, 'joining predictions', inputBytes, doneBytes))) {
        // Feedback-only lines were fully handled (or reported malformed) in pass 1.
        if (bytes.includes(FEEDBACK_BYTES) && !bytes.includes(PREDICTION_BYTES)) continue;
        if (malformed.has(key(fi, number))) continue;
        const text = bytes.toString('utf8');
        const batch = parseLogsLine(text);
        if (typeof batch === 'string') {
          malformed.set(key(fi, number), { file: input.path, line: number, reason: batch });
          continue;
        }
        const line: JoinedLine = { rows: [], matched: [], rates: [], skippedFailed: 0 };
        const searchBody = mayHoldShapingMarkers(text);
        const failure = readRecords(batch, (entry) => joinPrediction(entry, searchBody, context, line));
        if (failure !== undefined) {
          malformed.set(key(fi, number), { file: input.path, line: number, reason: failure });
          continue;
        }
        for (const fb of line.matched) fb.matched = true;
        for (const r of line.rates) rates.note(r.model, r.rate);
        report.failed += line.skippedFailed;
        for (const row of line.rows) {
          columns.note(row);
          types.note(row);
          if (row.shaped !== null) shapedSeen = true;
          const pending = rows.append(row);
          if (pending) await pending;
        }
      }
      doneBytes += input.size;
    }
    const rowsBytes = await rows.close();

    // The header precedes the final pass: a feature seen only in a record that lost to a later
    // duplicate stays in it (null everywhere).
    report.columns = columns.header();
    report.columnTypes = Object.fromEntries(report.columns.map((c) => [c, types.typeOf(c)]));
    if (options.strict && shapedSeen) {
      await refuseShapedRows(rows, report.columns, passProgress(2, 'checking shaped rows', 2 * rowsBytes));
    }

    // Final pass: complete rows, in header order, winners only.
    const finalOffset = options.strict && shapedSeen ? rowsBytes : 0;
    const outTmp = `${tmp}.out`;
    if (options.out !== undefined && format !== undefined) output = await openRowOutput(outTmp, format, report.columns, (c) => types.typeOf(c));
    for await (const { row, duplicate } of rows.readBack(report.columns, passProgress(2, 'writing rows', rowsBytes + finalOffset, finalOffset))) {
      if (duplicate) {
        report.duplicates++;
        continue;
      }
      const paths = shapedPathsOfRow(row);
      countRow(report, row, paths);
      options.onRow?.(row);
      const pending = output?.write(row);
      if (pending) await pending;
    }
    if (output && options.out !== undefined) {
      await output.close();
      output = undefined;
      await rename(outTmp, options.out);
    }
  } finally {
    progress.done();
    await output?.abort();
    await rows.abort();
    await rm(`${tmp}.out`, { force: true });
    await rm(rows.path, { force: true });
  }
  for (const { id, model: fbModel } of feedback.unmatched()) {
    if (rates.sampledOut(id, fbModel)) report.sampledOutFeedback++;
    else report.orphanFeedback++;
  }
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
 * Pass 2 for one record: notes what a prediction record says about feedback and sampling
 * (whatever the filters), then builds its row when the filters keep it.
 */
function joinPrediction(entry: LogEntry, searchBody: boolean, { feedback, model, options }: JoinContext, line: JoinedLine): void {
  if (eventNameOf(entry.record) !== EVENT_ML_PREDICTION) return;
  const id = predictionIdOf(entry);
  const fb = id === undefined ? undefined : feedback.get(id);
  if (fb) line.matched.push(fb);
  const m = modelOf(entry);
  line.rates.push({ model: m.name, rate: samplingRateOf(entry) });
  if (model && !modelMatches(model, m.name, m.version)) return;
  if (options.since !== undefined || options.until !== undefined) {
    const ms = timeMsOf(entry.record);
    if (ms === undefined || (options.since !== undefined && ms < options.since) || (options.until !== undefined && ms >= options.until)) return;
  }
  if (options.labelledOnly && !fb) return;
  const body = toPlain(entry.record.body);
  const row = predictionRow(entry, body, shapedPathsOf(entry, body, searchBody) ?? null);
  if (row.error !== null && options.skipFailed) {
    line.skippedFailed++;
    return;
  }
  if (fb) addFeedback(row, fb);
  line.rows.push(row);
}

/**
 * Turns a read-back row's `shaped` list into the output's text (paths joined by `,`) and
 * returns the list, or undefined when the row is not shaped.
 */
function shapedPathsOfRow(row: DatasetRow): string[] | undefined {
  if (!Array.isArray(row.shaped)) return undefined;
  const paths = row.shaped as string[];
  row.shaped = paths.join(',');
  return paths;
}

/** With `strict`: rejects with a DataError naming the first shaped row of the output, if any. */
async function refuseShapedRows(rows: IntermediateRows, header: readonly string[], onBytes: (bytes: number) => void): Promise<void> {
  for await (const { row, duplicate } of rows.readBack(header, onBytes)) {
    const paths = duplicate ? undefined : shapedPathsOfRow(row);
    if (paths === undefined) continue;
    const shaped = shapedColumnsOf(paths, row);
    const id = typeof row.prediction_id === 'string' ? quoteArg(row.prediction_id) : '(no id)';
    throw new DataError(
      `prediction ${id} has shaped values in ${shaped.join(', ') || paths.join(', ')}: the SDK cut, summarised or ` +
        'redacted them to fit its payload budget, so the row would train on altered data. Raise the dataset budget ' +
        '(init({ payload: { dataset: { maxBytes, maxArrayItems, maxStringLength } } })) and log again, or leave out ' +
        '--strict to keep such rows, marked in the shaped column. Nothing was written.',
    );
  }
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
