import { ConfigError } from '../errors.js';

/** Decides, per prediction id, whether a prediction's records are kept. */
export interface PredictionSampler {
  /** The configured rate, 0..1. */
  readonly rate: number;
  /**
   * True when records of this prediction are kept. Deterministic: the same id gives the same
   * answer in every process and on every call, so a prediction, its intermediate records and its
   * late feedback are kept or dropped together. Never throws (a non-string id is kept).
   */
  keep(predictionId: string): boolean;
}

/**
 * Builds the sampler for `sampling: { predictions: rate }`.
 *
 * The decision is `hash(id) / 2^32 < rate`, where `hash` is 32-bit FNV-1a over the id's UTF-8
 * bytes followed by the MurmurHash3 `fmix32` finaliser. FNV-1a is simple to reproduce in any
 * language (a Python or Go consumer can recompute the decision) and costs a few nanoseconds per
 * character, far less than a crypto hash; `fmix32` spreads the last characters' bits over the
 * whole word, so ids that differ only at the end (`pred-1`, `pred-2`) are still sampled
 * independently. 32 bits give a rate resolution of 2^-32.
 *
 * Rate 1 (or `undefined`) keeps everything without hashing; rate 0 drops every prediction.
 * The sampler only answers for ids: keeping ERROR and above whatever the decision, and counting
 * what was dropped in `stats().sampledOut`, is the logger's job.
 * Setup path: throws a {@link ConfigError} unless the rate is a number from 0 to 1.
 * @example
 * const sampler = createPredictionSampler(0.1);
 * if (sampler.keep(predictionId)) emit(record); // about 1 prediction in 10, the same ones everywhere
 */
export function createPredictionSampler(rate?: number, option = 'sampling.predictions'): PredictionSampler {
  if (rate === undefined) return KEEP_ALL;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    throw new ConfigError(option, `got ${typeof rate === 'number' ? rate : typeof rate}; use a fraction from 0 to 1 (0.1 keeps one prediction in ten, 1 keeps all).`);
  }
  if (rate === 1) return KEEP_ALL;
  if (rate === 0) return { rate, keep: () => false };
  // Compare 32-bit integers: the threshold is fixed once, the hash needs no division.
  const threshold = Math.floor(rate * 2 ** 32);
  return {
    rate,
    keep(predictionId: string): boolean {
      return typeof predictionId !== 'string' || hashPredictionId(predictionId) < threshold;
    },
  };
}

const KEEP_ALL: PredictionSampler = Object.freeze({ rate: 1, keep: () => true });

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The unsigned 32-bit hash that {@link createPredictionSampler} compares with `rate * 2^32`:
 * FNV-1a over the UTF-8 bytes, then MurmurHash3's fmix32.
 * @example hashPredictionId('') // 0xab3e7c0b (fmix32 of the FNV-1a offset basis)
 */
export function hashPredictionId(id: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    if (code < 0x80) {
      h = Math.imul(h ^ code, FNV_PRIME);
    } else {
      // Rare for ids: hash the exact UTF-8 bytes so other languages agree.
      for (const byte of Buffer.from(id.slice(i), 'utf8')) h = Math.imul(h ^ byte, FNV_PRIME);
      break;
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
