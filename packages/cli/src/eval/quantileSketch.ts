/**
 * Quantiles of a stream of numbers (latencies, label delays) in bounded memory: a
 * log-bucketed histogram in the manner of DDSketch (Masson, Rim, Lee, VLDB 2019), exact while
 * the stream is small.
 *
 * A value x > 0 lands in bucket i = ceil(log_γ x) with γ = (1 + α) / (1 − α), which covers
 * (γ^(i−1), γ^i]; the bucket answers 2γ^i / (γ + 1), within a relative error α of every value
 * in it. Negative values are bucketed by magnitude in a second store; values closer to 0 than
 * {@link ZERO_MAGNITUDE} count as 0. With α = {@link QUANTILE_RELATIVE_ERROR} = 1 %, a store
 * needs about 115 buckets per factor of 10, so {@link MAX_BUCKETS} buckets span 17 orders of
 * magnitude (a nanosecond to 3 000 years, in ms); past that, the smallest magnitudes are folded
 * into one bucket and lose their accuracy (never seen with durations in ms).
 *
 * The first {@link EXACT_VALUES} values are also kept as they are, so small streams get exact
 * quantiles; after that only the buckets are kept. Sketches merge ({@link QuantileSketch.merge})
 * with the same guarantee.
 *
 * Quantiles follow the nearest-rank rule, weighted: the q-quantile is the smallest value v such
 * that the values ≤ v weigh at least q of the total (the q = 0 quantile is the minimum). With
 * all weights 1 that is the value at 1-based rank ceil(q·n) of the sorted values.
 */

/** The relative error of a quantile once the sketch is past {@link EXACT_VALUES} values. */
export const QUANTILE_RELATIVE_ERROR = 0.01;
/** How many values a sketch keeps as they are, for exact quantiles of small streams. */
export const EXACT_VALUES = 1024;
/** Buckets per sign before the smallest magnitudes are folded together. */
export const MAX_BUCKETS = 2048;
/** Values with a smaller magnitude count as 0 (a femtosecond, in ms). */
export const ZERO_MAGNITUDE = 1e-12;

const GAMMA = (1 + QUANTILE_RELATIVE_ERROR) / (1 - QUANTILE_RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
// Weights are sums of doubles; a cumulative weight this close below the target counts as reaching it.
const WEIGHT_TOLERANCE = 1e-12;

/** Buckets of one sign: bucket index to weight, with a floor once the smallest were folded. */
class BucketStore {
  readonly weights = new Map<number, number>();
  /** Indexes below this one were folded into it. */
  private floor = -Infinity;

  add(index: number, weight: number): void {
    const i = Math.max(index, this.floor);
    this.weights.set(i, (this.weights.get(i) ?? 0) + weight);
    if (this.weights.size > MAX_BUCKETS) this.collapseLowest();
  }

  /** Bucket indexes in increasing order. */
  sortedIndexes(): number[] {
    return [...this.weights.keys()].sort((a, b) => a - b);
  }

  /** Folds the lowest bucket into the next one: one scan, no sort, as this runs on every add past the cap. */
  private collapseLowest(): void {
    let lowest = Infinity;
    let next = Infinity;
    for (const i of this.weights.keys()) {
      if (i < lowest) (next = lowest), (lowest = i);
      else if (i < next) next = i;
    }
    this.weights.set(next, (this.weights.get(next) ?? 0) + (this.weights.get(lowest) ?? 0));
    this.weights.delete(lowest);
    this.floor = next;
  }
}

function bucketIndex(magnitude: number): number {
  return Math.ceil(Math.log(magnitude) / LOG_GAMMA);
}

function bucketValue(index: number): number {
  return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
}

/**
 * A mergeable quantile sketch with a relative error of at most 1 % ({@link QUANTILE_RELATIVE_ERROR}),
 * exact up to {@link EXACT_VALUES} values. Values that are not finite numbers, and weights that are
 * not finite and positive, are ignored: `add` never throws.
 * @example
 * const s = new QuantileSketch();
 * for (const ms of [12, 15, 11, 240]) s.add(ms);
 * s.quantile(0.5) // 12 (exact: four values)
 */
export class QuantileSketch {
  private readonly positive = new BucketStore();
  private readonly negative = new BucketStore();
  private zeroWeight = 0;
  private min = Infinity;
  private max = -Infinity;
  /** Values kept as they are, until there are more than EXACT_VALUES; then undefined. */
  private exact: Array<[value: number, weight: number]> | undefined = [];
  /** Number of values added. */
  count = 0;
  /** Sum of their weights. */
  totalWeight = 0;

  /** Adds `value` counted `weight` times (a sampled row stands for 1/rate predictions). */
  add(value: number, weight = 1): void {
    if (!Number.isFinite(value) || !Number.isFinite(weight) || weight <= 0) return;
    this.count++;
    this.totalWeight += weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.exact) {
      if (this.exact.length < EXACT_VALUES) this.exact.push([value, weight]);
      else this.exact = undefined;
    }
    const magnitude = Math.abs(value);
    if (magnitude < ZERO_MAGNITUDE) this.zeroWeight += weight;
    else (value > 0 ? this.positive : this.negative).add(bucketIndex(magnitude), weight);
  }

  /** Adds every value of `other` to this sketch (`other` is left as it was). */
  merge(other: QuantileSketch): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.totalWeight += other.totalWeight;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.zeroWeight += other.zeroWeight;
    for (const [i, w] of other.positive.weights) this.positive.add(i, w);
    for (const [i, w] of other.negative.weights) this.negative.add(i, w);
    this.exact = this.exact && other.exact && this.exact.length + other.exact.length <= EXACT_VALUES ? [...this.exact, ...other.exact] : undefined;
  }

  /** True while quantiles are exact (no more than {@link EXACT_VALUES} values so far). */
  get isExact(): boolean {
    return this.exact !== undefined;
  }

  /**
   * The q-quantile (0 ≤ q ≤ 1, clamped), or null when no value was added. Exact while
   * {@link isExact}; otherwise within 1 % of the exact value (relative), and never outside the
   * smallest and largest value added.
   */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const target = Math.min(1, Math.max(0, Number.isNaN(q) ? 0 : q)) * this.totalWeight * (1 - WEIGHT_TOLERANCE);
    const reached = (cumulative: number): boolean => cumulative > 0 && cumulative >= target;
    if (this.exact) {
      const sorted = [...this.exact].sort((a, b) => a[0] - b[0]);
      let cumulative = 0;
      for (const [value, weight] of sorted) {
        cumulative += weight;
        if (reached(cumulative)) return value;
      }
      return this.max;
    }
    let cumulative = 0;
    const clamp = (v: number): number => Math.min(this.max, Math.max(this.min, v));
    for (const i of this.negative.sortedIndexes().reverse()) {
      cumulative += this.negative.weights.get(i) ?? 0;
      if (reached(cumulative)) return clamp(-bucketValue(i));
    }
    cumulative += this.zeroWeight;
    if (reached(cumulative)) return clamp(0);
    for (const i of this.positive.sortedIndexes()) {
      cumulative += this.positive.weights.get(i) ?? 0;
      if (reached(cumulative)) return clamp(bucketValue(i));
    }
    return this.max;
  }
}
