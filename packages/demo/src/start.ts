/**
 * `npm start`: the whole demo in one command. Starts the embedded receiver (`mlotel collect`),
 * two demo servers (server-a with a 30% canary on iris@v2, server-b with v2's loading broken on
 * purpose to show a CRITICAL record) and the load generator; stops them in order (servers flush
 * first, then the receiver closes its files) and prints a summary read back from the files.
 * `--forever` runs until Ctrl-C. With OTEL_EXPORTER_OTLP_ENDPOINT set, records go to that
 * collector and no embedded receiver is started.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { startChild, stopChild, type StartedChild } from './childProcesses.js';
import { buildRunDataset, type BuiltDataset } from './datasetStep.js';
import { formatLoadReport, runLoad } from './loadGenerator.js';
import { UsageError } from './loadgenArgs.js';
import { LOGS_FILE, ML_EVENTS_FILE, TRACES_FILE } from 'mlotel';
import { summariseFiles } from './runSummary.js';
import { parseStartArgs, START_USAGE, type StartArgs } from './startArgs.js';
import { formatSummary } from './summaryText.js';

/** The two demo servers: names, canary share, and which model versions fail to load on purpose. */
const SERVERS = [
  { name: 'server-a', canaryShare: '0.3', failModels: '' },
  { name: 'server-b', canaryShare: '0', failModels: 'v2' },
] as const;

const DATASET_FILE = 'dataset.jsonl';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** A bounded run stops sending after this long, whatever --requests says. */
const MAX_LOAD_MS = 50_000;
const FOREVER_RATE = 20;

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** How to show `path` to the user: relative to the working directory when it is inside it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function mlotelBin(): string {
  return join(dirname(require.resolve('mlotel/package.json')), 'bin', 'mlotel.js');
}

async function main(args: StartArgs): Promise<number> {
  const external = process.env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() || undefined;
  const running: StartedChild[] = [];
  // If the demo dies abruptly, do not leave servers or the receiver behind.
  process.on('exit', () => {
    for (const child of running) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  });
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) return;
    say('\nmlotel demo: stopping (servers flush first, then the receiver closes its files)...');
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const relay = (line: string): void => say(`  ${line}`);

  let endpoint = external;
  let dataDir: string | undefined;
  let cleared = false;
  let collector: StartedChild | undefined;
  if (!external) {
    dataDir = resolve(args.dataDir);
    mkdirSync(dataDir, { recursive: true });
    if (!args.keepData) {
      for (const file of [LOGS_FILE, TRACES_FILE, ML_EVENTS_FILE, DATASET_FILE]) rmSync(join(dataDir, file), { force: true });
      cleared = true;
    }
    collector = await startChild('mlotel collect', mlotelBin(), ['collect', '--port', '0', '--dir', dataDir, '--quiet'], {
      readyStream: 'stderr',
      readyPattern: /^mlotel collect: listening on (http:\/\/\S+)/,
      timeoutMs: READY_TIMEOUT_MS,
      onLine: relay,
    });
    running.push(collector);
    endpoint = collector.ready[1];
    say(`mlotel demo: receiver (mlotel collect) on ${endpoint}, writing ${display(dataDir)}/${cleared ? ' (previous run\'s files cleared; --keep-data to append)' : ''}`);
  } else {
    say(`mlotel demo: OTEL_EXPORTER_OTLP_ENDPOINT=${external}: sending there, no embedded receiver`);
  }

  const serverScript = join(__dirname, 'server.js');
  const started = await Promise.allSettled(
    SERVERS.map((s) =>
      startChild(s.name, serverScript, [], {
        env: {
          ...process.env,
          PORT: '0',
          HOST: '127.0.0.1',
          MLOTEL_SERVER: s.name,
          MLOTEL_CANARY_SHARE: s.canaryShare,
          MLOTEL_DEMO_FAIL_MODEL: s.failModels,
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        },
        readyStream: 'stdout',
        readyPattern: /listening on (http:\/\/\S+)/,
        timeoutMs: READY_TIMEOUT_MS,
        onLine: relay,
      }),
    ),
  );
  const servers: StartedChild[] = [];
  const failures: string[] = [];
  for (const result of started) {
    if (result.status === 'fulfilled') {
      servers.push(result.value);
      running.push(result.value);
      say(`  ${result.value.readyLine}`);
    } else {
      failures.push(result.reason instanceof Error ? result.reason.message : String(result.reason));
    }
  }
  if (SERVERS.some((s) => s.failModels !== '')) {
    say('  (server-b loads iris@v2 with MLOTEL_DEMO_FAIL_MODEL=v2 on purpose: it logs a CRITICAL record and serves v1 only)');
  }

  let loadLine = 'not run';
  if (failures.length === 0 && !stop.signal.aborted) {
    const targets = servers.map((s) => s.ready[1] as string);
    say(args.forever
      ? `mlotel demo: sending ${FOREVER_RATE} requests/s until Ctrl-C (watch with: npx mlotel tail --follow ${dataDir ? display(join(dataDir, LOGS_FILE)) : ''})`
      : `mlotel demo: load generator sending ${args.requests} requests...`);
    const report = await runLoad({
      targets,
      requests: args.forever ? Infinity : args.requests,
      maxDurationMs: args.forever ? undefined : MAX_LOAD_MS,
      rate: args.forever ? FOREVER_RATE : 0,
      feedbackShare: args.feedbackAll ? 1 : 0.85,
      signal: stop.signal,
    });
    loadLine = formatLoadReport(report);
  }

  // Order matters: the servers flush their last batches to the receiver before it closes.
  const stopped = await Promise.all(servers.map((s) => stopChild(s, STOP_TIMEOUT_MS)));
  stopped.forEach((result, i) => {
    if (result.killed) failures.push(`${servers[i]?.name} did not stop within ${STOP_TIMEOUT_MS / 1000} s and was killed; its last records may be lost`);
  });
  if (collector) {
    const result = await stopChild(collector, STOP_TIMEOUT_MS);
    if (result.killed) failures.push(`mlotel collect did not stop within ${STOP_TIMEOUT_MS / 1000} s and was killed`);
  }
  if (failures.length > 0 && loadLine === 'not run') {
    for (const failure of failures) process.stderr.write(`mlotel demo: ${failure}\n`);
    return 1;
  }

  const lookFurther: string[] = [];
  let files;
  let dataset: BuiltDataset | undefined;
  let datasetError: string | undefined;
  let datasetFile: string | undefined;
  if (dataDir) {
    files = await summariseFiles(dataDir);
    const d = display(dataDir);
    datasetFile = `${d}/${DATASET_FILE}`;
    try {
      dataset = await buildRunDataset(join(dataDir, ML_EVENTS_FILE), join(dataDir, DATASET_FILE));
    } catch (err) {
      datasetError = err instanceof Error ? err.message : String(err);
    }
    const commands: Array<[string, string]> = [
      [`npx mlotel tail ${d}/${LOGS_FILE} --level WARNING`, 'warnings and worse, one line each'],
      [`npx mlotel tail ${d}/${LOGS_FILE} --model iris@v2`, "the canary's records"],
      [`npx mlotel tail ${d}/${LOGS_FILE} --event ml.prediction --json`, 'predictions as JSON'],
      [`npx mlotel dataset --in ${d}/${ML_EVENTS_FILE} --out train.csv --labelled-only`, 'the training set as CSV'],
      [`npx mlotel eval --in ${d}/${ML_EVENTS_FILE}`, 'per-class precision, recall and confusion matrices'],
      ['npm start -- --forever', 'keep serving and sending load until Ctrl-C'],
    ];
    const width = Math.max(...commands.map(([command]) => command.length));
    lookFurther.push(...commands.map(([command, why]) => `${command.padEnd(width)}  # ${why}`));
  }
  say(formatSummary({ loadLine, dataDir: dataDir && display(dataDir), cleared, files, dataset, datasetFile, datasetError, externalEndpoint: external, lookFurther }));
  for (const failure of failures) process.stderr.write(`mlotel demo: ${failure}\n`);
  return failures.length > 0 || datasetError ? 1 : 0;
}

let args: StartArgs;
try {
  args = parseStartArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`mlotel demo: ${err instanceof UsageError ? err.message : String(err)}\n`);
  process.exit(2);
}
if (args.help) {
  say(START_USAGE);
  process.exit(0);
}
main(args).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`mlotel demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
