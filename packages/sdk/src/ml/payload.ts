import { createHash } from 'node:crypto';
import type { AnyValue, AnyValueMap } from '@opentelemetry/api-logs';
import { MIN_STRING_LENGTH, type PayloadOptions } from './payloadOptions.js';
import type { Redactor } from './redaction.js';
import { initialLimits, MARKERS, type Limits, type Node } from './payloadTree.js';
import { PayloadWalk, treeOf } from './payloadWalk.js';
import { render, Renderer, setKey } from './payloadRender.js';
import { ShapedPaths } from './shapedPaths.js';

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
 *
 * With `shaped`, the paths of the result that shaping changed (a string or key cut, keys or items
 * cut, a `$summary`, `$bytes`, a depth marker, `$truncated`, a redaction, `'[omitted]'`) are
 * appended to it, dotted from the value (`text`, `rows.3`; `''` is the value itself), at most 32
 * (then the 32nd is `'…'`); nothing is appended when nothing was shaped.
 * @example
 * const shaped: string[] = [];
 * shapePayload({ text: 'x'.repeat(2000), emb: new Float32Array(1e6) }, resolvePayloadOptions(), undefined, shaped)
 * // { text: 'xxx…[976 more chars]', emb: { $summary: { type: 'Float32Array', shape: [1000000], ... } } }
 * // shaped: ['text', 'emb']
 */
export function shapePayload(value: unknown, opts: PayloadOptions, redactor?: Redactor, shaped?: string[]): AnyValue {
  const start = shaped?.length ?? 0;
  try {
    if (opts.mode === 'none') {
      shaped?.push('');
      return MARKERS.omitted;
    }
    const walk = new PayloadWalk(opts, redactor?.replacement);
    return fitBudget(walk.value(value, 0, redactor?.root), walk, opts, 0, shaped);
  } catch {
    if (shaped !== undefined) {
      shaped.length = start;
      shaped.push('');
    }
    return SHAPE_FAILED;
  }
}

/**
 * Shapes a record body made of named fields (`{ input, output }`, `{ actual }`, `{ name, value }`)
 * with one budget for the whole body. The field names are always kept, whatever the budget (the
 * backends and the dataset builder look for them); fields whose value is `undefined` are left out.
 * In `none` mode each field is `'[omitted]'`. Redaction paths are relative to the body
 * (`input.email`). When nothing else fits, the largest fields become `{ $truncated }` one by one.
 * With `shaped`, the body paths that shaping changed are appended to it, as for
 * {@link shapePayload} (`input.text`, `input.embedding`, and `input` itself when keys of the
 * input were cut): what a record carries as `ml.payload.shaped`. Never throws.
 * @example
 * shapeBody({ input: { sepal_length: 5.1 }, output: 'setosa' }, opts, redactor)
 * // { input: { sepal_length: 5.1 }, output: 'setosa' }
 */
export function shapeBody(fields: Readonly<Record<string, unknown>>, opts: PayloadOptions, redactor?: Redactor, shaped?: string[]): AnyValueMap {
  const start = shaped?.length ?? 0;
  try {
    if (opts.mode === 'none') {
      const body: AnyValueMap = {};
      for (const key of Object.keys(fields)) {
        if (fields[key] === undefined) continue;
        setKey(body, key, MARKERS.omitted);
        shaped?.push(key);
      }
      return body;
    }
    const walk = new PayloadWalk(opts, redactor?.replacement);
    return fitBudget(walk.fields(fields, redactor?.root), walk, opts, 1, shaped) as AnyValueMap;
  } catch {
    if (shaped !== undefined) {
      shaped.length = start;
      shaped.push('');
    }
    return { value: SHAPE_FAILED };
  }
}

/**
 * Returns the walk's result when its JSON fits `maxBytes` (known without measuring when the
 * walk's bound says so, the usual case); else renders it again with tighter limits until it fits.
 * `protectDepth` 1 keeps the root object's keys whatever the limits (a body's field names).
 * Appends the paths shaped in what it returns to `shaped`.
 */
function fitBudget(out: AnyValue, walk: PayloadWalk, opts: PayloadOptions, protectDepth: 0 | 1, shaped: string[] | undefined): AnyValue {
  if (walk.bound <= opts.maxBytes) {
    if (shaped !== undefined) walk.shaped?.appendTo(shaped);
    return out;
  }
  const first = JSON.stringify(out) ?? 'null';
  if (Buffer.byteLength(first) <= opts.maxBytes) {
    if (shaped !== undefined) walk.shaped?.appendTo(shaped);
    return out;
  }
  const tagged = new Set<Node>();
  const tree = treeOf(out, walk.notes, walk.shaped, tagged);
  const summarize = opts.mode === 'summary';
  const more = walk.shaped?.hasMore === true;
  let limits = tighten(initialLimits(opts), protectDepth);
  while (limits !== undefined) {
    const renderer = new Renderer(limits, protectDepth, summarize, tagged.size > 0 ? tagged : undefined);
    const rendered = renderer.render(tree, 0);
    if (renderer.bound <= opts.maxBytes || Buffer.byteLength(JSON.stringify(rendered) ?? 'null') <= opts.maxBytes) {
      if (shaped !== undefined) appendShaped(shaped, renderer.shaped, more);
      return rendered;
    }
    limits = tighten(limits, protectDepth);
  }
  const marker = truncated(first);
  if (protectDepth === 1 && tree.k === 'obj') return truncateFields(tree, opts, marker, tagged, shaped, more);
  shaped?.push('');
  return marker;
}

/** Appends a rendering's shaped paths; `more` when the first walk had more than it could list. */
function appendShaped(target: string[], paths: ShapedPaths | undefined, more: boolean): void {
  if (!more) {
    paths?.appendTo(target);
    return;
  }
  const all = new ShapedPaths();
  all.addAll(paths);
  all.markMore();
  all.appendTo(target);
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

/**
 * Body of last resort: each field (largest first) becomes `$truncated` until the body fits.
 * Appends the shaped paths of the body it returns to `shaped` (a `$truncated` field is its own
 * path; `''` when even that did not fit and the whole body is one `$truncated`).
 */
function truncateFields(
  tree: Node & { k: 'obj' }, opts: PayloadOptions, whole: AnyValueMap, tagged: ReadonlySet<Node>, shaped: string[] | undefined, more: boolean,
): AnyValueMap {
  const tight: Limits = { items: 1, chars: MIN_STRING_LENGTH, depth: 1 };
  const summarize = opts.mode === 'summary';
  const body: AnyValueMap = {};
  const sizes: Array<[string, number]> = [];
  const fieldPaths: Array<ShapedPaths | undefined> = [];
  tree.keys.forEach((key, i) => {
    const renderer = new Renderer(tight, 1, summarize, tagged.size > 0 ? tagged : undefined);
    const value = renderer.renderField(key, tree.values[i]!);
    setKey(body, key, value);
    fieldPaths[i] = renderer.shaped;
    sizes.push([key, Buffer.byteLength(JSON.stringify(value) ?? 'null')]);
  });
  sizes.sort((a, b) => b[1] - a[1]);
  const cut = new Set<string>();
  let fits = false;
  for (const [key] of sizes) {
    if (Buffer.byteLength(JSON.stringify(body)) <= opts.maxBytes) {
      fits = true;
      break;
    }
    const i = tree.keys.indexOf(key);
    const full = JSON.stringify(render(tree.values[i]!, initialLimits(opts), 1, 0, summarize)) ?? 'null';
    setKey(body, key, truncated(full));
    cut.add(key);
  }
  if (!fits && Buffer.byteLength(JSON.stringify(body)) > opts.maxBytes) {
    shaped?.push('');
    return whole;
  }
  if (shaped !== undefined) {
    const all = new ShapedPaths();
    tree.keys.forEach((key, i) => {
      if (cut.has(key)) all.add(key);
      else all.addAll(fieldPaths[i]);
    });
    if (more) all.markMore();
    all.appendTo(shaped);
  }
  return body;
}
