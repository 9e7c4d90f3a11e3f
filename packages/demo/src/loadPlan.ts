import { CLASS_NAMES, FEATURE_NAMES, loadIrisSamples, type IrisClass, type IrisSample } from './iris.js';

/** The three kinds of request the load generator sends. */
export type LoadKind = 'good' | 'ambiguous' | 'malformed';

/** One request to send to `POST /predict`, and the truth to send back as feedback. */
export interface PlannedRequest {
  readonly kind: LoadKind;
  /** Raw body text: malformed requests are not always valid JSON. */
  readonly body: string;
  /** The true class, sent to `/feedback`; absent for malformed requests. */
  readonly actual?: IrisClass;
}

/** Shares of each kind of request; the rest of 1 is good requests. */
export interface LoadMix {
  readonly ambiguous: number;
  readonly malformed: number;
}

/** Default mix: mostly good requests, some between classes, a few malformed. */
export const DEFAULT_MIX: LoadMix = { ambiguous: 0.15, malformed: 0.1 };

const MALFORMED_BODIES: readonly string[] = [
  '{"features": {"sepal_length": "wide", "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}}',
  '{"features": [5.1, 3.5, 1.4]}',
  '{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}',
  '{"features": {"sepal_length": 5.1, "sepal_width": -3.5, "petal_length": 1.4, "petal_width": 0.2}}',
  '{"features": [5.1, 3.5, 1.4, 0.2',
  'null',
];

const round = (value: number): number => Math.round(value * 100) / 100;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function named(vector: readonly number[], random: () => number): string {
  // Half the good requests use the array form, half the named form: both are valid inputs.
  if (random() < 0.5) return JSON.stringify({ features: vector.map(round) });
  return JSON.stringify({ features: Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, round(vector[i] ?? 0)])) });
}

/**
 * Creates a request planner over the iris dataset: good requests are dataset rows with a little
 * jitter (their label is the truth), ambiguous ones lie between a versicolor and a virginica row
 * (the truth is the nearer one; models are unsure there), malformed ones are refused with 400.
 * Never throws; deterministic for a given `random`.
 * @example const plan = createLoadPlan(createSeededRandom(7)); plan().kind // 'good' most of the time
 */
export function createLoadPlan(random: () => number, mix: LoadMix = DEFAULT_MIX): () => PlannedRequest {
  const samples = loadIrisSamples();
  const byClass = CLASS_NAMES.map((_, label) => samples.filter((s) => s.label === label));
  const versicolor = byClass[1] as IrisSample[];
  const virginica = byClass[2] as IrisSample[];
  return () => {
    const draw = random();
    if (draw < mix.malformed) return { kind: 'malformed', body: pick(MALFORMED_BODIES, random) };
    if (draw < mix.malformed + mix.ambiguous) {
      const a = pick(versicolor, random).features;
      const b = pick(virginica, random).features;
      const t = 0.35 + random() * 0.3;
      const vector = a.map((x, i) => x * (1 - t) + (b[i] ?? x) * t);
      return { kind: 'ambiguous', body: named(vector, random), actual: t < 0.5 ? 'versicolor' : 'virginica' };
    }
    const sample = pick(samples, random);
    const vector = sample.features.map((x) => Math.max(0.1, x * (1 + (random() - 0.5) * 0.04)));
    return { kind: 'good', body: named(vector, random), actual: CLASS_NAMES[sample.label] ?? 'setosa' };
  };
}
