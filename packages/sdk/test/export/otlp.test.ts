import { SeverityNumber } from '@opentelemetry/api-logs';
import { runFixture } from '../helpers/runFixture';
import { startOtlpSink, type OtlpSink } from '../helpers/otlpSink';

// The real OTLP/HTTP exporters, in a child process running the built SDK (they load `http`
// with a dynamic import() that jest's sandbox cannot run), against a real HTTP server here
// that decodes what arrives.

let sink: OtlpSink;
beforeEach(async () => {
  sink = await startOtlpSink();
});
afterEach(async () => {
  await sink.close();
});

describe.each(['http/protobuf', 'http/json'] as const)('OTLP export over %s', (protocol) => {
  it('delivers severity, body, attributes, scope, resource and the active span ids', async () => {
    const run = await runFixture('otlpScenario.js', {
      scenario: 'fields',
      options: { serviceName: 'iris-api', serviceVersion: '1.2.3', server: 'server-a', environment: 'test', endpoint: sink.url, protocol, tracing: true },
    });
    expect(run.stderr).toBe('');
    const { traceId, spanId, stats } = run.result;
    expect(sink.records).toHaveLength(2);
    const [inside, outside] = sink.records;
    expect(inside).toMatchObject({
      scope: 'it.scoring',
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARNING',
      body: 'inside a span',
      attributes: {
        'ml.model.name': 'iris', 'ml.model.version': 'v1', rows: 3, ratio: 0.5, ok: true,
        nested: { tags: ['a', 'b'], depth: { n: 1 } },
      },
      traceId,
      spanId,
    });
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(inside?.resource).toMatchObject({
      'service.name': 'iris-api', 'service.version': '1.2.3', 'host.name': 'server-a', 'deployment.environment.name': 'test',
    });
    expect(typeof inside?.resource['process.pid']).toBe('number');
    expect(inside?.resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(outside).toMatchObject({ severityNumber: SeverityNumber.FATAL, severityText: 'CRITICAL', body: 'outside', traceId: undefined });
    expect(sink.spans.map((s) => [s.name, s.traceId])).toEqual([['predict', traceId]]);
    expect(stats).toMatchObject({ emitted: 2, exported: 2, dropped: 0, failedExports: 0 });
    expect(sink.contentTypes[0]).toContain(protocol === 'http/json' ? 'json' : 'protobuf');
  });

  it('delivers all of 10,000 records emitted in one synchronous burst once shutdown() resolves', async () => {
    const run = await runFixture('otlpScenario.js', { scenario: 'burst', count: 10000, options: { endpoint: sink.url, protocol } });
    expect(run.stderr).toBe('');
    expect(sink.records).toHaveLength(10000);
    expect(new Set(sink.records.map((r) => r.attributes.i)).size).toBe(10000);
    expect(run.result.stats).toMatchObject({ emitted: 10000, exported: 10000, dropped: 0, failedExports: 0 });
  });
});

describe('OTLP export', () => {
  it('counts queue-full drops in stats() and delivers the rest', async () => {
    const run = await runFixture('otlpScenario.js', {
      scenario: 'burst', count: 50, options: { endpoint: sink.url, batch: { maxQueueSize: 10, maxExportBatchSize: 10 } },
    });
    const { stats } = run.result;
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.exported + stats.dropped).toBe(50);
    expect(sink.records).toHaveLength(stats.exported);
  });

  it('forceFlush() and shutdown() resolve, and count the failure, when the collector is down', async () => {
    await sink.close();
    const run = await runFixture('otlpScenario.js', {
      scenario: 'error', options: { endpoint: sink.url, flushTimeoutMillis: 2000, batch: { exportTimeoutMillis: 500 } },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.result.stats).toMatchObject({ emitted: 1, exported: 0 });
    sink = await startOtlpSink();
  });

  it('flushes at beforeExit when the app never calls shutdown()', async () => {
    const run = await runFixture('otlpScenario.js', { scenario: 'exitWithoutShutdown', options: { endpoint: sink.url } });
    expect(run.code).toBe(0);
    expect(sink.records.map((r) => r.body)).toEqual(['flushed at beforeExit']);
  });

  it('takes the endpoint and protocol from the standard environment variables', async () => {
    const run = await runFixture('otlpScenario.js', { scenario: 'burst', count: 3, options: {} }, {
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'from-env',
      OTEL_RESOURCE_ATTRIBUTES: 'team=ml,service.name=ignored',
    });
    expect(run.stderr).toBe('');
    expect(sink.records).toHaveLength(3);
    expect(sink.records[0]?.resource).toMatchObject({ 'service.name': 'from-env', team: 'ml' });
    expect(sink.contentTypes[0]).toContain('json');
  });
});
