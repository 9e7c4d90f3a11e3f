import { ConfigError } from '../../src/errors';
import { newPredictionId } from '../../src/ml/predictionId';
import { createPredictionSampler, hashPredictionId } from '../../src/ml/sampling';

// Ids from a seeded generator, shaped like crypto.randomUUID(): the same on every run, so a
// test of a rate can never flake.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seededIds } = require('../fixtures/seededIds.js') as { seededIds: (seed: number, count: number) => string[] };

describe('createPredictionSampler()', () => {
  it('keeps everything at rate 1 and when no rate is set', () => {
    for (const sampler of [createPredictionSampler(), createPredictionSampler(1)]) {
      expect(seededIds(1, 100).every((id) => sampler.keep(id))).toBe(true);
    }
  });

  it('drops everything at rate 0', () => {
    const sampler = createPredictionSampler(0);
    expect(seededIds(2, 100).some((id) => sampler.keep(id))).toBe(false);
  });

  it('decides the same for the same id, across separately created samplers', () => {
    const ids = seededIds(3, 1000);
    const first = ids.map((id) => createPredictionSampler(0.3).keep(id));
    const second = ids.map((id) => createPredictionSampler(0.3).keep(id));
    expect(second).toEqual(first);
  });

  it('keeps at a lower rate only ids that are also kept at a higher rate', () => {
    const low = createPredictionSampler(0.1);
    const high = createPredictionSampler(0.5);
    const ids = seededIds(4, 2000);
    expect(ids.filter((id) => low.keep(id) && !high.keep(id))).toEqual([]);
  });

  it.each([[5], [6], [7]])('keeps 10,000 UUID-shaped ids (seed %p) at 0.1 within the binomial 99.9% interval (1000 ± 99)', (seed) => {
    const sampler = createPredictionSampler(0.1);
    let kept = 0;
    for (const id of seededIds(seed, 10_000)) if (sampler.keep(id)) kept++;
    expect(kept).toBeGreaterThanOrEqual(901);
    expect(kept).toBeLessThanOrEqual(1099);
  });

  it('samples sequential ids that differ only in their last characters at the rate too', () => {
    const sampler = createPredictionSampler(0.1);
    let kept = 0;
    for (let i = 0; i < 10_000; i++) if (sampler.keep(`pred-${i}`)) kept++;
    expect(kept).toBeGreaterThanOrEqual(901);
    expect(kept).toBeLessThanOrEqual(1099);
  });

  it.each([[-0.1], [1.5], [NaN], ['0.1']])('rejects rate %p with a ConfigError naming the option', (rate) => {
    expect(() => createPredictionSampler(rate as never)).toThrow(ConfigError);
    expect(() => createPredictionSampler(rate as never)).toThrow('sampling.predictions');
  });
});

describe('hashPredictionId()', () => {
  it('is a fixed function of the id (FNV-1a over UTF-8, then fmix32)', () => {
    expect(hashPredictionId('')).toBe(0xab3e7c0b);
    expect(hashPredictionId('abc')).toBe(hashPredictionId('abc'));
    expect(hashPredictionId('abc')).not.toBe(hashPredictionId('abd'));
  });

  it('hashes non-ASCII ids by their UTF-8 bytes', () => {
    const h = hashPredictionId('é');
    expect(h).toBeGreaterThanOrEqual(0);
    expect(h).toBeLessThan(2 ** 32);
    expect(h).not.toBe(hashPredictionId('e'));
  });
});

describe('newPredictionId()', () => {
  it('gives a fresh random UUID v4 each time', () => {
    const a = newPredictionId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newPredictionId()).not.toBe(a);
  });
});
