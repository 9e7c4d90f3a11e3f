import { ConfigError } from '../errors.js';
import { describeValue, readSetupValue } from '../internal/describe.js';
import {
  DEFAULT_DATASET_PAYLOAD_LIMITS,
  DEFAULT_PAYLOAD_OPTIONS,
  resolvePayloadBudgets,
  type PayloadLimits,
  type PayloadOptions,
  type PayloadSettings,
} from './payloadOptions.js';
import { createRedactor, type RedactOption, type Redactor } from './redaction.js';
import { createPredictionSampler, type PredictionSampler } from './sampling.js';

/** The `sampling` option of `init()`. */
export interface SamplingOptions {
  /**
   * Fraction of predictions kept, 0..1 (default: `MLOTEL_SAMPLING_PREDICTIONS`, else 1: all).
   * Decided by a hash of the prediction id, so a prediction and its intermediate records are
   * kept or dropped together in every process. Failed predictions (ERROR) and feedback are
   * always kept.
   */
  predictions?: number;
}

/** Environment variable that sets `sampling.predictions` when `init()` does not. */
export const SAMPLING_ENV_VAR = 'MLOTEL_SAMPLING_PREDICTIONS';

/**
 * The ML options of `init()` resolved once, at setup: what every ML event uses.
 * @internal
 */
export interface MlSettings {
  /** The compact budget: `ml.intermediate` and `ml.input` bodies. */
  readonly payload: Readonly<PayloadOptions>;
  /** The dataset budget: `ml.prediction` and `ml.feedback` bodies. */
  readonly datasetPayload: Readonly<PayloadOptions>;
  readonly redactor: Redactor;
  readonly sampler: PredictionSampler;
}

/**
 * A per-logger payload override (`logger.withPayload(...)`): only the fields it sets.
 * @internal
 */
export interface PayloadOverride {
  readonly compact: Partial<PayloadOptions>;
  readonly dataset: Partial<PayloadLimits>;
}

/**
 * What applies before `init()` and after `shutdown()`: the default payload budgets, the default
 * redaction list, no sampling.
 * @internal
 */
export const DEFAULT_ML_SETTINGS: MlSettings = Object.freeze({
  payload: DEFAULT_PAYLOAD_OPTIONS,
  datasetPayload: Object.freeze({ mode: DEFAULT_PAYLOAD_OPTIONS.mode, ...DEFAULT_DATASET_PAYLOAD_LIMITS }),
  redactor: createRedactor(undefined),
  sampler: createPredictionSampler(undefined),
});

/**
 * Validates and resolves `init({ payload, sampling, redact })`, with `MLOTEL_SAMPLING_PREDICTIONS`
 * (`envRate`, the variable's text) setting the rate when `sampling.predictions` is not given.
 * Setup path: throws a {@link ConfigError} naming the option or variable (`payload.maxBytes`,
 * `sampling.predictions`, `MLOTEL_SAMPLING_PREDICTIONS`, `redact[0]`, ...) and the fix.
 * @internal
 */
export function resolveMlSettings(payload: unknown, sampling: unknown, redact: unknown, envRate?: string): MlSettings {
  const envText = envRate === undefined || envRate.trim() === '' ? undefined : envRate.trim();
  if (payload === undefined && sampling === undefined && redact === undefined && envText === undefined) return DEFAULT_ML_SETTINGS;
  const budgets = resolvePayloadBudgets(payload as PayloadSettings | undefined);
  const rate = samplingRate(sampling);
  return {
    payload: Object.freeze(budgets.compact),
    datasetPayload: Object.freeze(budgets.dataset),
    redactor: createRedactor(redact as RedactOption),
    sampler: rate !== undefined || envText === undefined
      ? createPredictionSampler(rate)
      : createPredictionSampler(rateFromEnv(envText), SAMPLING_ENV_VAR),
  };
}

function samplingRate(sampling: unknown): number | undefined {
  if (sampling === undefined || sampling === null) return undefined;
  if (typeof sampling !== 'object' || Array.isArray(sampling)) {
    throw new ConfigError('sampling', `expected an object like { predictions: 0.1 }, got ${describeValue(sampling)}.`);
  }
  for (const key of Object.keys(sampling)) {
    if (key !== 'predictions') {
      throw new ConfigError(`sampling.${key}`, 'unknown option; the only sampling option is predictions (a fraction from 0 to 1).');
    }
  }
  return (sampling as SamplingOptions).predictions;
}

// A plain decimal (`0.1`, `.25`, `1`, `1e-3`): `Number()` alone would also take '', '0x1' and ' '.
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

function rateFromEnv(text: string): number {
  const rate = Number(text);
  if (!DECIMAL.test(text) || !(rate >= 0 && rate <= 1)) {
    throw new ConfigError(SAMPLING_ENV_VAR, `got ${describeValue(text)}; set it to a fraction from 0 to 1 (${SAMPLING_ENV_VAR}=0.1 keeps one prediction in ten), or unset it to keep every prediction.`);
  }
  return rate;
}

/**
 * Validates a per-logger payload override (`logger.withPayload(...)`) and returns only the
 * fields it sets, to be merged over the `init()` options. Setup path: throws {@link ConfigError}.
 * @internal
 */
export function resolvePayloadOverride(user: unknown, option: string): PayloadOverride {
  if (user === undefined || user === null) return { compact: {}, dataset: {} };
  // Read each field once into plain objects: a Proxy or getter cannot answer differently later.
  const given: PayloadSettings = readSetupValue(option, "pass a plain object like { mode: 'summary' }.", () => {
    if (typeof user !== 'object' || Array.isArray(user)) return user as PayloadSettings;
    const copy: PayloadSettings = Object.assign({}, user);
    const dataset = copy.dataset;
    if (typeof dataset === 'object' && dataset !== null && !Array.isArray(dataset)) copy.dataset = Object.assign({}, dataset);
    return copy;
  });
  const full = resolvePayloadBudgets(given, option);
  const compact: Partial<PayloadOptions> = {};
  if (given.mode !== undefined) compact.mode = full.compact.mode;
  pickLimits(given, full.compact, compact);
  const dataset: Partial<PayloadLimits> = {};
  if (given.dataset !== undefined && given.dataset !== null) pickLimits(given.dataset, full.dataset, dataset);
  return { compact, dataset };
}

function pickLimits(given: Partial<PayloadLimits>, resolved: PayloadLimits, out: Partial<PayloadLimits>): void {
  if (given.maxBytes !== undefined) out.maxBytes = resolved.maxBytes;
  if (given.maxArrayItems !== undefined) out.maxArrayItems = resolved.maxArrayItems;
  if (given.maxStringLength !== undefined) out.maxStringLength = resolved.maxStringLength;
}

/**
 * Merges two overrides along a logger chain (`later` wins field by field).
 * @internal
 */
export function mergePayloadOverrides(earlier: PayloadOverride | undefined, later: PayloadOverride): PayloadOverride {
  if (earlier === undefined) return later;
  return { compact: Object.assign({}, earlier.compact, later.compact), dataset: Object.assign({}, earlier.dataset, later.dataset) };
}

/**
 * The settings of a logger with a payload override: the `init()` settings with the override's
 * fields on top (the same object when there is none). `mode` applies to both budgets.
 * @internal
 */
export function withPayloadOverride(base: MlSettings, override: PayloadOverride | undefined): MlSettings {
  if (override === undefined) return base;
  const payload = Object.assign({}, base.payload, override.compact);
  const datasetPayload = Object.assign({}, base.datasetPayload, { mode: payload.mode }, override.dataset);
  return { payload: Object.freeze(payload), datasetPayload: Object.freeze(datasetPayload), redactor: base.redactor, sampler: base.sampler };
}
