import { logs as apiLogs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
// The current OTel JS line's API (1.10, logs inside it), installed beside the 2.x line's 1.9.
import * as currentApi from 'otel-api-current';
import { GlobalProviderLogger, registeredLoggerProvider, registerGlobalLoggerProvider } from '../../src/internal/globalLogs';
import { getLogger } from '../../src/logger';
import { resetOtelGlobals } from '../helpers/memoryPipeline';

/** The API's global registry, shared by every @opentelemetry/api 1.x in the process. */
const API_REGISTRY = Symbol.for('opentelemetry.js.api.1');

/** As in a project on the current line alone: no registry made by an API 1.9 before. */
function currentLineOnly(): void {
  delete (globalThis as Record<symbol, unknown>)[API_REGISTRY];
}

function memoryProvider(): { provider: LoggerProvider; bodies: () => unknown[] } {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  return { provider, bodies: () => exporter.getFinishedLogRecords().map((r) => r.body) };
}

const currentLogs = (currentApi as unknown as { logs: { setGlobalLoggerProvider(p: unknown): boolean; getLoggerProvider(): unknown; disable(): void } }).logs;

beforeEach(() => {
  resetOtelGlobals();
  currentLineOnly();
  currentLogs.disable();
});
afterAll(() => {
  resetOtelGlobals();
  currentLogs.disable();
});

describe('registeredLoggerProvider()', () => {
  it('is undefined when no provider is registered through either line', () => {
    expect(registeredLoggerProvider()).toBeUndefined();
  });

  it('finds a provider registered through @opentelemetry/api-logs (the 2.x line, NodeSDK 0.223)', () => {
    const { provider } = memoryProvider();
    apiLogs.setGlobalLoggerProvider(provider);
    expect(registeredLoggerProvider()).toBe(provider);
  });

  it('finds a provider registered through @opentelemetry/api 1.10 (the current line, NodeSDK 0.30x)', () => {
    const { provider } = memoryProvider();
    expect(currentLogs.setGlobalLoggerProvider(provider)).toBe(true);
    expect(registeredLoggerProvider()).toBe(provider);
  });
});

describe('registerGlobalLoggerProvider()', () => {
  it('registers through api-logs, and its undo leaves a provider registered by someone else', () => {
    const { provider } = memoryProvider();
    const undo = registerGlobalLoggerProvider(provider);
    expect(apiLogs.getLoggerProvider()).toBe(provider);
    undo();
    expect(registeredLoggerProvider()).toBeUndefined();
    const other = memoryProvider().provider;
    apiLogs.setGlobalLoggerProvider(other);
    undo();
    expect(registeredLoggerProvider()).toBe(other);
  });
});

describe('GlobalProviderLogger', () => {
  it('drops records while nothing is registered, then emits through the provider registered later', () => {
    const logger = new GlobalProviderLogger('lib.scope');
    logger.emit({ body: 'before' });
    const { provider, bodies } = memoryProvider();
    currentLogs.setGlobalLoggerProvider(provider);
    logger.emit({ body: 'after' });
    expect(bodies()).toEqual(['after']);
  });

  it('follows the provider when the app replaces it', () => {
    const logger = new GlobalProviderLogger('lib.scope');
    const first = memoryProvider();
    apiLogs.setGlobalLoggerProvider(first.provider);
    logger.emit({ body: 'one' });
    apiLogs.disable();
    const second = memoryProvider();
    apiLogs.setGlobalLoggerProvider(second.provider);
    logger.emit({ body: 'two' });
    expect([first.bodies(), second.bodies()]).toEqual([['one'], ['two']]);
  });
});

describe('getLogger() without init()', () => {
  it('logs through a provider the app registered through the current API line (nothing lost)', () => {
    const { provider, bodies } = memoryProvider();
    const log = getLogger('lib.without.init');
    currentLogs.setGlobalLoggerProvider(provider);
    log.info('one');
    log.warning('two');
    expect(bodies()).toEqual(['one', 'two']);
  });
});
