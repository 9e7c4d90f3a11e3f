import { ConfigError } from '../errors.js';
import { describeValue as describe, readSetupValue } from '../internal/describe.js';

/** How much of a payload (input, output, actual, intermediate value) goes into a record body. */
export type PayloadMode = 'full' | 'summary' | 'none';

/** The size limits of one payload budget (see {@link PayloadOptions}). */
export interface PayloadLimits {
  maxBytes: number;
  maxArrayItems: number;
  maxStringLength: number;
}

/**
 * The payload budget of one record body.
 *
 * - `mode`: `full` keeps values (cutting what is over the limits), `summary` replaces every
 *   numeric array and tensor by a `$summary` and keeps objects only a few levels deep, `none`
 *   replaces each payload by `'[omitted]'`.
 * - `maxBytes`: the most UTF-8 bytes the body may take as JSON. Enforced last, on the whole body.
 * - `maxArrayItems`: items kept per array (and entries per object, Map or Set); a numeric array
 *   or tensor with more elements becomes a `$summary`.
 * - `maxStringLength`: UTF-16 code units kept per string (and per object key).
 */
export interface PayloadOptions extends PayloadLimits {
  mode: PayloadMode;
}

/**
 * The `payload` option of `init()` and `logger.withPayload()`: the top-level limits are the
 * *compact* budget (`ml.intermediate`, `ml.input`), `dataset` the budget of the records a
 * training set is built from (`ml.prediction`, `ml.feedback`), and `mode` applies to both.
 * Every field is optional; unset ones keep their default (or the `init()` value, for
 * `withPayload()`).
 */
export interface PayloadSettings extends Partial<PayloadOptions> {
  /** Limits of `ml.prediction` and `ml.feedback` bodies (defaults {@link DEFAULT_DATASET_PAYLOAD_LIMITS}). */
  dataset?: Partial<PayloadLimits>;
}

/** Both budgets, resolved: what `init({ payload })` becomes. */
export interface PayloadBudgets {
  /** `ml.intermediate` and `ml.input` bodies (debug events: small by default). */
  compact: PayloadOptions;
  /** `ml.prediction` and `ml.feedback` bodies (the training data: whole by default). */
  dataset: PayloadOptions;
}

/**
 * The defaults of the compact budget (`ml.intermediate`, `ml.input`): a body is at most 6 KiB of
 * JSON. On the OTLP/protobuf wire floats and text cost about their JSON size or less; the worst
 * case is arrays of negative one-digit integers (3 bytes of JSON, 13 on the wire: a 10-byte
 * varint), so a record is at most about 26 KB. 128 entries keep a 100-feature input whole; 1024
 * characters keep ordinary text inputs whole.
 */
export const DEFAULT_PAYLOAD_OPTIONS: Readonly<PayloadOptions> = Object.freeze({
  mode: 'full',
  maxBytes: 6 * 1024,
  maxArrayItems: 128,
  maxStringLength: 1024,
});

/**
 * The defaults of the dataset budget (`ml.prediction`, `ml.feedback` bodies): 64 KiB of JSON,
 * 1024 items, 16 KiB strings. Sized so that 1,000 named float features (`feature_0123`: about
 * 35 KB of JSON) plus 16 KiB of text and an output (about 52 KB) are kept whole, with room for
 * longer key names; a 1,000-float array is about 20 KB. On the OTLP/protobuf wire floats cost
 * about 0.55x their JSON and text 1x (that body is a 44 KB request); the worst case, arrays of
 * negative one-digit integers, is 4.3x, so one record is at most about 290 KB on the wire, and
 * memory per queued record is bounded likewise.
 */
export const DEFAULT_DATASET_PAYLOAD_LIMITS: Readonly<PayloadLimits> = Object.freeze({
  maxBytes: 64 * 1024,
  maxArrayItems: 1024,
  maxStringLength: 16 * 1024,
});

/** Smallest `maxBytes`: the `$truncated` marker of last resort (about 110 bytes) must fit. */
export const MIN_PAYLOAD_BYTES = 256;
/** Largest `maxBytes`: 4 MiB is the default maximum message size of OTLP receivers. */
export const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/**
 * Smallest `maxStringLength`. Strings this short are never cut, even when the byte budget
 * forces everything else down, so prediction ids (36 characters) and hashed redactions
 * (`hmac-sha256:` + 64 hex digits) stay whole and joinable.
 */
export const MIN_STRING_LENGTH = 80;

const MODES: readonly PayloadMode[] = ['full', 'summary', 'none'];
const LIMIT_KEYS: readonly (keyof PayloadLimits)[] = ['maxBytes', 'maxArrayItems', 'maxStringLength'];

/**
 * Merges user payload options over {@link DEFAULT_PAYLOAD_OPTIONS} and validates them: one
 * budget, as `shapeBody()` takes it. Setup path only: throws a {@link ConfigError} naming the
 * option (`payload.maxBytes`, ...) and the fix. `undefined` fields take the default; unknown
 * fields are rejected so a typo does not pass silently.
 * @param option the option's name in error messages, e.g. `payload` or `getLogger(...).payload`.
 * @example
 * resolvePayloadOptions({ mode: 'summary' }) // { mode: 'summary', maxBytes: 6144, maxArrayItems: 128, maxStringLength: 1024 }
 * resolvePayloadOptions({ maxBytes: 10 })    // throws ConfigError: mlotel: payload.maxBytes: ...
 */
export function resolvePayloadOptions(user?: Partial<PayloadOptions> | null, option = 'payload'): PayloadOptions {
  return readSetupValue(option, "pass a plain object like { mode: 'summary', maxBytes: 8192 }.", () => {
    if (user === undefined || user === null) return { ...DEFAULT_PAYLOAD_OPTIONS };
    checkObject(user, option, "{ mode: 'summary', maxBytes: 8192 }");
    checkKeys(user, ['mode', ...LIMIT_KEYS], option, 'the payload options are mode, maxBytes, maxArrayItems and maxStringLength.');
    return { mode: modeFrom(user.mode, option), ...limitsFrom(user, DEFAULT_PAYLOAD_OPTIONS, option) };
  });
}

/**
 * Resolves the `payload` option of `init()` into both budgets: the top-level limits over
 * {@link DEFAULT_PAYLOAD_OPTIONS} (compact: `ml.intermediate`, `ml.input`), `dataset` over
 * {@link DEFAULT_DATASET_PAYLOAD_LIMITS} (`ml.prediction`, `ml.feedback`), `mode` for both.
 * Setup path only: throws a {@link ConfigError} naming the option (`payload.dataset.maxBytes`,
 * ...) and the fix; unknown fields are rejected. Each field is read once.
 * @example
 * resolvePayloadBudgets({ mode: 'summary', dataset: { maxBytes: 131072 } }).dataset
 * // { mode: 'summary', maxBytes: 131072, maxArrayItems: 1024, maxStringLength: 16384 }
 */
export function resolvePayloadBudgets(user?: PayloadSettings | null, option = 'payload'): PayloadBudgets {
  return readSetupValue(option, "pass a plain object like { mode: 'summary', dataset: { maxBytes: 131072 } }.", () => {
    if (user === undefined || user === null) return { compact: { ...DEFAULT_PAYLOAD_OPTIONS }, dataset: { mode: DEFAULT_PAYLOAD_OPTIONS.mode, ...DEFAULT_DATASET_PAYLOAD_LIMITS } };
    checkObject(user, option, "{ mode: 'summary', dataset: { maxBytes: 131072 } }");
    checkKeys(user, ['mode', ...LIMIT_KEYS, 'dataset'], option, 'the payload options are mode, maxBytes, maxArrayItems, maxStringLength and dataset.');
    const mode = modeFrom(user.mode, option);
    const dataset = user.dataset;
    const datasetOption = `${option}.dataset`;
    if (dataset !== undefined && dataset !== null) {
      checkObject(dataset, datasetOption, '{ maxBytes: 131072, maxStringLength: 32768 }');
      checkKeys(dataset, LIMIT_KEYS, datasetOption,
        'the dataset budget takes maxBytes, maxArrayItems and maxStringLength (mode is set once, as payload.mode, for every event).');
    }
    return {
      compact: { mode, ...limitsFrom(user, DEFAULT_PAYLOAD_OPTIONS, option) },
      dataset: { mode, ...limitsFrom(dataset ?? {}, DEFAULT_DATASET_PAYLOAD_LIMITS, datasetOption) },
    };
  });
}

function checkObject(value: unknown, option: string, example: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(option, `expected an object like ${example}, got ${describe(value)}.`);
  }
}

function checkKeys(value: object, known: readonly string[], option: string, fix: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConfigError(`${option}.${key}`, `unknown option; ${fix}`);
  }
}

function modeFrom(value: unknown, option: string): PayloadMode {
  if (value === undefined) return DEFAULT_PAYLOAD_OPTIONS.mode;
  if (!MODES.includes(value as PayloadMode)) throw new ConfigError(`${option}.mode`, `got ${describe(value)}; use 'full', 'summary' or 'none'.`);
  return value as PayloadMode;
}

function limitsFrom(user: Partial<PayloadLimits>, defaults: Readonly<PayloadLimits>, option: string): PayloadLimits {
  return {
    maxBytes: integerIn(user.maxBytes, defaults.maxBytes, MIN_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, `${option}.maxBytes`),
    maxArrayItems: integerIn(user.maxArrayItems, defaults.maxArrayItems, 1, 1_000_000, `${option}.maxArrayItems`),
    maxStringLength: integerIn(user.maxStringLength, defaults.maxStringLength, MIN_STRING_LENGTH, MAX_PAYLOAD_BYTES, `${option}.maxStringLength`),
  };
}

function integerIn(value: unknown, fallback: number, min: number, max: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(option, `got ${describe(value)}; use a whole number from ${min} to ${max} (default ${fallback}).`);
  }
  return value;
}
