import { createHash } from 'node:crypto';
import type { AnyValue, AnyValueMap } from '@opentelemetry/api-logs';
import { MIN_STRING_LENGTH, type PayloadOptions } from './payloadOptions.js';
import type { Redactor } from './redaction.js';
import { summarizeTensor } from './tensorSummary.js';
import { buildFields, buildTree, initialLimits, MARKERS, MORE_KEYS_KEY, type Limits, type Node } from './payloadTree.js';

/** What a payload becomes when even the tightest shaping is over budget. */
export type TruncatedMarker = {
  /** UTF-8 bytes of the JSON of the value as first shaped (before the budget was enforced). */
  bytes: number;
  /** SHA-256 of that JSON: equal payloads can still be recognised. */
  sha256: string;
};

/** Returned, instead of throwing, when shaping itself fails (a bug, or an exotic host object). */
export const SHAPE_FAILED = '[mlotel: payload could not be shaped]';

/**
 * Turns any JS value into an OTel-safe body value (`AnyValue`) under the payload budget.
 *
 * - `none`: `'[omitted]'`.
 * - `full`: values kept, but typed arrays, numeric arrays and tensors with more than
 *   `maxArrayItems` elements become `{ $summary }`; other arrays keep `maxArrayItems` items and
 *   end with `'[…97 more items]'`; objects, Maps and Sets likewise (`'…': '[…12 more keys]'`);
 *   strings keep `maxStringLength` characters and end with `'…[1234 more chars]'`.
 * - `summary`: as `full`, but every numeric array and tensor is a `$summary`, and containers
 *   below 3 levels become `'[Object]'`/`'[Array(n)]'`.
 * - Always: Buffer/ArrayBuffer/DataView → `{ $bytes: { length, sha256 } }`; BigInt → string;
 *   Date → ISO string; NaN/±Infinity → `'NaN'`/`'Infinity'`/`'-Infinity'`; Error →
 *   `{ type, message }`; Map → object; Set → array; functions and symbols → marker strings;
 *   circular references → `'[Circular]'`; a throwing getter → `'[Getter threw TypeError]'`;
 *   keys whose value is `undefined` are dropped (as in JSON); objects with `toJSON` are converted.
 *
 * Then the JSON of the result is held to `maxBytes` UTF-8 bytes: the limits are halved (more
 * summaries, shorter strings and arrays) and then the depth reduced, until it fits; as a last
 * resort the result is `{ $truncated: { bytes, sha256 } }`. Never throws, never mutates or
 * re-reads its input (each getter runs once). With a redactor, matched keys are replaced while
 * shaping; paths are relative to `value`.
 * @example
 * shapePayload({ text: 'x'.repeat(2000), emb: new Float32Array(1e6) }, resolvePayloadOptions())
 * // { text: 'xxx…[976 more chars]', emb: { $summary: { type: 'Float32Array', shape: [1000000], ... } } }
 */
export function shapePayload(value: unknown, opts: PayloadOptions, redactor?: Redactor): AnyValue {
  try {
    if (opts.mode === 'none') return MARKERS.omitted;
    const tree = buildTree(value, opts, redactor?.root, redactor?.replacement);
    return fitBudget(tree, opts, 0);
  } catch {
    return SHAPE_FAILED;
  }
}

/**
 * Shapes a record body made of named fields (`{ input, output }`, `{ actual }`, `{ name, value }`)
 * with one budget for the whole body. The field names are always kept, whatever the budget (the
 * backends and the dataset builder look for them); fields whose value is `undefined` are left out.
 * In `none` mode each field is `'[omitted]'`. Redaction paths are relative to the body
 * (`input.email`). When nothing else fits, the largest fields become `{ $truncated }` one by one.
 * Never throws.
 * @example
 * shapeBody({ input: { sepal_length: 5.1 }, output: 'setosa' }, opts, redactor)
 * // { input: { sepal_length: 5.1 }, output: 'setosa' }
 */
export function shapeBody(fields: Readonly<Record<string, unknown>>, opts: PayloadOptions, redactor?: Redactor): AnyValueMap {
  try {
    if (opts.mode === 'none') {
      const body: AnyValueMap = {};
      for (const key of Object.keys(fields)) if (fields[key] !== undefined) setKey(body, key, MARKERS.omitted);
      return body;
    }
    const tree = buildFields(fields, opts, redactor?.root, redactor?.replacement);
    return fitBudget(tree, opts, 1) as AnyValueMap;
  } catch {
    return { value: SHAPE_FAILED };
  }
}

/**
 * Renders with the configured limits, then tighter ones, until the JSON fits. `protectDepth` 1
 * keeps the root object's keys whatever the limits (a body's field names).
 */
function fitBudget(tree: Node, opts: PayloadOptions, protectDepth: 0 | 1): AnyValue {
  let limits: Limits | undefined = initialLimits(opts);
  let first: string | undefined;
  const summarize = opts.mode === 'summary';
  while (limits !== undefined) {
    const renderer = new Renderer(limits, protectDepth, summarize);
    const out = renderer.render(tree, 0);
    if (renderer.bound <= opts.maxBytes) return out;
    const json = JSON.stringify(out) ?? 'null';
    if (Buffer.byteLength(json) <= opts.maxBytes) return out;
    first ??= json;
    limits = tighten(limits, protectDepth);
  }
  const marker = truncated(first ?? 'null');
  if (protectDepth === 1 && tree.k === 'obj') return truncateFields(tree, opts, marker);
  return marker;
}

/** Halves item and string limits down to 1 item and {@link MIN_STRING_LENGTH}, then reduces depth. */
function tighten(limits: Limits, protectDepth: number): Limits | undefined {
  if (limits.items > 1 || limits.chars > MIN_STRING_LENGTH) {
    return {
      items: Math.max(1, limits.items >> 1),
      chars: Math.max(MIN_STRING_LENGTH, limits.chars >> 1),
      depth: limits.depth,
    };
  }
  if (limits.depth > protectDepth) return { ...limits, depth: limits.depth - 1 };
  return undefined;
}

function truncated(json: string): { $truncated: TruncatedMarker } {
  return { $truncated: { bytes: Buffer.byteLength(json), sha256: createHash('sha256').update(json).digest('hex') } };
}

/** Body of last resort: each field (largest first) becomes `$truncated` until the body fits. */
function truncateFields(tree: Node & { k: 'obj' }, opts: PayloadOptions, whole: AnyValueMap): AnyValueMap {
  const tight: Limits = { items: 1, chars: MIN_STRING_LENGTH, depth: 1 };
  const body: AnyValueMap = {};
  const sizes: Array<[string, number]> = [];
  tree.keys.forEach((key, i) => {
    const value = render(tree.values[i]!, tight, 1, 0, opts.mode === 'summary');
    setKey(body, key, value);
    sizes.push([key, Buffer.byteLength(JSON.stringify(value) ?? 'null')]);
  });
  sizes.sort((a, b) => b[1] - a[1]);
  for (const [key] of sizes) {
    if (Buffer.byteLength(JSON.stringify(body)) <= opts.maxBytes) return body;
    const i = tree.keys.indexOf(key);
    const full = JSON.stringify(render(tree.values[i]!, initialLimits(opts), 1, 0, opts.mode === 'summary')) ?? 'null';
    setKey(body, key, truncated(full));
  }
  return Buffer.byteLength(JSON.stringify(body)) <= opts.maxBytes ? body : whole;
}

/**
 * Renders a tree under `limits`, adding up an upper bound of the JSON's UTF-8 size as it goes, so
 * that the usual small body needs no `JSON.stringify` to be measured (stringifying doubles is the
 * single most expensive step of shaping an ordinary prediction).
 */
class Renderer {
  /** Upper bound of the UTF-8 bytes of `JSON.stringify` of what was rendered. */
  bound = 0;

  constructor(
    private readonly limits: Limits,
    private readonly protectDepth: number,
    private readonly summarize: boolean,
  ) {}

  render(node: Node, depth: number): AnyValue {
    const limits = this.limits;
    switch (node.k) {
      case 'leaf':
        this.bound += scalarBound(node.v);
        return node.v;
      case 'fixed':
        this.bound += fixedBound(node);
        return node.v;
      case 'str': {
        const text = cutString(node.s, node.length, limits.chars);
        this.bound += stringBound(text);
        return text;
      }
      case 'tensor':
        if (!this.summarize && node.probe.size <= limits.items && depth + node.probe.shape.length <= limits.depth) {
          // 24 bytes is the longest JSON number (-1.2345678901234567e-308), plus a separator; each
          // element also pays for at most one bracket pair and separator per dimension.
          this.bound += node.probe.size * (25 + 3 * node.probe.shape.length) + 2;
          return listNumbers(node.value);
        }
        node.summary ??= (summarizeTensor(node.value) as AnyValueMap | undefined) ?? { $summary: MARKERS.unreadable };
        this.bound += 400 + 17 * node.probe.shape.length;
        return node.summary;
      case 'arr': {
        if (depth >= limits.depth) return this.marker(MARKERS.array(node.total));
        const n = Math.min(node.items.length, limits.items);
        const out: AnyValue[] = new Array(n);
        this.bound += 2 + n;
        for (let i = 0; i < n; i++) out[i] = this.render(node.items[i]!, depth + 1);
        if (node.total > n) out.push(this.marker(MARKERS.moreItems(node.total - n)));
        return out;
      }
      case 'obj': {
        const isProtected = depth < this.protectDepth;
        if (depth >= limits.depth && !isProtected) return this.marker(MARKERS.object);
        const n = isProtected ? node.keys.length : Math.min(node.keys.length, limits.items);
        const out: AnyValueMap = {};
        this.bound += 2;
        for (let i = 0; i < n; i++) {
          const key = node.keys[i]!;
          this.bound += stringBound(key) + 2;
          setKey(out, key, this.render(node.values[i]!, depth + 1));
        }
        // Keys never read at build time, plus keys read but not rendered under these limits.
        const cut = node.total - node.examined + (node.keys.length - n);
        if (cut > 0) {
          this.bound += 6;
          setKey(out, MORE_KEYS_KEY, this.marker(MARKERS.moreKeys(cut)));
        }
        return out;
      }
    }
  }

  private marker(text: string): string {
    this.bound += stringBound(text) + 1;
    return text;
  }
}

// Characters that JSON escapes or that take more than one UTF-8 byte.
const NOT_PLAIN_JSON = /[\u0000-\u001f"\\\u007f-\uffff]/;

/** Exact for plain ASCII; otherwise the worst case of 6 bytes per code unit (`\u0000`). */
function stringBound(text: string): number {
  return NOT_PLAIN_JSON.test(text) ? text.length * 6 + 2 : text.length + 2;
}

function scalarBound(value: string | number | boolean | null): number {
  return typeof value === 'string' ? stringBound(value) : 25;
}

const fixedBounds = new WeakMap<object, number>();
function fixedBound(node: Node & { k: 'fixed' }): number {
  let bound = fixedBounds.get(node);
  if (bound === undefined) {
    bound = Buffer.byteLength(JSON.stringify(node.v));
    fixedBounds.set(node, bound);
  }
  return bound;
}

function render(node: Node, limits: Limits, depth: number, protectDepth: number, summarize: boolean): AnyValue {
  return new Renderer(limits, protectDepth, summarize).render(node, depth);
}

function cutString(stored: string, length: number, chars: number): string {
  if (length <= chars) return stored;
  const kept = stored.length <= chars ? stored : stored.slice(0, isHighSurrogate(stored.charCodeAt(chars - 1)) ? chars - 1 : chars);
  return kept + MARKERS.moreChars(length - kept.length);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A small, checked numeric array or tensor as plain (nested) arrays of numbers. */
function listNumbers(value: unknown): AnyValue {
  if (Array.isArray(value)) return value.map(listNumbers);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, toNumberValue);
  return toNumberValue(value as number | bigint);
}

function toNumberValue(x: number | bigint): AnyValue {
  if (typeof x === 'bigint') return x.toString();
  return Number.isFinite(x) ? x : String(x);
}

/** Plain assignment would turn a `__proto__` key into a prototype change. */
function setKey(target: AnyValueMap, key: string, value: AnyValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
