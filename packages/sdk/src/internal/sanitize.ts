import { types } from 'node:util';
import type { RedactScope } from '../ml/redaction.js';
import { LIMITS, MARKERS, truncateString } from './limits.js';

/**
 * Turns arbitrary JavaScript values into OTel AnyValues (string, number, boolean, bytes,
 * arrays, string-keyed maps) without ever throwing.
 *
 * Two paths, because this runs on every enabled log call: {@link isClean} walks a value
 * without allocating and says whether sdk-logs can take it as it is (the common case:
 * primitives and small plain objects); only when it cannot does {@link sanitizeValue} build a
 * copy. The copy path handles the rest: BigInt -> string, Date -> ISO string, circular ->
 * "[Circular]", throwing getters and Proxies, Symbols, functions, class instances, Maps and
 * Sets, and the limits in {@link LIMITS}.
 * @internal
 */

const isProxy = types.isProxy;

// Objects below the top of the value seen by the current isClean walk. sdk-logs rejects an
// attribute whose value holds the same object twice (its cycle check is a visited set, not
// an ancestor stack), so a repeated reference makes the value "not clean" and it gets copied.
// The top object need not be recorded: it can only repeat inside itself, a cycle, which the
// depth limit catches. A reused array with a fill count instead of push/length resets: this
// runs on every enabled call and `length = 0` alone cost more than the rest of the walk.
const seen: unknown[] = [];
let seenCount = 0;

/**
 * Whether `value` can be handed to sdk-logs unchanged. With a redaction `scope`, also false
 * when a key in it must be redacted (the caller then copies and redacts). Never throws (a
 * throwing getter or Proxy trap makes it return false, and the copy path deals with it).
 */
export function isClean(value: unknown, scope?: RedactScope): boolean {
  seenCount = 0;
  let clean: boolean;
  try {
    clean = cleanAt(value, 0, scope);
  } catch {
    clean = false;
  }
  forgetSeen();
  return clean;
}

/**
 * The walk behind {@link isClean}, for callers that check several values in one go and
 * catch and {@link forgetSeen} themselves (the attributes fast path). May throw.
 */
export function cleanAt(value: unknown, depth: number, scope: RedactScope | undefined): boolean {
  switch (typeof value) {
    case 'string':
      return value.length <= LIMITS.maxStringLength;
    case 'number':
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      // Proxies are not singled out here (a native check per object would cost more than the
      // rest of the walk): one that reads consistently is as good as a plain object, and one
      // whose traps throw makes this walk throw, which sends the value to the copying path.
      if (depth >= LIMITS.maxDepth) return false;
      if (depth > 0) {
        for (let i = 0; i < seenCount; i++) if (seen[i] === value) return false;
        seen[seenCount++] = value;
      }
      if (Array.isArray(value)) {
        const n = value.length;
        if (n > LIMITS.maxArrayItems) return false;
        // Indices never match the default list: only a path in progress looks at them.
        if (scope !== undefined && !scope.onlyDefaults) return cleanListUnderPaths(value, depth, scope);
        for (let i = 0; i < n; i++) if (!cleanAt(value[i], depth + 1, scope)) return false;
        return true;
      }
      // The same plain-object test sdk-logs applies (cheaper than Object.getPrototypeOf here).
      const ctor = (value as { constructor?: unknown }).constructor;
      if (ctor !== Object && ctor !== undefined) {
        // Bytes are an AnyValue; a Buffer is a Uint8Array too.
        return value instanceof Uint8Array && value.length <= LIMITS.maxArrayItems;
      }
      let keys = 0;
      const record = value as Record<string, unknown>;
      for (const key in record) {
        if (++keys > LIMITS.maxKeys) return false;
        if (scope !== undefined && scope.matches(key)) return false;
        if (!cleanAt(record[key], depth + 1, scope === undefined ? undefined : scope.child(key))) return false;
      }
      return true;
    }
    default:
      // bigint, symbol, function
      return false;
  }
}

function cleanListUnderPaths(list: unknown[], depth: number, scope: RedactScope): boolean {
  for (let i = 0; i < list.length; i++) {
    const key = String(i);
    if (scope.matches(key) || !cleanAt(list[i], depth + 1, scope.child(key))) return false;
  }
  return true;
}

/** Drops the references of the last walk (so they can be collected) and resets it. */
export function forgetSeen(): void {
  for (let i = 0; i < seenCount; i++) seen[i] = undefined;
  seenCount = 0;
}

/**
 * A copy of `value` that is a valid AnyValue within {@link LIMITS}. Never throws.
 * @example sanitizeValue({ n: 10n, at: new Date(0) }) // { n: '10', at: '1970-01-01T00:00:00.000Z' }
 */
export function sanitizeValue(value: unknown): unknown {
  return copyAt(value, 0, []);
}

function copyAt(value: unknown, depth: number, ancestors: object[]): unknown {
  switch (typeof value) {
    case 'string':
      return value.length <= LIMITS.maxStringLength ? value : truncateString(value, LIMITS.maxStringLength);
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      // sdk-logs 3.x drops a key whose value is undefined (0.2xx kept it); null keeps the key
      // on both lines and is exported the same way (an empty AnyValue).
      return null;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return safeString(() => value.toString());
    case 'function':
      return `[Function ${safeString(() => (value as { name?: unknown }).name as string) || 'anonymous'}]`;
    case 'object':
      if (value === null) return null;
      return copyObject(value, depth, ancestors);
    default:
      return MARKERS.unreadable;
  }
}

function copyObject(value: object, depth: number, ancestors: object[]): unknown {
  if (ancestors.indexOf(value) !== -1) return MARKERS.circular;
  if (depth >= LIMITS.maxDepth) return MARKERS.depth;
  try {
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    }
    if (value instanceof Error) return errorSummary(value);
    if (value instanceof Uint8Array) {
      if (value.length <= LIMITS.maxArrayItems) return Uint8Array.prototype.slice.call(value);
      return Uint8Array.prototype.slice.call(value, 0, LIMITS.maxArrayItems);
    }
    if (value instanceof RegExp) return String(value);
    ancestors.push(value);
    try {
      if (Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof Set) {
        return copyList(value as Iterable<unknown> & { length?: number }, depth, ancestors);
      }
      if (value instanceof Map) return copyMap(value, depth, ancestors);
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function' && !isProxy(value)) {
        return copyAt(toJSON.call(value), depth + 1, ancestors);
      }
      return copyRecord(value as Record<string, unknown>, depth, ancestors);
    } finally {
      ancestors.pop();
    }
  } catch {
    return MARKERS.unreadable;
  }
}

function copyList(list: Iterable<unknown>, depth: number, ancestors: object[]): unknown[] {
  const out: unknown[] = [];
  let total = 0;
  for (const item of list) {
    total++;
    if (out.length < LIMITS.maxArrayItems) out.push(copyAt(item, depth + 1, ancestors));
  }
  if (total > LIMITS.maxArrayItems) out.push(`[… ${total - LIMITS.maxArrayItems} more items]`);
  return out;
}

function copyMap(map: Map<unknown, unknown>, depth: number, ancestors: object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let total = 0;
  for (const [key, item] of map) {
    total++;
    if (total <= LIMITS.maxKeys) out[keyString(key)] = copyAt(item, depth + 1, ancestors);
  }
  if (total > LIMITS.maxKeys) out[MARKERS.moreKeysKey] = `[${total - LIMITS.maxKeys} more keys]`;
  return out;
}

function copyRecord(record: Record<string, unknown>, depth: number, ancestors: object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(record);
  const n = keys.length < LIMITS.maxKeys ? keys.length : LIMITS.maxKeys;
  for (let i = 0; i < n; i++) {
    const key = keys[i] as string;
    out[key] = readAndCopy(record, key, depth + 1, ancestors);
  }
  if (keys.length > LIMITS.maxKeys) out[MARKERS.moreKeysKey] = `[${keys.length - LIMITS.maxKeys} more keys]`;
  return out;
}

/** Reads `record[key]` (which may throw) and copies the value at `itemDepth`. Never throws. */
export function readAndCopy(record: Record<string, unknown>, key: string, itemDepth: number, ancestors: object[]): unknown {
  let item: unknown;
  try {
    item = record[key];
  } catch {
    return MARKERS.unreadable;
  }
  return copyAt(item, itemDepth, ancestors);
}

/** `TypeError: message`, for an Error nested inside a value. */
function errorSummary(error: Error): string {
  const name = safeString(() => error.name) || 'Error';
  const message = safeString(() => error.message);
  const text = message ? `${name}: ${message}` : name;
  return text.length <= LIMITS.maxStringLength ? text : truncateString(text, LIMITS.maxStringLength);
}

function keyString(key: unknown): string {
  return typeof key === 'string' ? key : safeString(() => String(key));
}

/** Runs a string-producing read that may throw (getters, Proxies, hostile toString). */
export function safeString(read: () => unknown): string {
  try {
    const text = read();
    return typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  } catch {
    return MARKERS.unreadable;
  }
}
