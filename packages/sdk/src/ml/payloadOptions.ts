import { ConfigError } from '../errors.js';
import { describeValue as describe, readSetupValue } from '../internal/describe.js';

/** How much of a payload (input, output, actual, intermediate value) goes into a record body. */
export type PayloadMode = 'full' | 'summary' | 'none';

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
export interface PayloadOptions {
  mode: PayloadMode;
  maxBytes: number;
  maxArrayItems: number;
  maxStringLength: number;
}

/**
 * The defaults. A body is at most 6 KiB of JSON. The OTLP protobuf encoding of a body is at most
 * about twice its JSON size (worst case: arrays of one-digit integers, 2 bytes of JSON and about
 * 4 on the wire each), so the body stays under 12 KiB on the wire and a record, with its
 * attributes, under 16 KiB. 128 entries keep a 100-feature input whole; 1024 characters keep
 * ordinary text inputs whole.
 */
export const DEFAULT_PAYLOAD_OPTIONS: Readonly<PayloadOptions> = Object.freeze({
  mode: 'full',
  maxBytes: 6 * 1024,
  maxArrayItems: 128,
  maxStringLength: 1024,
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

/**
 * Merges user payload options over {@link DEFAULT_PAYLOAD_OPTIONS} and validates them. Setup path
 * only: throws a {@link ConfigError} naming the option (`payload.maxBytes`, ...) and the fix.
 * `undefined` fields take the default; unknown fields are rejected so a typo does not pass silently.
 * @param option the option's name in error messages, e.g. `payload` or `getLogger(...).payload`.
 * @example
 * resolvePayloadOptions({ mode: 'summary' }) // { mode: 'summary', maxBytes: 6144, maxArrayItems: 128, maxStringLength: 1024 }
 * resolvePayloadOptions({ maxBytes: 10 })    // throws ConfigError: mlotel: payload.maxBytes: ...
 */
export function resolvePayloadOptions(user?: Partial<PayloadOptions> | null, option = 'payload'): PayloadOptions {
  return readSetupValue(option, "pass a plain object like { mode: 'summary', maxBytes: 8192 }.", () => resolveFrom(user, option));
}

function resolveFrom(user: Partial<PayloadOptions> | null | undefined, option: string): PayloadOptions {
  if (user === undefined || user === null) return { ...DEFAULT_PAYLOAD_OPTIONS };
  if (typeof user !== 'object' || Array.isArray(user)) {
    throw new ConfigError(option, `expected an object like { mode: 'summary', maxBytes: 8192 }, got ${describe(user)}.`);
  }
  for (const key of Object.keys(user)) {
    // Own keys only: `'toString' in defaults` is true through Object.prototype.
    if (!Object.hasOwn(DEFAULT_PAYLOAD_OPTIONS, key)) {
      throw new ConfigError(`${option}.${key}`, `unknown option; the payload options are mode, maxBytes, maxArrayItems and maxStringLength.`);
    }
  }
  const mode = user.mode ?? DEFAULT_PAYLOAD_OPTIONS.mode;
  if (!MODES.includes(mode)) {
    throw new ConfigError(`${option}.mode`, `got ${describe(mode)}; use 'full', 'summary' or 'none'.`);
  }
  return {
    mode,
    maxBytes: integerIn(user.maxBytes, DEFAULT_PAYLOAD_OPTIONS.maxBytes, MIN_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, `${option}.maxBytes`),
    maxArrayItems: integerIn(user.maxArrayItems, DEFAULT_PAYLOAD_OPTIONS.maxArrayItems, 1, 1_000_000, `${option}.maxArrayItems`),
    maxStringLength: integerIn(user.maxStringLength, DEFAULT_PAYLOAD_OPTIONS.maxStringLength, MIN_STRING_LENGTH, MAX_PAYLOAD_BYTES, `${option}.maxStringLength`),
  };
}

function integerIn(value: unknown, fallback: number, min: number, max: number, option: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(option, `got ${describe(value)}; use a whole number from ${min} to ${max} (default ${fallback}).`);
  }
  return value;
}

