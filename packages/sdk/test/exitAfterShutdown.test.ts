import { SeverityNumber } from '@opentelemetry/api-logs';
import { startFixture, type FixtureProcess } from './helpers/runFixture';
import { startHostileCollector, type CollectorBehaviour, type HostileCollector } from './helpers/hostileCollector';
import { startOtlpSink, type OtlpSink } from './helpers/otlpSink';

// Real child processes running the built SDK against real loopback servers. The bound on how
// long a child may live is the jest timeout of each test: without the fix, each of these
// collectors keeps the child alive on the exporter's retries and requests for a minute or more
// after shutdown() has resolved (three batches, each retried or waited on for up to 30 s).

const EXIT_BOUND_MS = 20_000;

let running: FixtureProcess | undefined;
afterEach(() => {
  // A child that did not exit in time is ended here, so a failure leaves no process behind.
  if (running !== undefined && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  running = undefined;
});

describe('after shutdown() resolves, the process exits by itself', () => {
  let collector: HostileCollector;
  afterEach(async () => {
    await collector.close();
  });

  it.each<CollectorBehaviour>(['429 with Retry-After', '503', 'reset', 'hang', 'slow 200'])(
    'when the collector answers with %s, with emitted == exported + failedExports + dropped',
    async (behaviour) => {
      collector = await startHostileCollector(behaviour, { retryAfterSeconds: 20, slowMillis: 25_000 });
      running = startFixture('exitScenario.js', {
        scenario: 'shutdown',
        count: 30,
        options: { endpoint: collector.url, flushTimeoutMillis: 1000, batch: { maxExportBatchSize: 10, exportTimeoutMillis: 30_000 } },
      });
      const run = await running.exited;
      expect(run.signal).toBeNull();
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(collector.requests()).toBeGreaterThan(0);
      const stats = run.result;
      expect(stats.emitted).toBe(30);
      expect(stats.exported + stats.failedExports + stats.dropped).toBe(stats.emitted);
    },
    EXIT_BOUND_MS,
  );
});

describe('after shutdown() resolves with tracing: true, the process exits by itself', () => {
  let collector: HostileCollector;
  afterEach(async () => {
    await collector.close();
  });

  it.each<CollectorBehaviour>(['503', 'hang'])('when the collector answers logs and spans with %s', async (behaviour) => {
    collector = await startHostileCollector(behaviour, { retryAfterSeconds: 20, slowMillis: 25_000 });
    running = startFixture('exitScenario.js', {
      scenario: 'shutdown',
      count: 30,
      options: { endpoint: collector.url, tracing: true, flushTimeoutMillis: 1000, batch: { maxExportBatchSize: 10, exportTimeoutMillis: 30_000 } },
    });
    const run = await running.exited;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.result.emitted).toBe(30);
  }, EXIT_BOUND_MS);
});

describe('mlotel.exit(code)', () => {
  let sink: OtlpSink;
  beforeEach(async () => {
    sink = await startOtlpSink();
  });
  afterEach(async () => {
    await sink.close();
  });

  it('delivers a CRITICAL logged just before it and exits with the code', async () => {
    running = startFixture('exitScenario.js', { scenario: 'exit', options: { endpoint: sink.url } });
    const run = await running.exited;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]).toMatchObject({ scope: 'app.startup', severityNumber: SeverityNumber.FATAL, body: 'cannot load the model' });
  }, EXIT_BOUND_MS);

  it('exits with the code within the flush bound when the collector is down', async () => {
    const url = sink.url;
    await sink.close();
    running = startFixture('exitScenario.js', { scenario: 'exit', options: { endpoint: url, flushTimeoutMillis: 1000, batch: { exportTimeoutMillis: 30_000 } } });
    const run = await running.exited;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    sink = await startOtlpSink();
  }, EXIT_BOUND_MS);
});
