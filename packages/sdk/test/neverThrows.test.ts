import fc from 'fast-check';
import { getLogger, type Logger } from '../src/logger';
import { Level } from '../src/levels';
import { ConfigError } from '../src/errors';
import { resetOtelGlobals, startMemoryPipeline, type MemoryPipeline } from './helpers/memoryPipeline';
import { awkwardValues, hostileValues } from './helpers/hostileValues';

// Hostile values are drawn by index and looked up inside the property: fast-check itself
// inspects generated values, and these would throw at it.
const HOSTILE = [...hostileValues(), ...awkwardValues()].map(([, value]) => value);
type Drawn = { value: unknown } | { hostile: number };
const anyValue: fc.Arbitrary<Drawn> = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true })
    .map((value) => ({ value })),
  fc.nat({ max: HOSTILE.length - 1 }).map((hostile) => ({ hostile })),
);
const unwrap = (drawn: Drawn): unknown => ('value' in drawn ? drawn.value : HOSTILE[drawn.hostile]);

const METHODS = ['debug', 'info', 'warning', 'warn', 'error', 'critical', 'fatal'] as const;

let pipe: MemoryPipeline;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => { unhandled.push(reason); };

beforeAll(() => {
  resetOtelGlobals();
  process.on('unhandledRejection', onUnhandled);
  getLogger().setLevel(Level.NOTSET); // everything enabled: exercise the full emit path
  pipe = startMemoryPipeline();
});
afterAll(async () => {
  await pipe.close();
  getLogger().setLevel('INFO');
  process.removeListener('unhandledRejection', onUnhandled);
});

function hammer(log: Logger, message: unknown, attributes: unknown, extra: unknown): void {
  for (const method of METHODS) (log[method] as (m: unknown, a: unknown) => void)(message, attributes);
  log.exception(message, extra, attributes as Record<string, unknown>);
  log.log(extra as number, message, attributes as Record<string, unknown>);
  log.log(25, message, attributes as Record<string, unknown>);
  log.isEnabledFor(extra as number);
  log.child(attributes as Record<string, unknown>).info(message, extra as Record<string, unknown>);
  log.withModel(extra as { name: string }).warning(message, attributes as Record<string, unknown>);
  log._emitEvent(20, 'ml.test', extra, attributes as Record<string, unknown>);
  hammerMlEvents(log, message, attributes, extra);
}

// The ML events take the same arbitrary values in every position, including as the whole
// options object. Each returned id must still be a non-empty string.
function hammerMlEvents(log: Logger, message: unknown, attributes: unknown, extra: unknown): void {
  const any = <T>(value: unknown): T => value as T;
  const ids = [
    log.prediction(any(extra)),
    log.prediction(any({ id: extra, input: message, output: attributes, latencyMs: extra, confidence: message, attributes })),
  ];
  const started = log.startPrediction(any(extra));
  started.intermediate(any(message), attributes);
  started.end(any(extra));
  const failing = log.startPrediction(any({ id: message, input: extra, attributes }));
  failing.intermediate('step', extra);
  failing.fail(extra);
  failing.end(any({ output: message }));
  ids.push(started.id, failing.id);
  log.intermediate(any(message), attributes, any(extra));
  log.feedback(any(extra));
  log.feedback(any({ predictionId: extra, actual: message, attributes }));
  log.input(message, any(extra));
  try {
    log.withPayload(any(extra)).prediction(any({ output: message }));
  } catch (e) {
    // withPayload() is a setup call: a ConfigError is its documented answer to a bad value.
    if (!(e instanceof ConfigError)) throw e;
  }
  for (const id of ids) if (typeof id !== 'string' || id === '') throw new Error(`bad prediction id ${String(id)}`);
}

describe('every logging method, given arbitrary values', () => {
  it('never throws and leaves no unhandled rejection', async () => {
    const log = getLogger('fuzz.methods');
    fc.assert(fc.property(anyValue, anyValue, anyValue, (message, attributes, extra) => {
      pipe.clear();
      expect(() => hammer(log, unwrap(message), unwrap(attributes), unwrap(extra))).not.toThrow();
    }), { numRuns: 300 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });

  it('never throws for hostile values in every position', () => {
    const log = getLogger('fuzz.hostile');
    for (const value of HOSTILE) {
      expect(() => hammer(log, value, value, value)).not.toThrow();
      expect(() => hammer(log, 'message', value, { err: value })).not.toThrow();
      expect(() => hammer(log, value, { err: value, error: value, nested: { value } }, value)).not.toThrow();
    }
  });

  it('keeps every attribute key a caller passes (no silent loss)', () => {
    const log = getLogger('fuzz.keys');
    const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== 'err' && k !== 'error' && k !== '__proto__');
    fc.assert(fc.property(fc.dictionary(key, anyValue, { maxKeys: 20 }), (drawn) => {
      const attributes: Record<string, unknown> = {};
      for (const k of Object.keys(drawn)) attributes[k] = unwrap(drawn[k] as Drawn);
      pipe.clear();
      log.info('m', attributes);
      const record = pipe.last();
      for (const k of Object.keys(attributes)) expect(record.attributes).toHaveProperty([k]);
    }), { numRuns: 300 });
  });
});
