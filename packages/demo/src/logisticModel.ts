import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import type { IrisSample } from './iris.js';
import { toScores, type IrisModel } from './irisModel.js';

/** Training settings for model v1; a few thousand steps train in well under a second. */
export interface LogisticOptions {
  readonly version?: string;
  readonly numSteps?: number;
  readonly learningRate?: number;
}

/**
 * Trains a one-vs-all logistic regression (`ml-logistic-regression`) on `train`: model v1.
 * Confidence is the normalised one-vs-all probability of the predicted class.
 * Throws if `train` is empty (a setup error, caught by the model loader).
 * @example const v1 = trainLogisticRegression(splitIris().train); v1.predict([5.1, 3.5, 1.4, 0.2]).className // 'setosa'
 */
export function trainLogisticRegression(train: readonly IrisSample[], options: LogisticOptions = {}): IrisModel {
  if (train.length === 0) throw new Error('cannot train the logistic regression on an empty training set');
  const model = new LogisticRegression({ numSteps: options.numSteps ?? 5000, learningRate: options.learningRate ?? 1e-3 });
  model.train(
    new Matrix(train.map((s) => [...s.features])),
    Matrix.columnVector(train.map((s) => s.label)),
  );
  return {
    name: 'iris',
    version: options.version ?? 'v1',
    framework: 'ml-logistic-regression',
    predict(features) {
      const row = new Matrix([[...features]]);
      // The library labels the target class 0 in each one-vs-all classifier, so its score is
      // P(not class): 1 - score is the class probability.
      return toScores(model.classifiers.map((c) => 1 - (c.testScores(row)[0] ?? 1)));
    },
  };
}
