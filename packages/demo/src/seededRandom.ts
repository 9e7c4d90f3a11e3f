/**
 * A small deterministic pseudo-random generator (mulberry32): same seed, same sequence, on
 * every machine. The demo uses it for the train/holdout split and the load mix, so a run is
 * reproducible and the tests see the same data as `npm start`.
 * Never throws: any number is accepted as a seed (truncated to 32 bits).
 * @example const random = createSeededRandom(42); random(); // 0 <= x < 1
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Returns a shuffled copy of `items` (Fisher-Yates) driven by `random`.
 * @example shuffled([1, 2, 3], createSeededRandom(1)) // e.g. [3, 1, 2]
 */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = tmp;
  }
  return copy;
}
