/**
 * Which parts of a record's body were shaped by the SDK (strings cut, keys or items cut,
 * numeric arrays summarised, bytes hashed, depth cut, fields truncated, values redacted):
 * training on such a value without knowing is the silent corruption `strict` exists to stop.
 *
 * Current SDKs list the paths in the `ml.payload.shaped` attribute. Older SDKs, and producers
 * in other languages, do not, so without the attribute the body is searched for the markers
 * shaping leaves (docs/schema.md, "Payload shaping"): a `…` key holding `[…N more keys]`, a
 * last item `[…N more items]`, a string ending in `…[N more chars]`, a map that is only a
 * `$summary`, `$bytes` or `$truncated`, `[Object]`/`[Array(N)]` in place of a deep container,
 * and `[REDACTED]`, `hmac-sha256:<hex>` or `[omitted]` in place of a value.
 */
import { findAttribute, plainText, toPlain, type LogEntry } from '../read/otlpValues.js';
import { ATTR_ML_PAYLOAD_SHAPED } from '../semconv.js';

/** Most paths listed per record, as in the SDK: past it the last entry is {@link MORE_PATHS}. */
export const MAX_SHAPED_PATHS = 32;
/** The last entry of a list that was cut at {@link MAX_SHAPED_PATHS}. */
export const MORE_PATHS = '…';

// A line matching none of these holds no marker: its records need no search. `…` may be
// written raw or escaped, depending on the JSON encoder of the exporter. One regular
// expression over the decoded line is several times faster than a byte search per marker.
const MARKER_TEXT = /…|\\u2026|"\$(?:summary|bytes|truncated)"|"\[(?:REDACTED|omitted|Object|Array\()|hmac-sha256:/;

const MORE_KEYS_KEY = '…';
const MORE_KEYS = /^\[…\d+ more keys\]$/;
const MORE_ITEMS = /^\[…\d+ more items\]$/;
const MORE_CHARS = /…\[\d+ more chars\]$/;
const REPLACED_VALUE = /^(?:\[REDACTED\]|\[omitted\]|\[Object\]|\[Array\(\d+\)\]|hmac-sha256:[0-9a-f]{64})$/;
const SUMMARY_KEYS = new Set(['$summary', '$bytes', '$truncated']);

/**
 * Whether an input line (its JSON text) may hold a shaping marker (false means certainly
 * none), so the body search runs only on the few lines that need it.
 * @example mayHoldShapingMarkers('{"input":{"x":1}}') // false
 */
export function mayHoldShapingMarkers(line: string): boolean {
  return MARKER_TEXT.test(line);
}

/**
 * The shaped body paths of a record: its `ml.payload.shaped` attribute when it has one (a
 * list of strings, or one string), else, when `searchBody` is true, the paths of the markers
 * found in `body` (its plain value). Undefined when nothing was shaped. Never throws.
 * @example shapedPathsOf(entry, { input: { text: 'ab…[3 more chars]' } }, true) // ['input.text']
 */
export function shapedPathsOf(entry: LogEntry, body: unknown, searchBody: boolean): string[] | undefined {
  const listed = toPlain(findAttribute(entry.record.attributes, ATTR_ML_PAYLOAD_SHAPED));
  if (listed !== undefined && listed !== null) {
    const paths = (Array.isArray(listed) ? listed : [listed]).filter((p) => p !== null && p !== undefined && p !== '').map(plainText);
    return paths.length > 0 ? paths : undefined;
  }
  if (!searchBody) return undefined;
  const found = markedPaths(body);
  return found.length > 0 ? found : undefined;
}

/**
 * The dotted paths (from the body root, array indexes as segments) of the shaping markers in
 * a body, at most {@link MAX_SHAPED_PATHS}.
 * @example markedPaths({ input: { '…': '[…72 more keys]', a: 1 } }) // ['input']
 */
export function markedPaths(body: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown, path: string): void => {
    // Past the cap nothing more is listed: stop descending.
    if (found.length > MAX_SHAPED_PATHS) return;
    if (typeof v === 'string') {
      if (MORE_CHARS.test(v) || REPLACED_VALUE.test(v)) found.push(path);
    } else if (Array.isArray(v)) {
      const last: unknown = v[v.length - 1];
      if (typeof last === 'string' && MORE_ITEMS.test(last)) found.push(path);
      v.forEach((item, i) => visit(item, join(path, String(i))));
    } else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && SUMMARY_KEYS.has(keys[0]!)) {
        found.push(path);
        return;
      }
      const more = o[MORE_KEYS_KEY];
      if (typeof more === 'string' && MORE_KEYS.test(more)) found.push(path);
      for (const k of keys) if (k !== MORE_KEYS_KEY) visit(o[k], join(path, k));
    }
  };
  visit(body, '');
  if (found.length > MAX_SHAPED_PATHS) return [...found.slice(0, MAX_SHAPED_PATHS - 1), MORE_PATHS];
  return found;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The columns a row's shaped paths affected: for each path, its longest dotted prefix that is
 * a column of the row (`input.tokens.7` inside the JSON text of `input.tokens` is that
 * column), else the path itself (`input.embedding` summarised into `input.embedding.$summary.*`
 * columns, or `input` when keys of the input were cut). Distinct, in path order;
 * {@link MORE_PATHS} is left out.
 * @example shapedColumnsOf(['input.text', 'output.top.3'], { 'input.text': 'x…', output: {} }) // ['input.text', 'output']
 */
export function shapedColumnsOf(paths: readonly string[], row: Readonly<Record<string, unknown>>): string[] {
  const columns = new Set<string>();
  for (const path of paths) {
    if (path === MORE_PATHS) continue;
    let prefix = path;
    while (!Object.hasOwn(row, prefix)) {
      const dot = prefix.lastIndexOf('.');
      if (dot < 0) {
        prefix = path;
        break;
      }
      prefix = prefix.slice(0, dot);
    }
    columns.add(prefix);
  }
  return [...columns];
}
