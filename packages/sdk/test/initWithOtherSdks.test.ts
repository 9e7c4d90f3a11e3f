import { context, diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { logs } from '@opentelemetry/api-logs';
import { init } from '../src/init';
import { getLogger } from '../src/logger';
import { resetSetupWarnings } from '../src/internal/setupWarning';
import { resetOtelGlobals } from './helpers/memoryPipeline';

/** What mlotel wrote on stderr and to the diag logger (warn and above) during a test. */
let stderr: string[];
let diagWarnings: string[];
let restoreStderr: () => void;

beforeEach(() => {
  resetOtelGlobals();
  resetSetupWarnings();
  stderr = [];
  diagWarnings = [];
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  restoreStderr = () => write.mockRestore();
  const keep = (message: string): void => { diagWarnings.push(message); };
  diag.setLogger({ error: keep, warn: keep, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
});
afterEach(() => {
  restoreStderr();
  diag.disable();
  resetOtelGlobals();
});

function memoryProvider(): { provider: LoggerProvider; exporter: InMemoryLogRecordExporter } {
  const exporter = new InMemoryLogRecordExporter();
  return { provider: new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] }), exporter };
}

/** Registers what NodeSDK.start() registers besides its LoggerProvider. */
function startSdkGlobals(): void {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider());
}

const mlotelLines = (): string[] => stderr.join('').split('\n').filter((line) => line.startsWith('mlotel: '));

describe('init() on the app\'s LoggerProvider', () => {
  it('says once, on stderr and through diag, which options have no effect and which become record attributes', async () => {
    const { provider } = memoryProvider();
    logs.setGlobalLoggerProvider(provider);
    const mlotel = init({ endpoint: 'http://collector:4318', batch: { maxQueueSize: 4096 }, server: 'server-a', model: { name: 'iris', version: 'v1' } });
    await mlotel.shutdown();
    (await init({ endpoint: 'http://collector:4318' }).shutdown());
    const lines = mlotelLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/LoggerProvider the app registered globally.*no effect on it: endpoint, batch.*as attributes: host\.name/);
    expect(diagWarnings).toEqual([lines[0]]);
    await provider.shutdown();
  });

  it('adds the identity given to init() to every mlotel record, under the resource attribute names', async () => {
    const { provider, exporter } = memoryProvider();
    const mlotel = init({ loggerProvider: provider, serviceName: 'iris-api', server: 'server-a', environment: 'prod', resourceAttributes: { team: 'ml' } });
    getLogger('identity.check').withModel({ name: 'iris', version: 'v2' }).info('hello', { n: 1 });
    await mlotel.shutdown();
    expect(exporter.getFinishedLogRecords()[0]?.attributes).toEqual({
      'service.name': 'iris-api',
      'host.name': 'server-a',
      'deployment.environment.name': 'prod',
      team: 'ml',
      'ml.model.name': 'iris',
      'ml.model.version': 'v2',
      n: 1,
    });
    expect(mlotelLines()[0]).toMatch(/passed as loggerProvider.*service\.name, host\.name, deployment\.environment\.name, team/);
    await provider.shutdown();
  });

  it('says nothing when every option given applies to the app\'s provider', async () => {
    const { provider } = memoryProvider();
    await init({ loggerProvider: provider, level: 'DEBUG', model: { name: 'iris', version: 'v1' } }).shutdown();
    getLogger().setLevel('INFO');
    expect(mlotelLines()).toEqual([]);
    await provider.shutdown();
  });
});

describe('init() before another OpenTelemetry SDK starts', () => {
  it('says once, one turn of the event loop later, that the SDK\'s LoggerProvider could not be registered', async () => {
    const mlotel = init({ exporter: 'none' });
    startSdkGlobals();
    await new Promise((resolve) => setImmediate(resolve));
    await mlotel.forceFlush();
    await mlotel.shutdown();
    const lines = mlotelLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/registered a tracer provider and a context manager after init\(\).*could not be.*Start the SDK before init\(\)/);
    expect(diagWarnings).toEqual([lines[0]]);
  });

  it('notices an SDK started later at forceFlush()', async () => {
    const mlotel = init({ exporter: 'none' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(mlotelLines()).toEqual([]);
    startSdkGlobals();
    await mlotel.forceFlush();
    expect(mlotelLines()).toHaveLength(1);
    await mlotel.shutdown();
  });

  it('says nothing when the SDK started first', async () => {
    startSdkGlobals();
    const { provider } = memoryProvider();
    logs.setGlobalLoggerProvider(provider);
    const mlotel = init({ model: { name: 'iris', version: 'v1' } });
    await new Promise((resolve) => setImmediate(resolve));
    await mlotel.shutdown();
    expect(mlotelLines()).toEqual([]);
    await provider.shutdown();
  });

  it('says nothing for its own tracing: true', async () => {
    const mlotel = init({ exporter: 'none', tracing: true, endpoint: 'http://127.0.0.1:9' });
    await new Promise((resolve) => setImmediate(resolve));
    await mlotel.forceFlush();
    await mlotel.shutdown();
    expect(mlotelLines()).toEqual([]);
  });
});
