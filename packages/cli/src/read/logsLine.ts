/**
 * Parsing one line of a `logs.jsonl` / `ml-events.jsonl` file into a logs batch, checked
 * against the shape the readers rely on. Valid JSON of the wrong shape (`{"kvlistValue":null}`,
 * a timestamp beyond uint64, a numeric `severityText`, a body nested 100,000 levels deep) is
 * refused with the path of the first bad field, so `tail` and `dataset` skip and report that
 * one line instead of failing on it halfway through. Only the fields the readers use are
 * checked; unknown fields are ignored, as the OTLP JSON mapping asks.
 */
import { MAX_DEPTH } from '../otlp/decodeProtobuf.js';
import type { LogsData } from '../otlp/types.js';
import { escapeControlCharacters } from '../format/controlCharacters.js';

/** A problem: the path of the bad field (relative to the value checked) and what was expected. */
type Problem = string | undefined;

const UINT64_MAX = '18446744073709551615';
const DECIMAL_UINT = /^\d+$/;
const DECIMAL_INT = /^-?\d+$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function expected(what: string, v: unknown): string {
  return `: expected ${what}, got ${typeName(v)}`;
}

function optional(o: Record<string, unknown>, key: string, check: (v: unknown) => Problem): Problem {
  const v = o[key];
  if (v === undefined) return undefined;
  const p = check(v);
  return p === undefined ? undefined : `.${key}${p}`;
}

function each(v: unknown, check: (element: unknown) => Problem): Problem {
  if (!Array.isArray(v)) return expected('an array', v);
  for (let i = 0; i < v.length; i++) {
    const p = check(v[i]);
    if (p !== undefined) return `[${i}]${p}`;
  }
  return undefined;
}

const string = (v: unknown): Problem => (typeof v === 'string' ? undefined : expected('a string', v));
const finiteNumber = (v: unknown): Problem => (typeof v === 'number' && Number.isFinite(v) ? undefined : expected('a number', v));

/** A uint64 of nanoseconds: a decimal string (how OTLP JSON writes 64-bit integers) or a JSON number. */
function uint64(v: unknown): Problem {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= Number(UINT64_MAX) ? undefined : ': out of the uint64 range';
  if (typeof v !== 'string' || !DECIMAL_UINT.test(v)) return expected('a uint64 as a decimal string', v);
  const digits = v.replace(/^0+(?=\d)/, '');
  return digits.length < UINT64_MAX.length || (digits.length === UINT64_MAX.length && digits <= UINT64_MAX) ? undefined : ': out of the uint64 range';
}

function int64(v: unknown): Problem {
  if (typeof v === 'number') return Number.isInteger(v) ? undefined : expected('an integer', v);
  return typeof v === 'string' && DECIMAL_INT.test(v) ? undefined : expected('an int64 as a decimal string', v);
}

function double(v: unknown): Problem {
  if (typeof v === 'number' || typeof v === 'string') return undefined;
  return expected('a number', v);
}

function keyValues(v: unknown, depth: number): Problem {
  return each(v, (kv) => {
    if (!isObject(kv)) return expected('an object', kv);
    if (typeof kv.key !== 'string') return `.key${expected('a string', kv.key)}`;
    return optional(kv, 'value', (value) => anyValue(value, depth));
  });
}

function anyValue(v: unknown, depth: number): Problem {
  if (depth > MAX_DEPTH) return `: nested deeper than ${MAX_DEPTH}`;
  if (!isObject(v)) return expected('an object', v);
  return (
    optional(v, 'stringValue', string) ??
    optional(v, 'boolValue', (b) => (typeof b === 'boolean' ? undefined : expected('a boolean', b))) ??
    optional(v, 'intValue', int64) ??
    optional(v, 'doubleValue', double) ??
    optional(v, 'bytesValue', string) ??
    optional(v, 'arrayValue', (a) => (isObject(a) ? optional(a, 'values', (values) => each(values, (e) => anyValue(e, depth + 1))) : expected('an object', a))) ??
    optional(v, 'kvlistValue', (l) => (isObject(l) ? optional(l, 'values', (values) => keyValues(values, depth + 1)) : expected('an object', l)))
  );
}

const attributes = (v: unknown): Problem => keyValues(v, 0);

function logRecord(r: unknown): Problem {
  if (!isObject(r)) return expected('an object', r);
  return (
    optional(r, 'timeUnixNano', uint64) ??
    optional(r, 'observedTimeUnixNano', uint64) ??
    optional(r, 'severityNumber', finiteNumber) ??
    optional(r, 'severityText', string) ??
    optional(r, 'body', (b) => anyValue(b, 0)) ??
    optional(r, 'attributes', attributes) ??
    optional(r, 'traceId', string) ??
    optional(r, 'spanId', string) ??
    optional(r, 'eventName', string)
  );
}

function scopeLogs(sl: unknown): Problem {
  if (!isObject(sl)) return expected('an object', sl);
  return (
    optional(sl, 'scope', (s) => (isObject(s) ? (optional(s, 'name', string) ?? optional(s, 'version', string) ?? optional(s, 'attributes', attributes)) : expected('an object', s))) ??
    optional(sl, 'logRecords', (records) => each(records, logRecord))
  );
}

function resourceLogs(rl: unknown): Problem {
  if (!isObject(rl)) return expected('an object', rl);
  return (
    optional(rl, 'resource', (r) => (isObject(r) ? optional(r, 'attributes', attributes) : expected('an object', r))) ??
    optional(rl, 'scopeLogs', (list) => each(list, scopeLogs))
  );
}

/**
 * Parses a line into a logs batch, or says why it is not one: `not JSON: ...`, `not a JSON
 * object`, or `wrong shape: resourceLogs[0].scopeLogs[0].logRecords[2].body.kvlistValue:
 * expected an object, got null`. Reasons are for people: control characters in them (JSON.parse
 * quotes the bad input) are escaped. Never throws.
 * @example parseLogsLine('{"resourceLogs":[]}') // { resourceLogs: [] }
 */
export function parseLogsLine(text: string): LogsData | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return escapeControlCharacters(`not JSON: ${(err as Error).message}`);
  }
  if (!isObject(v)) return 'not a JSON object';
  const problem = optional(v, 'resourceLogs', (list) => each(list, resourceLogs));
  return problem === undefined ? (v as LogsData) : `wrong shape: ${problem.slice(1)}`;
}
