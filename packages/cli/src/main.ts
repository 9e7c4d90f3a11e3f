/**
 * Entry point of the `mlotel` binary: dispatches to a command and turns errors into exit
 * codes (2 for usage mistakes, with the fix in the message; 1 for anything else).
 */
import { collectCommand, datasetCommand, tailCommand } from './cli/commands.js';
import { UsageError } from './usageError.js';
import { VERSION } from './version.js';

const HELP = `mlotel ${VERSION}: local OTLP receiver and tools for ML logs

Usage:
  mlotel collect [--host 127.0.0.1] [--port 4318] [--dir ./mlotel-data] [--max-body 8MiB]
                 [--request-timeout 30s] [--quiet]
      Receive OTLP/HTTP logs and traces (JSON or protobuf) and append them to
      DIR/logs.jsonl, DIR/traces.jsonl and DIR/ml-events.jsonl. --port 0 picks a free port.

  mlotel tail [FILE|DIR ...] [--level WARNING] [--model name[@version]] [--server S]
              [--trace ID] [--event ml.prediction] [--since 10m] [--follow] [--json]
      Print matching log records (default input ./mlotel-data/logs.jsonl).

  mlotel dataset --in FILE|DIR [--in ...] --out train.csv|train.jsonl
                 [--model name[@version]] [--labelled-only] [--skip-failed]
      One row per ml.prediction joined with its latest ml.feedback.

  mlotel --help | --version
See docs/cli.md for details.
`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'collect':
      return collectCommand(rest);
    case 'tail':
      return tailCommand(rest);
    case 'dataset':
      return datasetCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    case '--version':
    case '-v':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    default:
      throw new UsageError(`unknown command "${command}": use collect, tail or dataset (mlotel --help)`);
  }
}

/**
 * Runs the CLI with `argv` (without node and script) and sets `process.exitCode`.
 * Never rejects.
 * @example main(['tail', '--level', 'WARNING'])
 */
export async function main(argv: string[]): Promise<void> {
  // `mlotel tail | head` closes our stdout early: that is a normal way to stop, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  try {
    process.exitCode = await run(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mlotel: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      const e = err as NodeJS.ErrnoException;
      const hint = e.code === 'EADDRINUSE' ? ' (another process uses that port: pick another with --port, or --port 0)' : '';
      process.stderr.write(`mlotel: ${e.message ?? String(err)}${hint}\n`);
      process.exitCode = 1;
    }
  }
}
