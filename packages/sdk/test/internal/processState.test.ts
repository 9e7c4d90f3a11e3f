import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resetOtelGlobals } from '../helpers/memoryPipeline';

type Sdk = typeof import('../../src/index');

/** A fresh copy of the SDK's modules, as a second build (ESM beside CJS) would be. */
function loadCopy(): Sdk {
  let copy: Sdk | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<Sdk>('../../src/index');
  });
  if (copy === undefined) throw new Error('no copy loaded');
  return copy;
}

const STATE_KEY = Symbol.for('mlotel.sdk.processState');

afterEach(() => resetOtelGlobals());

describe('two copies of @mlotel/sdk in one process', () => {
  it('are two module instances (the premise: their Logger classes differ)', () => {
    expect(loadCopy().Logger).not.toBe(loadCopy().Logger);
  });

  it('share levels, the default model, ML settings and stats set through either', async () => {
    const app = loadCopy();
    const library = loadCopy();
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    const mlotel = app.init({
      loggerProvider: provider,
      level: 'INFO,shared.lib=DEBUG',
      model: { name: 'iris', version: 'v1' },
      sampling: { predictions: 0 },
    });
    const log = library.getLogger('shared.lib');
    log.debug('debug from the library');
    log.prediction({ id: 'p-1', input: [1], output: 0 });
    const records = exporter.getFinishedLogRecords();
    expect(records.map((r) => r.body)).toEqual(['debug from the library']);
    expect(records[0]?.attributes['ml.model.name']).toBe('iris');
    expect(mlotel.stats()).toMatchObject({ emitted: 1, sampledOut: 1 });
    await mlotel.shutdown();
    await provider.shutdown();
    library.getLogger('shared.lib').setLevel('NOTSET');
  });

  it('share one init(): the second copy refuses a second init() until the first is shut down', async () => {
    const first = loadCopy().init({ exporter: 'none' });
    expect(() => loadCopy().init({ exporter: 'none' })).toThrow(/already initialised/);
    await first.shutdown();
  });

  it('share custom level names', () => {
    loadCopy().addLevelName(25, 'NOTICE');
    expect(loadCopy().parseLevel('notice')).toBe(25);
  });

  it('keeps state of its own, and says so on stderr, when a copy of another state layout came first', () => {
    const global = globalThis as Record<symbol, unknown>;
    const saved = Object.getOwnPropertyDescriptor(global, STATE_KEY);
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      Object.defineProperty(global, STATE_KEY, { value: { layout: 999, parts: new Map() }, configurable: true });
      const other = loadCopy();
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/two incompatible copies of @mlotel\/sdk.*npm ls @mlotel\/sdk/);
      if (saved !== undefined) Object.defineProperty(global, STATE_KEY, saved);
      loadCopy().getLogger('layout.check').setLevel('ERROR');
      expect(other.getLogger('layout.check').getEffectiveLevel()).toBe(20);
      loadCopy().getLogger('layout.check').setLevel('NOTSET');
    } finally {
      write.mockRestore();
      if (saved !== undefined) Object.defineProperty(global, STATE_KEY, saved);
    }
  });
});
