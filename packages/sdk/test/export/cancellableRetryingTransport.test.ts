import { diag, DiagLogLevel } from '@opentelemetry/api';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CancellableRetryingTransport, takeOverOtlpRetries } from '../../src/export/cancellableRetryingTransport';

// A scripted inner transport in place of OTel's HTTP one: each send() takes the next answer
// (a pending promise when the script says 'never').

type Answer = { status: 'success' } | { status: 'retryable'; retryInMillis?: number } | 'never';

function scripted(answers: Answer[]): { transport: { send: jest.Mock; shutdown: jest.Mock } } {
  const send = jest.fn(() => {
    const answer = answers.shift() ?? { status: 'success' };
    return answer === 'never' ? new Promise(() => undefined) : Promise.resolve(answer);
  });
  return { transport: { send, shutdown: jest.fn() } };
}

const DATA = new Uint8Array([1, 2, 3]);

describe('CancellableRetryingTransport', () => {
  it('retries a retryable answer after its Retry-After and returns the success', async () => {
    const { transport } = scripted([{ status: 'retryable', retryInMillis: 1 }, { status: 'success' }]);
    await expect(new CancellableRetryingTransport(transport).send(DATA, 10_000)).resolves.toMatchObject({ status: 'success' });
    expect(transport.send).toHaveBeenCalledTimes(2);
  });

  it('does not retry when Retry-After is past the deadline', async () => {
    const { transport } = scripted([{ status: 'retryable', retryInMillis: 60_000 }]);
    await expect(new CancellableRetryingTransport(transport).send(DATA, 1000)).resolves.toMatchObject({ status: 'retryable' });
    expect(transport.send).toHaveBeenCalledTimes(1);
  });

  it('ends a send waiting for its retry at cancel(), with a failure and no further attempt', async () => {
    const { transport } = scripted([{ status: 'retryable', retryInMillis: 60_000 }]);
    const retrying = new CancellableRetryingTransport(transport);
    const sent = retrying.send(DATA, 120_000);
    await Promise.resolve();
    retrying.cancel();
    await expect(sent).resolves.toMatchObject({ status: 'failure' });
    expect(transport.send).toHaveBeenCalledTimes(1);
  });

  it('ends a send whose request never answers at cancel(), and fails later sends without sending', async () => {
    const { transport } = scripted(['never']);
    const retrying = new CancellableRetryingTransport(transport);
    const sent = retrying.send(DATA, 120_000);
    retrying.cancel();
    await expect(sent).resolves.toMatchObject({ status: 'failure' });
    await expect(retrying.send(DATA, 120_000)).resolves.toMatchObject({ status: 'failure' });
    expect(transport.send).toHaveBeenCalledTimes(1);
  });

  it('destroys the agents it was given at cancel(), and one given after at once', () => {
    const retrying = new CancellableRetryingTransport(scripted([]).transport);
    const before = { destroy: jest.fn(), createConnection: jest.fn() };
    retrying.track(before as never);
    retrying.cancel();
    expect(before.destroy).toHaveBeenCalledTimes(1);
    const after = { destroy: jest.fn(), createConnection: jest.fn() };
    retrying.track(after as never);
    expect(after.destroy).toHaveBeenCalledTimes(1);
  });
});

describe('takeOverOtlpRetries()', () => {
  it('replaces the retrying transport of an exporter shaped like OTel\'s and wraps its agent factory', () => {
    const http = { send: jest.fn(), shutdown: jest.fn(), _parameters: { agentFactory: jest.fn() } };
    const exporter = { _delegate: { _transport: { send: jest.fn(), shutdown: jest.fn(), _transport: http } } };
    const taken = takeOverOtlpRetries(exporter);
    expect(taken).toBeInstanceOf(CancellableRetryingTransport);
    expect(exporter._delegate._transport).toBe(taken);
    expect(http._parameters.agentFactory).not.toHaveProperty('mock');
  });

  it.each([
    ['no delegate', {}],
    ['a delegate without a transport', { _delegate: {} }],
    ['a transport without an inner one', { _delegate: { _transport: { send: () => undefined, shutdown: () => undefined } } }],
  ])('leaves an exporter with %s untouched and returns undefined', (_what, exporter) => {
    const before = JSON.stringify(exporter);
    expect(takeOverOtlpRetries(exporter)).toBeUndefined();
    expect(JSON.stringify(exporter)).toBe(before);
  });

  // The canary for the private layout: run by CI against both OTel JS lines (the SDK suite on
  // the current line in test/compat), so a release that moves these fields fails here first.
  it.each([
    ['OTLP/protobuf logs', () => new ProtobufLogExporter({ url: 'http://127.0.0.1:9/v1/logs' })],
    ['OTLP/JSON logs', () => new JsonLogExporter({ url: 'http://127.0.0.1:9/v1/logs' })],
    ['OTLP/protobuf traces', () => new ProtobufTraceExporter({ url: 'http://127.0.0.1:9/v1/traces' })],
  ])('takes over the retries of the installed %s exporter', async (_what, make) => {
    const exporter = make();
    expect(takeOverOtlpRetries(exporter)).toBeInstanceOf(CancellableRetryingTransport);
    await exporter.shutdown();
  });

  it('says once through the diag logger when it cannot', () => {
    const warnings: string[] = [];
    const keep = (message: string): void => { warnings.push(message); };
    diag.setLogger({ error: keep, warn: keep, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    try {
      jest.isolateModules(() => {
        const fresh = jest.requireActual<typeof import('../../src/export/cancellableRetryingTransport')>('../../src/export/cancellableRetryingTransport');
        fresh.takeOverOtlpRetries({});
        fresh.takeOverOtlpRetries({ _delegate: {} });
      });
    } finally {
      diag.disable();
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/retries cannot be cancelled/);
  });
});
