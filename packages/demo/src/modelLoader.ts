import { trainRandomForest } from './forestModel.js';
import { splitIris, type IrisSplit } from './iris.js';
import type { IrisModel } from './irisModel.js';
import { trainLogisticRegression } from './logisticModel.js';

/** The versions the demo serves: v1 is the primary model, v2 the canary. */
export const PRIMARY_VERSION = 'v1';
/** The canary version, given a share of traffic by `MLOTEL_CANARY_SHARE`. */
export const CANARY_VERSION = 'v2';

/** A model version that could not be loaded, and why. */
export interface ModelLoadFailure {
  readonly version: string;
  readonly error: Error;
}

/** The outcome of loading every version: what loaded and what failed. */
export interface LoadedModels {
  readonly models: ReadonlyMap<string, IrisModel>;
  readonly failures: readonly ModelLoadFailure[];
  readonly split: IrisSplit;
}

/** Options of {@link loadModels}. */
export interface LoadModelsOptions {
  /**
   * Versions whose loading is made to fail (`MLOTEL_DEMO_FAIL_MODEL=v2`), so the demo can show
   * the CRITICAL record a broken model artifact produces without shipping a broken artifact.
   */
  readonly failVersions?: readonly string[];
}

/**
 * "Loads" each model version by training it on the seeded iris split. A version that fails
 * is reported in `failures` instead of throwing, so the server can log it at CRITICAL and keep
 * serving the versions that did load.
 * @example const { models, failures } = loadModels({ failVersions: ['v2'] }); models.has('v1') // true
 */
export function loadModels(options: LoadModelsOptions = {}): LoadedModels {
  const split = splitIris();
  const fail = new Set(options.failVersions ?? []);
  const trainers: Array<[string, () => IrisModel]> = [
    [PRIMARY_VERSION, () => trainLogisticRegression(split.train, { version: PRIMARY_VERSION })],
    [CANARY_VERSION, () => trainRandomForest(split.train, { version: CANARY_VERSION })],
  ];
  const models = new Map<string, IrisModel>();
  const failures: ModelLoadFailure[] = [];
  for (const [version, train] of trainers) {
    try {
      if (fail.has(version)) {
        throw new Error(`model artifact iris@${version} is unreadable (forced by MLOTEL_DEMO_FAIL_MODEL=${[...fail].join(',')})`);
      }
      models.set(version, train());
    } catch (err) {
      failures.push({ version, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }
  return { models, failures, split };
}
