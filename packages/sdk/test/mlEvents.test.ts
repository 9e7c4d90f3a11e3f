import { context, trace, SpanStatusCode } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ConfigError } from '../src/errors';
import { getLogger } from '../src/logger';
import { createPredictionSampler } from '../src/ml/sampling';
import { resetOtelGlobals, startMemoryPipeline, type MemoryPipeline } from './helpers/memoryPipeline';

// The ML event methods on a real sdk-logs pipeline kept in memory (the wire format is covered
// by test/ml/mlEventsExport.test.ts through the real OTLP exporter).

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seededIds } = require('./fixtures/seededIds.js') as { seededIds: (seed: number, count: number) => string[] };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let pipe: MemoryPipeline;
const start = (options = {}): void => {
  resetOtelGlobals();
  pipe = startMemoryPipeline(options);
};
afterEach(async () => {
  await pipe.close();
  getLogger('ev').setLevel('NOTSET');
});

const attrs = (): Record<string, unknown> => pipe.last().attributes as Record<string, unknown>;

describe('prediction()', () => {
  beforeEach(() => start());

  it('returns the id given, a numeric id as text, else a new UUID', () => {
    const log = getLogger('ev.p');
    expect(log.prediction({ id: 'p-1', output: 1 })).toBe('p-1');
    expect(log.prediction({ id: 42 as never, output: 1 })).toBe('42');
    expect(attrs()['ml.prediction.id']).toBe('42');
    expect(log.prediction({ output: 1 })).toMatch(UUID);
    expect(log.prediction({ id: { bad: true } as never, output: 1 })).toMatch(UUID);
  });

  it('returns the id but emits nothing, and reads nothing else, when INFO is off', () => {
    const log = getLogger('ev.off');
    log.setLevel('WARNING');
    const read: string[] = [];
    const args = new Proxy({ id: 'p-off', output: 1 }, { get: (t, k) => { read.push(String(k)); return Reflect.get(t, k); } });
    expect(log.prediction(args)).toBe('p-off');
    expect(read).toEqual(['id']);
    expect(pipe.records()).toHaveLength(0);
  });

  it('puts latency and confidence in attributes only when they are finite numbers', () => {
    getLogger('ev.n').prediction({ output: 1, latencyMs: NaN, confidence: '0.9' as never });
    expect(attrs()).not.toHaveProperty(['ml.prediction.latency_ms']);
    expect(attrs()).not.toHaveProperty(['ml.prediction.confidence']);
  });

  it('lets the ids it sets win over attributes of the same name', () => {
    getLogger('ev.w').prediction({ id: 'real', output: 1, attributes: { 'ml.prediction.id': 'fake', 'event.name': 'x', k: 1 } });
    expect(attrs()).toMatchObject({ 'ml.prediction.id': 'real', 'event.name': 'ml.prediction', k: 1 });
  });

  it('redacts default-list keys in the body and the attributes', () => {
    getLogger('ev.r').prediction({ output: 1, input: { user: { Password: 'x' } }, attributes: { 'http.request.header.authorization': 'Bearer t' } });
    expect(pipe.last().body).toEqual({ input: { user: { Password: '[REDACTED]' } }, output: 1 });
    expect(attrs()['http.request.header.authorization']).toBe('[REDACTED]');
  });
});

describe('startPrediction()', () => {
  beforeEach(() => start());

  it('logs one prediction with the measured latency; later end()/fail() do nothing', () => {
    const log = getLogger('ev.h');
    const p = log.startPrediction({ id: 'h-1', input: [1, 2] });
    p.end({ output: 'a', confidence: 0.5 });
    p.end({ output: 'b' });
    p.fail(new Error('late'));
    expect(pipe.records()).toHaveLength(1);
    expect(pipe.last()).toMatchObject({ eventName: 'ml.prediction', severityNumber: SeverityNumber.INFO, body: { input: [1, 2], output: 'a' } });
    expect(attrs()['ml.prediction.latency_ms']).toBeGreaterThanOrEqual(0);
    expect(attrs()['ml.prediction.confidence']).toBe(0.5);
  });

  it('copies the start attributes at start and merges the end attributes over them', () => {
    getLogger('ev').setLevel('DEBUG');
    const given: Record<string, unknown> = { route: '/predict', tenant: 'a' };
    const p = getLogger('ev.a').startPrediction({ attributes: given });
    given.route = 'changed later';
    p.intermediate('step', 1);
    expect(attrs()).toMatchObject({ route: '/predict', tenant: 'a', 'ml.prediction.id': p.id, 'ml.intermediate.name': 'step' });
    p.end({ output: 1, attributes: { tenant: 'b' } });
    expect(attrs()).toMatchObject({ route: '/predict', tenant: 'b', 'ml.prediction.id': p.id });
  });

  it('fail() logs ml.prediction at ERROR with exception.*, error.type, the input and no output', () => {
    const p = getLogger('ev.f').startPrediction({ id: 'f-1', input: { x: 1 } });
    p.fail(new RangeError('out of range'));
    p.end({ output: 'too late' });
    expect(pipe.records()).toHaveLength(1);
    expect(pipe.last()).toMatchObject({ eventName: 'ml.prediction', severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: { input: { x: 1 } } });
    expect(attrs()).toMatchObject({ 'ml.prediction.id': 'f-1', 'error.type': 'RangeError', 'exception.type': 'RangeError', 'exception.message': 'out of range' });
    expect(attrs()['ml.prediction.latency_ms']).toEqual(expect.any(Number));
  });

  it('fail() takes anything that can be thrown', () => {
    getLogger('ev.f2').startPrediction().fail('just a string');
    expect(attrs()).toMatchObject({ 'error.type': 'string', 'exception.message': 'just a string' });
  });
});

describe('intermediate() and input()', () => {
  beforeEach(() => start());

  it('never reads the value, through the logger or a handle, while DEBUG is off', () => {
    const log = getLogger('ev.quiet');
    log.setLevel('INFO');
    const value = new Proxy({}, { get() { throw new Error('read'); }, ownKeys() { throw new Error('keys'); }, getPrototypeOf() { throw new Error('proto'); } });
    log.intermediate('x', value);
    log.input(value);
    log.startPrediction().intermediate('x', value);
    expect(pipe.records()).toHaveLength(0);
    expect(pipe.mlotel.stats().internalErrors).toBe(0);
  });

  it('logs at DEBUG with body { name, value } and ml.intermediate.name', () => {
    getLogger('ev').setLevel('DEBUG');
    getLogger('ev.i').intermediate('probabilities', [0.2, 0.8], { step: 2 });
    expect(pipe.last()).toMatchObject({ eventName: 'ml.intermediate', severityNumber: SeverityNumber.DEBUG, body: { name: 'probabilities', value: [0.2, 0.8] } });
    expect(attrs()).toMatchObject({ 'ml.intermediate.name': 'probabilities', step: 2, 'event.name': 'ml.intermediate' });
    getLogger('ev.i').input({ a: 1 });
    expect(pipe.last()).toMatchObject({ eventName: 'ml.input', severityNumber: SeverityNumber.DEBUG, body: { input: { a: 1 } } });
  });
});

describe('sampling', () => {
  beforeEach(() => start({ sampling: { predictions: 0 }, level: 'DEBUG' }));

  it('drops the prediction, its intermediates and inputs together, and counts each record, but never the feedback', () => {
    const log = getLogger('ev.s');
    log.prediction({ id: 's-1', output: 1 });
    const p = log.startPrediction({ id: 's-2' });
    p.intermediate('x', 1);
    p.end({ output: 1 });
    log.intermediate('y', 1, { 'ml.prediction.id': 's-1' });
    log.input({ a: 1 }, { 'ml.prediction.id': 's-1' });
    log.feedback({ predictionId: 's-1', actual: 1 });
    expect(pipe.records().map((r) => [r.eventName, r.attributes['ml.prediction.id']])).toEqual([['ml.feedback', 's-1']]);
    expect(pipe.mlotel.stats().sampledOut).toBe(5);
  });

  it('keeps ERROR records of a sampled-out prediction, with the configured rate, and events tied to no prediction', () => {
    const log = getLogger('ev.s2');
    const p = log.startPrediction({ id: 's-3' });
    p.intermediate('x', 1);
    p.fail(new Error('boom'));
    log.intermediate('free', 1);
    expect(pipe.records().map((r) => [r.eventName, r.severityText])).toEqual([['ml.prediction', 'ERROR'], ['ml.intermediate', 'DEBUG']]);
    expect(pipe.records()[0]?.attributes['ml.sampling.rate']).toBe(0);
    expect(pipe.records()[1]?.attributes).not.toHaveProperty(['ml.sampling.rate']);
    expect(pipe.mlotel.stats().sampledOut).toBe(1);
  });
});

describe('sampling at 0.1', () => {
  beforeEach(() => start({ sampling: { predictions: 0.1 } }));

  it('keeps every failed prediction and every label, those of failed predictions included', () => {
    const log = getLogger('ev.s3');
    const ids = seededIds(11, 200);
    const sampler = createPredictionSampler(0.1);
    expect(ids.filter((id) => sampler.keep(id)).length).toBeLessThan(50); // most of them hash out
    for (const id of ids) log.startPrediction({ id, input: { x: 1 } }).fail(new Error('model crashed'));
    for (const id of ids) log.feedback({ predictionId: id, actual: 1, attributes: { source: 'human-review' } });
    const byEvent = (event: string): unknown[] => pipe.records().filter((r) => r.eventName === event).map((r) => r.attributes['ml.prediction.id']);
    expect(byEvent('ml.prediction')).toEqual(ids);
    expect(byEvent('ml.feedback')).toEqual(ids);
    expect(pipe.records().filter((r) => r.eventName === 'ml.prediction').every((r) => r.attributes['ml.sampling.rate'] === 0.1)).toBe(true);
    expect(pipe.mlotel.stats().sampledOut).toBe(0);
  });
});

describe('payload options', () => {
  it('applies init({ payload }) and, per logger, withPayload() field by field over it', () => {
    start({ payload: { dataset: { maxArrayItems: 4 } } });
    const log = getLogger('ev.pl');
    log.prediction({ output: [1, 2, 3, 4, 5] });
    expect((pipe.last().body as { output: unknown }).output).toMatchObject({ $summary: { shape: [5] } });
    const summary = log.withPayload({ mode: 'summary' });
    summary.child({ c: 1 }).prediction({ output: [1, 2, 3] });
    expect((pipe.last().body as { output: unknown }).output).toMatchObject({ $summary: { shape: [3] } });
    summary.withModel({ name: 'iris' }).withPayload({ mode: 'none' }).prediction({ input: { a: 1 }, output: 1 });
    expect(pipe.last().body).toEqual({ input: '[omitted]', output: '[omitted]' });
    expect(attrs()['ml.payload.shaped']).toEqual(['input', 'output']);
    log.prediction({ output: [1, 2, 3] });
    expect(pipe.last().body).toEqual({ output: [1, 2, 3] });
    log.withPayload({ dataset: { maxArrayItems: 8 } }).withPayload({ dataset: { maxBytes: 4096 } }).prediction({ output: [1, 2, 3, 4, 5] });
    expect(pipe.last().body).toEqual({ output: [1, 2, 3, 4, 5] });
  });

  it('gives ml.prediction and ml.feedback the dataset budget and ml.intermediate and ml.input the compact one', () => {
    start({ level: 'DEBUG', payload: { maxStringLength: 100, dataset: { maxStringLength: 200 } } });
    const log = getLogger('ev.budgets');
    const text = 'y'.repeat(150);
    const p = log.startPrediction({ input: { text } });
    p.intermediate('text', text);
    p.end({ output: text });
    log.feedback({ predictionId: p.id, actual: text });
    log.input({ text });
    const bodies = pipe.records().map((r) => [r.eventName, JSON.stringify(r.body).includes('more chars')]);
    expect(bodies).toEqual([['ml.intermediate', true], ['ml.prediction', false], ['ml.feedback', false], ['ml.input', true]]);
  });

  it('rejects a bad withPayload() value with a ConfigError naming the logger and field', () => {
    start();
    expect(() => getLogger('ev.bad').withPayload({ maxBytes: 3 })).toThrow(ConfigError);
    expect(() => getLogger('ev.bad').withPayload({ maxBytes: 3 })).toThrow('getLogger("ev.bad").withPayload(...).maxBytes');
    expect(() => getLogger('ev.bad').withPayload({ mood: 'x' } as never)).toThrow('withPayload(...).mood: unknown option');
  });
});

describe('before init()', () => {
  it('applies the defaults: default redaction list, payload budgets, no sampling', async () => {
    pipe = { close: async () => undefined } as MemoryPipeline;
    resetOtelGlobals();
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    logs.setGlobalLoggerProvider(provider);
    const log = getLogger('ev.pre');
    log.prediction({ id: 'pre-1', input: { token: 'secret-value', t: new Float32Array(2000) }, output: 'x'.repeat(20000) });
    log.setLevel('DEBUG');
    log.intermediate('t', { t: new Float32Array(1000), text: 'x'.repeat(5000) });
    log.setLevel('NOTSET');
    const [prediction, intermediate] = exporter.getFinishedLogRecords();
    const body = prediction?.body as { input: { token: string; t: unknown }; output: string };
    expect(body.input.token).toBe('[REDACTED]');
    expect(body.input.t).toMatchObject({ $summary: { type: 'Float32Array', shape: [2000] } });
    expect(body.output).toMatch(/^x{16384}…\[3616 more chars\]$/);
    expect(prediction?.attributes).toMatchObject({ 'ml.sampling.rate': 1, 'ml.payload.shaped': ['input.token', 'input.t', 'output'] });
    const value = (intermediate?.body as { value: { t: unknown; text: string } }).value;
    expect(value.t).toMatchObject({ $summary: { type: 'Float32Array', shape: [1000] } });
    expect(value.text).toMatch(/^x{1024}…\[3976 more chars\]$/);
    await provider.shutdown();
    resetOtelGlobals();
  });
});

describe('tracing', () => {
  it('opens a child span ml.predict <model>, ends it, and marks it errored on fail()', async () => {
    start();
    const spans = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(tracerProvider);
    const log = getLogger('ev.t').withModel({ name: 'iris', version: 'v1' });
    trace.getTracer('test').startActiveSpan('request', (request) => {
      log.startPrediction({ id: 't-1' }).end({ output: 1, confidence: 0.9 });
      log.startPrediction({ id: 't-2' }).fail(new Error('bad'));
      request.end();
    });
    const [ok, failed, request] = spans.getFinishedSpans();
    expect([ok?.name, failed?.name, request?.name]).toEqual(['ml.predict iris', 'ml.predict iris', 'request']);
    expect(ok?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId);
    expect(ok?.attributes).toMatchObject({ 'ml.prediction.id': 't-1', 'ml.model.name': 'iris', 'ml.model.version': 'v1', 'ml.prediction.confidence': 0.9 });
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes['error.type']).toBe('Error');
    const [okRecord, failedRecord] = pipe.records();
    expect(okRecord?.spanContext?.spanId).toBe(ok?.spanContext().spanId);
    expect(failedRecord?.spanContext?.spanId).toBe(failed?.spanContext().spanId);
    await tracerProvider.shutdown();
  });
});
