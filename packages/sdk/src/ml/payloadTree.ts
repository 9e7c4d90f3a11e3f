import type { AnyValueMap } from '@opentelemetry/api-logs';
import type { PayloadOptions } from './payloadOptions.js';
import type { RedactScope } from './redaction.js';
import { isBinary, isNumericView, probeTensor, summarizeBytes, summarizeTensor, type TensorProbe } from './tensorSummary.js';

/**
 * Internal: the first of the two steps of payload shaping. `buildTree` reads the user's value
 * exactly once (getters included) into a tree of nodes that remember how much was there (string
 * lengths, item counts), already cut to the configured limits. `payload.ts` then renders the
 * tree as many times as it needs to meet the byte budget, with ever tighter limits, without
 * reading the user's value again. Not exported from the package.
 */

/** A scalar or marker string that is never cut (numbers, booleans, null, markers, redactions). */
export interface LeafNode { readonly k: 'leaf'; readonly v: string | number | boolean | null }
/** A string, kept up to the configured length; `length` is the original length. */
export interface StringNode { readonly k: 'str'; readonly s: string; readonly length: number }
/** An array (or Set); `total` is the original item count. */
export interface ArrayNode { readonly k: 'arr'; readonly items: Node[]; readonly total: number }
/**
 * An object (or Map, or Error). `total` is the original entry count, `examined` how many of them
 * were read (keys whose value is undefined are read, then dropped).
 */
export interface ObjectNode { readonly k: 'obj'; readonly keys: string[]; readonly values: Node[]; readonly total: number; readonly examined: number }
/**
 * A numeric array or tensor. `value` is kept (small enough to list, checked numeric and
 * rectangular) when it may still be rendered element by element; `summary` is filled on demand.
 */
export interface TensorNode { readonly k: 'tensor'; readonly probe: TensorProbe; readonly value?: unknown; summary?: AnyValueMap }
/** A ready-made map that is never cut: `$bytes`, `$summary` of large tensors. */
export interface FixedNode { readonly k: 'fixed'; readonly v: AnyValueMap }

export type Node = LeafNode | StringNode | ArrayNode | ObjectNode | TensorNode | FixedNode;

/** Marker strings. Tests and docs refer to these; a backend user sees them in place of values. */
export const MARKERS = Object.freeze({
  circular: '[Circular]',
  omitted: '[omitted]',
  unreadable: '[Unreadable]',
  object: '[Object]',
  array: (total: number) => `[Array(${total})]`,
  moreItems: (count: number) => `[…${count} more items]`,
  moreKeys: (count: number) => `[…${count} more keys]`,
  moreChars: (count: number) => `…[${count} more chars]`,
  getterThrew: (type: string) => `[Getter threw ${type}]`,
  fn: (name: string) => (name ? `[Function: ${name}]` : '[Function]'),
  symbol: (description: string) => `[Symbol(${description})]`,
});
/** Key under which an object's "more keys" marker is written. */
export const MORE_KEYS_KEY = '…';

/** Levels of containers kept below the shaped value in full mode; deeper ones become markers. */
export const MAX_DEPTH_FULL = 8;
/** Levels kept in summary mode, where objects are kept shallowly (body → input → feature). */
export const MAX_DEPTH_SUMMARY = 3;

/** Limits that rendering applies; building applies the first (loosest) set. */
export interface Limits {
  readonly items: number;
  readonly chars: number;
  readonly depth: number;
}

/** The loosest limits, straight from the options: what the tree is built with and first rendered with. */
export function initialLimits(opts: PayloadOptions): Limits {
  return {
    items: opts.maxArrayItems,
    chars: opts.maxStringLength,
    depth: opts.mode === 'summary' ? MAX_DEPTH_SUMMARY : MAX_DEPTH_FULL,
  };
}

/** How a redacted value is replaced; supplied by the redactor. */
export type Replace = (value: unknown) => string;

const leaf = (v: string | number | boolean | null): LeafNode => ({ k: 'leaf', v });

/**
 * Reads `value` into a node tree under `opts`. Never throws: anything unreadable becomes a marker.
 * The number of nodes is capped near `opts.maxBytes` (every rendered node costs at least a byte),
 * so objects that share subtrees many times over cannot blow up the work.
 */
export function buildTree(value: unknown, opts: PayloadOptions, scope?: RedactScope, replace?: Replace): Node {
  return new TreeBuilder(opts, replace).build(value, 0, scope);
}

/**
 * Like {@link buildTree} for a body of named fields: every field is kept whatever `maxArrayItems`
 * (they are the logger's own keys, not data), and `undefined` fields are left out.
 */
export function buildFields(fields: Readonly<Record<string, unknown>>, opts: PayloadOptions, scope?: RedactScope, replace?: Replace): ObjectNode {
  const keys = Object.keys(fields);
  return new TreeBuilder(opts, replace).entries(0, scope, keys.length, keys, (key) => fields[key], keys.length);
}

class TreeBuilder {
  private readonly limits: Limits;
  private readonly summarize: boolean;
  private nodesLeft: number;
  private readonly ancestors = new Set<object>();
  // One summary per tensor object, even when the same tensor appears many times.
  private readonly summaries = new Map<object, Node>();

  constructor(opts: PayloadOptions, private readonly replace: Replace | undefined) {
    this.limits = initialLimits(opts);
    this.summarize = opts.mode === 'summary';
    this.nodesLeft = opts.maxBytes;
  }

  build(value: unknown, depth: number, scope: RedactScope | undefined, viaToJSON = false): Node {
    this.nodesLeft--;
    try {
      switch (typeof value) {
        case 'string':
          return { k: 'str', s: cutForStorage(value, this.limits.chars), length: value.length };
        case 'number':
          return leaf(Number.isFinite(value) ? value : String(value)); // NaN/Infinity have no JSON form
        case 'boolean':
          return leaf(value);
        case 'bigint': {
          const text = value.toString();
          return { k: 'str', s: cutForStorage(text, this.limits.chars), length: text.length };
        }
        case 'undefined':
          return leaf(null);
        case 'symbol':
          return leaf(MARKERS.symbol(cutForStorage(value.description ?? '', 64)));
        case 'function':
          return leaf(MARKERS.fn(cutForStorage(safeName(value), 64)));
        default:
          return value === null ? leaf(null) : this.buildObject(value as object, depth, scope, viaToJSON);
      }
    } catch {
      return leaf(MARKERS.unreadable);
    }
  }

  private buildObject(value: object, depth: number, scope: RedactScope | undefined, viaToJSON: boolean): Node {
    if (this.ancestors.has(value)) return leaf(MARKERS.circular);
    if (isBinary(value)) return { k: 'fixed', v: summarizeBytes(value) };
    const probe = probeTensor(value);
    if (probe !== undefined) {
      const node = this.tensorNode(value, probe);
      if (node !== undefined) return node;
    }
    if (depth >= this.limits.depth) return leaf(Array.isArray(value) ? MARKERS.array(value.length) : MARKERS.object);
    if (value instanceof Date) return leaf(Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString());
    if (value instanceof Error) {
      return this.entries(depth, undefined, 2, ['type', 'message'], (key) => (key === 'type' ? safeName(value) || value.name : value.message));
    }
    if (value instanceof RegExp) return leaf(String(value));
    if (value instanceof Number || value instanceof String || value instanceof Boolean) return this.build(value.valueOf(), depth, scope);

    this.ancestors.add(value);
    try {
      if (Array.isArray(value)) return this.items(value, value.length, depth, scope);
      if (value instanceof Set) return this.items(value, value.size, depth, scope);
      if (value instanceof Map) return this.mapEntries(value, depth, scope);
      if (!viaToJSON && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return this.build((value as { toJSON(): unknown }).toJSON(), depth, scope, true);
      }
      const keys = Object.keys(value);
      return this.entries(depth, scope, keys.length, keys, (key) => (value as Record<string, unknown>)[key]);
    } finally {
      this.ancestors.delete(value);
    }
  }

  /** A tensor node, or undefined when the value turns out not to be a tensor. */
  private tensorNode(value: object, probe: TensorProbe): Node | undefined {
    if (!this.summarize && probe.size <= this.limits.items && probe.shape.length <= this.limits.depth) {
      // Small enough to list; check now that it really is numeric and rectangular.
      return summarizeTensorShapeOk(value, probe) ? { k: 'tensor', probe, value } : undefined;
    }
    const cached = this.summaries.get(value);
    if (cached !== undefined) return cached;
    const summary = summarizeTensor(value);
    if (summary === undefined) return undefined;
    const node: Node = { k: 'fixed', v: summary as unknown as AnyValueMap };
    this.summaries.set(value, node);
    return node;
  }

  private items(iterable: Iterable<unknown>, total: number, depth: number, scope: RedactScope | undefined): Node {
    const items: Node[] = [];
    let index = 0;
    for (const item of iterable) {
      if (index >= this.limits.items || this.nodesLeft <= 0) break;
      const key = String(index);
      if (scope !== undefined && !scope.onlyDefaults && scope.matches(key)) items.push(this.redacted(item));
      else {
        const child = scope === undefined || scope.onlyDefaults ? scope : scope.child(key);
        items.push(this.build(item, depth + 1, child));
      }
      index++;
    }
    return { k: 'arr', items, total };
  }

  private mapEntries(map: Map<unknown, unknown>, depth: number, scope: RedactScope | undefined): Node {
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of map) {
      if (keys.length >= this.limits.items) break;
      keys.push(typeof key === 'string' ? key : typeof key === 'object' && key !== null ? MARKERS.object : String(key));
      values.push(value);
    }
    return this.entries(depth, scope, map.size, keys, (_key, i) => values[i]);
  }

  entries(depth: number, scope: RedactScope | undefined, total: number, keys: readonly string[], read: (key: string, i: number) => unknown, maxEntries = this.limits.items): ObjectNode {
    const outKeys: string[] = [];
    const values: Node[] = [];
    let i = 0;
    for (; i < keys.length && outKeys.length < maxEntries && (this.nodesLeft > 0 || maxEntries > this.limits.items); i++) {
      const key = keys[i]!;
      let value: unknown;
      try {
        value = read(key, i);
      } catch (error) {
        outKeys.push(cutKey(key, this.limits.chars));
        values.push(leaf(scope?.matches(key) ? this.replacement(undefined) : MARKERS.getterThrew(errorType(error))));
        continue;
      }
      if (value === undefined) continue; // as JSON does: an absent value is not a key
      outKeys.push(cutKey(key, this.limits.chars));
      if (scope !== undefined && scope.matches(key)) values.push(this.redacted(value));
      else values.push(this.build(value, depth + 1, scope?.child(key)));
    }
    return { k: 'obj', keys: outKeys, values, total, examined: i };
  }

  private redacted(value: unknown): Node {
    return leaf(this.replacement(value));
  }

  private replacement(value: unknown): string {
    try {
      return this.replace ? this.replace(value) : '[REDACTED]';
    } catch {
      return '[REDACTED]';
    }
  }
}

/** Full check that a small probed value is numeric and rectangular (the probe only saw first elements). */
function summarizeTensorShapeOk(value: unknown, probe: TensorProbe, dim = 0): boolean {
  if (isNumericView(value)) return dim === probe.shape.length - 1 && value.length === probe.shape[dim];
  if (!Array.isArray(value) || value.length !== probe.shape[dim]) return false;
  if (dim === probe.shape.length - 1) {
    for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number') return false;
    return probe.type === 'number[]';
  }
  const rowType = probe.type === 'number[]' ? undefined : probe.type.slice(0, -2);
  for (let i = 0; i < value.length; i++) {
    const row = value[i];
    if (rowType !== undefined && dim === probe.shape.length - 2) {
      if (!isNumericView(row) || Object.prototype.toString.call(row).slice(8, -1) !== rowType) return false;
    }
    if (!summarizeTensorShapeOk(row, probe, dim + 1)) return false;
  }
  return true;
}

/** Keeps up to `chars` code units, never splitting a surrogate pair. */
export function cutForStorage(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const end = isHighSurrogate(text.charCodeAt(chars - 1)) ? chars - 1 : chars;
  return text.slice(0, end);
}

/** Keys are cut once, at build time, with the same marker as values. */
function cutKey(key: string, chars: number): string {
  return key.length <= chars ? key : cutForStorage(key, chars) + MARKERS.moreChars(key.length - chars);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function safeName(value: object): string {
  try {
    if (typeof value === 'function') return typeof value.name === 'string' ? value.name : '';
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

function errorType(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}
