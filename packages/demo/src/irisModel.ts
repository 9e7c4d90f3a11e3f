import { CLASS_NAMES, type IrisClass } from './iris.js';

/** What a model says about one input. */
export interface IrisScores {
  /** The predicted species. */
  readonly className: IrisClass;
  /** Probability (or vote share) of the predicted class, 0..1. */
  readonly confidence: number;
  /** One probability per class, in {@link CLASS_NAMES} order, summing to 1. */
  readonly probabilities: readonly number[];
}

/** A trained iris classifier, one version of the `iris` model. */
export interface IrisModel {
  /** Model name, the same for every version (`iris`). */
  readonly name: string;
  /** Version served, e.g. `v1`. */
  readonly version: string;
  /** The library the model comes from, logged as the model's framework. */
  readonly framework: string;
  /** Scores one feature vector (4 numbers in FEATURE_NAMES order). */
  predict(features: readonly number[]): IrisScores;
}

/**
 * Turns per-class scores into {@link IrisScores}: normalises them to sum 1 and picks the largest.
 * All-zero or non-finite scores give a uniform distribution (confidence 1/3) rather than NaN.
 * @example toScores([2, 1, 1]) // { className: 'setosa', confidence: 0.5, ... }
 */
export function toScores(rawScores: readonly number[]): IrisScores {
  const clean = CLASS_NAMES.map((_, i) => {
    const v = rawScores[i] ?? 0;
    return Number.isFinite(v) && v > 0 ? v : 0;
  });
  const total = clean.reduce((a, b) => a + b, 0);
  const probabilities = total > 0 ? clean.map((v) => v / total) : clean.map(() => 1 / clean.length);
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) {
    if ((probabilities[i] ?? 0) > (probabilities[best] ?? 0)) best = i;
  }
  return { className: CLASS_NAMES[best] ?? 'setosa', confidence: probabilities[best] ?? 0, probabilities };
}
