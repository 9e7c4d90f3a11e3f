import type { IrisSample } from './iris.js';
import { CLASS_NAMES } from './iris.js';
import type { IrisModel } from './irisModel.js';

/**
 * Share of `samples` the model classifies correctly (0..1); NaN for an empty set.
 * @example holdoutAccuracy(v1, splitIris().holdout) // 0.96...
 */
export function holdoutAccuracy(model: IrisModel, samples: readonly IrisSample[]): number {
  if (samples.length === 0) return NaN;
  const correct = samples.filter((s) => model.predict(s.features).className === CLASS_NAMES[s.label]).length;
  return correct / samples.length;
}
