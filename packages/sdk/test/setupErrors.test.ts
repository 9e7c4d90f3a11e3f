import {
  ConfigError,
  addLevelName,
  createPredictionSampler,
  createRedactor,
  getLogger,
  init,
  parseLevel,
  resolvePayloadBudgets,
  resolvePayloadOptions,
} from '../src/index';
import { describeValue } from '../src/internal/describe';
import { resetOtelGlobals } from './helpers/memoryPipeline';
import { hostileValues } from './helpers/hostileValues';

// hostileValues(): each used to make some setup call throw a raw TypeError/Error while
// building its message (docs/reliability.md, F2).

const calls: Array<[string, (value: unknown) => unknown]> = [
  ['addLevelName(25, value)', (v) => addLevelName(25, v as string)],
  ['addLevelName(value, name)', (v) => addLevelName(v as number, 'HOSTILE')],
  ['parseLevel(value)', (v) => parseLevel(v as string)],
  ['setLevel(value)', (v) => getLogger('setup.errors').setLevel(v as string)],
  ['resolvePayloadOptions(value)', (v) => resolvePayloadOptions(v as object)],
  ['resolvePayloadOptions({ mode: value })', (v) => resolvePayloadOptions({ mode: v as 'full' })],
  ['createRedactor(value)', (v) => createRedactor(v as string[])],
  ['createRedactor({ paths: value })', (v) => createRedactor({ paths: v as string[] })],
  ['createRedactor([value])', (v) => createRedactor([v as string])],
  ['createPredictionSampler(value)', (v) => createPredictionSampler(v as number)],
  ['createPredictionSampler(2, optionName = value)', (v) => createPredictionSampler(2, v as string)],
  ['createRedactor(value, optionName = value)', (v) => createRedactor(v as string[], v as string)],
  ['resolvePayloadOptions(value, optionName = value)', (v) => resolvePayloadOptions(v as object, v as string)],
  ['init(value)', (v) => initOnce(() => init(v as object))],
  ['init({ level: value })', (v) => initOnce(() => init({ level: v as string }))],
  ['init({ payload: value })', (v) => initOnce(() => init({ payload: v as object }))],
  ['init({ payload: { dataset: value } })', (v) => initOnce(() => init({ payload: { dataset: v as object } }))],
  ['resolvePayloadBudgets(value)', (v) => resolvePayloadBudgets(v as object)],
  ['withPayload(value)', (v) => getLogger('setup.errors').withPayload(v as object)],
  ['withPayload({ dataset: value })', (v) => getLogger('setup.errors').withPayload({ dataset: v as object })],
  ['init({ sampling: value })', (v) => initOnce(() => init({ sampling: v as object }))],
  ['init({ serviceName: value })', (v) => initOnce(() => init({ serviceName: v as string }))],
  ['init({ endpoint: value })', (v) => initOnce(() => init({ endpoint: v as string }))],
];

// A long string is a valid redact path and service name; everywhere else it is refused.
/** Runs an init() call; one that wrongly succeeds is shut down so the next case starts clean. */
function initOnce(start: () => { shutdown(): Promise<void> }): void {
  void start().shutdown();
}

const table = calls.flatMap(([call, run]) => hostileValues()
  .filter(([what]) => !((call === 'createRedactor([value])' || call === 'init({ serviceName: value })') && what.includes('string')))
  .map(([what, value]) => [call, what, run, value] as const));

afterEach(() => resetOtelGlobals());

describe('setup calls given hostile values', () => {
  it.each(table)('%s with %s throws a ConfigError, nothing else', (_call, _what, run, value) => {
    let thrown: unknown;
    try {
      run(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    // The message is bounded: a 70 KB value is not copied into it.
    expect((thrown as Error).message.length).toBeLessThan(2000);
  });
});

describe('describeValue()', () => {
  it.each(hostileValues())('describes %s without throwing', (_what, value) => {
    expect(typeof describeValue(value)).toBe('string');
  });

  it.each([
    ['x', '"x"'], [25, '25'], [10n, '10n'], [Symbol('s'), 'Symbol(s)'], [null, 'null'], [undefined, 'undefined'],
    [[1], 'an array'], [{}, 'an object'], [() => 1, 'a function'],
  ])('describes %p as %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  it('cuts a long string and says how long it was', () => {
    expect(describeValue('a'.repeat(1000))).toBe(`"${'a'.repeat(80)}..." (1000 characters)`);
  });
});
