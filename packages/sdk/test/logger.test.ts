import { SeverityNumber } from '@opentelemetry/api-logs';
import { ConfigError } from '../src/errors';
import { Level, addLevelName } from '../src/levels';
import { getLogger } from '../src/logger';
import { resetOtelGlobals, startMemoryPipeline, type MemoryPipeline } from './helpers/memoryPipeline';

let pipe: MemoryPipeline;

beforeEach(() => {
  resetOtelGlobals();
  getLogger().setLevel('INFO');
  pipe = startMemoryPipeline();
});
afterEach(async () => {
  await pipe.close();
});

describe('getLogger()', () => {
  it('returns the same instance for the same name', () => {
    expect(getLogger('same.name')).toBe(getLogger('same.name'));
  });

  it('names the root logger root', () => {
    expect(getLogger().name).toBe('root');
    expect(getLogger('')).toBe(getLogger());
  });

  it('uses the logger name as the instrumentation scope name', () => {
    getLogger('demo.scoring').info('scored');
    expect(pipe.last().instrumentationScope.name).toBe('demo.scoring');
  });
});

describe('levels and hierarchy', () => {
  it('defaults the root to INFO so DEBUG is dropped and INFO kept', () => {
    const log = getLogger('h.default');
    log.debug('hidden');
    log.info('shown');
    expect(pipe.records().map((r) => r.body)).toEqual(['shown']);
    expect(log.getEffectiveLevel()).toBe(Level.INFO);
  });

  it('inherits the nearest ancestor level that is set', () => {
    getLogger('h1').setLevel('ERROR');
    getLogger('h1.a').setLevel('DEBUG');
    expect(getLogger('h1.a.b.c').getEffectiveLevel()).toBe(Level.DEBUG);
    expect(getLogger('h1.x').getEffectiveLevel()).toBe(Level.ERROR);
  });

  it('updates loggers created before an ancestor level changed', () => {
    const leaf = getLogger('h2.a.leaf');
    const child = leaf.child({ k: 1 });
    expect(leaf.isEnabledFor(Level.DEBUG)).toBe(false);
    getLogger('h2').setLevel('DEBUG');
    expect(leaf.isEnabledFor(Level.DEBUG)).toBe(true);
    child.debug('now visible');
    expect(pipe.last().body).toBe('now visible');
    getLogger('h2').setLevel('NOTSET');
    expect(leaf.isEnabledFor(Level.DEBUG)).toBe(false);
  });

  it('enables everything when the root is set to NOTSET', () => {
    getLogger().setLevel(Level.NOTSET);
    expect(getLogger('h3.any').isEnabledFor(1)).toBe(true);
    getLogger().setLevel('INFO');
  });

  it('throws a ConfigError from setLevel for an unknown level, naming the logger', () => {
    expect(() => getLogger('h4').setLevel('LOUD')).toThrow(ConfigError);
    expect(() => getLogger('h4').setLevel('LOUD')).toThrow(/setLevel\("h4"\)/);
  });

  it('isEnabledFor is false for NaN and non-numbers', () => {
    expect(getLogger('h5').isEnabledFor(NaN)).toBe(false);
    expect(getLogger('h5').isEnabledFor('50' as unknown as number)).toBe(false);
  });
});

describe('logging methods', () => {
  it.each([
    ['debug', SeverityNumber.DEBUG, 'DEBUG'],
    ['info', SeverityNumber.INFO, 'INFO'],
    ['warning', SeverityNumber.WARN, 'WARNING'],
    ['warn', SeverityNumber.WARN, 'WARNING'],
    ['error', SeverityNumber.ERROR, 'ERROR'],
    ['critical', SeverityNumber.FATAL, 'CRITICAL'],
    ['fatal', SeverityNumber.FATAL, 'CRITICAL'],
  ] as const)('%s() emits severity %p with text %p', (method, number, text) => {
    const log = getLogger('m.levels');
    log.setLevel('DEBUG');
    log[method]('hello', { a: 1 });
    const record = pipe.last();
    expect(record.severityNumber).toBe(number);
    expect(record.severityText).toBe(text);
    expect(record.body).toBe('hello');
    expect(record.attributes).toEqual({ a: 1 });
  });

  it.each([
    ['flat nested maps shared by two attributes', () => { const ctx = { tenant: 'acme', attempt: 2 }; return { a: ctx, b: ctx, n: 1 }; }],
    ['a nested map holding an array and a map', () => ({ ctx: { tags: ['x', 'y'], inner: { deep: true } } })],
    ['a nested map with boolean and null leaves', () => ({ ctx: { none: null, ok: false, s: 'v' } })],
  ])('hands %s to sdk-logs whole', (_name, make) => {
    const attributes = make();
    getLogger('m.clean').info('x', attributes);
    expect(pipe.last().attributes).toEqual(JSON.parse(JSON.stringify(attributes)));
  });

  it('keeps keys whose value is undefined, as null: sdk-logs 3.x would drop them', () => {
    getLogger('m.undefined').info('x', { gone: undefined, ctx: { gone: undefined, ok: false }, list: [undefined, 1] });
    expect(pipe.last().attributes).toStrictEqual({ gone: null, ctx: { gone: null, ok: false }, list: [null, 1] });
  });

  it('copies a nested map that holds the same object twice (sdk-logs would drop it)', () => {
    const shared = { s: 1 };
    getLogger('m.repeat').info('x', { ctx: { a: shared, b: shared } });
    expect(pipe.last().attributes).toEqual({ ctx: { a: { s: 1 }, b: { s: 1 } } });
  });

  it('log() emits custom levels with their registered name', () => {
    addLevelName(25, 'NOTICE');
    getLogger('m.custom').log(25, 'reloaded');
    expect(pipe.last().severityNumber).toBe(SeverityNumber.INFO4);
    expect(pipe.last().severityText).toBe('NOTICE');
  });

  it('log() accepts level names and drops unknown ones without throwing', () => {
    const log = getLogger('m.named');
    log.log('warning', 'by name');
    expect(pipe.last().severityNumber).toBe(SeverityNumber.WARN);
    pipe.clear();
    expect(() => log.log('LOUD', 'dropped')).not.toThrow();
    expect(pipe.records()).toHaveLength(0);
  });

  it('sends WARN and FATAL as severityText with severityText: otel', async () => {
    await pipe.close();
    pipe = startMemoryPipeline({ severityText: 'otel' });
    getLogger('m.otel').warning('w');
    getLogger('m.otel').critical('c');
    expect(pipe.records().map((r) => r.severityText)).toEqual(['WARN', 'FATAL']);
  });

  it('maps an Error under err to exception.* and leaves it out of the attributes', () => {
    const cause = new RangeError('inner');
    getLogger('m.err').error('failed', { err: new TypeError('outer', { cause }), rows: 3 });
    const attributes = pipe.last().attributes;
    expect(attributes['exception.type']).toBe('TypeError');
    expect(attributes['exception.message']).toBe('outer');
    expect(attributes['exception.stacktrace']).toMatch(/TypeError: outer[\s\S]*Caused by: RangeError: inner/);
    expect(attributes.rows).toBe(3);
    expect(attributes.err).toBeUndefined();
  });

  it('exception() logs at ERROR with the thrown value mapped', () => {
    getLogger('m.exc').exception('scoring failed', new Error('nan'), { model: 'iris' });
    const record = pipe.last();
    expect(record.severityNumber).toBe(SeverityNumber.ERROR);
    expect(record.attributes).toMatchObject({ 'exception.type': 'Error', 'exception.message': 'nan', model: 'iris' });
  });

  it('exception() accepts a thrown non-Error', () => {
    getLogger('m.exc').exception('odd throw', 'just a string');
    expect(pipe.last().attributes).toMatchObject({ 'exception.type': 'string', 'exception.message': 'just a string' });
  });

  it('an Error as the message becomes the body and exception.*', () => {
    getLogger('m.errmsg').error(new SyntaxError('bad json'));
    expect(pipe.last().body).toBe('bad json');
    expect(pipe.last().attributes['exception.type']).toBe('SyntaxError');
  });

  it('keeps a non-map second argument under mlotel.argument', () => {
    getLogger('m.arg').info('count', 42 as unknown as Record<string, unknown>);
    expect(pipe.last().attributes).toEqual({ 'mlotel.argument': 42 });
  });
});

describe('child() and withModel()', () => {
  it('child() binds attributes that call attributes can override', () => {
    const log = getLogger('c.child').child({ route: '/predict', tenant: 'a' });
    log.info('x', { tenant: 'b' });
    expect(pipe.last().attributes).toEqual({ route: '/predict', tenant: 'b' });
  });

  it('child() of a child keeps both sets of attributes and the name', () => {
    const log = getLogger('c.nested').child({ a: 1 }).child({ b: 2 });
    log.info('x');
    expect(pipe.last().attributes).toEqual({ a: 1, b: 2 });
    expect(pipe.last().instrumentationScope.name).toBe('c.nested');
  });

  it('does not change the attributes a caller passed', () => {
    const attrs = { k: 'v' };
    getLogger('c.mut').child({ bound: true }).info('x', attrs);
    expect(attrs).toEqual({ k: 'v' });
  });

  it('withModel() puts ml.model.* on every record and replaces an earlier model', () => {
    const log = getLogger('c.model').withModel({ name: 'iris', version: 'v1', stage: 'canary' }).child({ r: 1 });
    log.info('p');
    expect(pipe.last().attributes).toEqual({ 'ml.model.name': 'iris', 'ml.model.version': 'v1', 'ml.model.stage': 'canary', r: 1 });
    log.withModel({ name: 'iris', version: 'v2', framework: 'onnx' }).info('q');
    expect(pipe.last().attributes).toEqual({ 'ml.model.name': 'iris', 'ml.model.version': 'v2', 'ml.model.framework': 'onnx', r: 1 });
  });

  it('init({ model }) is the default model of loggers bound to none', async () => {
    await pipe.close();
    pipe = startMemoryPipeline({ model: { name: 'iris', version: 'v1' } });
    const log = getLogger('c.default');
    log.info('default model');
    expect(pipe.last().attributes).toEqual({ 'ml.model.name': 'iris', 'ml.model.version': 'v1' });
    log.withModel({ name: 'forest' }).info('own model');
    expect(pipe.last().attributes).toEqual({ 'ml.model.name': 'forest' });
  });
});

describe('_emitEvent() (the seam for the ML events)', () => {
  it('emits an event record with eventName, event.name, a map body and the bound model', () => {
    const log = getLogger('e.seam').withModel({ name: 'iris', version: 'v1' });
    expect(log._emitEvent(Level.INFO, 'ml.prediction', { input: [1, 2n], output: 'setosa' }, { 'ml.prediction.id': 'p1' })).toBe(true);
    const record = pipe.last();
    expect(record.eventName).toBe('ml.prediction');
    expect(record.body).toEqual({ input: [1, '2'], output: 'setosa' });
    expect(record.attributes).toEqual({ 'ml.model.name': 'iris', 'ml.model.version': 'v1', 'ml.prediction.id': 'p1', 'event.name': 'ml.prediction' });
    expect(pipe.mlotel.stats().emitted).toBeGreaterThan(0);
  });

  it('returns false and emits nothing below the effective level', () => {
    pipe.clear();
    expect(getLogger('e.off')._emitEvent(Level.DEBUG, 'ml.intermediate', { name: 'x', value: 1 })).toBe(false);
    expect(pipe.records()).toHaveLength(0);
  });

  it('uses an explicit OTel context for the trace ids', async () => {
    const { trace, ROOT_CONTEXT } = await import('@opentelemetry/api');
    const spanContext = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 };
    const ctx = trace.setSpanContext(ROOT_CONTEXT, spanContext);
    getLogger('e.ctx')._emitEvent(Level.INFO, 'ml.feedback', { actual: 'setosa' }, undefined, ctx);
    expect(pipe.last().spanContext).toMatchObject({ traceId: spanContext.traceId, spanId: spanContext.spanId });
  });
});

describe('before init() and after shutdown()', () => {
  it('sends nothing and throws nothing with no provider registered', async () => {
    await pipe.close();
    resetOtelGlobals();
    expect(() => getLogger('b.none').info('into the void', { a: 1 })).not.toThrow();
    pipe = startMemoryPipeline();
  });

  it('sends to a global LoggerProvider registered by the app', async () => {
    await pipe.close();
    resetOtelGlobals();
    const { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
    const { logs } = await import('@opentelemetry/api-logs');
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    const log = getLogger('b.global');
    logs.setGlobalLoggerProvider(provider);
    log.info('via global');
    expect(exporter.getFinishedLogRecords().map((r) => r.body)).toEqual(['via global']);
    resetOtelGlobals();
    await provider.shutdown();
    pipe = startMemoryPipeline();
  });
});
