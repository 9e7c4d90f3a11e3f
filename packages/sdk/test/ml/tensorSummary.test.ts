import { createHash } from 'node:crypto';
import { isBinary, probeTensor, summarizeBytes, summarizeTensor } from '../../src/ml/tensorSummary';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const f64Bytes = (values: number[]) => new Uint8Array(Float64Array.from(values).buffer);

describe('summarizeTensor()', () => {
  it('gives type, shape, min, max, mean, nan and the sha256 of the raw bytes of a Float32Array', () => {
    const values = Float32Array.of(1, -2, 3.5, NaN, 4);
    expect(summarizeTensor(values)).toEqual({
      $summary: { type: 'Float32Array', shape: [5], min: -2, max: 4, mean: 1.625, nan: 1, inf: 0, sha256: sha256(new Uint8Array(values.buffer)) },
    });
  });

  it('hashes only the viewed bytes of a typed array that is a window on a larger buffer', () => {
    const whole = Int16Array.of(9, 1, 2, 3, 9);
    const view = whole.subarray(1, 4);
    const summary = summarizeTensor(view)!.$summary;
    expect(summary).toMatchObject({ type: 'Int16Array', shape: [3], min: 1, max: 3, mean: 2 });
    expect(summary.sha256).toBe(sha256(new Uint8Array(Int16Array.of(1, 2, 3).buffer)));
  });

  it('summarises a nested number array as a tensor with its shape, hashing float64 values row-major', () => {
    const summary = summarizeTensor([[1, 2, 3], [4, 5, 6]])!.$summary;
    expect(summary).toEqual({ type: 'number[]', shape: [2, 3], min: 1, max: 6, mean: 3.5, nan: 0, inf: 0, sha256: sha256(f64Bytes([1, 2, 3, 4, 5, 6])) });
  });

  it('hashes [1, 2] and Float64Array.of(1, 2) alike, so plain and typed inputs can be matched', () => {
    expect(summarizeTensor([1, 2])!.$summary.sha256).toBe(summarizeTensor(Float64Array.of(1, 2))!.$summary.sha256);
  });

  it('counts NaN and ±Infinity apart and keeps min/max/mean over finite values only', () => {
    expect(summarizeTensor([NaN, Infinity, -Infinity, 2, 4])!.$summary).toMatchObject({ min: 2, max: 4, mean: 3, nan: 1, inf: 2 });
  });

  it('gives null min/max/mean when there is no finite value', () => {
    expect(summarizeTensor([NaN, NaN])!.$summary).toMatchObject({ min: null, max: null, mean: null, nan: 2 });
  });

  it('keeps the mean finite when the running sum would overflow', () => {
    expect(summarizeTensor([1.5e308, 1.5e308])!.$summary.mean).toBeCloseTo(1.5e308, -300);
  });

  it('summarises an array of equal-length typed-array rows with shape [rows, columns]', () => {
    const rows = [Float32Array.of(1, 2), Float32Array.of(3, 4), Float32Array.of(5, 6)];
    expect(summarizeTensor(rows)!.$summary).toMatchObject({ type: 'Float32Array[]', shape: [3, 2], min: 1, max: 6, mean: 3.5 });
  });

  it('summarises BigInt64Array values as numbers', () => {
    expect(summarizeTensor(BigInt64Array.of(1n, 5n))!.$summary).toMatchObject({ type: 'BigInt64Array', min: 1, max: 5, mean: 3 });
  });

  it('summarises a 1,000,000-value Float32Array', () => {
    const values = new Float32Array(1_000_000).map((_, i) => (i % 1000) / 1000);
    values[10] = NaN;
    const summary = summarizeTensor(values)!.$summary;
    expect(summary).toMatchObject({ shape: [1_000_000], min: 0, max: Math.fround(0.999), nan: 1 });
    expect(summary.mean).toBeCloseTo(0.4995, 3);
  });

  it.each([
    ['a ragged nested array', [[1, 2], [3]]],
    ['an array with a string', [1, 'two', 3]],
    ['an array with null', [1, null]],
    ['an empty array', []],
    ['rows of different typed-array types', [Float32Array.of(1), Float64Array.of(2)]],
    ['a Buffer', Buffer.from('abc')],
    ['an object', { 0: 1, length: 1 }],
  ])('returns undefined for %s', (_name, value) => {
    expect(summarizeTensor(value)).toBeUndefined();
  });
});

describe('probeTensor()', () => {
  it.each([
    [[1, 2, 3], { type: 'number[]', shape: [3], size: 3 }],
    [[[1, 2], [3, 4], [5, 6]], { type: 'number[]', shape: [3, 2], size: 6 }],
    [new Uint8Array(7), { type: 'Uint8Array', shape: [7], size: 7 }],
    [['a'], undefined],
  ])('probes %p as %p', (value, expected) => {
    expect(probeTensor(value)).toEqual(expected);
  });
});

describe('summarizeBytes() and isBinary()', () => {
  it('gives the length and sha256 of a Buffer, never its bytes', () => {
    expect(summarizeBytes(Buffer.from('abc'))).toEqual({ $bytes: { length: 3, sha256: sha256('abc') } });
  });

  it('hashes the viewed window of a DataView and the whole of an ArrayBuffer', () => {
    const buffer = Uint8Array.of(0, 97, 98, 99, 0).buffer;
    expect(summarizeBytes(new DataView(buffer, 1, 3))).toEqual({ $bytes: { length: 3, sha256: sha256('abc') } });
    expect(summarizeBytes(buffer).$bytes.length).toBe(5);
  });

  it.each([
    ['Buffer', Buffer.alloc(1), true],
    ['ArrayBuffer', new ArrayBuffer(1), true],
    ['DataView', new DataView(new ArrayBuffer(1)), true],
    ['Float32Array', new Float32Array(1), false],
    ['Uint8Array', new Uint8Array(1), false],
    ['plain array', [1], false],
  ])('treats a %s as binary: %p', (_name, value, expected) => {
    expect(isBinary(value)).toBe(expected);
  });
});
