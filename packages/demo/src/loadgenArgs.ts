import { parseArgs } from 'node:util';
import type { LoadOptions } from './loadGenerator.js';

/** Thrown for a command-line argument the load generator cannot use; the message says how to fix it. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Usage text of `loadgen.js`. */
export const LOADGEN_USAGE = `usage: node packages/demo/dist/cjs/loadgen.js [options]
  --target URL          demo server base URL, repeatable (default http://127.0.0.1:8080)
  --requests N          number of /predict requests (default 300)
  --forever             keep sending until Ctrl-C (paced by --rate, default 20/s)
  --rate N              requests per second (default: as fast as answered; 20 with --forever)
  --concurrency N       requests in flight (default 4)
  --duration S          stop a bounded run after S seconds (default 50)
  --feedback-share X    share of predictions that get feedback, 0..1 (default 0.85)
  --late-share X        share of feedback sent late, 0..1 (default 0.25)
  --seed N              seed of the request mix (default 7)
  --wait S              wait up to S seconds for the targets' /healthz (default 60)`;

/** Parsed load generator arguments: the run options plus how long to wait for the targets. */
export interface LoadgenArgs {
  readonly load: Omit<LoadOptions, 'signal'>;
  readonly waitMs: number;
  readonly help: boolean;
}

function number(name: string, raw: string | undefined, fallback: number, min: number, max = Infinity): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)} is not a number between ${min} and ${max}`);
  }
  return value;
}

/**
 * Parses the load generator's command line (see {@link LOADGEN_USAGE}).
 * Throws {@link UsageError} naming the bad option; unknown options are errors too.
 * @example parseLoadgenArgs(['--target', 'http://a:8080', '--target', 'http://b:8080', '--forever'])
 */
export function parseLoadgenArgs(argv: readonly string[]): LoadgenArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        target: { type: 'string', multiple: true },
        requests: { type: 'string' },
        forever: { type: 'boolean' },
        rate: { type: 'string' },
        concurrency: { type: 'string' },
        duration: { type: 'string' },
        'feedback-share': { type: 'string' },
        'late-share': { type: 'string' },
        seed: { type: 'string' },
        wait: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)}\n${LOADGEN_USAGE}`);
  }
  const targets = (values.target ?? ['http://127.0.0.1:8080']).map((t) => t.replace(/\/+$/, ''));
  for (const target of targets) {
    if (!/^https?:\/\/[^/]+$/.test(target)) {
      throw new UsageError(`--target ${JSON.stringify(target)} is not a base URL like http://127.0.0.1:8080`);
    }
  }
  const forever = values.forever === true;
  return {
    help: values.help === true,
    waitMs: number('wait', values.wait, 60, 0) * 1000,
    load: {
      targets,
      requests: forever ? Infinity : number('requests', values.requests, 300, 1),
      maxDurationMs: forever ? undefined : number('duration', values.duration, 50, 1) * 1000,
      rate: number('rate', values.rate, forever ? 20 : 0, 0),
      concurrency: number('concurrency', values.concurrency, 4, 1, 256),
      feedbackShare: number('feedback-share', values['feedback-share'], 0.85, 0, 1),
      lateShare: number('late-share', values['late-share'], 0.25, 0, 1),
      seed: number('seed', values.seed, 7, 0),
    },
  };
}
