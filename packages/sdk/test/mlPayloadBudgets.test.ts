import { getLogger } from '../src/logger';
import { resetOtelGlobals, startMemoryPipeline, type MemoryPipeline } from './helpers/memoryPipeline';

// The two payload budgets and the `ml.payload.shaped` marks, on a real sdk-logs pipeline kept in
// memory: what a dataset builder reads from each record.

let pipe: MemoryPipeline;
const start = (options = {}): void => {
  resetOtelGlobals();
  pipe = startMemoryPipeline(options);
};
afterEach(async () => {
  await pipe.close();
  getLogger('pb').setLevel('NOTSET');
});

const body = (): any => pipe.last().body;
const shaped = (): unknown => pipe.last().attributes['ml.payload.shaped'];
const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** 1,000 float features named like a real model's (`feature_0000` .. `feature_0999`), full-precision values. */
function features(count = 1000): Record<string, number> {
  let seed = 42;
  const out: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    seed = (seed * 16807) % 2147483647;
    out[`feature_${String(i).padStart(4, '0')}`] = -(seed / 2147483647) / 3;
  }
  return out;
}

/** An object nested `levels` deep: { a: { a: ... { leaf: 1 } } }. */
function nested(levels: number): unknown {
  let value: unknown = { leaf: 1 };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

describe('the dataset budget of ml.prediction and ml.feedback (defaults)', () => {
  beforeEach(() => start({ level: 'DEBUG' }));

  it('keeps 1,000 named float features and 16 KiB of text whole in one body, with no ml.payload.shaped', () => {
    const input = { ...features(), text: 'a'.repeat(16 * 1024) };
    const output = { label: 'class_7', probabilities: [0.05, 0.05, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1] };
    getLogger('pb.whole').prediction({ id: 'w-1', input, output });
    expect(body()).toEqual({ input, output });
    expect(Object.keys(body().input)).toEqual(Object.keys(input));
    expect(pipe.last().attributes).not.toHaveProperty(['ml.payload.shaped']);
    expect(jsonBytes(body())).toBeGreaterThan(50_000); // about 52 KB: within the 64 KiB budget
  });

  it('keeps a 1,000-float array and 16 KiB of text whole, through a handle too', () => {
    const embedding = Array.from(new Float32Array(1000).map((_, i) => Math.sin(i)));
    const input = { embedding, text: 'b'.repeat(16 * 1024) };
    getLogger('pb.whole').startPrediction({ input }).end({ output: embedding });
    expect(body()).toEqual({ input, output: embedding });
    expect(pipe.last().attributes).not.toHaveProperty(['ml.payload.shaped']);
  });

  it('keeps a 16 KiB label whole in ml.feedback', () => {
    const actual = { transcript: 'c'.repeat(16 * 1024) };
    getLogger('pb.whole').feedback({ predictionId: 'w-1', actual });
    expect(body()).toEqual({ actual });
    expect(pipe.last().attributes).not.toHaveProperty(['ml.payload.shaped']);
  });

  it('shapes a body over 64 KiB (1,000 features + 1,000 floats + 16 KiB text) to fit, and says where', () => {
    const input = { ...features(), embedding: Array.from({ length: 1000 }, (_, i) => Math.cos(i)), text: 'd'.repeat(16 * 1024) };
    getLogger('pb.over').prediction({ input, output: 1 });
    expect(jsonBytes(body())).toBeLessThanOrEqual(65536);
    expect(body().output).toBe(1);
    expect(shaped()).toEqual(expect.arrayContaining(['input']));
  });

  it('gives ml.intermediate and ml.input the compact budget: 128 keys, 1,024 characters', () => {
    getLogger('pb.compact').intermediate('features', features(200));
    expect(Object.keys(body().value)).toHaveLength(129);
    expect(body().value['…']).toBe('[…72 more keys]');
    expect(shaped()).toEqual(['value']);
    getLogger('pb.compact').input({ text: 'e'.repeat(2000) });
    expect(body().input.text).toBe(`${'e'.repeat(1024)}…[976 more chars]`);
    expect(shaped()).toEqual(['input.text']);
    expect(jsonBytes(body())).toBeLessThanOrEqual(6144);
  });
});

describe('ml.payload.shaped', () => {
  beforeEach(() => start({
    level: 'DEBUG',
    payload: { dataset: { maxArrayItems: 4, maxStringLength: 80 } },
    redact: ['input.email'],
  }));

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a string cut', { text: 'x'.repeat(100) }, ['input.text']],
    ['keys cut', { a: 1, b: 2, c: 3, d: 4, e: 5 }, ['input']],
    ['items cut', { words: ['w', 'x', 'y', 'z', 'v'] }, ['input.words']],
    ['a numeric array summarised to $summary', { embedding: [0.1, 0.2, 0.3, 0.4, 0.5] }, ['input.embedding']],
    ['a typed array summarised to $summary', { embedding: new Float32Array(5) }, ['input.embedding']],
    ['bytes as $bytes', { image: Buffer.from('png') }, ['input.image']],
    ['a depth cut', { deep: nested(10) }, ['input.deep.a.a.a.a.a.a']],
    ['a redaction by path', { email: 'ada@example.com', age: 36 }, ['input.email']],
    ['a redaction by the default list', { user: { password: 'hunter2' } }, ['input.user.password']],
    ['a key cut', { ['k'.repeat(100)]: 1 }, [`input.${'k'.repeat(80)}…[20 more chars]`]],
    ['a string inside an array (index as a segment)', { rows: [{ note: 'ok' }, { note: 'n'.repeat(90) }] }, ['input.rows.1.note']],
    ['several, children before their parent', { a: 'x'.repeat(90), b: [1, 2, 3, 4, 5, 6], c: 3, d: 4, e: 5 }, ['input.a', 'input.b', 'input']],
  ])('lists the body path of %s', (_kind, input, paths) => {
    getLogger('pb.kinds').prediction({ id: 'k-1', input, output: 'ok' });
    expect(shaped()).toEqual(paths);
    expect(pipe.last().attributes['ml.prediction.id']).toBe('k-1');
  });

  it('lists the whole field replaced by $truncated when nothing smaller fits, and what the last resort cut', () => {
    getLogger('pb.trunc').withPayload({ dataset: { maxBytes: 256 } }).prediction({ input: { a: 1 }, output: '\u0001'.repeat(1000) });
    expect(body()).toEqual({ input: '[Object]', output: { $truncated: { bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } } });
    expect(shaped()).toEqual(['input', 'output']);
  });

  it('lists what the byte budget cut when the limits alone kept everything', () => {
    const log = getLogger('pb.bytes').withPayload({ dataset: { maxBytes: 600, maxArrayItems: 100, maxStringLength: 1000 } });
    log.prediction({ input: { label: 'setosa', notes: 'n'.repeat(900), email: 'ada@example.com' }, output: 'ok' });
    expect(jsonBytes(body())).toBeLessThanOrEqual(600);
    expect(body().input.label).toBe('setosa');
    expect(body().input.notes).toMatch(/more chars\]$/);
    // The redaction made by the first walk is still listed after the body was rendered again.
    expect(shaped()).toEqual(['input.notes', 'input.email']);
  });

  it("lists each field in none mode ('[omitted]')", () => {
    getLogger('pb.none').withPayload({ mode: 'none' }).prediction({ input: { a: 1 }, output: 2 });
    expect(shaped()).toEqual(['input', 'output']);
  });

  it('lists every numeric array in summary mode', () => {
    getLogger('pb.summary').withPayload({ mode: 'summary' }).prediction({ input: { x: [1, 2] }, output: [0.2, 0.8] });
    expect(shaped()).toEqual(['input.x', 'output']);
  });

  it("lists at most 32 paths, the 32nd being '…'", () => {
    const input = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`t${i}`, 'x'.repeat(100)]));
    getLogger('pb.many').withPayload({ dataset: { maxArrayItems: 100 } }).prediction({ input, output: 1 });
    const paths = shaped() as string[];
    expect(paths).toHaveLength(32);
    expect(paths.slice(0, 31)).toEqual(Array.from({ length: 31 }, (_, i) => `input.t${i}`));
    expect(paths[31]).toBe('…');
  });

  it('cuts a path longer than 256 characters to 255 and a trailing …', () => {
    const key = 'k'.repeat(200);
    getLogger('pb.long').withPayload({ dataset: { maxStringLength: 1000 } }).prediction({ input: { [key]: { [key]: 'x'.repeat(2000) } }, output: 1 });
    expect(shaped()).toEqual([`input.${key}.${'k'.repeat(48)}…`]);
  });

  it('marks feedback, intermediate and input bodies too, by their own field names', () => {
    const log = getLogger('pb.other');
    log.feedback({ predictionId: 'k-1', actual: 'y'.repeat(100) });
    expect(shaped()).toEqual(['actual']);
    log.intermediate('probabilities', 'z'.repeat(2000));
    expect(shaped()).toEqual(['value']);
    log.input({ password: 'p' });
    expect(shaped()).toEqual(['input.password']);
  });

  it('drops a caller attribute of the same name: the mark is the SDK\'s alone', () => {
    const log = getLogger('pb.own');
    log.prediction({ input: { a: 1 }, output: 1, attributes: { 'ml.payload.shaped': ['made up'] } });
    expect(pipe.last().attributes).not.toHaveProperty(['ml.payload.shaped']);
    log.child({ 'ml.payload.shaped': 'bound' }).prediction({ input: { text: 'x'.repeat(100) }, output: 1 });
    expect(shaped()).toEqual(['input.text']);
  });
});

describe('ml.sampling.rate', () => {
  it('is on every ml.prediction record (prediction(), end(), fail()), and on no other event', () => {
    start({ level: 'DEBUG', sampling: { predictions: 1 } });
    const log = getLogger('pb.rate');
    log.prediction({ output: 1 });
    const p = log.startPrediction();
    p.intermediate('x', 1);
    p.end({ output: 2 });
    log.startPrediction().fail(new Error('boom'));
    log.feedback({ predictionId: p.id, actual: 2 });
    log.input({ a: 1 });
    expect(pipe.records().map((r) => [r.eventName, r.attributes['ml.sampling.rate']])).toEqual([
      ['ml.prediction', 1], ['ml.intermediate', undefined], ['ml.prediction', 1], ['ml.prediction', 1], ['ml.feedback', undefined], ['ml.input', undefined],
    ]);
  });
});
