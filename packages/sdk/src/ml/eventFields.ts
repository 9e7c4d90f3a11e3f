import { ATTR_ML_PREDICTION_ID } from '../semconv.js';

/**
 * Reading the arguments of the ML event methods, which may be anything (a Proxy, an object
 * with throwing getters, `null`): each field is read once and a throwing read is `undefined`.
 * @internal
 */

/** `obj[key]`, or `undefined` when `obj` is not an object or the read throws. Never throws. */
export function field(obj: unknown, key: string): unknown {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return undefined;
  try {
    return (obj as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * A prediction id as a string: strings (non-empty) as they are, finite numbers and BigInts as
 * their decimal text, anything else `undefined`. Never throws.
 */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  return undefined;
}

/** The `ml.prediction.id` a caller put in the attributes of an event without a handle. Never throws. */
export function predictionIdIn(attributes: unknown): string | undefined {
  return idString(field(attributes, ATTR_ML_PREDICTION_ID));
}

/** Sets `out[key]` to `value` when it is a finite number (latency, confidence); ignores anything else. */
export function setFiniteNumber(out: Record<string, unknown>, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
}

/** The name of an intermediate result as a string (`String()` of anything else, `''` if that throws). */
export function nameString(name: unknown): string {
  if (typeof name === 'string') return name;
  try {
    return String(name);
  } catch {
    return '';
  }
}
