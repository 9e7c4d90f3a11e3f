/**
 * QuantileSketch: exact for small streams, within the documented 1 % relative error of an
 * exact sort on large seeded random streams, weighted, mergeable, bounded.
 */
import { EXACT_VALUES, QUANTILE_RELATIVE_ERROR, QuantileSketch } from '../src/eval/quantileSketch';

/** mulberry32: the same sequence on every run and machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal values around `median` (latency-like: a long right tail). */
function logNormal(random: () => number, median: number, sigma: number): number {
  const u = 1 - random();
  const v = random();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/** Nearest-rank quantile of an exact sort: the value at 1-based rank ceil(q·n). */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
}

const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
// The bound, plus room for floating-point rounding at a bucket's edge.
const BOUND = QUANTILE_RELATIVE_ERROR + 1e-9;

function expectWithinBound(sketch: QuantileSketch, sorted: number[]): void {
  for (const q of QS) {
    const exact = exactQuantile(sorted, q);
    const estimate = sketch.quantile(q) as number;
    expect({ q, relativeError: Math.abs(estimate - exact) / Math.max(Math.abs(exact), 1e-300) <= BOUND }).toEqual({ q, relativeError: true });
  }
}

describe('QuantileSketch', () => {
  it('gives null for every quantile of an empty stream', () => {
    expect(new QuantileSketch().quantile(0.5)).toBeNull();
  });

  it.each([
    [[5, 1, 3, 2, 4], 0.5, 3],
    [[5, 1, 3, 2, 4], 0.99, 5],
    [[5, 1, 3, 2, 4], 0, 1],
    [[10, 20, 30, 40], 0.5, 20],
    [[10, 20, 30, 40], 0.95, 40],
    [[7], 0.5, 7],
    [[-3, 0, 2.5], 0.5, 0],
  ])('gives the exact nearest-rank quantile of a small stream: %p at %p is %p', (values, q, expected) => {
    const sketch = new QuantileSketch();
    values.forEach((v) => sketch.add(v));
    expect(sketch.isExact).toBe(true);
    expect(sketch.quantile(q)).toBe(expected);
  });

  it('weighs values: a value added with weight 3 counts three times', () => {
    const sketch = new QuantileSketch();
    sketch.add(1, 3);
    sketch.add(100, 1);
    expect(sketch.quantile(0.75)).toBe(1);
    expect(sketch.quantile(0.76)).toBe(100);
    expect(sketch.totalWeight).toBe(4);
    expect(sketch.count).toBe(2);
  });

  it('ignores values that are not finite numbers and weights that are not positive', () => {
    const sketch = new QuantileSketch();
    for (const v of [NaN, Infinity, -Infinity]) sketch.add(v);
    sketch.add(5, 0);
    sketch.add(5, -1);
    sketch.add(5, NaN);
    expect(sketch.count).toBe(0);
    expect(sketch.quantile(0.5)).toBeNull();
  });

  it(`stays within ${QUANTILE_RELATIVE_ERROR * 100} % of an exact sort on 100 000 log-normal latencies`, () => {
    const random = seededRandom(42);
    const values = Array.from({ length: 100_000 }, () => logNormal(random, 12, 1.5));
    const sketch = new QuantileSketch();
    values.forEach((v) => sketch.add(v));
    expect(sketch.isExact).toBe(false);
    expectWithinBound(sketch, values.slice().sort((a, b) => a - b));
  });

  it('stays within the bound on mixed signs and zeros (label delays with clock skew)', () => {
    const random = seededRandom(7);
    const values = Array.from({ length: 50_000 }, (_, i) => (i % 10 === 0 ? 0 : (random() < 0.2 ? -1 : 1) * logNormal(random, 3_600_000, 2)));
    const sketch = new QuantileSketch();
    values.forEach((v) => sketch.add(v));
    expectWithinBound(sketch, values.slice().sort((a, b) => a - b));
  });

  it('stays within the bound with weights, against the exact sort of the values repeated weight times', () => {
    const random = seededRandom(3);
    const sketch = new QuantileSketch();
    const expanded: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const value = logNormal(random, 50, 1);
      const weight = 1 + Math.floor(random() * 4);
      sketch.add(value, weight);
      for (let k = 0; k < weight; k++) expanded.push(value);
    }
    expectWithinBound(sketch, expanded.sort((a, b) => a - b));
  });

  it('merges: two sketches merged answer within the bound for the union of their values', () => {
    const random = seededRandom(11);
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    const values: number[] = [];
    for (let i = 0; i < 30_000; i++) {
      const v = i % 2 === 0 ? logNormal(random, 5, 1) : logNormal(random, 500, 0.5);
      (i % 2 === 0 ? a : b).add(v);
      values.push(v);
    }
    a.merge(b);
    expect(a.count).toBe(30_000);
    expectWithinBound(a, values.sort((x, y) => x - y));
  });

  it('stays exact when two small sketches merge into no more than the exact limit', () => {
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    [1, 2, 3].forEach((v) => a.add(v));
    [10, 20].forEach((v) => b.add(v));
    a.merge(b);
    expect(a.isExact).toBe(true);
    expect(a.quantile(0.5)).toBe(3);
    expect(a.quantile(0.8)).toBe(10);
  });

  it(`is exact for ${EXACT_VALUES} values and estimates from one more`, () => {
    const sketch = new QuantileSketch();
    for (let i = 1; i <= EXACT_VALUES; i++) sketch.add(i);
    expect(sketch.isExact).toBe(true);
    expect(sketch.quantile(0.5)).toBe(EXACT_VALUES / 2);
    sketch.add(EXACT_VALUES + 1);
    expect(sketch.isExact).toBe(false);
    const estimate = sketch.quantile(0.5) as number;
    expect(Math.abs(estimate - (EXACT_VALUES / 2 + 1)) / (EXACT_VALUES / 2 + 1)).toBeLessThanOrEqual(BOUND);
  });

  it('keeps the top quantiles within the bound when values span more magnitudes than its buckets', () => {
    const random = seededRandom(5);
    // 10^-10 .. 10^300: far more than the 17 decades of buckets; the smallest get folded.
    const values = Array.from({ length: 20_000 }, () => Math.pow(10, -10 + 310 * random()));
    const sketch = new QuantileSketch();
    values.forEach((v) => sketch.add(v));
    const sorted = values.sort((a, b) => a - b);
    for (const q of [0.99, 0.999, 1]) {
      expect(Math.abs((sketch.quantile(q) as number) - exactQuantile(sorted, q)) / exactQuantile(sorted, q)).toBeLessThanOrEqual(BOUND);
    }
    expect(sketch.quantile(0)).toBeGreaterThanOrEqual(sorted[0] as number);
  });
});
