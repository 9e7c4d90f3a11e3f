import { trainRandomForest } from '../src/forestModel';
import { holdoutAccuracy } from '../src/holdout';
import { CLASS_NAMES, splitIris } from '../src/iris';
import { toScores } from '../src/irisModel';
import { trainLogisticRegression } from '../src/logisticModel';
import { loadModels } from '../src/modelLoader';

describe('iris models', () => {
  const split = splitIris();
  const v1 = trainLogisticRegression(split.train);
  const v2 = trainRandomForest(split.train);

  it('splits 150 rows into 120 train and 30 holdout, the same on every call', () => {
    expect(split.train).toHaveLength(120);
    expect(split.holdout).toHaveLength(30);
    expect(splitIris().holdout).toEqual(split.holdout);
  });

  it.each([
    ['v1 logistic regression', v1],
    ['v2 random forest', v2],
  ])('%s classifies at least 90%% of the holdout correctly', (_name, model) => {
    expect(holdoutAccuracy(model, split.holdout)).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['v1', v1],
    ['v2', v2],
  ])('%s returns probabilities that sum to 1 with confidence equal to the top one', (_name, model) => {
    const scores = model.predict([6.7, 3.0, 5.2, 2.3]);
    expect(scores.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(scores.confidence).toBe(Math.max(...scores.probabilities));
    expect(scores.className).toBe('virginica');
  });

  it('is less confident between versicolor and virginica than on a typical setosa', () => {
    const between = [6.2, 2.8, 4.85, 1.65];
    const setosa = [5.0, 3.4, 1.5, 0.2];
    for (const model of [v1, v2]) {
      expect(model.predict(between).confidence).toBeLessThan(model.predict(setosa).confidence);
    }
  });

  it('labels the versions v1 and v2 of the model iris', () => {
    expect([v1.name, v1.version, v2.name, v2.version]).toEqual(['iris', 'v1', 'iris', 'v2']);
  });
});

describe('toScores()', () => {
  it.each([
    [[2, 1, 1], 'setosa', 0.5],
    [[0, 0, 3], 'virginica', 1],
    [[0, 0, 0], 'setosa', 1 / 3],
    [[NaN, -1, Infinity], 'setosa', 1 / 3],
  ])('scores %p as %s with confidence %p', (raw, className, confidence) => {
    const scores = toScores(raw);
    expect(scores.className).toBe(className);
    expect(scores.confidence).toBeCloseTo(confidence, 9);
    expect(scores.probabilities).toHaveLength(CLASS_NAMES.length);
  });
});

describe('loadModels()', () => {
  it('loads v1 and v2 when nothing is forced to fail', () => {
    const { models, failures } = loadModels();
    expect([...models.keys()]).toEqual(['v1', 'v2']);
    expect(failures).toEqual([]);
  });

  it('reports a forced failure of v2 and still loads v1', () => {
    const { models, failures } = loadModels({ failVersions: ['v2'] });
    expect([...models.keys()]).toEqual(['v1']);
    expect(failures.map((f) => f.version)).toEqual(['v2']);
    expect(failures[0]?.error.message).toMatch(/MLOTEL_DEMO_FAIL_MODEL/);
  });
});
