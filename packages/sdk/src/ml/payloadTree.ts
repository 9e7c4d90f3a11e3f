import type { AnyValueMap } from '@opentelemetry/api-logs';
import type { PayloadOptions } from './payloadOptions.js';
import { isNumericView, type TensorProbe } from './tensorSummary.js';

/**
 * Internal: the node tree of a shaped payload, and the limits and markers of shaping. A tree
 * remembers how much was there (string lengths, item counts) so that it can be rendered again
 * under tighter limits, as many times as the byte budget needs, without reading the user's value
 * again. `payloadWalk.ts` makes the first rendering directly and a tree only when that is over
 * budget; `payloadRender.ts` renders trees. Not exported from the package.
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

/** Full check that a small probed value is numeric and rectangular (the probe only saw first elements). */
export function isTensorShapeOk(value: unknown, probe: TensorProbe, dim = 0): boolean {
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
    if (!isTensorShapeOk(row, probe, dim + 1)) return false;
  }
  return true;
}

/** Keeps up to `chars` code units, never splitting a surrogate pair. */
export function cutForStorage(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const end = isHighSurrogate(text.charCodeAt(chars - 1)) ? chars - 1 : chars;
  return text.slice(0, end);
}

/** Keys are cut once, when first read, with the same marker as values. */
export function cutKey(key: string, chars: number): string {
  return key.length <= chars ? key : cutForStorage(key, chars) + MARKERS.moreChars(key.length - chars);
}

/** True for the first half of a UTF-16 surrogate pair (a cut must not end on one). */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The constructor or function name of `value`, `''` when it has none or reading it throws. */
export function safeName(value: object): string {
  try {
    if (typeof value === 'function') return typeof value.name === 'string' ? value.name : '';
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/** The name of what a getter threw, for the `[Getter threw TypeError]` marker. */
export function errorType(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}
