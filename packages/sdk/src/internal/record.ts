import { exceptionAttributes, isErrorLike } from './exception.js';
import { LIMITS, MARKERS, truncateString } from './limits.js';
import { isClean, readAndCopy, sanitizeValue } from './sanitize.js';

/** Attributes as handed to sdk-logs. */
export type Attributes = Record<string, unknown>;

/**
 * Attribute under which a non-map second argument is kept (`log.info('x', 42)`), so that
 * nothing a caller passes is silently lost.
 */
export const ATTR_ARGUMENT = 'mlotel.argument';


/**
 * The attributes of one record: the logger's bound attributes plus the call's, sanitised.
 *
 * Hot path. When the call's attributes are a plain object whose values sdk-logs accepts as
 * they are (checked without allocating), it returns that object itself (no bound attributes)
 * or one `Object.assign` (never a two-source spread, which costs microseconds on Node 20).
 * Only unusual values take the copying path. An Error under `err` or `error` becomes
 * exception.*. Never throws. `fresh` forces a new object the caller may add keys to.
 * @internal
 */
export function buildAttributes(bound: Attributes | undefined, input: unknown, fresh: boolean): Attributes | undefined {
  if (input === undefined || input === null) {
    return fresh ? Object.assign({}, bound) : bound;
  }
  if (typeof input !== 'object') return withArgument(bound, input);
  if (isCleanMap(input)) {
    if (bound === undefined && !fresh) return input as Attributes;
    return Object.assign({}, bound, input);
  }
  const out: Attributes = Object.assign({}, bound);
  try {
    if (isErrorLike(input)) {
      exceptionAttributes(input, out);
      return out;
    }
    if (Array.isArray(input)) {
      out[ATTR_ARGUMENT] = sanitizeValue(input);
      return out;
    }
  } catch {
    return withArgument(bound, MARKERS.unreadable);
  }
  copyAttributesInto(out, input);
  return out;
}

function withArgument(bound: Attributes | undefined, value: unknown): Attributes {
  const out: Attributes = Object.assign({}, bound);
  out[ATTR_ARGUMENT] = sanitizeValue(value);
  return out;
}

/**
 * A plain object whose values all pass {@link isClean} and which holds no object under
 * err/error (those take the copying path, which maps Errors to exception.*). Hot path: kept
 * to typeof tests and one for-in; a nested plain object whose values are all primitives (the
 * common `ctx: { tenant, region }`) is checked inline, without the general walk's bookkeeping.
 * Measured with `npm run bench`.
 */
function isCleanMap(input: object): boolean {
  // sdk-logs checks each attribute value on its own (a visited set per value), so an object
  // shared by two attributes is fine for it; only repeats inside one value are not, and the
  // general walk (isClean, one per nested value) catches those.
  try {
    return isCleanPlainMap(input, true);
  } catch {
    return false;
  }
}

/**
 * True for a plain object whose values are all strings within the limit, numbers or booleans
 * (undefined takes the copying path, which makes it null); at the top (`top`), also nested objects that pass the same check one level down
 * (the common `ctx: { tenant, region }`, checked without the general walk's bookkeeping) or
 * {@link isClean}, except under err/error. False below the top says "not sure", not "unclean":
 * the caller then runs the general walk. May throw (getters, Proxy traps); the caller catches.
 */
function isCleanPlainMap(value: object, top: boolean): boolean {
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor !== Object && ctor !== undefined) return false;
  let keys = 0;
  const record = value as Attributes;
  for (const key in record) {
    if (++keys > LIMITS.maxKeys) return false;
    const item = record[key];
    if (typeof item === 'string') {
      if (item.length > LIMITS.maxStringLength) return false;
    } else if (typeof item === 'object' && item !== null) {
      if (!top || key === 'err' || key === 'error') return false;
      if (!isCleanPlainMap(item, false) && !isClean(item)) return false;
    } else if (typeof item !== 'number' && typeof item !== 'boolean') {
      return false;
    }
  }
  return true;
}

/**
 * Copies the own enumerable keys of `input` into `out`, sanitising each value; an Error under
 * `err` or `error` becomes exception.* instead. Never throws.
 * @internal
 */
export function copyAttributesInto(out: Attributes, input: object): void {
  let keys: string[];
  try {
    keys = Object.keys(input);
  } catch {
    out[ATTR_ARGUMENT] = MARKERS.unreadable;
    return;
  }
  const ancestors: object[] = [input];
  const n = keys.length < LIMITS.maxKeys ? keys.length : LIMITS.maxKeys;
  for (let i = 0; i < n; i++) {
    const key = keys[i] as string;
    if (key === 'err' || key === 'error') {
      let value: unknown;
      try {
        value = (input as Attributes)[key];
      } catch {
        value = undefined;
      }
      if (isErrorLike(value)) {
        exceptionAttributes(value, out);
        continue;
      }
    }
    out[key] = readAndCopy(input as Attributes, key, 0, ancestors);
  }
  if (keys.length > LIMITS.maxKeys) out[MARKERS.moreKeysKey] = `[${keys.length - LIMITS.maxKeys} more keys]`;
}

/**
 * The body for a message argument: strings as they are (cut at {@link LIMITS.maxBodyLength});
 * an Error gives its message (its exception.* go into `attributes`, which must then be a
 * fresh object); objects become a sanitised map body; `undefined`/`null` an empty string.
 * Never throws.
 * @internal
 */
export function bodyFromMessage(message: unknown): unknown {
  if (typeof message === 'string') {
    return message.length <= LIMITS.maxBodyLength ? message : truncateString(message, LIMITS.maxBodyLength);
  }
  if (message === undefined || message === null) return '';
  if (typeof message === 'object') {
    if (isErrorLike(message)) {
      const text = sanitizeValue(safeMessage(message));
      return typeof text === 'string' ? text : '';
    }
    return isClean(message) ? message : sanitizeValue(message);
  }
  const text = sanitizeValue(message);
  return typeof text === 'string' ? text : String(text);
}

function safeMessage(error: Error): string {
  try {
    const text = error.message;
    if (typeof text === 'string' && text !== '') return text;
    return typeof error.name === 'string' ? error.name : 'Error';
  } catch {
    return MARKERS.unreadable;
  }
}

/**
 * A body value for an event (a map the ML code built): as it is when sdk-logs accepts it,
 * else a sanitised copy. Never throws.
 * @internal
 */
export function sanitizeBody(body: unknown): unknown {
  return isClean(body) ? body : sanitizeValue(body);
}
