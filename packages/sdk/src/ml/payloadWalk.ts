import type { AnyValue, AnyValueMap } from '@opentelemetry/api-logs';
import { MIN_STRING_LENGTH, type PayloadOptions } from './payloadOptions.js';
import { isDefaultRedactKey, type RedactScope } from './redaction.js';
import { isBinary, probeTensor, summarizeBytes, summarizeTensor, type TensorProbe } from './tensorSummary.js';
import {
  cutForStorage,
  cutKey,
  errorType,
  initialLimits,
  isTensorShapeOk,
  MARKERS,
  MORE_KEYS_KEY,
  safeName,
  type Node,
  type Replace,
} from './payloadTree.js';
import { fixedBound, listNumbers, setKey, stringBound } from './payloadRender.js';
import { cappedPath, ShapedPaths, type PathSegment } from './shapedPaths.js';

/**
 * Internal: the one walk behind payload shaping. It reads the user's value exactly once (getters
 * included) and, in the same pass, sanitises it, applies redaction, cuts it to the configured
 * limits and adds up an upper bound of the UTF-8 size of its JSON. The common body (a feature map
 * and a small output, well within the budget) is done after this one walk.
 *
 * When the bound says the result may be over `maxBytes`, `payload.ts` measures it and, if it is,
 * turns the result back into a node tree ({@link treeOf}) and renders that with tighter limits. The
 * result alone cannot say everything the tree needs (how long a cut string was, how many items a
 * cut array had, which lists are tensors), so the walk notes those few things on the side, only
 * when they happen. Not exported from the package.
 *
 * It also records which body paths it shaped ({@link PayloadWalk.shaped}) without building a path
 * for anything it leaves as it is: on the way down it only stores each entry's key or index in
 * the slot of its depth (a parent chain, one array store per entry that is not a plain finite
 * number), and a path string is made from that chain when, and only when, something is shaped.
 */

/** Side notes for {@link treeOf}: output value (string or object we created) → what it stands for. */
export type Notes = unknown[];

/** How many entries a cut container had, and how many of them were looked at. */
interface Count { readonly count: true; readonly total: number; readonly examined: number }

// Returned by tensor() when a value that looked like a tensor is not one after all.
const NOT_A_TENSOR = Symbol('not a tensor');

/** One walk over one value or body, under one set of options. */
export class PayloadWalk {
  /** Upper bound of the UTF-8 bytes of `JSON.stringify` of what was produced. */
  bound = 0;
  /** Pairs (output value, Node | Count) for {@link treeOf}; undefined while nothing needed noting. */
  notes: Notes | undefined = undefined;
  /** Body paths shaped (cut, summarised, redacted, ...); undefined while nothing was. */
  shaped: ShapedPaths | undefined = undefined;
  private readonly items: number;
  private readonly chars: number;
  private readonly depthLimit: number;
  private readonly summarize: boolean;
  // Markers at most this long render the same as strings under any limits shaping may use.
  private readonly safeLeafLength: number;
  // Caps the work on values that share subtrees many times over: every node costs a byte or more.
  private nodesLeft: number;
  private readonly ancestors: object[] = [];
  // The key or index of the entry being walked at each depth (1 = a body field).
  private readonly path: PathSegment[] = [];
  // One summary per tensor object, even when the same tensor appears many times.
  private summaries: Map<object, Node> | undefined = undefined;

  constructor(opts: PayloadOptions, private readonly replace: Replace | undefined) {
    const limits = initialLimits(opts);
    this.items = limits.items;
    this.chars = limits.chars;
    this.depthLimit = limits.depth;
    this.summarize = opts.mode === 'summary';
    this.safeLeafLength = Math.min(MIN_STRING_LENGTH, limits.chars);
    this.nodesLeft = opts.maxBytes;
  }

  /**
   * A body of named fields: every field is kept whatever `maxArrayItems` (they are the logger's
   * own keys, not data); `undefined` fields are left out.
   */
  fields(fields: Readonly<Record<string, unknown>>, scope: RedactScope | undefined): AnyValueMap {
    const keys = Object.keys(fields);
    const out: AnyValueMap = {};
    this.bound += 2;
    let i = 0;
    for (; i < keys.length && (this.nodesLeft > 0 || keys.length > this.items); i++) {
      const key = keys[i]!;
      let value: unknown;
      try {
        value = fields[key];
      } catch (error) {
        this.unreadableEntry(out, key, error, scope, 1);
        continue;
      }
      if (value === undefined) continue;
      this.entry(out, key, value, 1, scope);
    }
    this.endObject(out, keys.length, i, 0);
    return out;
  }

  /** Any value, at `depth` below the top of what is being shaped. */
  value(value: unknown, depth: number, scope: RedactScope | undefined, viaToJSON = false): AnyValue {
    this.nodesLeft--;
    try {
      switch (typeof value) {
        case 'string':
          return this.string(value, depth);
        case 'number':
          if (Number.isFinite(value)) {
            this.bound += 25;
            return value;
          }
          return this.leaf(String(value)); // NaN/Infinity have no JSON form
        case 'boolean':
          this.bound += 25;
          return value;
        case 'bigint':
          return this.string(value.toString(), depth);
        case 'undefined':
          this.bound += 25;
          return null;
        case 'symbol':
          return this.leaf(MARKERS.symbol(cutForStorage(value.description ?? '', 64)));
        case 'function':
          return this.leaf(MARKERS.fn(cutForStorage(safeName(value), 64)));
        default:
          if (value === null) {
            this.bound += 25;
            return null;
          }
          return this.object(value as object, depth, scope, viaToJSON);
      }
    } catch {
      return this.leaf(MARKERS.unreadable);
    }
  }

  private object(value: object, depth: number, scope: RedactScope | undefined, viaToJSON: boolean): AnyValue {
    const ancestors = this.ancestors;
    for (let i = 0; i < ancestors.length; i++) if (ancestors[i] === value) return this.leaf(MARKERS.circular);
    if (isBinary(value)) return this.fixed({ k: 'fixed', v: summarizeBytes(value) }, depth);
    const probe = probeTensor(value);
    if (probe !== undefined) {
      const out = this.tensor(value, probe, depth);
      if (out !== NOT_A_TENSOR) return out;
    }
    if (depth >= this.depthLimit) {
      this.mark(depth);
      return this.leaf(Array.isArray(value) ? MARKERS.array(value.length) : MARKERS.object);
    }
    if (value instanceof Date) return this.leaf(Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString());
    if (value instanceof Error) return this.error(value, depth);
    if (value instanceof RegExp) return this.leaf(String(value));
    if (value instanceof Number || value instanceof String || value instanceof Boolean) return this.value(value.valueOf(), depth, scope);

    ancestors.push(value);
    try {
      if (Array.isArray(value)) return this.list(value, value.length, depth, scope);
      if (value instanceof Set) return this.list(value, value.size, depth, scope);
      if (value instanceof Map) return this.map(value, depth, scope);
      if (!viaToJSON && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return this.value((value as { toJSON(): unknown }).toJSON(), depth, scope, true);
      }
      return this.record(value as Record<string, unknown>, depth, scope);
    } finally {
      ancestors.pop();
    }
  }

  /** A plain object or class instance: its own enumerable keys, in order. */
  private record(value: Record<string, unknown>, depth: number, scope: RedactScope | undefined): AnyValueMap {
    const keys = Object.keys(value);
    if (keys.length >= WIDE_RECORD && keys.length <= this.items) {
      const shape = shapeOf(keys);
      if (shape !== undefined && shape.template !== null && shape.longestKey <= this.chars) return this.fromTemplate(value, keys, shape, depth, scope);
    }
    this.bound += 2;
    return this.entries(value, keys, {}, 0, 0, depth, scope);
  }

  /**
   * A wide object of a shape seen before, built as a copy of the shape's template (see
   * {@link shapeOf}) with the key sizes and the default redaction list worked out once per shape.
   * The first entry that is not written as it is (skipped, unreadable, out of node budget) hands
   * over to {@link entries} with a plain object.
   */
  private fromTemplate(value: Record<string, unknown>, keys: readonly string[], shape: Shape, depth: number, scope: RedactScope | undefined): AnyValueMap {
    const out = { ...shape.template } as AnyValueMap;
    this.bound += 2 + shape.keysBound;
    // Below a scope that only the default list can match, keys of a shape without default keys
    // need no check, and the scope stays the same.
    const perKey = scope !== undefined && !(scope.onlyDefaults && !shape.hasDefaultKey);
    for (let i = 0; i < keys.length; i++) {
      if (this.nodesLeft <= 0) return this.entries(value, keys, untemplated(out, keys, i), i, i, depth, scope);
      const key = keys[i]!;
      let item: unknown;
      try {
        item = value[key];
      } catch (error) {
        const rest = untemplated(out, keys, i);
        this.unreadableEntry(rest, key, error, scope, depth + 1);
        return this.entries(value, keys, rest, i + 1, i + 1, depth, scope);
      }
      if (item === undefined) return this.entries(value, keys, untemplated(out, keys, i), i + 1, i, depth, scope);
      if (perKey) {
        this.path[depth + 1] = key;
        if (scope.matches(key)) {
          this.mark(depth + 1);
          out[key] = this.leaf(this.replacement(item));
        } else {
          out[key] = this.value(item, depth + 1, scope.child(key));
        }
      } else if (typeof item === 'number' && Number.isFinite(item)) {
        // The usual feature value, without the general path's call (and never shaped: no path).
        this.nodesLeft--;
        this.bound += 25;
        out[key] = item;
      } else {
        this.path[depth + 1] = key;
        out[key] = this.value(item, depth + 1, scope);
      }
    }
    return out;
  }

  /** Entries `start`.. of an object into `out` (`kept` of them written so far), then the "more keys" marker. */
  private entries(value: Record<string, unknown>, keys: readonly string[], out: AnyValueMap, start: number, kept: number, depth: number, scope: RedactScope | undefined): AnyValueMap {
    const limit = this.items;
    let i = start;
    for (; i < keys.length && kept < limit && this.nodesLeft > 0; i++) {
      const key = keys[i]!;
      let item: unknown;
      try {
        item = value[key];
      } catch (error) {
        kept++;
        this.unreadableEntry(out, key, error, scope, depth + 1);
        continue;
      }
      if (item === undefined) continue; // as JSON does: an absent value is not a key
      kept++;
      this.entry(out, key, item, depth + 1, scope);
    }
    this.endObject(out, keys.length, i, depth);
    return out;
  }

  /** A Map: keys as strings (objects as `[Object]`), at most `maxArrayItems` entries. */
  private map(map: Map<unknown, unknown>, depth: number, scope: RedactScope | undefined): AnyValueMap {
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of map) {
      if (keys.length >= this.items) break;
      keys.push(typeof key === 'string' ? key : typeof key === 'object' && key !== null ? MARKERS.object : String(key));
      values.push(value);
    }
    const out: AnyValueMap = {};
    this.bound += 2;
    let kept = 0;
    let i = 0;
    for (; i < keys.length && kept < this.items && this.nodesLeft > 0; i++) {
      const value = values[i];
      if (value === undefined) continue;
      kept++;
      this.entry(out, keys[i]!, value, depth + 1, scope);
    }
    this.endObject(out, map.size, i, depth);
    return out;
  }

  /** An Error nested in a payload: `{ type, message }`. */
  private error(error: Error, depth: number): AnyValueMap {
    const out: AnyValueMap = {};
    this.bound += 2;
    const names = ['type', 'message'];
    let kept = 0;
    let i = 0;
    for (; i < 2 && kept < this.items && this.nodesLeft > 0; i++) {
      const key = names[i]!;
      let item: unknown;
      try {
        item = key === 'type' ? safeName(error) || error.name : error.message;
      } catch (e) {
        kept++;
        this.unreadableEntry(out, key, e, undefined, depth + 1);
        continue;
      }
      if (item === undefined) continue;
      kept++;
      this.entry(out, key, item, depth + 1, undefined);
    }
    this.endObject(out, 2, i, depth);
    return out;
  }

  /** Writes one entry: its key (cut if too long), redacted or shaped. */
  private entry(out: AnyValueMap, key: string, item: unknown, itemDepth: number, scope: RedactScope | undefined): void {
    const name = key.length <= this.chars ? key : cutKey(key, this.chars);
    this.path[itemDepth] = name;
    this.bound += stringBound(name) + 2;
    let shaped: AnyValue;
    if (scope !== undefined && scope.matches(key)) {
      this.mark(itemDepth);
      shaped = this.leaf(this.replacement(item));
    } else {
      shaped = this.value(item, itemDepth, scope?.child(key));
    }
    if (name !== key) this.mark(itemDepth);
    setKey(out, name, shaped);
  }

  private unreadableEntry(out: AnyValueMap, key: string, error: unknown, scope: RedactScope | undefined, itemDepth: number): void {
    const name = key.length <= this.chars ? key : cutKey(key, this.chars);
    this.path[itemDepth] = name;
    this.bound += stringBound(name) + 2;
    const redacted = scope?.matches(key) === true;
    if (redacted || name !== key) this.mark(itemDepth);
    setKey(out, name, this.leaf(redacted ? this.replacement(undefined) : MARKERS.getterThrew(errorType(error))));
  }

  /** Adds the "more keys" marker when entries were left unread, and notes the count. */
  private endObject(out: AnyValueMap, total: number, examined: number, depth: number): void {
    if (examined >= total) return;
    this.bound += 7;
    setKey(out, MORE_KEYS_KEY, this.leaf(MARKERS.moreKeys(total - examined)));
    this.note(out, { count: true, total, examined });
    this.mark(depth);
  }

  /** An array or a Set: at most `maxArrayItems` items, then a marker item saying how many more. */
  private list(iterable: Iterable<unknown>, total: number, depth: number, scope: RedactScope | undefined): AnyValue[] {
    const out: AnyValue[] = [];
    // Array indices never match the default list; only paths (`rows.*.ssn`) need them.
    const byIndex = scope !== undefined && !scope.onlyDefaults;
    let index = 0;
    const path = this.path;
    for (const item of iterable) {
      if (index >= this.items || this.nodesLeft <= 0) break;
      path[depth + 1] = index;
      if (byIndex) {
        const key = String(index);
        if (scope.matches(key)) {
          this.mark(depth + 1);
          out.push(this.leaf(this.replacement(item)));
        } else {
          out.push(this.value(item, depth + 1, scope.child(key)));
        }
      } else {
        out.push(this.value(item, depth + 1, scope));
      }
      index++;
    }
    this.bound += 2 + index;
    if (total > index) {
      this.bound += 1;
      out.push(this.leaf(MARKERS.moreItems(total - index)));
      this.note(out, { count: true, total, examined: index });
      this.mark(depth);
    }
    return out;
  }

  /** A numeric array or tensor: listed when small enough, else its summary; NOT_A_TENSOR if it is not one. */
  private tensor(value: object, probe: TensorProbe, depth: number): AnyValue | typeof NOT_A_TENSOR {
    if (!this.summarize && probe.size <= this.items && probe.shape.length <= this.depthLimit) {
      // Small enough to list; check now that it really is numeric and rectangular.
      if (!isTensorShapeOk(value, probe)) return NOT_A_TENSOR;
      const node: Node & { k: 'tensor' } = { k: 'tensor', probe, value };
      const rank = probe.shape.length;
      let out: AnyValue;
      if (depth + rank <= this.depthLimit) {
        // 24 bytes is the longest JSON number (-1.2345678901234567e-308), plus a separator; each
        // element also pays for at most one bracket pair and separator per dimension.
        this.bound += probe.size * (25 + 3 * rank) + 2;
        out = listNumbers(value);
      } else {
        node.summary = (summarizeTensor(value) as AnyValueMap | undefined) ?? { $summary: MARKERS.unreadable };
        this.bound += 400 + 17 * rank;
        out = node.summary;
        this.mark(depth);
      }
      this.note(out as object, node);
      return out;
    }
    let node = this.summaries?.get(value);
    if (node === undefined) {
      const summary = summarizeTensor(value);
      if (summary === undefined) return NOT_A_TENSOR;
      node = { k: 'fixed', v: summary as unknown as AnyValueMap };
      (this.summaries ??= new Map()).set(value, node);
    }
    return this.fixed(node as Node & { k: 'fixed' }, depth);
  }

  /** A ready-made map that is never cut (`$bytes`, a large tensor's `$summary`): always a shaped value. */
  private fixed(node: Node & { k: 'fixed' }, depth: number): AnyValueMap {
    this.bound += fixedBound(node);
    this.note(node.v, node);
    this.mark(depth);
    return node.v;
  }

  private string(text: string, depth: number): string {
    if (text.length <= this.chars) {
      this.bound += stringBound(text);
      return text;
    }
    const stored = cutForStorage(text, this.chars);
    const out = stored + MARKERS.moreChars(text.length - stored.length);
    this.bound += stringBound(out);
    this.note(out, { k: 'str', s: stored, length: text.length });
    this.mark(depth);
    return out;
  }

  /** A marker or converted scalar: never cut by tighter limits. */
  private leaf(text: string): string {
    this.bound += stringBound(text);
    if (text.length > this.safeLeafLength) this.note(text, { k: 'leaf', v: text });
    return text;
  }

  private replacement(value: unknown): string {
    try {
      return this.replace ? this.replace(value) : '[REDACTED]';
    } catch {
      return '[REDACTED]';
    }
  }

  private note(out: unknown, what: Node | Count): void {
    (this.notes ??= []).push(out, what);
  }

  /** Records that the value at `depth` below the top, on the current path, was shaped. */
  private mark(depth: number): void {
    (this.shaped ??= new ShapedPaths()).addAt(this.path, depth);
  }
}

/**
 * The node tree of a walk's result, for rendering it again under tighter limits. Reads only what
 * the walk produced (never the user's value, except tensors, which are re-read as the first
 * rendering did). Object keys come back in the result's order, in which integer-like keys come
 * first (JS object order).
 */
export function treeOf(out: AnyValue, notes: Notes | undefined, shaped?: ShapedPaths, tagged?: Set<Node>): Node {
  const byValue = new Map<unknown, Node | Count>();
  if (notes !== undefined) for (let i = 0; i < notes.length; i += 2) byValue.set(notes[i], notes[i + 1] as Node | Count);
  const tags = shaped !== undefined && tagged !== undefined ? { paths: shaped.pathSet(), tagged } : undefined;
  return toNode(out, byValue, tags, '');
}

/**
 * The nodes at the paths the walk shaped, for the renderer to list them again wherever they are
 * still rendered: it cannot see every kind of shaping in a tree (a redaction is a short string).
 */
interface Tags { readonly paths: ReadonlySet<string>; readonly tagged: Set<Node> }

function toNode(value: AnyValue, notes: Map<unknown, Node | Count>, tags: Tags | undefined, path: string): Node {
  const node = nodeOf(value, notes, tags, path);
  if (tags !== undefined && tags.paths.has(cappedPath(path))) tags.tagged.add(node);
  return node;
}

function childPath(tags: Tags | undefined, path: string, key: string | number): string {
  if (tags === undefined) return '';
  return path === '' ? String(key) : `${path}.${key}`;
}

function nodeOf(value: AnyValue, notes: Map<unknown, Node | Count>, tags: Tags | undefined, path: string): Node {
  const noted = notes.get(value);
  if (noted !== undefined && !('count' in noted)) return noted;
  if (typeof value === 'string') return { k: 'str', s: value, length: value.length };
  if (typeof value !== 'object' || value === null) return { k: 'leaf', v: value as number | boolean | null };
  const count = noted as Count | undefined;
  if (Array.isArray(value)) {
    const n = count !== undefined ? value.length - 1 : value.length;
    const items: Node[] = new Array(n);
    for (let i = 0; i < n; i++) items[i] = toNode(value[i] as AnyValue, notes, tags, childPath(tags, path, i));
    return { k: 'arr', items, total: count !== undefined ? count.total : n };
  }
  const map = value as AnyValueMap;
  const keys = count !== undefined ? Object.keys(map).filter((key) => key !== MORE_KEYS_KEY) : Object.keys(map);
  const values: Node[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = toNode(map[keys[i]!] as AnyValue, notes, tags, childPath(tags, path, keys[i]!));
  return {
    k: 'obj',
    keys,
    values,
    total: count !== undefined ? count.total : keys.length,
    examined: count !== undefined ? count.examined : keys.length,
  };
}

/** Objects with at least this many keys are worth a template (smaller ones stay compact anyway). */
const WIDE_RECORD = 16;
/** How many object shapes are remembered; the oldest is forgotten first. */
const SHAPE_SLOTS = 16;

/** An object shape (keys in order) seen recently. */
interface Shape {
  readonly keys: readonly string[];
  /** Longest key: a template only serves walks that keep keys this long whole. */
  readonly longestKey: number;
  /** The template once the shape was seen twice; null when it can have none (a `__proto__` key). */
  template: object | null | undefined;
  /** What the keys add to the JSON size bound, with quotes and separators. */
  keysBound: number;
  /** Whether a key is on the default redaction list. */
  hasDefaultKey: boolean;
}

const shapes: Shape[] = [];
let nextSlot = 0;

/**
 * The remembered shape of objects with exactly these keys in this order (undefined the first time
 * a shape is seen). From the second time on it has a template: an object with every key set to
 * null, whose copies (`{ ...template }`, one allocation) keep a compact layout whatever values are
 * written into them. One-off shapes cost a look-up and nothing more. Why: an object given more
 * than a dozen keys one by one with computed names (`out[key] = v`) turns into a hash table about
 * six times larger, and a shaped body waits in the batch queue for up to a second; for a
 * 100-feature input, collecting those bodies was half the cost of `prediction()`.
 */
function shapeOf(keys: readonly string[]): Shape | undefined {
  const n = keys.length;
  for (let s = 0; s < shapes.length; s++) {
    const shape = shapes[s]!;
    const known = shape.keys;
    if (known.length !== n || known[0] !== keys[0] || known[n - 1] !== keys[n - 1]) continue;
    let j = 1;
    while (j < n - 1 && known[j] === keys[j]) j++;
    if (j < n - 1) continue;
    if (shape.template === undefined) completeShape(shape);
    return shape;
  }
  let longestKey = 0;
  for (let j = 0; j < n; j++) if (keys[j]!.length > longestKey) longestKey = keys[j]!.length;
  shapes[nextSlot] = { keys, longestKey, template: undefined, keysBound: 0, hasDefaultKey: false };
  nextSlot = (nextSlot + 1) % SHAPE_SLOTS;
  return undefined;
}

function completeShape(shape: Shape): void {
  const keys = shape.keys;
  if (keys.includes('__proto__')) {
    shape.template = null;
    return;
  }
  const template: Record<string, unknown> = {};
  for (const key of keys) Object.defineProperty(template, key, { value: null, enumerable: true, writable: true, configurable: true });
  // Hold a number once: V8 then lets every field hold anything, so writes never change the layout.
  for (const key of keys) template[key] = 0.5;
  for (const key of keys) template[key] = null;
  let keysBound = 0;
  let hasDefaultKey = false;
  for (const key of keys) {
    keysBound += stringBound(key) + 2;
    if (isDefaultRedactKey(key)) hasDefaultKey = true;
  }
  shape.keysBound = keysBound;
  shape.hasDefaultKey = hasDefaultKey;
  shape.template = template;
}

/** A plain copy of the first `n` entries of an object started from a template. */
function untemplated(out: AnyValueMap, keys: readonly string[], n: number): AnyValueMap {
  const fresh: AnyValueMap = {};
  for (let j = 0; j < n; j++) fresh[keys[j]!] = out[keys[j]!];
  return fresh;
}
