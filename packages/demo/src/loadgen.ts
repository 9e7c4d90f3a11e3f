/**
 * Entry point of the load generator (`node packages/demo/dist/cjs/loadgen.js --target URL ...`):
 * waits for the targets' /healthz, sends the request mix, prints one summary line. Ctrl-C
 * (SIGINT) or SIGTERM stops it after sending the late feedback it owes.
 */
import { formatLoadReport, runLoad, waitForTargets } from './loadGenerator.js';
import { LOADGEN_USAGE, parseLoadgenArgs, UsageError, type LoadgenArgs } from './loadgenArgs.js';

async function main(args: LoadgenArgs): Promise<number> {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  const { targets } = args.load;
  const down = await waitForTargets(targets, args.waitMs, stop.signal);
  if (down.length > 0 && !stop.signal.aborted) {
    process.stderr.write(`mlotel loadgen: ${down.join(', ')} did not answer GET /healthz within ${args.waitMs / 1000} s; is the demo server running?\n`);
    return 1;
  }
  const mode = args.load.requests === Infinity ? 'until stopped' : `${args.load.requests} requests`;
  process.stdout.write(`mlotel loadgen: sending ${mode} to ${targets.join(', ')}\n`);
  const report = await runLoad({ ...args.load, signal: stop.signal });
  process.stdout.write(`mlotel loadgen: ${formatLoadReport(report)}\n`);
  return 0;
}

let args: LoadgenArgs;
try {
  args = parseLoadgenArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`mlotel loadgen: ${err instanceof UsageError ? err.message : String(err)}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${LOADGEN_USAGE}\n`);
  process.exit(0);
}
main(args).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`mlotel loadgen: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
