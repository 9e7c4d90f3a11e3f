/**
 * The SDK's prediction sampling decision, recomputed by the dataset builder to tell feedback
 * whose prediction was sampled out from feedback whose prediction is missing. A copy of
 * `hashPredictionId` in packages/sdk/src/ml/sampling.ts (the CLI does not depend on the SDK);
 * test/datasetSamplingHash.test.ts asserts both give the same values.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const TWO_POW_32 = 2 ** 32;

/**
 * The unsigned 32-bit hash the SDK compares with `rate * 2^32`: FNV-1a over the id's UTF-8
 * bytes, then MurmurHash3's fmix32. Never throws.
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

/**
 * Whether an SDK sampling at `rate` keeps the prediction `id`: `hash(id) < floor(rate * 2^32)`;
 * rate 1 (or more) keeps every id, rate 0 (or less, or NaN) none.
 * @example keptAtRate('pred-1', 1) // true
 */
export function keptAtRate(id: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (!(rate > 0)) return false;
  return hashPredictionId(id) < Math.floor(rate * TWO_POW_32);
}
