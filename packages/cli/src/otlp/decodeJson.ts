/**
 * Validates OTLP/HTTP JSON bodies and rewrites them into the canonical form the protobuf
 * decoder produces, so both encodings write identical lines: ids to lowercase hex (base64
 * ids from older senders are converted), 64-bit integers to decimal strings, enum names to
 * numbers, defaults dropped. Accepts the lowerCamelCase and the original snake_case field
 * names, as proto3 JSON parsers do, and ignores unknown fields. A field of the wrong type
 * throws {@link InvalidRequestError} naming its path (`resourceLogs[0].scopeLogs[1]...`); more
 * than {@link MAX_ELEMENTS} list elements throws a 413 `BodyError`. Integers beyond 2^53 are
 * exact when the body was parsed with {@link parseOtlpJson} (`JSON.parse` rounds them).
 */
import {
  makeEvent,
  makeKeyValue,
  makeLink,
  makeLogRecord,
  makeLogsData,
  makeResource,
  makeResourceLogs,
  makeResourceSpans,
  makeScope,
  makeScopeLogs,
  makeScopeSpans,
  makeSpan,
  makeStatus,
  makeTracesData,
} from './canonical.js';
import { MAX_DEPTH } from './decodeProtobuf.js';
import { MAX_ELEMENTS, tooManyElements } from './limits.js';
import { exactIntegerText } from './parseOtlpJson.js';
import {
  InvalidRequestError,
  type AnyValue,
  type InstrumentationScope,
  type KeyValue,
  type LogRecord,
  type LogsData,
  type Resource,
  type Span,
  type SpanEvent,
  type SpanLink,
  type SpanStatus,
  type TracesData,
} from './types.js';

type Json = Record<string, unknown>;

function fail(path: string, expected: string): never {
  throw new InvalidRequestError(`${path || 'body'}: expected ${expected}`);
}

/** snake_case names by camelCase name, computed once each: most fields are absent, so each lookup asks for both. */
const SNAKE = new Map<string, string>();

function snake(camel: string): string {
  let name = SNAKE.get(camel);
  if (name === undefined) {
    name = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    SNAKE.set(camel, name);
  }
  return name;
}

/** The value of a field under its camelCase or snake_case name. */
function field(o: Json, camel: string): unknown {
  const v = o[camel];
  if (v !== undefined) return v;
  return o[snake(camel)];
}

function object(v: unknown, path: string): Json | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || exactIntegerText(v) !== undefined) fail(path, 'an object');
  return v as Json;
}

function list(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) fail(path, 'an array');
  return v;
}

/** List elements decoded so far in the current request (see {@link MAX_ELEMENTS}); decoding is synchronous. */
let elements = 0;

/**
 * Decodes each element of a list field with its indexed path (`...events[2]`). Every list
 * decoded holds elements in the sense of {@link MAX_ELEMENTS}; they are counted before any is
 * decoded, so an oversized list costs nothing more.
 */
function listOf<T>(v: unknown, path: string, decode: (element: unknown, path: string) => T): T[] {
  const l = list(v, path);
  elements += l.length;
  if (elements > MAX_ELEMENTS) throw tooManyElements();
  return l.map((e, i) => decode(e, `${path}[${i}]`));
}

/**
 * Decodes each object of the list field `key` of `o` (a `resourceLogs`, `scopeSpans`... level
 * of the batch); an element that is not an object fails naming its index.
 */
function objectList<T>(o: Json, key: string, parent: string, decode: (element: Json, path: string) => T): T[] {
  return listOf(field(o, key), parent ? `${parent}.${key}` : key, (e, p) => decode(object(e, p) ?? fail(p, 'an object'), p));
}

function string(v: unknown, path: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(path, 'a string');
  return v;
}

const INT_RE = /^-?\d+$/;

/** A decimal integer already written as BigInt#toString writes it (no sign on 0, no leading zeros). */
const CANONICAL_INT_RE = /^(?:0|-?[1-9]\d*)$/;
const MAX_UINT64 = '18446744073709551615';
const MAX_INT64 = '9223372036854775807';
const MIN_INT64_DIGITS = '9223372036854775808';

/** Whether the canonical decimal `s` is in range, compared as text (same-length digit strings compare like numbers). */
function inRange(s: string, unsigned: boolean): boolean {
  const negative = s.charCodeAt(0) === 0x2d;
  if (unsigned) return !negative && (s.length < 20 || (s.length === 20 && s <= MAX_UINT64));
  const digits = negative ? s.slice(1) : s;
  const limit = negative ? MIN_INT64_DIGITS : MAX_INT64;
  return digits.length < 19 || (digits.length === 19 && digits <= limit);
}

function int64(v: unknown, path: string, unsigned: boolean): string | undefined {
  if (v === undefined || v === null) return undefined;
  // An integer beyond 2^53 written as a JSON number, kept as its text by parseOtlpJson.
  if (typeof v === 'object') v = exactIntegerText(v) ?? v;
  // Timestamps and counts as the SDKs send them: already canonical, no BigInt needed.
  if (typeof v === 'string' && v.length <= 20 && CANONICAL_INT_RE.test(v)) {
    if (inRange(v, unsigned)) return v;
    fail(path, 'an integer in range');
  }
  let n: bigint;
  if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
  else if (typeof v === 'string' && INT_RE.test(v)) n = BigInt(v);
  else fail(path, 'an integer (number or decimal string)');
  if (unsigned ? n < 0n || n >= 1n << 64n : n < -(1n << 63n) || n >= 1n << 63n) fail(path, 'an integer in range');
  return n.toString();
}

function uint32(v: unknown, path: string): number | undefined {
  const s = int64(v, path, true);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (n > 0xffffffff) fail(path, 'a 32-bit unsigned integer');
  return n;
}

function enumValue(v: unknown, path: string, names: Record<string, number>): number | undefined {
  if (typeof v === 'string' && names[v] !== undefined) return names[v];
  const s = int64(v, path, false);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (n < -0x80000000 || n > 0x7fffffff) fail(path, 'an enum number');
  return n;
}

function enumTable(prefix: string, names: string[]): Record<string, number> {
  const t: Record<string, number> = {};
  names.forEach((n, i) => {
    t[`${prefix}${n}`] = i;
  });
  return t;
}

const SEVERITY_NAMES = enumTable('SEVERITY_NUMBER_', [
  'UNSPECIFIED',
  ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((n) => [n, `${n}2`, `${n}3`, `${n}4`]),
]);
const SPAN_KIND_NAMES = enumTable('SPAN_KIND_', ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER']);
const STATUS_CODE_NAMES = enumTable('STATUS_CODE_', ['UNSET', 'OK', 'ERROR']);

const HEX_RE = /^[0-9a-fA-F]*$/;

/** A trace or span id: hex (the OTLP JSON rule) or base64 (what some older senders wrote). */
function id(v: unknown, path: string, bytes: number): string | undefined {
  const s = string(v, path);
  if (!s) return undefined;
  if (s.length === bytes * 2 && HEX_RE.test(s)) return s.toLowerCase();
  const raw = Buffer.from(s, 'base64');
  if (raw.length === bytes && raw.toString('base64').replace(/=+$/, '') === s.replace(/=+$/, '')) {
    return raw.toString('hex');
  }
  return fail(path, `a ${bytes}-byte id as ${bytes * 2} hex digits`);
}

/**
 * A double as a number, or one of the proto3 JSON strings for the non-finite ones. A number
 * literal beyond the double range (`1e400`, which JSON.parse makes Infinity) is refused:
 * written as JSON it would become `null`.
 */
function double(v: unknown, path: string): number | string {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    return fail(path, 'a number within the double range (write "Infinity", "-Infinity" or "NaN" as strings)');
  }
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v === 'object' && v !== null) {
    const text = exactIntegerText(v);
    if (text !== undefined) return Number(text);
  }
  return fail(path, 'a number');
}

function anyValue(v: unknown, path: string, depth: number): AnyValue {
  if (depth > MAX_DEPTH) throw new InvalidRequestError(`${path}: value nested deeper than ${MAX_DEPTH}`);
  const o = object(v, path);
  if (!o) return {};
  let x: unknown;
  if ((x = field(o, 'stringValue')) !== undefined && x !== null) return { stringValue: string(x, `${path}.stringValue`) as string };
  if ((x = field(o, 'boolValue')) !== undefined && x !== null) {
    if (typeof x !== 'boolean') fail(`${path}.boolValue`, 'a boolean');
    return { boolValue: x };
  }
  if ((x = field(o, 'intValue')) !== undefined && x !== null) return { intValue: int64(x, `${path}.intValue`, false) as string };
  if ((x = field(o, 'doubleValue')) !== undefined && x !== null) return { doubleValue: double(x, `${path}.doubleValue`) };
  if ((x = field(o, 'arrayValue')) !== undefined && x !== null) {
    const a = object(x, `${path}.arrayValue`) as Json;
    const values = listOf(a.values, `${path}.arrayValue.values`, (e, p) => anyValue(e, p, depth + 1));
    return { arrayValue: values.length > 0 ? { values } : {} };
  }
  if ((x = field(o, 'kvlistValue')) !== undefined && x !== null) {
    const a = object(x, `${path}.kvlistValue`) as Json;
    const values = listOf(a.values, `${path}.kvlistValue.values`, (e, p) => keyValue(e, p, depth + 1));
    return { kvlistValue: values.length > 0 ? { values } : {} };
  }
  if ((x = field(o, 'bytesValue')) !== undefined && x !== null) {
    const s = string(x, `${path}.bytesValue`) as string;
    return { bytesValue: Buffer.from(s, 'base64').toString('base64') };
  }
  return {};
}

function keyValue(v: unknown, path: string, depth: number): KeyValue {
  const o = object(v, path) ?? fail(path, 'a key/value object');
  return makeKeyValue(string(o.key, `${path}.key`) ?? '', anyValue(o.value, `${path}.value`, depth));
}

function attributes(v: unknown, path: string): KeyValue[] {
  return listOf(v, path, (e, p) => keyValue(e, p, 0));
}

function resource(v: unknown, path: string): Resource {
  const o = object(v, path);
  if (!o) return {};
  return makeResource({
    attributes: attributes(o.attributes, `${path}.attributes`),
    droppedAttributesCount: uint32(field(o, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
  });
}

function scope(v: unknown, path: string): InstrumentationScope {
  const o = object(v, path);
  if (!o) return {};
  return makeScope({
    name: string(o.name, `${path}.name`),
    version: string(o.version, `${path}.version`),
    attributes: attributes(o.attributes, `${path}.attributes`),
    droppedAttributesCount: uint32(field(o, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
  });
}

function logRecord(v: unknown, path: string): LogRecord {
  const o = object(v, path) ?? fail(path, 'a log record object');
  const body = field(o, 'body');
  return makeLogRecord({
    timeUnixNano: int64(field(o, 'timeUnixNano'), `${path}.timeUnixNano`, true),
    observedTimeUnixNano: int64(field(o, 'observedTimeUnixNano'), `${path}.observedTimeUnixNano`, true),
    severityNumber: enumValue(field(o, 'severityNumber'), `${path}.severityNumber`, SEVERITY_NAMES),
    severityText: string(field(o, 'severityText'), `${path}.severityText`),
    body: body === undefined || body === null ? undefined : anyValue(body, `${path}.body`, 0),
    attributes: attributes(o.attributes, `${path}.attributes`),
    droppedAttributesCount: uint32(field(o, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    flags: uint32(o.flags, `${path}.flags`),
    traceId: id(field(o, 'traceId'), `${path}.traceId`, 16),
    spanId: id(field(o, 'spanId'), `${path}.spanId`, 8),
    eventName: string(field(o, 'eventName'), `${path}.eventName`),
  });
}

function schemaUrl(o: Json, path: string): string | undefined {
  return string(field(o, 'schemaUrl'), `${path}.schemaUrl`);
}

/**
 * Validates and canonicalises a parsed OTLP JSON `ExportLogsServiceRequest`.
 * @throws InvalidRequestError when a field has the wrong type; a 413 BodyError over
 *   {@link MAX_ELEMENTS} list elements.
 * @example decodeLogsJson(parseOtlpJson(body)).resourceLogs?.[0]?.scopeLogs
 */
export function decodeLogsJson(body: unknown): LogsData {
  elements = 0;
  const o = object(body, '') ?? fail('', 'a JSON object');
  // Inner levels are decoded before their envelope fields, so the first bad field reported is the deepest.
  return makeLogsData(
    objectList(o, 'resourceLogs', '', (r, p) => {
      const scopes = objectList(r, 'scopeLogs', p, (sl, q) => {
        const records = listOf(field(sl, 'logRecords'), `${q}.logRecords`, logRecord);
        return makeScopeLogs(scope(sl.scope, `${q}.scope`), records, schemaUrl(sl, q));
      });
      return makeResourceLogs(resource(r.resource, `${p}.resource`), scopes, schemaUrl(r, p));
    }),
  );
}

function status(v: unknown, path: string): SpanStatus {
  const o = object(v, path);
  if (!o) return {};
  return makeStatus({
    message: string(o.message, `${path}.message`),
    code: enumValue(o.code, `${path}.code`, STATUS_CODE_NAMES),
  });
}

function spanEvent(v: unknown, path: string): SpanEvent {
  const o = object(v, path) ?? fail(path, 'an event object');
  return makeEvent({
    timeUnixNano: int64(field(o, 'timeUnixNano'), `${path}.timeUnixNano`, true),
    name: string(o.name, `${path}.name`),
    attributes: attributes(o.attributes, `${path}.attributes`),
    droppedAttributesCount: uint32(field(o, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
  });
}

function spanLink(v: unknown, path: string): SpanLink {
  const o = object(v, path) ?? fail(path, 'a link object');
  return makeLink({
    traceId: id(field(o, 'traceId'), `${path}.traceId`, 16),
    spanId: id(field(o, 'spanId'), `${path}.spanId`, 8),
    traceState: string(field(o, 'traceState'), `${path}.traceState`),
    attributes: attributes(o.attributes, `${path}.attributes`),
    droppedAttributesCount: uint32(field(o, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    flags: uint32(o.flags, `${path}.flags`),
  });
}

function span(v: unknown, path: string): Span {
  const o = object(v, path) ?? fail(path, 'a span object');
  return makeSpan({
    traceId: id(field(o, 'traceId'), `${path}.traceId`, 16),
    spanId: id(field(o, 'spanId'), `${path}.spanId`, 8),
    traceState: string(field(o, 'traceState'), `${path}.traceState`),
    parentSpanId: id(field(o, 'parentSpanId'), `${path}.parentSpanId`, 8),
    name: string(o.name, `${path}.name`),
    kind: enumValue(o.kind, `${path}.kind`, SPAN_KIND_NAMES),
    startTimeUnixNano: int64(field(o, 'startTimeUnixNano'), `${path}.startTimeUnixNano`, true),
    endTimeUnixNano: int64(field(o, 'endTimeUnixNano'), `${path}.endTimeUnixNano`, true),
    attributes: attributes(o.attributes, `${path}.attributes`),
    droppedAttributesCount: uint32(field(o, 'droppedAttributesCount'), `${path}.droppedAttributesCount`),
    events: listOf(o.events, `${path}.events`, spanEvent),
    droppedEventsCount: uint32(field(o, 'droppedEventsCount'), `${path}.droppedEventsCount`),
    links: listOf(o.links, `${path}.links`, spanLink),
    droppedLinksCount: uint32(field(o, 'droppedLinksCount'), `${path}.droppedLinksCount`),
    status: status(o.status, `${path}.status`),
    flags: uint32(o.flags, `${path}.flags`),
  });
}

/**
 * Validates and canonicalises a parsed OTLP JSON `ExportTraceServiceRequest`.
 * @throws InvalidRequestError when a field has the wrong type; a 413 BodyError over
 *   {@link MAX_ELEMENTS} list elements.
 * @example decodeTracesJson(parseOtlpJson(body)).resourceSpans?.length
 */
export function decodeTracesJson(body: unknown): TracesData {
  elements = 0;
  const o = object(body, '') ?? fail('', 'a JSON object');
  return makeTracesData(
    objectList(o, 'resourceSpans', '', (r, p) => {
      const scopes = objectList(r, 'scopeSpans', p, (ss, q) => {
        const spans = listOf(ss.spans, `${q}.spans`, span);
        return makeScopeSpans(scope(ss.scope, `${q}.scope`), spans, schemaUrl(ss, q));
      });
      return makeResourceSpans(resource(r.resource, `${p}.resource`), scopes, schemaUrl(r, p));
    }),
  );
}
