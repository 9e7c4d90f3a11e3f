/**
 * fast-check over every public SDK method in a real app process (fixtures/fuzzSdk.js), with
 * the real OTLP exporter (protobuf, then JSON) and the console exporter running. Guarantee:
 * a log call never throws, setup calls throw nothing but ConfigError, no promise the SDK hands
 * out rejects, and nothing ends as an unhandled rejection or uncaught exception.
 * Seeds are fixed (override with FAULT_SEED) and logged, so a failure replays exactly.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { startFaultyOtlpServer, type FaultyOtlpServer } from './support/faultyOtlpServer';

const SEED = Number(process.env.FAULT_SEED ?? 20261127);
const NUM_RUNS = 1600; // x about 33 calls per run, per protocol: > 100,000 calls in total

interface FuzzReport {
  seed: number;
  numRuns: number;
  failed: boolean;
  counterexample?: string;
  failures: string[];
  calls: number;
  promises: number;
  rejected: string[];
  unhandled: string[];
  uncaught: string[];
  stats: Record<string, number>;
  setupErrors: Record<string, number>;
  helperThrows: Record<string, number>;
  crashed?: string;
}

let server: FaultyOtlpServer;
const totals = { calls: 0 };

beforeAll(async () => {
  server = await startFaultyOtlpServer({ decode: false });
});
afterAll(async () => {
  await server.close();
  console.info(`SDK fuzz: ${totals.calls} generated calls in total, seed ${SEED}`);
});

function runFuzz(protocol: string, seed: number): Promise<FuzzReport> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'fixtures', 'fuzzSdk.js'), [JSON.stringify({ url: server.url, protocol, seed, numRuns: NUM_RUNS })], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stdout!.resume(); // the console exporter's lines: drained, not kept
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.once('message', (message) => resolve(message as FuzzReport));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fuzz fixture exited (${code}) without a report: ${stderr.slice(-2000)}`)));
  });
}

it.each([['http/protobuf', SEED], ['http/json', SEED + 1]])(
  'no public SDK method throws (other than ConfigError from setup calls) or leaves a rejection, over %s (seed %d)',
  async (protocol, seed) => {
    console.info(`SDK fuzz over ${protocol}: seed ${seed} (replay with FAULT_SEED)`);
    const report = await runFuzz(protocol as string, seed as number);
    expect(report.crashed).toBeUndefined();
    totals.calls += report.calls;
    console.info(`SDK fuzz over ${protocol}: ${report.calls} calls in ${report.numRuns} runs, ${report.promises} promises, stats ${JSON.stringify(report.stats)}, ConfigErrors from setup calls ${JSON.stringify(report.setupErrors)}`);
    if (Object.keys(report.helperThrows).length > 0) console.info(`exported helpers given ill-typed input threw: ${JSON.stringify(report.helperThrows)}`);
    expect(report.failures).toEqual([]);
    expect(report.counterexample).toBeUndefined();
    expect(report.failed).toBe(false);
    expect(report.rejected).toEqual([]);
    expect(report.unhandled).toEqual([]);
    expect(report.uncaught).toEqual([]);
    expect(report.calls).toBeGreaterThanOrEqual(50_000);
    const s = report.stats;
    const unaccounted = s.emitted! - s.exported! - s.failedExports! - s.dropped!;
    // F1 (docs/reliability.md): ~1,000 forceFlush() calls in one synchronous turn used to leave
    // up to ~18,800 records neither exported, failed nor dropped. Whatever shutdown() could not
    // send in time is now counted as dropped, so the invariant holds whatever the timing.
    if (unaccounted !== 0 || s.dropped! > 0) console.info(`SDK fuzz over ${protocol}: ${s.dropped} records counted as dropped, ${unaccounted} unaccounted`);
    expect(s.exported).toBeGreaterThan(0);
    expect(unaccounted).toBe(0);
  },
);
