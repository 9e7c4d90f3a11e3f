import { parseArgs } from 'node:util';
import { UsageError } from './loadgenArgs.js';

/** Usage text of `npm start -- [options]`. */
export const START_USAGE = `usage: npm start -- [options]
  --forever            keep serving and sending load until Ctrl-C, then print the summary
  --requests N         requests the load generator sends (default 300)
  --data-dir DIR       where the embedded receiver writes its files (default ./mlotel-data)
  --keep-data          append to the previous run's files instead of clearing them
  --feedback-all       send feedback for every prediction (default: most of them)
environment: OTEL_EXPORTER_OTLP_ENDPOINT=http://host:4318 sends to that collector instead of the embedded receiver`;

/** Parsed `npm start` options. */
export interface StartArgs {
  readonly forever: boolean;
  readonly requests: number;
  readonly dataDir: string;
  readonly keepData: boolean;
  readonly feedbackAll: boolean;
  readonly help: boolean;
}

/**
 * Parses the orchestrator's command line (see {@link START_USAGE}).
 * Throws {@link UsageError} naming the bad option.
 * @example parseStartArgs(['--requests', '60', '--data-dir', '/tmp/run']).requests // 60
 */
export function parseStartArgs(argv: readonly string[]): StartArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        forever: { type: 'boolean' },
        requests: { type: 'string' },
        'data-dir': { type: 'string' },
        'keep-data': { type: 'boolean' },
        'feedback-all': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${START_USAGE}`);
  }
  const requests = values.requests === undefined ? 300 : Number(values.requests);
  if (!Number.isInteger(requests) || requests < 1) {
    throw new UsageError(`--requests ${JSON.stringify(values.requests)} is not a whole number of at least 1`);
  }
  return {
    forever: values.forever === true,
    requests,
    dataDir: values['data-dir'] ?? 'mlotel-data',
    keepData: values['keep-data'] === true,
    feedbackAll: values['feedback-all'] === true,
    help: values.help === true,
  };
}
