import { redactUnder, type RedactScope, type Redactor } from '../ml/redaction.js';
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
 * The attributes of one record: the logger's bound attributes plus the call's, sanitised, and
 * the call's redacted by `redactor` (`undefined`: not redacted, because the caller redacts the
 * result later; `bound` is never redacted here, the logger redacted it when it was bound).
 *
 * Hot path. When the call's attributes are a plain object whose values sdk-logs accepts as
 * they are and whose keys the redactor leaves alone (checked in the same loop, without
 * allocating), it returns that object itself (no bound attributes) or one `Object.assign`
 * (never a two-source spread, which costs microseconds on Node 20). Only unusual values and
 * keys to redact take the copying path. An Error under `err` or `error` becomes exception.*.
 * Never throws. `fresh` forces a new object the caller may add keys to.
 * @internal
 */
export function buildAttributes(bound: Attributes | undefined, input: unknown, fresh: boolean, redactor: Redactor | undefined): Attributes | undefined {
  if (input === undefined || input === null) {
    return fresh ? Object.assign({}, bound) : bound;
  }
  if (typeof input !== 'object') return withArgument(bound, input, redactor);
  if (isCleanMap(input, redactor === undefined ? undefined : redactor.root)) {
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
      out[ATTR_ARGUMENT] = redactArgument(sanitizeValue(input), redactor);
      return out;
    }
  } catch {
    return withArgument(bound, MARKERS.unreadable, undefined);
  }
  copyAttributesInto(out, input, redactor);
  return out;
}

function withArgument(bound: Attributes | undefined, value: unknown, redactor: Redactor | undefined): Attributes {
  const out: Attributes = Object.assign({}, bound);
  out[ATTR_ARGUMENT] = redactArgument(sanitizeValue(value), redactor);
  return out;
}

function redactArgument(value: unknown, redactor: Redactor | undefined): unknown {
  return redactAttribute(ATTR_ARGUMENT, value, redactor === undefined ? undefined : redactor.root, redactor);
}

/** A sanitised attribute value, redacted as the value of `key` at the top of the attributes. */
function redactAttribute(key: string, value: unknown, scope: RedactScope | undefined, redactor: Redactor | undefined): unknown {
  if (scope === undefined || redactor === undefined) return value;
  if (scope.matches(key)) return redactor.replacement(value);
  const below = scope.child(key);
  return below === undefined ? value : redactUnder(value, below, redactor.replacement);
}

/**
 * A plain object whose values all pass {@link isClean}, which holds no object under err/error
 * (those take the copying path, which maps Errors to exception.*) and no key that `scope`
 * redacts, at any depth. Hot path: kept to typeof tests and one for-in; a nested plain object
 * whose values are all primitives (the common `ctx: { tenant, region }`) is checked inline,
 * without the general walk's bookkeeping. The redaction check rides in the same loop and is a
 * few character tests per key for keys that cannot be on the default list (see
 * `isDefaultRedactKey`), a cached lookup for the others. Measured with `npm run bench`.
 */
function isCleanMap(input: object, scope: RedactScope | undefined): boolean {
  // sdk-logs checks each attribute value on its own (a visited set per value), so an object
  // shared by two attributes is fine for it; only repeats inside one value are not, and the
  // general walk (isClean, one per nested value) catches those.
  try {
    return isCleanPlainMap(input, true, scope);
  } catch {
    return false;
  }
}

// Keys the default list leaves alone, by their position in the map (slots 0..63 for the top level,
// 64..127 one level down): the same shapes come back call after call, so the redaction check of a
// key is usually one identity compare with the key seen at that position last time. Measured:
// the default-list check itself, cheap as it is, cost ~5% of an enabled info() call with 9 keys.
// Sound whatever is in a slot: "not on the default list" depends on the key alone, and a path in
// progress (not onlyDefaults) always takes the full check.
const SAFE_KEY_SLOTS = 64;
const MAX_SAFE_KEY_LENGTH = 128;
const safeKeys: string[] = new Array<string>(2 * SAFE_KEY_SLOTS).fill('');

/**
 * True for a plain object whose values are all strings within the limit, numbers or booleans
 * (undefined takes the copying path, which makes it null) and none of whose keys `scope`
 * redacts; at the top (`top`), also nested objects that pass the same check one level down
 * (the common `ctx: { tenant, region }`, checked without the general walk's bookkeeping) or
 * {@link isClean}, except under err/error. False below the top says "not sure", not "unclean":
 * the caller then runs the general walk. May throw (getters, Proxy traps); the caller catches.
 */
function isCleanPlainMap(value: object, top: boolean, scope: RedactScope | undefined): boolean {
  const ctor = (value as { constructor?: unknown }).constructor;
  if (ctor !== Object && ctor !== undefined) return false;
  let keys = 0;
  const slots = top ? 0 : SAFE_KEY_SLOTS;
  const onlyDefaults = scope !== undefined && scope.onlyDefaults;
  const record = value as Attributes;
  for (const key in record) {
    if (++keys > LIMITS.maxKeys) return false;
    if (onlyDefaults) {
      const slot = slots + (keys & (SAFE_KEY_SLOTS - 1));
      if (safeKeys[slot] !== key) {
        if ((scope as RedactScope).matches(key)) return false;
        if (key.length <= MAX_SAFE_KEY_LENGTH) safeKeys[slot] = key;
      }
    } else if (scope !== undefined && scope.matches(key)) {
      return false;
    }
    const item = record[key];
    if (typeof item === 'string') {
      if (item.length > LIMITS.maxStringLength) return false;
    } else if (typeof item === 'object' && item !== null) {
      if (!top || key === 'err' || key === 'error') return false;
      const below = scope === undefined ? undefined : scope.child(key);
      if (!isCleanPlainMap(item, false, below) && !isClean(item, below)) return false;
    } else if (typeof item !== 'number' && typeof item !== 'boolean') {
      return false;
    }
  }
  return true;
}

/**
 * Copies the own enumerable keys of `input` into `out`, sanitising each value and then
 * redacting it with `redactor` (so keys of Maps and class instances are redacted too; a hash
 * covers the sanitised value); an Error under `err` or `error` becomes exception.* instead.
 * Never throws.
 * @internal
 */
export function copyAttributesInto(out: Attributes, input: object, redactor: Redactor | undefined): void {
  let keys: string[];
  try {
    keys = Object.keys(input);
  } catch {
    out[ATTR_ARGUMENT] = MARKERS.unreadable;
    return;
  }
  const scope = redactor === undefined ? undefined : redactor.root;
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
    out[key] = redactAttribute(key, readAndCopy(input as Attributes, key, 0, ancestors), scope, redactor);
  }
  if (keys.length > LIMITS.maxKeys) out[MARKERS.moreKeysKey] = `[${keys.length - LIMITS.maxKeys} more keys]`;
}

/**
 * The body for a message argument: strings as they are (cut at {@link LIMITS.maxBodyLength});
 * an Error gives its message (its exception.* go into `attributes`, which must then be a
 * fresh object); objects become a sanitised map body, redacted by `redactor` (paths relative
 * to the body); `undefined`/`null` an empty string. Never throws.
 * @internal
 */
export function bodyFromMessage(message: unknown, redactor: Redactor | undefined): unknown {
  if (typeof message === 'string') {
    return message.length <= LIMITS.maxBodyLength ? message : truncateString(message, LIMITS.maxBodyLength);
  }
  if (message === undefined || message === null) return '';
  if (typeof message === 'object') {
    if (isErrorLike(message)) {
      const text = sanitizeValue(safeMessage(message));
      return typeof text === 'string' ? text : '';
    }
    return cleanRedactedBody(message, redactor);
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
 * A body value for an event (a map the ML code built): as it is when sdk-logs accepts it and
 * `redactor` has nothing to redact in it, else a sanitised, redacted copy. Never throws.
 * @internal
 */
export function sanitizeBody(body: unknown, redactor: Redactor | undefined): unknown {
  return cleanRedactedBody(body, redactor);
}

function cleanRedactedBody(body: unknown, redactor: Redactor | undefined): unknown {
  const scope = redactor === undefined ? undefined : redactor.root;
  if (isClean(body, scope)) return body;
  const copy = sanitizeValue(body);
  return scope === undefined || redactor === undefined ? copy : redactUnder(copy, scope, redactor.replacement);
}
