import { CLASS_NAMES, FEATURE_NAMES, toNamedFeatures, type IrisClass, type IrisFeatures } from './iris.js';

/** Either the parsed value or the reason the input was refused (sent back with a 400). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Largest measurement accepted, in centimetres: real irises are far below it, typos are not. */
export const MAX_MEASUREMENT_CM = 100;

/** A `POST /feedback` body: the prediction it is about and the true class. */
export interface FeedbackRequest {
  readonly predictionId: string;
  readonly actual: IrisClass;
}

function checkMeasurement(name: string, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name} must be a finite number, got ${describe(value)}`;
  if (value < 0 || value > MAX_MEASUREMENT_CM) return `${name} must be between 0 and ${MAX_MEASUREMENT_CM} (cm), got ${value}`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`;
  return typeof value === 'number' ? String(value) : typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a `POST /predict` body: `{ features: { sepal_length, sepal_width, petal_length,
 * petal_width } }` or `{ features: [4 numbers] }` (same order). Each measurement must be a
 * finite number in 0..100. Never throws: anything else gives `{ ok: false, reason }`.
 * @example parsePredictRequest({ features: [5.1, 3.5, 1.4, 0.2] }).ok // true
 */
export function parsePredictRequest(body: unknown): Parsed<IrisFeatures> {
  if (!isRecord(body) || !('features' in body)) {
    return { ok: false, reason: 'body must be a JSON object with "features"' };
  }
  const features = body['features'];
  let named: Record<string, unknown>;
  if (Array.isArray(features)) {
    if (features.length !== FEATURE_NAMES.length) {
      return { ok: false, reason: `features array must have ${FEATURE_NAMES.length} numbers (${FEATURE_NAMES.join(', ')}), got ${features.length}` };
    }
    named = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, features[i]]));
  } else if (isRecord(features)) {
    named = features;
  } else {
    return { ok: false, reason: `features must be an object or an array of ${FEATURE_NAMES.length} numbers` };
  }
  for (const name of FEATURE_NAMES) {
    const problem = checkMeasurement(name, named[name]);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, value: toNamedFeatures(FEATURE_NAMES.map((name) => named[name] as number)) };
}

/**
 * Validates a `POST /feedback` body: `{ id: "<prediction id>", actual: "setosa" | "versicolor" |
 * "virginica" }`. Never throws: anything else gives `{ ok: false, reason }`.
 * @example parseFeedbackRequest({ id: 'abc', actual: 'setosa' }).ok // true
 */
export function parseFeedbackRequest(body: unknown): Parsed<FeedbackRequest> {
  if (!isRecord(body)) return { ok: false, reason: 'body must be a JSON object with "id" and "actual"' };
  const id = body['id'];
  const actual = body['actual'];
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) {
    return { ok: false, reason: 'id must be the prediction id returned by /predict (a non-empty string)' };
  }
  if (typeof actual !== 'string' || !(CLASS_NAMES as readonly string[]).includes(actual)) {
    return { ok: false, reason: `actual must be one of ${CLASS_NAMES.join(', ')}, got ${describe(actual)}` };
  }
  return { ok: true, value: { predictionId: id, actual: actual as IrisClass } };
}
