import { ConfigError } from '../src/errors';
import { init, initWith } from '../src/init';
import { getLogger } from '../src/logger';
import { resetOtelGlobals } from './helpers/memoryPipeline';
import { startOtlpSink, type OtlpSink } from './helpers/otlpSink';

let sink: OtlpSink;

beforeEach(async () => {
  resetOtelGlobals();
  getLogger().setLevel('INFO');
  sink = await startOtlpSink();
});
afterEach(async () => {
  await sink.close();
  resetOtelGlobals();
});

// Export over the network is tested in export/otlp.test.ts (child processes: the OTLP
// exporters cannot load `http` inside jest's sandbox). These tests stay in-process.
describe('init()', () => {
  it('shutdown() is idempotent and logging after it neither throws nor sends', async () => {
    const mlotel = init({ endpoint: sink.url });
    await mlotel.shutdown();
    await expect(mlotel.shutdown()).resolves.toBeUndefined();
    expect(() => getLogger('it.after').info('late', { a: 1 })).not.toThrow();
    expect(sink.records).toHaveLength(0);
  });

  it('refuses a second init() until the first is shut down', async () => {
    const first = init({ exporter: 'none' });
    expect(() => init({ exporter: 'none' })).toThrow(/already initialised/);
    await first.shutdown();
    await init({ exporter: 'none' }).shutdown();
  });

  it('throws a ConfigError for a bad option before changing anything', () => {
    expect(() => init({ level: 'LOUD' })).toThrow(ConfigError);
    expect(() => init({ protocol: 'grpc' as 'http/json' })).toThrow(/gRPC is not supported/);
    expect(() => init({ exporter: 'none' }).shutdown()).not.toThrow();
  });

  it('applies the level spec to the root and named loggers', async () => {
    const mlotel = init({ exporter: 'none', level: 'WARNING,it.spec.verbose=DEBUG' });
    expect(getLogger('it.spec').getEffectiveLevel()).toBe(30);
    expect(getLogger('it.spec.verbose.x').getEffectiveLevel()).toBe(10);
    await mlotel.shutdown();
    getLogger().setLevel('INFO');
    getLogger('it.spec.verbose').setLevel('NOTSET');
  });

  it('reads MLOTEL_LEVEL and names it in the error when it is bad', async () => {
    process.env.MLOTEL_LEVEL = 'ERROR,it.env=LOUD';
    try {
      expect(() => init({ exporter: 'none' })).toThrow(/MLOTEL_LEVEL: unknown level "LOUD"/);
      process.env.MLOTEL_LEVEL = 'ERROR';
      const mlotel = init({ exporter: 'none' });
      expect(getLogger('it.env').getEffectiveLevel()).toBe(40);
      await mlotel.shutdown();
    } finally {
      delete process.env.MLOTEL_LEVEL;
      getLogger().setLevel('INFO');
    }
  });

  it('reads MLOTEL_SAMPLING_PREDICTIONS and names it, with the fix, when it is bad', async () => {
    process.env.MLOTEL_SAMPLING_PREDICTIONS = 'ten percent';
    try {
      expect(() => init({ exporter: 'none' })).toThrow(/MLOTEL_SAMPLING_PREDICTIONS: got "ten percent"; set it to a fraction from 0 to 1/);
      process.env.MLOTEL_SAMPLING_PREDICTIONS = '0';
      const mlotel = init({ exporter: 'none' });
      getLogger('it.sampling.env').prediction({ output: 1 });
      expect(mlotel.stats()).toMatchObject({ emitted: 0, sampledOut: 1 });
      await mlotel.shutdown();
    } finally {
      delete process.env.MLOTEL_SAMPLING_PREDICTIONS;
    }
  });

  it('turns every logger into a no-op with OTEL_SDK_DISABLED=true', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    try {
      const mlotel = init({ endpoint: sink.url });
      const log = getLogger('it.disabled');
      expect(log.isEnabledFor(50)).toBe(false);
      log.critical('not sent');
      await mlotel.shutdown();
      expect(sink.records).toHaveLength(0);
      expect(log.isEnabledFor(50)).toBe(true);
    } finally {
      delete process.env.OTEL_SDK_DISABLED;
    }
  });

  it('writes one human line per record with exporter: console', async () => {
    const lines: string[] = [];
    const mlotel = initWith({ exporter: 'console' }, { consoleDestination: { write: (text: string) => lines.push(text) } });
    getLogger('it.console').withModel({ name: 'iris', version: 'v1' }).info('scored', { rows: 3 });
    await mlotel.shutdown();
    expect(lines.join('')).toMatch(/^\S+Z INFO\s+it\.console iris@v1 scored rows=3\n$/);
  });

  it('builds one pipeline per exporter of a comma list', async () => {
    const lines: string[] = [];
    const mlotel = initWith({ exporter: 'otlp,console', endpoint: sink.url }, { consoleDestination: { write: (text: string) => lines.push(text) } });
    getLogger('it.both').info('twice');
    await mlotel.shutdown();
    expect(lines).toHaveLength(1);
    expect(mlotel.stats().emitted).toBe(1);
  });

  it('logs through a LoggerProvider the app already registered globally instead of building one', async () => {
    const { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
    const { logs } = await import('@opentelemetry/api-logs');
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    logs.setGlobalLoggerProvider(provider);
    const mlotel = init({ endpoint: sink.url });
    getLogger('it.global').info('to the app provider');
    await mlotel.shutdown();
    expect(exporter.getFinishedLogRecords().map((r) => r.body)).toEqual(['to the app provider']);
    expect(logs.getLoggerProvider()).toBe(provider);
    await provider.shutdown();
  });
});
