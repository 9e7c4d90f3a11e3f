import { ConfigError } from '../errors.js';
import { describeValue, readSetupValue } from '../internal/describe.js';
import { DEFAULT_PAYLOAD_OPTIONS, resolvePayloadOptions, type PayloadOptions } from './payloadOptions.js';
import { createRedactor, type RedactOption, type Redactor } from './redaction.js';
import { createPredictionSampler, type PredictionSampler } from './sampling.js';

/** The `sampling` option of `init()`. */
export interface SamplingOptions {
  /**
   * Fraction of predictions kept, 0..1 (default 1: all). Decided by a hash of the prediction id,
   * so a prediction, its intermediate records and its feedback are kept or dropped together.
   */
  predictions?: number;
}

/**
 * The ML options of `init()` resolved once, at setup: what every ML event uses.
 * @internal
 */
export interface MlSettings {
  readonly payload: Readonly<PayloadOptions>;
  readonly redactor: Redactor;
  readonly sampler: PredictionSampler;
}

/**
 * What applies before `init()` and after `shutdown()`: the default payload budget, the default
 * redaction list, no sampling.
 * @internal
 */
export const DEFAULT_ML_SETTINGS: MlSettings = Object.freeze({
  payload: DEFAULT_PAYLOAD_OPTIONS,
  redactor: createRedactor(undefined),
  sampler: createPredictionSampler(undefined),
});

/**
 * Validates and resolves `init({ payload, sampling, redact })`. Setup path: throws a
 * {@link ConfigError} naming the option (`payload.maxBytes`, `sampling.predictions`,
 * `redact[0]`, ...) and the fix.
 * @internal
 */
export function resolveMlSettings(payload: unknown, sampling: unknown, redact: unknown): MlSettings {
  if (payload === undefined && sampling === undefined && redact === undefined) return DEFAULT_ML_SETTINGS;
  return {
    payload: Object.freeze(resolvePayloadOptions(payload as Partial<PayloadOptions> | undefined)),
    redactor: createRedactor(redact as RedactOption),
    sampler: createPredictionSampler(samplingRate(sampling)),
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

/**
 * Validates a per-logger payload override (`logger.withPayload(...)`) and returns only the
 * fields it sets, to be merged over the `init()` options. Setup path: throws {@link ConfigError}.
 * @internal
 */
export function resolvePayloadOverride(user: unknown, option: string): Partial<PayloadOptions> {
  if (user === undefined || user === null) return {};
  // Read each field once into a plain object: a Proxy or getter cannot answer differently later.
  const given: Partial<PayloadOptions> = readSetupValue(option, "pass a plain object like { mode: 'summary' }.", () =>
    typeof user === 'object' && !Array.isArray(user) ? Object.assign({}, user) : user as Partial<PayloadOptions>);
  const full = resolvePayloadOptions(given, option);
  const out: Partial<PayloadOptions> = {};
  if (given.mode !== undefined) out.mode = full.mode;
  if (given.maxBytes !== undefined) out.maxBytes = full.maxBytes;
  if (given.maxArrayItems !== undefined) out.maxArrayItems = full.maxArrayItems;
  if (given.maxStringLength !== undefined) out.maxStringLength = full.maxStringLength;
  return out;
}

/**
 * The settings of a logger with a payload override: the `init()` settings with the override's
 * fields on top (the same object when there is none).
 * @internal
 */
export function withPayloadOverride(base: MlSettings, override: Partial<PayloadOptions> | undefined): MlSettings {
  if (override === undefined) return base;
  return { payload: Object.freeze(Object.assign({}, base.payload, override)), redactor: base.redactor, sampler: base.sampler };
}
