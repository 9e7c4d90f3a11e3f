import type { AnyValue, AnyValueMap } from '@opentelemetry/api-logs';
import { summarizeTensor } from './tensorSummary.js';
import { isHighSurrogate, MARKERS, MORE_KEYS_KEY, type Limits, type Node } from './payloadTree.js';
import { ShapedPaths, type PathSegment } from './shapedPaths.js';

/**
 * Internal: renders a payload node tree under a set of limits (the tighter renderings of a payload
 * over budget), and the size bounds and small helpers that the first rendering
 * (`payloadWalk.ts`) shares with it. Not exported from the package.
 */

/**
 * Renders a tree under `limits`, adding up an upper bound of the JSON's UTF-8 size as it goes, so
 * that a rendering well under budget needs no `JSON.stringify` to be measured (stringifying
 * doubles is the single most expensive step of measuring an ordinary prediction). Records the
 * paths of what it renders shaped (cut, summarised, replaced by a marker) in {@link shaped},
 * plus those of `tagged` nodes (shaped by the first walk in ways a tree does not show, such as
 * redactions), wherever they are still rendered.
 */
export class Renderer {
  /** Upper bound of the UTF-8 bytes of `JSON.stringify` of what was rendered. */
  bound = 0;
  /** Paths rendered shaped; undefined while none was. */
  shaped: ShapedPaths | undefined = undefined;
  private readonly path: PathSegment[] = [];

  constructor(
    private readonly limits: Limits,
    private readonly protectDepth: number,
    private readonly summarize: boolean,
    private readonly tagged?: ReadonlySet<Node>,
  ) {}

  /** Renders the value of body field `key` (depth 1). */
  renderField(key: string, node: Node): AnyValue {
    this.path[1] = key;
    return this.render(node, 1);
  }

  render(node: Node, depth: number): AnyValue {
    const out = this.renderNode(node, depth);
    if (this.tagged !== undefined && this.tagged.has(node)) this.mark(depth);
    return out;
  }

  private renderNode(node: Node, depth: number): AnyValue {
    const limits = this.limits;
    switch (node.k) {
      case 'leaf':
        this.bound += scalarBound(node.v);
        return node.v;
      case 'fixed':
        this.bound += fixedBound(node);
        this.mark(depth);
        return node.v;
      case 'str': {
        const text = cutString(node.s, node.length, limits.chars);
        this.bound += stringBound(text);
        if (node.length > limits.chars) this.mark(depth);
        return text;
      }
      case 'tensor':
        if (!this.summarize && node.probe.size <= limits.items && depth + node.probe.shape.length <= limits.depth) {
          this.bound += node.probe.size * (25 + 3 * node.probe.shape.length) + 2;
          return listNumbers(node.value);
        }
        node.summary ??= (summarizeTensor(node.value) as AnyValueMap | undefined) ?? { $summary: MARKERS.unreadable };
        this.bound += 400 + 17 * node.probe.shape.length;
        this.mark(depth);
        return node.summary;
      case 'arr': {
        if (depth >= limits.depth) return this.marker(MARKERS.array(node.total), depth);
        const n = Math.min(node.items.length, limits.items);
        const out: AnyValue[] = new Array(n);
        this.bound += 2 + n;
        for (let i = 0; i < n; i++) {
          this.path[depth + 1] = i;
          out[i] = this.render(node.items[i]!, depth + 1);
        }
        if (node.total > n) out.push(this.marker(MARKERS.moreItems(node.total - n), depth));
        return out;
      }
      case 'obj': {
        const isProtected = depth < this.protectDepth;
        if (depth >= limits.depth && !isProtected) return this.marker(MARKERS.object, depth);
        const n = isProtected ? node.keys.length : Math.min(node.keys.length, limits.items);
        const out: AnyValueMap = {};
        this.bound += 2;
        for (let i = 0; i < n; i++) {
          const key = node.keys[i]!;
          this.bound += stringBound(key) + 2;
          this.path[depth + 1] = key;
          setKey(out, key, this.render(node.values[i]!, depth + 1));
        }
        // Keys never read when first shaped, plus keys read but not rendered under these limits.
        const cut = node.total - node.examined + (node.keys.length - n);
        if (cut > 0) {
          this.bound += 6;
          setKey(out, MORE_KEYS_KEY, this.marker(MARKERS.moreKeys(cut), depth));
        }
        return out;
      }
    }
  }

  /** A marker standing for (part of) the container or value at `depth`, which is thereby shaped. */
  private marker(text: string, depth: number): string {
    this.bound += stringBound(text) + 1;
    this.mark(depth);
    return text;
  }

  private mark(depth: number): void {
    (this.shaped ??= new ShapedPaths()).addAt(this.path, depth);
  }
}

/** Renders `node` under `limits` in one go. */
export function render(node: Node, limits: Limits, depth: number, protectDepth: number, summarize: boolean): AnyValue {
  return new Renderer(limits, protectDepth, summarize).render(node, depth);
}

// Characters that JSON escapes or that take more than one UTF-8 byte.
const NOT_PLAIN_JSON = /[\u0000-\u001f"\\\u007f-\uffff]/;

/**
 * Upper bound of the UTF-8 bytes of `JSON.stringify(text)`: exact for plain ASCII, else the worst
 * case of 6 bytes per code unit (`\u0000`). Short strings (keys, labels) are checked with a loop,
 * which costs a few ns where the regular expression cost tens.
 */
export function stringBound(text: string): number {
  const n = text.length;
  if (n > 32) return NOT_PLAIN_JSON.test(text) ? n * 6 + 2 : n + 2;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c >= 0x7f) return n * 6 + 2;
  }
  return n + 2;
}

function scalarBound(value: string | number | boolean | null): number {
  return typeof value === 'string' ? stringBound(value) : 25;
}

const fixedBounds = new WeakMap<object, number>();

/** Exact UTF-8 size of a fixed node's JSON (a small map), computed once per node. */
export function fixedBound(node: Node & { k: 'fixed' }): number {
  let bound = fixedBounds.get(node);
  if (bound === undefined) {
    bound = Buffer.byteLength(JSON.stringify(node.v));
    fixedBounds.set(node, bound);
  }
  return bound;
}

function cutString(stored: string, length: number, chars: number): string {
  if (length <= chars) return stored;
  const kept = stored.length <= chars ? stored : stored.slice(0, isHighSurrogate(stored.charCodeAt(chars - 1)) ? chars - 1 : chars);
  return kept + MARKERS.moreChars(length - kept.length);
}

/** A small, checked numeric array or tensor as plain (nested) arrays of numbers. */
export function listNumbers(value: unknown): AnyValue {
  if (Array.isArray(value)) return value.map(listNumbers);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number | bigint>, toNumberValue);
  return toNumberValue(value as number | bigint);
}

function toNumberValue(x: number | bigint): AnyValue {
  if (typeof x === 'bigint') return x.toString();
  return Number.isFinite(x) ? x : String(x);
}

/** Plain assignment would turn a `__proto__` key into a prototype change. */
export function setKey(target: AnyValueMap, key: string, value: AnyValue): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
