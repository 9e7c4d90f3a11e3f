/**
 * The usage texts of `mlotel` and of each of its commands: the one place they are written.
 * `mlotel --help` lists every command's synopsis and summary; `mlotel <command> --help`
 * prints that command's full usage; option errors take their example values from here.
 */
import { EVAL_COMMAND_USAGE } from '../eval/evalUsage.js';
import { VERSION } from '../version.js';

/** The `mlotel` commands, in the order the help lists them. */
export const COMMAND_NAMES = ['collect', 'tail', 'dataset', 'eval'] as const;

/** One of {@link COMMAND_NAMES}. */
export type CommandName = (typeof COMMAND_NAMES)[number];

interface CommandUsage {
  /** How to call it, continuation lines aligned under the first option. */
  readonly synopsis: string;
  /** Two lines at most, for the overview of `mlotel --help`. */
  readonly summary: string;
  /** What it does, then its options and examples. */
  readonly details: string;
  /** A typical value of each option that takes one, quoted in "needs a value" errors. */
  readonly examples: Readonly<Record<string, string>>;
}

const USAGE: Readonly<Record<CommandName, CommandUsage>> = {
  collect: {
    synopsis: `mlotel collect [--host 127.0.0.1] [--port 4318] [--dir ./mlotel-data] [--max-body 8MiB]
               [--request-timeout 30s] [--quiet]`,
    summary: `Receive OTLP/HTTP logs and traces (JSON or protobuf) and append them to
DIR/logs.jsonl, DIR/traces.jsonl and DIR/ml-events.jsonl. --port 0 picks a free port.`,
    details: `Receives OTLP/HTTP on POST /v1/logs and POST /v1/traces (JSON or protobuf, optionally
gzip) and appends each batch as one line to DIR/logs.jsonl, DIR/traces.jsonl and
DIR/ml-events.jsonl, in the format of the OpenTelemetry Collector's file exporter. Prints
"listening on URL" to stderr once ready, each log record to stdout, and stops cleanly on
SIGINT or SIGTERM.

Options:
  --host HOST              address to bind (default 127.0.0.1, loopback only; 0.0.0.0 for all)
  --port N                 port to listen on, 0 for a free one (default 4318)
  --dir DIR                directory of the .jsonl files, created if missing (default ./mlotel-data)
  --max-body SIZE          largest request body, raw or decompressed (default 8MiB)
  --request-timeout TIME   longest time a client may take to send a request (default 30s)
  --quiet                  do not print received records to stdout
  -h, --help               print this help

Example:
  mlotel collect --dir ./mlotel-data &
  OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 node app.js`,
    examples: {
      host: '127.0.0.1',
      port: '4318',
      dir: './mlotel-data',
      'max-body': '8MiB',
      'request-timeout': '30s',
    },
  },
  tail: {
    synopsis: `mlotel tail [FILE|DIR ...] [--level WARNING] [--model name[@version]] [--server S]
            [--trace ID] [--event ml.prediction] [--since 10m] [--follow|-f] [--json]`,
    summary: `Print matching log records (default input ./mlotel-data/logs.jsonl).`,
    details: `Prints the log records of logs.jsonl files (default ./mlotel-data/logs.jsonl; a directory
means its logs.jsonl), one readable line each, in file order. All given conditions must hold.

Options:
  --level L                severity at or above a Python level: DEBUG, INFO, WARNING, ERROR,
                           CRITICAL (or 10, 20, 30, 40, 50)
  --model name[@version]   records of that model (and version)
  --server S               records whose resource host.name is S
  --trace ID               records whose trace id starts with ID (a short id works)
  --event E                records with that event name, e.g. ml.prediction or ml.feedback
  --since 10m              records not older than a duration (30s, 10m, 2h, 1d) or an ISO time
  -f, --follow             keep reading as the files grow, until Ctrl-C
  --json                   print one flat JSON object per record instead, for jq
  -h, --help               print this help

Examples:
  mlotel tail --level WARNING --since 1h
  mlotel tail --model iris@2 --event ml.prediction --json | jq .body.output
  mlotel tail -f --server srv-1`,
    examples: {
      level: 'WARNING',
      model: 'iris@2',
      server: 'srv-1',
      trace: '4bf92f35',
      event: 'ml.prediction',
      since: '10m',
    },
  },
  dataset: {
    synopsis: `mlotel dataset --in FILE|DIR [--in ...] --out train.csv|train.jsonl|train.parquet
               [--format csv|jsonl|parquet] [--model name[@version]] [--since 7d]
               [--until ISO] [--labelled-only] [--skip-failed] [--strict] [--report]`,
    summary: `One row per ml.prediction joined with its latest ml.feedback (CSV, JSON lines or Parquet).`,
    details: `Builds a training set from ml-events.jsonl files (a directory means its ml-events.jsonl):
one row per prediction id, joined with its latest ml.feedback (row schema version 2: time,
label delay, model, server, sample rate and weight, input.* features, output, label, error,
shaped paths, feedback.* and attr.* attributes), then prints a report (rows, labelled, failed,
duplicates, shaped rows, sampled-out and orphan feedback, malformed lines) to stderr.

Options:
  --in FILE|DIR            an input file or directory; repeat for more (at least one)
  --out FILE               the output, required: CSV (.csv), JSON lines (.jsonl) or
                           Parquet (.parquet)
  --format F               csv, jsonl or parquet, whatever the extension of --out
  --model name[@version]   only the predictions of that model (and version)
  --since TIME             only predictions at or after TIME: an ISO time or a duration back
                           from now (30m, 24h, 7d)
  --until TIME             only predictions before TIME (same forms)
  --labelled-only          only predictions that have feedback
  --skip-failed            leave out failed predictions (kept by default, error column set)
  --strict                 fail, writing nothing, if a row holds values the SDK cut,
                           summarised or redacted (by default such rows are kept, marked in
                           the shaped column)
  --report                 also print the evaluation of the rows written, as mlotel eval
                           does (to stdout)
  -h, --help               print this help

Examples:
  mlotel dataset --in mlotel-data --out train.csv --labelled-only
  mlotel dataset --in mlotel-data --out train.parquet --since 7d --strict`,
    examples: {
      in: 'mlotel-data',
      out: 'train.csv',
      model: 'iris@2',
      since: '7d',
      until: '2024-05-01T00:00:00Z',
      format: 'parquet',
    },
  },
  eval: EVAL_COMMAND_USAGE,
};

/**
 * True when `name` is one of the `mlotel` commands.
 * @example isCommandName('tail') // true
 */
export function isCommandName(name: string | undefined): name is CommandName {
  return (COMMAND_NAMES as readonly (string | undefined)[]).includes(name);
}

/**
 * The full usage of one command, as `mlotel <command> --help` prints it (ends with a newline).
 * @example commandUsage('tail').startsWith('Usage:\n  mlotel tail') // true
 */
export function commandUsage(command: CommandName): string {
  const { synopsis, details } = USAGE[command];
  return `Usage:\n${indent(synopsis, 2)}\n\n${details}\n`;
}

/**
 * The overview printed by `mlotel --help`: every command's synopsis and summary, and where
 * to read more (only things that ship with the package).
 * @example mainUsage().includes('mlotel dataset --in') // true
 */
export function mainUsage(): string {
  const commands = COMMAND_NAMES.map((name) => `${indent(USAGE[name].synopsis, 2)}\n${indent(USAGE[name].summary, 6)}`);
  return `mlotel ${VERSION}: local OTLP receiver and tools for ML logs

Usage:
${commands.join('\n\n')}

  mlotel <command> --help    that command's options and examples
  mlotel --help | --version

Exit codes: 0 success, 2 usage mistake (the message says how to fix it), 1 anything else.
More in the README.md that ships with the mlotel package.
`;
}

/**
 * A typical value of `option` (its long name, without dashes) for `command`, for error
 * messages; undefined when the usage gives none.
 * @example exampleValue('tail', 'level') // 'WARNING'
 */
export function exampleValue(command: CommandName, option: string): string | undefined {
  return Object.hasOwn(USAGE[command].examples, option) ? USAGE[command].examples[option] : undefined;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
