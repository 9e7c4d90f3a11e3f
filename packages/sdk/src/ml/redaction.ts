import { createHmac } from 'node:crypto';
import { ConfigError } from '../errors.js';
import { readSetupValue } from '../internal/describe.js';

/**
 * The `redact` option: a list of paths, an object with paths, a hash key and the default-list
 * switch, or `false` to turn redaction off entirely. `undefined` means "the default list only".
 */
export type RedactOption =
  | readonly string[]
  | { paths?: readonly string[]; hashKey?: string; defaults?: boolean }
  | false
  | null
  | undefined;

/**
 * Keys redacted at any depth unless `defaults: false`. Matched case-insensitively, ignoring `-`
 * and `_` (so `apiKey`, `API_KEY`, `x-api-key`... all match), and also as the last segment of a
 * dotted attribute key (`http.request.header.authorization`).
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = Object.freeze([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'client_secret', 'token', 'access_token',
  'refresh_token', 'id_token', 'session_token', 'auth_token', 'api_key', 'apikey', 'x-api-key',
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'private_key', 'secret_key',
  'credentials',
]);

/** What a redacted value becomes without a hash key. */
export const REDACTED = '[REDACTED]';
/** Prefix of a hashed redaction: `hmac-sha256:` + 64 hex digits. */
export const HMAC_PREFIX = 'hmac-sha256:';
/** Shortest accepted hash key: a short key makes low-entropy values (emails, ids) guessable. */
export const MIN_HASH_KEY_LENGTH = 16;

/**
 * Where a walk over a payload stands with respect to the redaction paths. The payload shaper
 * asks it about every key, so it is small and allocation-free when only the default list applies.
 */
export interface RedactScope {
  /** True when only the default key list can match below here (no path is in progress). */
  readonly onlyDefaults: boolean;
  /** Whether the value under `key` must be replaced. */
  matches(key: string): boolean;
  /** The scope for the value under `key`, or `undefined` when nothing below it can match. */
  child(key: string): RedactScope | undefined;
}

/**
 * A redactor: call it on a body or attribute map to get a redacted copy (the same object when
 * nothing matched; untouched when `enabled` is false). It walks plain objects and arrays only, and
 * never throws on values. The payload shaper uses `root` and `replacement` to redact while it
 * shapes, which also covers Maps and class instances.
 */
export interface Redactor {
  <T>(value: T): T;
  /** False when redaction is off (`redact: false`, or `defaults: false` with no paths): skip all work. */
  readonly enabled: boolean;
  /** The scope for the top level of a body, or `undefined` when disabled. */
  readonly root: RedactScope | undefined;
  /** What a matched value becomes: `[REDACTED]`, or `hmac-sha256:<hex>` with a hash key. Never throws. */
  replacement(value: unknown): string;
}

/**
 * Builds a {@link Redactor} from the `redact` option. Paths are dotted, relative to the body
 * (`input.email`); `*` stands for exactly one key or array index (`*.password`, `input.rows.*.ssn`);
 * keys are matched exactly (keys containing dots cannot be addressed). Setup path only: throws a
 * {@link ConfigError} for a path with an empty segment, a partial wildcard (`pass*`), a short hash
 * key or unknown fields.
 * @example
 * const redact = createRedactor({ paths: ['input.email'], hashKey: process.env.MLOTEL_HASH_KEY });
 * redact({ input: { email: 'a@b.c', age: 3 }, output: 1 })
 * // { input: { email: 'hmac-sha256:5f1c...', age: 3 }, output: 1 }
 */
export function createRedactor(option?: RedactOption, optionName = 'redact'): Redactor {
  // A Proxy or throwing getter in the option surfaces as a ConfigError, not a raw TypeError.
  const { compiled, hashKey, defaults } = readSetupValue(optionName, "pass a list of paths like ['input.email'] or a plain object { paths, hashKey, defaults }.", () => {
    const given = normalise(option, optionName);
    const paths = given.paths.map((path, i) => compilePath(path, `${optionName}${Array.isArray(option) ? '' : '.paths'}[${i}]`));
    return { compiled: paths, hashKey: given.hashKey, defaults: given.defaults };
  });
  const enabled = defaults || compiled.length > 0;
  const root = enabled ? new Scope(defaults, compiled.map((segments) => ({ segments, at: 0 }))) : undefined;
  const replacement = hashKey === undefined ? () => REDACTED : (value: unknown) => hmac(hashKey, value);
  const redactor = <T>(value: T): T => {
    if (root === undefined) return value;
    try {
      return walk(value, root, replacement, 0, new Set()) as T;
    } catch {
      return value === null || typeof value !== 'object' ? value : (REDACTED as unknown as T);
    }
  };
  return Object.assign(redactor, { enabled, root, replacement });
}

/**
 * Redacts `value` as the value found under a key whose scope is `scope` (copy-on-write: `value`
 * itself when nothing below matched). For record building, which redacts one attribute at a
 * time without walking its neighbours again. Never throws: an object that cannot be walked
 * becomes the marker.
 * @example redactUnder({ token: 't' }, redactor.root!.child('ctx')!, redactor.replacement) // { token: '[REDACTED]' }
 * @internal
 */
export function redactUnder(value: unknown, scope: RedactScope, replacement: (value: unknown) => string): unknown {
  try {
    return walk(value, scope, replacement, 0, new Set());
  } catch {
    return value === null || typeof value !== 'object' ? value : REDACTED;
  }
}

interface PathState {
  readonly segments: readonly string[];
  readonly at: number;
}

const NORMALISED_DEFAULTS = new Set(DEFAULT_REDACT_KEYS.map(normaliseKey));
const SHORTEST_DEFAULT = Math.min(...[...NORMALISED_DEFAULTS].map((key) => key.length));
// For each lower-case ASCII letter a default key ends with (a = 0), the letters that come just
// before it in such a key, as bits (a = bit 0): `password` puts r under d.
const BEFORE_LAST = [...NORMALISED_DEFAULTS].reduce((table, key) => {
  table[key.charCodeAt(key.length - 1) - 97]! |= 1 << (key.charCodeAt(key.length - 2) - 97);
  return table;
}, new Int32Array(26));

/**
 * False for most keys that cannot be on the default list, without a lookup: ordinary attribute
 * keys (`http.method`, `user.id`, `duration_ms`, `ctx`, `tenant`, `f0`...) are told apart by
 * their length and their last two characters. Sound: lower-casing and dropping `-`/`_` leave two
 * final ASCII letters where they are and keep digits and dots, so a key it says no to never
 * matches. True means "look it up". Two charCodeAt and no scan: this runs on every key of every
 * enabled log call (a scan for the last dot, or `lastIndexOf`, cost more than the rest of the
 * call's redaction check).
 */
function mayBeDefaultKey(key: string): boolean {
  const n = key.length;
  if (n < SHORTEST_DEFAULT) return false;
  const last = key.charCodeAt(n - 1) | 0x20; // ASCII letters to lower case
  const before = key.charCodeAt(n - 2) | 0x20;
  if (last >= 97 && last <= 122 && before >= 97 && before <= 122) return (BEFORE_LAST[last - 97]! & (1 << (before - 97))) !== 0;
  // No default has a digit, and a '.' there leaves a last segment shorter than any default.
  if ((last >= 48 && last <= 57) || (before >= 48 && before <= 57) || last === 46 || before === 46) return false;
  return true; // '-', '_', non-ASCII: normalising may bring other letters to the end
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

// The same keys (feature names, attribute names) come back on every record: remember the answer.
// Bounded, and simply cleared when full, so a stream of unique keys cannot grow it.
const KEY_CACHE_LIMIT = 4096;
const keyCache = new Map<string, boolean>();

/**
 * Whether `key` is on the default list: the whole key, or the last segment of a dotted
 * attribute key, compared case-insensitively and ignoring `-` and `_`.
 * @example isDefaultRedactKey('X-Api-Key') // true; isDefaultRedactKey('tokens') // false
 */
export function isDefaultRedactKey(key: string): boolean {
  if (!mayBeDefaultKey(key)) return false;
  let hit = keyCache.get(key);
  if (hit === undefined) {
    const dot = key.lastIndexOf('.');
    hit = NORMALISED_DEFAULTS.has(normaliseKey(key)) || (dot >= 0 && NORMALISED_DEFAULTS.has(normaliseKey(key.slice(dot + 1))));
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(key, hit);
  }
  return hit;
}

class Scope implements RedactScope {
  readonly onlyDefaults: boolean;

  constructor(
    private readonly defaults: boolean,
    private readonly states: readonly PathState[],
  ) {
    this.onlyDefaults = states.length === 0;
  }

  matches(key: string): boolean {
    const states = this.states;
    for (let i = 0; i < states.length; i++) {
      const { segments, at } = states[i]!;
      if (at === segments.length - 1 && (segments[at] === '*' || segments[at] === key)) return true;
    }
    return this.defaults && isDefaultRedactKey(key);
  }

  child(key: string): RedactScope | undefined {
    if (this.states.length === 0) return this.defaults ? this : undefined;
    const next: PathState[] = [];
    for (const { segments, at } of this.states) {
      if (at < segments.length - 1 && (segments[at] === '*' || segments[at] === key)) next.push({ segments, at: at + 1 });
    }
    if (next.length === 0) return this.defaults ? DEFAULTS_ONLY : undefined;
    return new Scope(this.defaults, next);
  }
}

const DEFAULTS_ONLY = new Scope(true, []);

function normalise(option: RedactOption, name: string): { paths: readonly string[]; hashKey?: string; defaults: boolean } {
  if (option === undefined || option === null) return { paths: [], defaults: true };
  if (option === false) return { paths: [], defaults: false };
  if (Array.isArray(option)) return { paths: option, defaults: true };
  if (typeof option !== 'object') {
    throw new ConfigError(name, `expected a list of paths like ['input.email', '*.password'], an object { paths, hashKey, defaults } or false, got ${typeof option}.`);
  }
  const { paths = [], hashKey, defaults = true, ...rest } = option as { paths?: readonly string[]; hashKey?: string; defaults?: boolean };
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new ConfigError(`${name}.${unknown[0]}`, 'unknown option; the redact options are paths, hashKey and defaults.');
  }
  if (!Array.isArray(paths)) throw new ConfigError(`${name}.paths`, `expected a list of dotted paths like ['input.email'], got ${typeof paths}.`);
  if (typeof defaults !== 'boolean') throw new ConfigError(`${name}.defaults`, `expected true or false, got ${typeof defaults}.`);
  if (hashKey !== undefined && (typeof hashKey !== 'string' || hashKey.length < MIN_HASH_KEY_LENGTH)) {
    throw new ConfigError(`${name}.hashKey`, `use a random secret of at least ${MIN_HASH_KEY_LENGTH} characters (e.g. from \`openssl rand -hex 32\`), kept out of the source; or leave it out to write ${REDACTED}.`);
  }
  return hashKey === undefined ? { paths, defaults } : { paths, hashKey, defaults };
}

function compilePath(path: unknown, name: string): readonly string[] {
  if (typeof path !== 'string' || path.trim() === '') {
    throw new ConfigError(name, `expected a dotted path like 'input.email', got ${typeof path === 'string' ? 'an empty string' : typeof path}.`);
  }
  const segments = path.split('.');
  for (const segment of segments) {
    if (segment === '') throw new ConfigError(name, `'${path}' has an empty segment; write keys separated by single dots, e.g. 'input.email'.`);
    if (segment !== '*' && segment.includes('*')) {
      throw new ConfigError(name, `'${path}': '*' must be a whole segment (one key or array index), e.g. '*.password' or 'input.*.ssn'.`);
    }
  }
  return Object.freeze(segments);
}

function hmac(key: string, value: unknown): string {
  try {
    const mac = createHmac('sha256', key);
    if (typeof value === 'string') mac.update(value);
    else if (value === null || (typeof value !== 'object' && typeof value !== 'function')) mac.update(String(value));
    else if (ArrayBuffer.isView(value)) mac.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else {
      const json = JSON.stringify(value);
      if (json === undefined) return REDACTED;
      mac.update(json);
    }
    return HMAC_PREFIX + mac.digest('hex');
  } catch {
    return REDACTED;
  }
}

// Deep enough for any real body; deeper parts are left as they are rather than walked forever.
const MAX_WALK_DEPTH = 64;

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Copy-on-write walk: returns `value` itself when nothing under it was redacted. */
function walk(value: unknown, scope: RedactScope, replace: (v: unknown) => string, depth: number, ancestors: Set<object>): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_WALK_DEPTH || ancestors.has(value)) return value;
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return value;
  ancestors.add(value);
  try {
    const source = value as Record<string, unknown>;
    const keys = isArray ? undefined : Object.keys(source);
    const length = isArray ? (value as unknown[]).length : keys!.length;
    let copy: Record<string, unknown> | unknown[] | undefined;
    for (let i = 0; i < length; i++) {
      const key = isArray ? String(i) : keys![i]!;
      // Array indices never match the default list; skip the string work when only defaults apply.
      const matched = isArray && scope.onlyDefaults ? false : scope.matches(key);
      let next: unknown;
      let original: unknown;
      try {
        original = source[key];
      } catch {
        continue; // a throwing getter: left for the payload shaper, which turns it into a marker
      }
      if (matched) next = replace(original);
      else {
        const childScope = isArray && scope.onlyDefaults ? scope : scope.child(key);
        next = childScope === undefined ? original : walk(original, childScope, replace, depth + 1, ancestors);
      }
      if (next !== original && copy === undefined) copy = shallowCopy(source, isArray);
      if (copy !== undefined) setOwn(copy as Record<string, unknown>, key, next);
    }
    return copy ?? value;
  } finally {
    ancestors.delete(value);
  }
}

function shallowCopy(source: Record<string, unknown>, isArray: boolean): Record<string, unknown> | unknown[] {
  if (isArray) return Array.from(source as unknown as unknown[]);
  const copy: Record<string, unknown> = Object.getPrototypeOf(source) === null ? Object.create(null) : {};
  for (const key of Object.keys(source)) {
    const descriptor = Object.getOwnPropertyDescriptor(source, key);
    if (descriptor !== undefined) Object.defineProperty(copy, key, descriptor);
  }
  return copy;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
