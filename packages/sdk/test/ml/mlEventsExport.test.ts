import { SeverityNumber } from '@opentelemetry/api-logs';
import { runFixture } from '../helpers/runFixture';
import { startOtlpSink, type OtlpSink, type ReceivedRecord } from '../helpers/otlpSink';
import { createPredictionSampler } from '../../src/ml/sampling';

// The ML events through the real OTLP/HTTP exporters, in a child process running the built SDK
// (the exporters load `http` with a dynamic import() that jest's sandbox cannot run), against a
// real HTTP server here that decodes what arrives.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seededIds } = require('../fixtures/seededIds.js') as { seededIds: (seed: number, count: number) => string[] };

const HASH_KEY = 'a-test-hash-key-of-32-characters';
const MODEL = { 'ml.model.name': 'iris', 'ml.model.version': 'v1' };

let sink: OtlpSink;
beforeEach(async () => {
  sink = await startOtlpSink();
});
afterEach(async () => {
  await sink.close();
});

const byId = (id: string, event = 'ml.prediction'): ReceivedRecord | undefined =>
  sink.records.find((r) => r.eventName === event && r.attributes['ml.prediction.id'] === id);

describe.each(['http/protobuf', 'http/json'] as const)('ML events over %s', (protocol) => {
  it('sends each event with its eventName, event.name, attributes, body map and trace ids', async () => {
    const run = await runFixture('mlScenario.js', {
      scenario: 'events',
      options: { endpoint: sink.url, protocol, tracing: true, level: 'INFO,it.ml=DEBUG', serviceName: 'iris-api' },
    });
    expect(run.stderr).toBe('');
    const { traceId, spanId, returnedId, generatedId, stats } = run.result;
    expect(returnedId).toBe('p-1');
    expect(generatedId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stats).toMatchObject({ emitted: 8, exported: 8, sampledOut: 0, internalErrors: 0 });
    await sink.waitForSpans(3); // request + two ml.predict

    // logger.prediction() inside the request span: that span's ids.
    expect(byId('p-1')).toMatchObject({
      scope: 'it.ml', severityNumber: SeverityNumber.INFO, severityText: 'INFO', eventName: 'ml.prediction',
      body: { input: { sepal_length: 5.1, petal: [1.4, 0.2] }, output: 'setosa' },
      attributes: {
        ...MODEL, 'event.name': 'ml.prediction', 'ml.prediction.id': 'p-1',
        'ml.prediction.latency_ms': 2.5, 'ml.prediction.confidence': 0.97, 'ml.sampling.rate': 1, route: '/predict',
      },
      traceId, spanId,
    });

    // startPrediction(): a child span `ml.predict iris` in the same trace; its records carry that span.
    const predictSpans = sink.spans.filter((s) => s.name === 'ml.predict iris');
    expect(predictSpans.map((s) => s.traceId)).toEqual([traceId, traceId]);
    const p2 = byId('p-2');
    expect(p2).toMatchObject({
      severityNumber: SeverityNumber.INFO, eventName: 'ml.prediction',
      body: { input: { sepal_length: 6.3 }, output: 'versicolor' },
      attributes: { ...MODEL, 'ml.prediction.id': 'p-2', 'ml.prediction.confidence': 0.8, 'ml.sampling.rate': 1, route: '/predict' },
      traceId,
    });
    expect(p2?.attributes['ml.prediction.latency_ms']).toEqual(expect.any(Number));
    expect(predictSpans.map((s) => s.spanId)).toContain(p2?.spanId);
    expect(p2?.spanId).not.toBe(spanId);
    const probabilities = byId('p-2', 'ml.intermediate');
    expect(probabilities).toMatchObject({
      severityNumber: SeverityNumber.DEBUG, eventName: 'ml.intermediate',
      body: { name: 'probabilities', value: [0.1, 0.8, 0.1] },
      attributes: { ...MODEL, 'event.name': 'ml.intermediate', 'ml.intermediate.name': 'probabilities', 'ml.prediction.id': 'p-2', route: '/predict' },
      traceId, spanId: p2?.spanId,
    });

    // fail(): an ml.prediction record at ERROR with exception.* and error.type, no output.
    const p3 = byId('p-3');
    expect(p3).toMatchObject({
      severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', eventName: 'ml.prediction',
      body: { input: { sepal_length: -1 } },
      attributes: { ...MODEL, 'ml.prediction.id': 'p-3', 'error.type': 'TypeError', 'exception.type': 'TypeError', 'exception.message': 'negative length', 'ml.sampling.rate': 1 },
      traceId,
    });
    expect(p3?.body).not.toHaveProperty('output');
    expect(p3?.attributes['exception.stacktrace']).toContain('negative length');
    expect(predictSpans.map((s) => s.spanId)).toContain(p3?.spanId);

    expect(sink.records.find((r) => r.eventName === 'ml.intermediate' && r.attributes['ml.intermediate.name'] === 'embedding')).toMatchObject({
      body: { name: 'embedding', value: [1, 2, 3] }, traceId, spanId,
    });
    expect(sink.records.find((r) => r.eventName === 'ml.input')).toMatchObject({
      severityNumber: SeverityNumber.DEBUG, body: { input: { raw: 'sepal_length=5.1' } }, attributes: { 'event.name': 'ml.input' }, traceId,
    });
    // feedback() outside any span: no trace ids.
    expect(byId('p-1', 'ml.feedback')).toMatchObject({
      severityNumber: SeverityNumber.INFO, eventName: 'ml.feedback', body: { actual: 'setosa' },
      attributes: { ...MODEL, 'event.name': 'ml.feedback', 'ml.prediction.id': 'p-1' }, traceId: undefined,
    });
    expect(sink.records.filter((r) => 'ml.payload.shaped' in r.attributes)).toEqual([]);
    expect(byId('p-1', 'ml.feedback')?.attributes).not.toHaveProperty(['ml.sampling.rate']);
    expect(byId(generatedId)).toMatchObject({ body: { output: 'virginica' } });
    expect(byId(generatedId)?.body).not.toHaveProperty('input');
  });
});

describe('ML events through the OTLP exporter', () => {
  it('never reads an intermediate value, or a logged input, while DEBUG is off', async () => {
    const run = await runFixture('mlScenario.js', { scenario: 'debugOff', options: { endpoint: sink.url } });
    expect(run.stderr).toBe('');
    expect(run.result.accessed).toEqual([]);
    expect(sink.records.map((r) => r.eventName)).toEqual(['ml.prediction']);
    expect(run.result.stats).toMatchObject({ emitted: 1, internalErrors: 0 });
  });

  it('sends a 1,000,000-value Float32Array input as a summary and a 20,000-character note cut to 16 KiB, marked as shaped', async () => {
    const run = await runFixture('mlScenario.js', { scenario: 'tensor', options: { endpoint: sink.url } });
    expect(run.stderr).toBe('');
    expect(sink.records).toHaveLength(1);
    const { body, attributes } = sink.records[0] as ReceivedRecord;
    const { embedding, note } = (body as { input: { embedding: { $summary: Record<string, unknown> }; note: string } }).input;
    expect(embedding.$summary).toMatchObject({ type: 'Float32Array', shape: [1_000_000], nan: 0 });
    expect(embedding.$summary.min).toBeCloseTo(-1, 3);
    expect(embedding.$summary.max).toBeCloseTo(1, 3);
    expect(embedding.$summary.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(note).toBe(`${'x'.repeat(16384)}…[3616 more chars]`);
    // The array attribute arrives as an OTLP array of strings.
    expect(attributes['ml.payload.shaped']).toEqual(['input.embedding', 'input.note']);
    expect(attributes['ml.sampling.rate']).toBe(1);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(65536);
    // The whole OTLP request (resource, scope and the one record): the note plus about 1 KiB.
    expect(sink.logRequestBytes).toHaveLength(1);
    expect(sink.logRequestBytes[0]).toBeLessThan(18 * 1024);
  });

  it('redacts by path and by the default key list, in the body and the attributes, and hashes equal values equally', async () => {
    const run = await runFixture('mlScenario.js', {
      scenario: 'redaction',
      options: { endpoint: sink.url, redact: ['input.email'] },
      second: { endpoint: sink.url, redact: { paths: ['input.email', '*.email'], hashKey: HASH_KEY } },
    });
    expect(run.stderr).toBe('');
    await sink.waitForRecords(5);
    expect(byId('r-1')).toMatchObject({
      body: { input: { email: '[REDACTED]', password: '[REDACTED]', age: 36 }, output: 'ok' },
      attributes: { api_key: '[REDACTED]', route: '/predict' },
    });
    const email = (id: string): unknown => (byId(id)?.body as { input: { email: unknown } }).input.email;
    expect(email('r-2')).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(email('r-3')).toBe(email('r-2'));
    expect(email('r-4')).not.toBe(email('r-2'));
    expect(JSON.stringify(sink.records)).not.toContain('example.com');
    // The same value redacted in an attribute of another event hashes the same: still joinable.
    expect(byId('r-2', 'ml.feedback')?.attributes.user).toEqual({ email: email('r-2') });
  });

  it('keeps 10,000 predictions at 0.1 within the binomial 99.9% interval, each with its rate, and every label from a labelling process at another rate', async () => {
    const seed = 20240611;
    const count = 10_000;
    const predictions = await runFixture('mlScenario.js', { scenario: 'predictions', seed, count, options: { endpoint: sink.url, sampling: { predictions: 0.1 } } });
    // The labelling process is set up on its own, with other sampling settings.
    const feedback = await runFixture('mlScenario.js', { scenario: 'feedback', seed, count, options: { endpoint: sink.url, sampling: { predictions: 0.5 } } });
    expect(predictions.stderr + feedback.stderr).toBe('');

    const ids = seededIds(seed, count);
    const failed = new Set(ids.filter((_, i) => i % 1000 === 999));
    const ofEvent = (event: string, severity: number): ReceivedRecord[] => sink.records
      .filter((r) => r.eventName === event && r.severityNumber === severity);
    const idsOf = (records: ReceivedRecord[]): string[] => records.map((r) => r.attributes['ml.prediction.id'] as string);
    const kept = ofEvent('ml.prediction', SeverityNumber.INFO);
    const errors = ofEvent('ml.prediction', SeverityNumber.ERROR);
    const feedbackIds = idsOf(ofEvent('ml.feedback', SeverityNumber.INFO));

    // Binomial(n, 0.1): mean 0.1n, sd sqrt(0.09n); 99.9% two-sided is +-3.29 sd.
    const n = count - failed.size;
    const sd = Math.sqrt(n * 0.1 * 0.9);
    expect(kept.length).toBeGreaterThanOrEqual(Math.ceil(0.1 * n - 3.29 * sd));
    expect(kept.length).toBeLessThanOrEqual(Math.floor(0.1 * n + 3.29 * sd));
    // Exactly the ids the hash keeps, and every record says at which rate it was sampled.
    const hashKept = createPredictionSampler(0.1);
    expect(idsOf(kept)).toEqual(ids.filter((id) => !failed.has(id) && hashKept.keep(id)));
    expect(new Set([...kept, ...errors].map((r) => r.attributes['ml.sampling.rate']))).toEqual(new Set([0.1]));
    // ERROR is always kept, whatever the hash says.
    expect(new Set(idsOf(errors))).toEqual(failed);
    // Feedback is never sampled out: every label arrives, those of failed predictions included.
    expect(feedbackIds).toHaveLength(count);
    expect(new Set(feedbackIds)).toEqual(new Set(ids));
    expect(predictions.result.stats).toMatchObject({ sampledOut: n - kept.length, emitted: kept.length + failed.size });
    expect(feedback.result.stats).toMatchObject({ sampledOut: 0, emitted: count });
  });

  it('takes the rate from MLOTEL_SAMPLING_PREDICTIONS when init() sets none, and init({ sampling }) over it', async () => {
    const seed = 7;
    const count = 2000;
    const ids = seededIds(seed, count);
    const failed = new Set(ids.filter((_, i) => i % 1000 === 999));
    const byEnv = await runFixture('mlScenario.js', { scenario: 'predictions', seed, count, options: { endpoint: sink.url } }, { MLOTEL_SAMPLING_PREDICTIONS: '0.25' });
    expect(byEnv.stderr).toBe('');
    const sampler = createPredictionSampler(0.25);
    const infoIds = (): string[] => sink.records
      .filter((r) => r.eventName === 'ml.prediction' && r.severityNumber === SeverityNumber.INFO)
      .map((r) => r.attributes['ml.prediction.id'] as string);
    expect(infoIds()).toEqual(ids.filter((id) => !failed.has(id) && sampler.keep(id)));
    expect(new Set(sink.records.map((r) => r.attributes['ml.sampling.rate']))).toEqual(new Set([0.25]));

    sink.records.length = 0;
    const byOption = await runFixture('mlScenario.js', { scenario: 'predictions', seed, count, options: { endpoint: sink.url, sampling: { predictions: 1 } } }, { MLOTEL_SAMPLING_PREDICTIONS: '0.25' });
    expect(byOption.stderr).toBe('');
    expect(infoIds()).toHaveLength(count - failed.size);
    expect(new Set(sink.records.map((r) => r.attributes['ml.sampling.rate']))).toEqual(new Set([1]));
  });

  it('refuses a bad MLOTEL_SAMPLING_PREDICTIONS when the process starts, naming it and the fix', async () => {
    const run = await runFixture('mlScenario.js', { scenario: 'feedback', seed: 1, count: 1, options: { endpoint: sink.url } }, { MLOTEL_SAMPLING_PREDICTIONS: '10%' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ConfigError: mlotel: MLOTEL_SAMPLING_PREDICTIONS: got "10%"; set it to a fraction from 0 to 1');
    expect(sink.records).toHaveLength(0);
  });
});
