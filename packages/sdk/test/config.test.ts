import { ConfigError } from '../src/errors';
import { DEFAULT_BATCH, resolveConfig } from '../src/config';

describe('resolveConfig()', () => {
  it('defaults to OTLP over http/protobuf on localhost with mlotel batch settings', () => {
    const config = resolveConfig({}, {});
    expect(config).toMatchObject({
      exporters: ['otlp'], protocol: 'http/protobuf', logsUrl: 'http://localhost:4318/v1/logs',
      tracesUrl: 'http://localhost:4318/v1/traces', batch: DEFAULT_BATCH, flushTimeoutMillis: 5000,
      tracing: false, disabled: false, severityText: 'level', levels: undefined,
    });
    expect(DEFAULT_BATCH).toMatchObject({ maxQueueSize: 32768, maxExportBatchSize: 2048 });
  });

  it('appends the signal paths to an endpoint option', () => {
    const config = resolveConfig({ endpoint: 'http://127.0.0.1:4318/' }, {});
    expect(config.logsUrl).toBe('http://127.0.0.1:4318/v1/logs');
    expect(config.tracesUrl).toBe('http://127.0.0.1:4318/v1/traces');
  });

  it('prefers the signal-specific endpoint variable, used as it is', () => {
    const config = resolveConfig({}, { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:1/custom', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:2' });
    expect(config.logsUrl).toBe('http://logs:1/custom');
    expect(config.tracesUrl).toBe('http://base:2/v1/traces');
  });

  it('reads protocol, exporters, service name, level, batch and disabled flag from the environment', () => {
    const config = resolveConfig({}, {
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_LOGS_EXPORTER: 'console, otlp', OTEL_SERVICE_NAME: 'svc',
      MLOTEL_LEVEL: 'DEBUG', OTEL_BLRP_MAX_QUEUE_SIZE: '100', OTEL_BLRP_MAX_EXPORT_BATCH_SIZE: '10',
      OTEL_BLRP_SCHEDULE_DELAY: '50', OTEL_BLRP_EXPORT_TIMEOUT: '700', OTEL_SDK_DISABLED: 'TRUE',
    });
    expect(config).toMatchObject({
      protocol: 'http/json', exporters: ['console', 'otlp'], serviceName: 'svc', disabled: true,
      batch: { maxQueueSize: 100, maxExportBatchSize: 10, scheduledDelayMillis: 50, exportTimeoutMillis: 700 },
    });
    expect(config.levels?.root).toBe(10);
  });

  it('lets options win over the environment', () => {
    const config = resolveConfig({ protocol: 'http/protobuf', exporter: ['none'], serviceName: 'opt', level: 'ERROR' },
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_LOGS_EXPORTER: 'console', OTEL_SERVICE_NAME: 'env', MLOTEL_LEVEL: 'DEBUG' });
    expect(config).toMatchObject({ protocol: 'http/protobuf', exporters: [], serviceName: 'opt' });
    expect(config.levels?.root).toBe(40);
  });

  it('resolves the ML options once, at setup', () => {
    const { ml } = resolveConfig({ payload: { mode: 'summary', maxBytes: 1000 }, sampling: { predictions: 0.5 }, redact: ['input.email'] }, {});
    expect(ml.payload).toEqual({ mode: 'summary', maxBytes: 1000, maxArrayItems: 128, maxStringLength: 1024 });
    expect(ml.sampler.rate).toBe(0.5);
    expect(ml.redactor({ input: { email: 'a@b.c', age: 3 } })).toEqual({ input: { email: '[REDACTED]', age: 3 } });
  });

  it('applies the ML defaults without ML options: default budgets, default redaction list, no sampling', () => {
    const { ml } = resolveConfig({}, {});
    expect(ml.payload).toEqual({ mode: 'full', maxBytes: 6144, maxArrayItems: 128, maxStringLength: 1024 });
    expect(ml.datasetPayload).toEqual({ mode: 'full', maxBytes: 65536, maxArrayItems: 1024, maxStringLength: 16384 });
    expect(ml.sampler.rate).toBe(1);
    expect(ml.redactor({ password: 'x' })).toEqual({ password: '[REDACTED]' });
  });

  it('resolves payload.dataset as the budget of predictions and feedback, with the one mode', () => {
    const { ml } = resolveConfig({ payload: { mode: 'summary', dataset: { maxBytes: 131072 } } }, {});
    expect(ml.payload).toEqual({ mode: 'summary', maxBytes: 6144, maxArrayItems: 128, maxStringLength: 1024 });
    expect(ml.datasetPayload).toEqual({ mode: 'summary', maxBytes: 131072, maxArrayItems: 1024, maxStringLength: 16384 });
  });

  it.each([
    ['0.1', 0.1], [' 0.25 ', 0.25], ['.5', 0.5], ['1', 1], ['0', 0], ['1e-3', 0.001], ['', 1], ['  ', 1],
  ])('takes the prediction sampling rate from MLOTEL_SAMPLING_PREDICTIONS=%p: %p', (text, rate) => {
    expect(resolveConfig({}, { MLOTEL_SAMPLING_PREDICTIONS: text }).ml.sampler.rate).toBe(rate);
  });

  it('lets sampling.predictions win over MLOTEL_SAMPLING_PREDICTIONS, which is then not even parsed', () => {
    expect(resolveConfig({ sampling: { predictions: 0.5 } }, { MLOTEL_SAMPLING_PREDICTIONS: '0.1' }).ml.sampler.rate).toBe(0.5);
    expect(resolveConfig({ sampling: { predictions: 1 } }, { MLOTEL_SAMPLING_PREDICTIONS: 'bad' }).ml.sampler.rate).toBe(1);
    expect(resolveConfig({ sampling: {} }, { MLOTEL_SAMPLING_PREDICTIONS: '0.1' }).ml.sampler.rate).toBe(0.1);
  });

  it.each([['10%'], ['1.5'], ['-0.1'], ['abc'], ['0x1'], ['NaN'], ['Infinity'], ['0.1,0.2']])(
    'rejects MLOTEL_SAMPLING_PREDICTIONS=%p with a ConfigError naming it and the fix', (text) => {
      const resolve = (): unknown => resolveConfig({}, { MLOTEL_SAMPLING_PREDICTIONS: text });
      expect(resolve).toThrow(ConfigError);
      expect(resolve).toThrow(/^mlotel: MLOTEL_SAMPLING_PREDICTIONS: got ".*"; set it to a fraction from 0 to 1 \(MLOTEL_SAMPLING_PREDICTIONS=0\.1 keeps one prediction in ten\), or unset it/);
    });

  it.each([
    [{ payload: { maxBytes: 100 } }, /payload\.maxBytes: got 100/],
    [{ payload: { mode: 'tiny' } }, /payload\.mode/],
    [{ payload: { dataset: { maxBytes: 100 } } }, /payload\.dataset\.maxBytes: got 100; use a whole number from 256 to 4194304 \(default 65536\)/],
    [{ payload: { dataset: { mode: 'none' } } }, /payload\.dataset\.mode: unknown option/],
    [{ sampling: { predictions: 2 } }, /sampling\.predictions/],
    [{ sampling: { prediction: 0.1 } }, /sampling\.prediction: unknown option/],
    [{ sampling: 0.1 }, /sampling: expected an object/],
    [{ redact: ['input..email'] }, /redact\[0\]/],
    [{ redact: { hashKey: 'short' } }, /redact/],
  ])('rejects the ML option %p at setup with a ConfigError naming it', (options, message) => {
    expect(() => resolveConfig(options as never, {})).toThrow(ConfigError);
    expect(() => resolveConfig(options as never, {})).toThrow(message);
  });

  it.each([
    [{ servicename: 'x' }, {}, /servicename: unknown option/],
    [{ protocol: 'grpc' }, {}, /protocol: .*gRPC is not supported/],
    [{}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'thrift' }, /OTEL_EXPORTER_OTLP_PROTOCOL: unsupported OTLP protocol/],
    [{ exporter: 'zipkin' }, {}, /exporter: unknown exporter "zipkin"/],
    [{}, { OTEL_LOGS_EXPORTER: 'none,console' }, /OTEL_LOGS_EXPORTER: "none" cannot be combined/],
    [{ endpoint: 'not a url' }, {}, /endpoint: .* is not a URL/],
    [{ endpoint: 'ftp://x' }, {}, /must be http/],
    [{}, { OTEL_EXPORTER_OTLP_ENDPOINT: '::' }, /OTEL_EXPORTER_OTLP_ENDPOINT/],
    [{ level: 'LOUD' }, {}, /level: unknown level/],
    [{}, { MLOTEL_LEVEL: 'INFO,a=LOUD' }, /MLOTEL_LEVEL: unknown level "LOUD"/],
    [{ batch: { maxQueueSize: 0 } }, {}, /batch.maxQueueSize: must be a positive integer/],
    [{ batch: { maxQueueSize: 10, maxExportBatchSize: 20 } }, {}, /batch.maxExportBatchSize: 20 is larger than maxQueueSize 10/],
    [{ batch: { queue: 1 } }, {}, /batch.queue: unknown batch option/],
    [{}, { OTEL_BLRP_MAX_QUEUE_SIZE: 'lots' }, /OTEL_BLRP_MAX_QUEUE_SIZE: must be a positive integer/],
    [{ headers: { a: 1 } }, {}, /headers: header "a" must be a string/],
    [{ model: { version: 'v1' } }, {}, /model: must be an object with a non-empty string name/],
    [{ severityText: 'short' }, {}, /severityText: must be "level"/],
    [{ tracing: 'yes' }, {}, /tracing: must be true or false/],
    [{ loggerProvider: {} }, {}, /loggerProvider: must be an OTel LoggerProvider/],
    [{ serviceName: '' }, {}, /serviceName: must be a non-empty string/],
    [{ flushTimeoutMillis: -1 }, {}, /flushTimeoutMillis: must be a positive integer/],
  ])('rejects %p (env %p) with a ConfigError that names the option', (options, env, message) => {
    expect(() => resolveConfig(options as never, env)).toThrow(ConfigError);
    expect(() => resolveConfig(options as never, env)).toThrow(message);
  });
});
