import { RandomForestClassifier } from 'ml-random-forest';
import type { IrisSample } from './iris.js';
import { CLASS_NAMES } from './iris.js';
import { toScores, type IrisModel } from './irisModel.js';

/** Training settings for model v2. */
export interface ForestOptions {
  readonly version?: string;
  readonly trees?: number;
  readonly seed?: number;
}

/**
 * Trains a random forest (`ml-random-forest`) on `train`: model v2, the canary.
 * Confidence is the share of trees voting for the predicted class.
 * Throws if `train` is empty (a setup error, caught by the model loader).
 * @example const v2 = trainRandomForest(splitIris().train); v2.predict([6.7, 3.0, 5.2, 2.3]).className // 'virginica'
 */
export function trainRandomForest(train: readonly IrisSample[], options: ForestOptions = {}): IrisModel {
  if (train.length === 0) throw new Error('cannot train the random forest on an empty training set');
  const forest = new RandomForestClassifier({
    nEstimators: options.trees ?? 25,
    seed: options.seed ?? 3,
    maxFeatures: 0.8,
    replacement: true,
    useSampleBagging: true,
    noOOB: true,
  });
  forest.train(train.map((s) => [...s.features]), train.map((s) => s.label));
  return {
    name: 'iris',
    version: options.version ?? 'v2',
    framework: 'ml-random-forest',
    predict(features) {
      // One vote per tree; the vote share is an honest confidence for a forest.
      const votes = forest.predictionValues([[...features]]).getRow(0);
      const counts = CLASS_NAMES.map((_, label) => votes.filter((v) => v === label).length);
      return toScores(counts);
    },
  };
}
