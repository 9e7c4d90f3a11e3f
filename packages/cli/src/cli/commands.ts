/**
 * The four `mlotel` commands: option parsing (strict, see parseCommandArgs) and wiring to
 * the library functions. Each returns the process exit code; `-h`/`--help` prints the
 * command's usage and returns 0.
 */
import { resolve } from 'node:path';
import { startCollector, DEFAULT_MAX_BODY, DEFAULT_REQUEST_TIMEOUT_MS } from '../collect/collector.js';
import { buildDataset } from '../dataset/buildDataset.js';
import { datasetFormatOf } from '../dataset/outputFormat.js';
import { Evaluation } from '../eval/evaluation.js';
import { parseEvalTask } from '../eval/evalOptions.js';
import { formatEvalReport } from '../eval/formatEvalReport.js';
import { escapeControlCharacters } from '../format/controlCharacters.js';
import { parseLevel } from '../format/severity.js';
import { parseModelSpec } from '../read/modelSpec.js';
import { runTail } from '../tail/tail.js';
import type { RecordFilter } from '../tail/recordFilter.js';
import { quoteArg, UsageError } from '../usageError.js';
import { parseCommandArgs } from './parseCommandArgs.js';
import { parseDuration, parsePort, parseSize } from './units.js';
import { commandUsage, type CommandName } from './usage.js';

function printUsage(command: CommandName): number {
  process.stdout.write(commandUsage(command));
  return 0;
}

/** `mlotel collect`: runs the receiver until SIGINT/SIGTERM. */
export async function collectCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('collect', {
    args,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4318' },
      dir: { type: 'string', default: './mlotel-data' },
      'max-body': { type: 'string' },
      'request-timeout': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
  });
  if (parsed.help) return printUsage('collect');
  const { values } = parsed;
  // Node binds '' to every interface: `--host "$HOST"` with HOST unset must not do that.
  if (values.host.trim() === '') {
    throw new UsageError('--host must not be empty: give the address to bind, e.g. --host 127.0.0.1 (loopback) or --host 0.0.0.0 (all interfaces)');
  }
  const dir = resolve(values.dir);
  const collector = await startCollector({
    host: values.host,
    port: parsePort(values.port),
    dir,
    maxBody: values['max-body'] ? parseSize(values['max-body'], '--max-body') : DEFAULT_MAX_BODY,
    requestTimeoutMs: values['request-timeout']
      ? parseDuration(values['request-timeout'], '--request-timeout')
      : DEFAULT_REQUEST_TIMEOUT_MS,
    quiet: values.quiet,
  });
  // stderr closed by the reader (a pipe that went away): an unhandled 'error' on it would
  // come back through uncaughtException, whose report fails the same way, forever (a core
  // spinning). Messages to a closed stderr are dropped; the receiver goes on.
  process.stderr.on('error', () => undefined);
  // A bug in a handler must not take the receiver down with every client's data: report it
  // and keep serving (each request already has its own try/catch; this is the last net).
  process.on('uncaughtException', (err) => {
    if (!process.stderr.writable) return;
    process.stderr.write(`mlotel collect: internal error: ${err.stack ?? err}\n`);
  });
  // Signal handlers before the "listening" line: a supervisor that stops the receiver as soon
  // as it is ready must get a clean stop (files drained and closed), not the default kill.
  const stopped = new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write(`mlotel collect: listening on ${collector.url} (dir ${dir})\n`);
  await stopped;
  await collector.close();
  const s = collector.stats();
  const failed =
    (s.failedWrites > 0 ? `, ${s.failedWrites} accepted batches failed to write` : '') +
    (s.failedConversions > 0 ? `, ${s.failedConversions} accepted batches failed to convert` : '') +
    (s.unwrittenRecords > 0 ? `, ${s.unwrittenRecords} records not written (disk full or I/O error)` : '') +
    (s.cutBytesRemoved > 0 ? `, ${s.cutBytesRemoved} bytes of cut lines removed at start` : '');
  process.stderr.write(`mlotel collect: stopped (${s.batches} batches, ${s.logRecords} log records, ${s.spans} spans, ${s.rejected} rejected${failed})\n`);
  return 0;
}

/** A point in time given as an ISO time, or as a duration back from now (`10m`, `7d`): `--since`, `--until`. */
function parseTimeBound(value: string, option: string): number {
  const asDate = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(asDate)) return asDate;
  try {
    return Date.now() - parseDuration(value, option);
  } catch {
    throw new UsageError(`${option} must be a duration like 10m or 2h, or an ISO time like 2024-05-01T12:00:00Z, got ${quoteArg(value)}`);
  }
}

/** `mlotel tail`: prints matching records. */
export async function tailCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('tail', {
    args,
    allowPositionals: true,
    options: {
      level: { type: 'string' },
      model: { type: 'string' },
      server: { type: 'string' },
      trace: { type: 'string' },
      event: { type: 'string' },
      since: { type: 'string' },
      follow: { type: 'boolean', short: 'f', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (parsed.help) return printUsage('tail');
  const { values, positionals } = parsed;
  const filter: RecordFilter = {};
  if (values.level !== undefined) filter.minSeverity = parseLevel(values.level);
  if (values.model !== undefined) filter.model = parseModelSpec(values.model);
  if (values.server !== undefined) filter.server = values.server;
  if (values.trace !== undefined) filter.trace = values.trace;
  if (values.event !== undefined) filter.event = values.event;
  if (values.since !== undefined) filter.sinceMs = parseTimeBound(values.since, '--since');
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await runTail({
      inputs: positionals.length > 0 ? positionals : ['./mlotel-data/logs.jsonl'],
      filter,
      follow: values.follow,
      json: values.json,
      colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
      out: process.stdout,
      err: process.stderr,
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return 0;
}

/** `mlotel dataset`: builds the training set and prints the report. */
export async function datasetCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('dataset', {
    args,
    options: {
      in: { type: 'string', multiple: true },
      out: { type: 'string' },
      model: { type: 'string' },
      'labelled-only': { type: 'boolean', default: false },
      'skip-failed': { type: 'boolean', default: false },
      since: { type: 'string' },
      until: { type: 'string' },
      strict: { type: 'boolean', default: false },
      format: { type: 'string' },
      report: { type: 'boolean', default: false },
    },
  });
  if (parsed.help) return printUsage('dataset');
  const { values } = parsed;
  if (!values.out) throw new UsageError('--out is required, e.g. --out train.csv or --out train.jsonl');
  const inputs = values.in ?? [];
  const evaluation = values.report ? new Evaluation() : undefined;
  const report = await buildDataset({
    inputs,
    out: values.out,
    format: values.format === undefined ? undefined : datasetFormatOf(values.out, values.format),
    model: values.model,
    labelledOnly: values['labelled-only'],
    skipFailed: values['skip-failed'],
    since: values.since === undefined ? undefined : parseTimeBound(values.since, '--since'),
    until: values.until === undefined ? undefined : parseTimeBound(values.until, '--until'),
    strict: values.strict,
    onRow: evaluation === undefined ? undefined : (row) => evaluation.add(row),
  });
  const shapedColumns = Object.entries(report.shaped.columns).sort(([, a], [, b]) => b - a);
  const SHOWN_COLUMNS = 10;
  // Values start in column 21 as they always have; a longer label pushes its value one space on.
  const count = (label: string, value: string): string => `  ${`${label}:`.padEnd(17)} ${value}`;
  const lines = [
    `mlotel dataset: wrote ${report.rows} rows to ${values.out} (${report.columns.length} columns, schema version ${report.schemaVersion})`,
    count('labelled', `${report.labelled}`),
    count('unlabelled', `${report.unlabelled}`),
    count('failed', `${report.failed} (${values['skip-failed'] ? 'left out: --skip-failed' : 'kept, error column set'})`),
    count('duplicates', `${report.duplicates} (replaced by a later record of the same prediction id)`),
    count('shaped rows', `${report.shaped.rows}${report.shaped.rows > 0 ? ' (values cut, summarised or redacted by the SDK; column shaped; --strict refuses them)' : ''}`),
    ...shapedColumns.slice(0, SHOWN_COLUMNS).map(([column, n]) => `    ${escapeControlCharacters(column)}: ${n} ${n === 1 ? 'row' : 'rows'}`),
    ...(shapedColumns.length > SHOWN_COLUMNS ? [`    ... and ${shapedColumns.length - SHOWN_COLUMNS} more columns`] : []),
    count('sampled-out feedback', `${report.sampledOutFeedback} (its prediction was dropped by sampling: expected)`),
    count('orphan feedback', `${report.orphanFeedback}`),
    count('malformed lines', `${report.malformed.length}`),
  ];
  const SHOWN = 20;
  for (const m of report.malformed.slice(0, SHOWN)) lines.push(`    skipped ${m.file}:${m.line} (${m.reason})`);
  if (report.malformed.length > SHOWN) lines.push(`    ... and ${report.malformed.length - SHOWN} more`);
  process.stderr.write(`${lines.join('\n')}\n`);
  if (evaluation !== undefined) process.stdout.write(formatEvalReport(evaluation.result(), { colour: colourOn(process.stdout) }));
  return 0;
}

/** Colour only for a terminal, and never with NO_COLOR set (https://no-color.org). */
function colourOn(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

/**
 * `mlotel eval`: joins predictions with feedback as `mlotel dataset` does, without writing a
 * dataset, and prints the evaluation (text, or JSON with --json) to stdout.
 */
export async function evalCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('eval', {
    args,
    options: {
      in: { type: 'string', multiple: true },
      model: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      task: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (parsed.help) return printUsage('eval');
  const { values } = parsed;
  const evaluation = new Evaluation({ task: values.task === undefined ? undefined : parseEvalTask(values.task) });
  await buildDataset({
    inputs: values.in ?? [],
    model: values.model,
    since: values.since === undefined ? undefined : parseTimeBound(values.since, '--since'),
    until: values.until === undefined ? undefined : parseTimeBound(values.until, '--until'),
    onRow: (row) => evaluation.add(row),
  });
  const result = evaluation.result();
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatEvalReport(result, { colour: colourOn(process.stdout) }));
  return 0;
}
