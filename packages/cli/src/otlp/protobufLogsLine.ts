/**
 * The receiver's fast path for OTLP/HTTP protobuf logs: converts an `ExportLogsServiceRequest`
 * straight into the JSON line `JSON.stringify(decodeLogsProtobuf(body))` would give, in one
 * pass over the body, writing bytes into a reused buffer: no decoded objects, no
 * intermediate strings for ASCII text, no UTF-8 encoding of the finished line. On a
 * 2,048-record batch of the SDK this is several times cheaper than decode + stringify, and
 * the receiver's per-batch time is what limits end-to-end throughput (the SDK keeps one
 * export in flight).
 *
 * It covers the layout every OTLP encoder produces (fields in the proto's declaration
 * order, each singular field once) and nothing else: on anything unusual (a repeated
 * singular field, fields out of order, a malformed body) it gives up and returns
 * `undefined`, and the caller decodes with {@link decodeLogsProtobuf}, which is the
 * reference for the output and for the 400 messages. So the fast path never has to
 * reproduce "last value wins" or the first error's message, only reject what it does not
 * handle. The differential test (`protobufLogsLine.test.ts`) holds both paths to the same
 * bytes.
 */
import { DATASET_EVENTS, ATTR_EVENT_NAME } from '../semconv.js';
import { MAX_DEPTH } from './decodeProtobuf.js';
import { asciiBytes, JsonBytes } from './jsonBytes.js';
import { MAX_ELEMENTS, MAX_LINE_BYTES } from './limits.js';
import { checkProtobufElements } from './protobufElements.js';

/** The line of one logs batch and what the receiver needs to know about it. */
export interface LogsLine {
  /** The batch's JSON line, newline included. */
  line: Buffer;
  /** Log records in the batch. */
  records: number;
  /**
   * True when a record may be an `ml.prediction` / `ml.feedback` event (its event name is
   * one, or it has an `event.name` attribute): such batches also go to `ml-events.jsonl`,
   * which the caller builds from the decoded objects.
   */
  mayHaveMlEvents: boolean;
}

/** Thrown inside this module only: the body is not one the fast path handles. */
const NOT_HANDLED = new Error('not handled by the fast path');

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

const L = asciiBytes;
const K_RESOURCE_LOGS = L('{"resourceLogs":[');
const K_EMPTY_OBJECT = L('{}');
const K_CLOSE_LIST_OBJECT = L(']}');
const K_RESOURCE = L('{"resource":');
const K_SCOPE_LOGS = L(',"scopeLogs":[');
const K_SCHEMA_URL = L('"schemaUrl":');
const K_SCOPE = L('{"scope":');
const K_LOG_RECORDS = L(',"logRecords":[');
const K_ATTRIBUTES = L('"attributes":[');
const K_DROPPED_ATTRIBUTES = L('"droppedAttributesCount":');
const K_NAME = L('"name":');
const K_VERSION = L('"version":');
const K_TIME = L('"timeUnixNano":"');
const K_OBSERVED = L('"observedTimeUnixNano":"');
const K_SEVERITY_NUMBER = L('"severityNumber":');
const K_SEVERITY_TEXT = L('"severityText":');
const K_BODY = L('"body":');
const K_FLAGS = L('"flags":');
const K_TRACE_ID = L('"traceId":"');
const K_SPAN_ID = L('"spanId":"');
const K_EVENT_NAME = L('"eventName":');
const K_KEY = L('{"key":');
const K_EMPTY_KEY = L('{"key":""');
const K_VALUE = L(',"value":');
const K_EMPTY_VALUE = L(',"value":{}}');
const K_STRING_VALUE = L('{"stringValue":');
const K_BOOL_TRUE = L('{"boolValue":true}');
const K_BOOL_FALSE = L('{"boolValue":false}');
const K_INT_VALUE = L('{"intValue":"');
const K_DOUBLE_VALUE = L('{"doubleValue":');
const K_ARRAY_VALUE = L('{"arrayValue":{');
const K_KVLIST_VALUE = L('{"kvlistValue":{');
const K_VALUES = L('"values":[');
const K_BYTES_VALUE = L('{"bytesValue":"');
const EVENT_NAME_KEY = Buffer.from(ATTR_EVENT_NAME);
const ML_EVENT_NAMES = DATASET_EVENTS.map((name) => Buffer.from(name));

/** Tag of LogRecord.observed_time_unix_nano (field 11, fixed64). */
const OBSERVED_TIME_TAG = (11 << 3) | WIRE_FIXED64;
const COMMA = 0x2c;
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

const EMPTY_BODY = Buffer.alloc(0);
const EMPTY_OUT = new JsonBytes(0);

/** Initial output size per body byte. */
const LINE_FACTOR = 3;

function int32Enum(v: number): number {
  return v > 0x7fffffff ? Number(BigInt.asIntN(32, BigInt(v))) : v;
}

/**
 * A cursor over a body and the output being written. One instance serves every conversion
 * (see {@link CONVERTER}).
 */
class Converter {
  private p = 0;
  private b: Buffer = EMPTY_BODY;
  private out: JsonBytes = EMPTY_OUT;
  records = 0;
  ml = false;

  /** Converts `body` whole into `out`; throws {@link NOT_HANDLED} on what it does not handle. */
  run(body: Buffer, out: JsonBytes): void {
    this.b = body;
    this.out = out;
    this.p = 0;
    this.records = 0;
    this.ml = false;
    try {
      this.request();
    } finally {
      this.b = EMPTY_BODY; // hold neither the body nor the line between conversions
      this.out = EMPTY_OUT;
    }
  }

  private varint(end: number): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.p >= end) throw NOT_HANDLED;
      const byte = this.b[this.p++] as number;
      result += (byte & 0x7f) * mul;
      if (byte < 0x80) return result;
      mul *= 128;
    }
    throw NOT_HANDLED;
  }

  /** Reads a tag; returns it whole (field = tag / 8, wire = tag % 8). */
  private tag(end: number): number {
    const t = this.varint(end);
    if (t < 8) throw NOT_HANDLED;
    return t;
  }

  /** Reads a length prefix; returns the end of the payload (the cursor is at its start). */
  private lenEnd(end: number): number {
    const len = this.varint(end);
    const e = this.p + len;
    if (e > end) throw NOT_HANDLED;
    return e;
  }

  private skip(wire: number, end: number): void {
    if (wire === WIRE_VARINT) this.varint(end);
    else if (wire === WIRE_FIXED64) this.need(8, end);
    else if (wire === WIRE_LEN) this.p = this.lenEnd(end);
    else if (wire === WIRE_FIXED32) this.need(4, end);
    else throw NOT_HANDLED;
  }

  private need(n: number, end: number): void {
    if (this.p + n > end) throw NOT_HANDLED;
    this.p += n;
  }

  private expect(wire: number, expected: number): void {
    if (wire !== expected) throw NOT_HANDLED;
  }

  /** A string field written as `"key":"value"`; skipped when `''` or `'0'` (the canonical builders' defaults). */
  private stringField(key: Uint8Array, end: number, comma: boolean): boolean {
    const e = this.lenEnd(end);
    const s = this.p;
    this.p = e;
    if (e === s || (e === s + 1 && this.b[s] === 0x30)) return false;
    if (comma) this.out.byte(COMMA);
    this.out.literal(key);
    this.out.utf8String(this.b, s, e);
    return true;
  }

  /** A varint count written as `"key":n`; skipped when 0. */
  private countField(key: Uint8Array, end: number, comma: boolean, asEnum: boolean): boolean {
    const raw = this.varint(end);
    const v = asEnum ? int32Enum(raw) : raw;
    if (v === 0) return false;
    if (comma) this.out.byte(COMMA);
    this.out.literal(key);
    this.out.number(v);
    return true;
  }

  /** A fixed64 timestamp written as `"key":"n"`; skipped when 0. */
  private timeField(key: Uint8Array, end: number, comma: boolean): boolean {
    this.need(8, end);
    return this.timeAt(key, this.p - 8, comma);
  }

  /** The observed time found by {@link observedTimeAt}. */
  private observedTime(at: number, comma: boolean): boolean {
    return this.timeAt(K_OBSERVED, at, comma);
  }

  private timeAt(key: Uint8Array, at: number, comma: boolean): boolean {
    const lo = this.b.readUInt32LE(at);
    const hi = this.b.readUInt32LE(at + 4);
    if (lo === 0 && hi === 0) return false;
    if (comma) this.out.byte(COMMA);
    this.out.literal(key);
    this.out.uint64(hi, lo);
    this.out.byte(QUOTE);
    return true;
  }

  /** A trace or span id written as `"key":"hex"`; skipped when empty, refused when not `bytes` long. */
  private idField(key: Uint8Array, bytes: number, end: number, comma: boolean): boolean {
    const e = this.lenEnd(end);
    const s = this.p;
    this.p = e;
    if (e === s) return false;
    if (e - s !== bytes) throw NOT_HANDLED;
    if (comma) this.out.byte(COMMA);
    this.out.literal(key);
    this.out.hex(this.b, s, e);
    this.out.byte(QUOTE);
    return true;
  }

  /** Whether `b[s, e)` equals `expected`. */
  private equals(s: number, e: number, expected: Buffer): boolean {
    if (e - s !== expected.length) return false;
    for (let i = 0; i < expected.length; i++) if (this.b[s + i] !== expected[i]) return false;
    return true;
  }

  /** An AnyValue; returns false (having written `{}`) when it has no known field. */
  private anyValue(end: number, depth: number): boolean {
    if (depth > MAX_DEPTH) throw NOT_HANDLED;
    const out = this.out;
    let set = false;
    while (this.p < end) {
      const t = this.tag(end);
      const field = Math.floor(t / 8);
      const wire = t % 8;
      if (field >= 1 && field <= 7) {
        // A second value field: "last one wins" is left to the reference decoder.
        if (set) throw NOT_HANDLED;
        set = true;
      }
      switch (field) {
        case 1: {
          this.expect(wire, WIRE_LEN);
          const e = this.lenEnd(end);
          out.literal(K_STRING_VALUE);
          out.utf8String(this.b, this.p, e);
          out.byte(CLOSE_BRACE);
          this.p = e;
          break;
        }
        case 2:
          this.expect(wire, WIRE_VARINT);
          out.literal(this.varint(end) !== 0 ? K_BOOL_TRUE : K_BOOL_FALSE);
          break;
        case 3:
          this.expect(wire, WIRE_VARINT);
          out.literal(K_INT_VALUE);
          this.int64(end);
          out.byte(QUOTE);
          out.byte(CLOSE_BRACE);
          break;
        case 4: {
          this.expect(wire, WIRE_FIXED64);
          this.need(8, end);
          const d = this.b.readDoubleLE(this.p - 8);
          out.literal(K_DOUBLE_VALUE);
          if (Number.isFinite(d)) out.number(d);
          else out.ascii(JSON.stringify(String(d)));
          out.byte(CLOSE_BRACE);
          break;
        }
        case 5:
        case 6: {
          this.expect(wire, WIRE_LEN);
          const e = this.lenEnd(end);
          out.literal(field === 5 ? K_ARRAY_VALUE : K_KVLIST_VALUE);
          let n = 0;
          while (this.p < e) {
            const it = this.tag(e);
            if (it === 10) {
              out.literal(n === 0 ? K_VALUES : COMMA_BYTES);
              n++;
              const ve = this.lenEnd(e);
              if (field === 5) this.anyValue(ve, depth + 1);
              else this.keyValue(ve, depth + 1);
              this.p = ve;
            } else if (Math.floor(it / 8) === 1) throw NOT_HANDLED;
            else this.skip(it % 8, e);
          }
          if (n > 0) out.byte(CLOSE_BRACKET);
          out.byte(CLOSE_BRACE);
          out.byte(CLOSE_BRACE);
          break;
        }
        case 7: {
          this.expect(wire, WIRE_LEN);
          const e = this.lenEnd(end);
          out.literal(K_BYTES_VALUE);
          out.ascii(this.b.toString('base64', this.p, e));
          out.byte(QUOTE);
          out.byte(CLOSE_BRACE);
          this.p = e;
          break;
        }
        default:
          this.skip(wire, end);
      }
    }
    if (!set) out.literal(K_EMPTY_OBJECT);
    return set;
  }

  /** An int64 varint in decimal, as `ProtobufReader.int64String` reads it. */
  private int64(end: number): void {
    const start = this.p;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 7 && this.p < end; i++) {
      const byte = this.b[this.p++] as number;
      result += (byte & 0x7f) * mul;
      if (byte < 0x80) {
        this.out.number(result);
        return;
      }
      mul *= 128;
    }
    // 8+ bytes (>= 2^49, or negative): rare, BigInt is fine.
    this.p = start;
    let big = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.p >= end) throw NOT_HANDLED;
      const byte = this.b[this.p++] as number;
      big |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.out.ascii(BigInt.asIntN(64, big).toString());
        return;
      }
      shift += 7n;
    }
    throw NOT_HANDLED;
  }

  /**
   * A KeyValue: `{"key":...,"value":...}`, key `""` and value `{}` when absent. Returns
   * whether the key is `event.name` (for ML event routing).
   */
  private keyValue(end: number, depth: number): boolean {
    const out = this.out;
    let isEventName = false;
    let slot = 0; // 0 nothing yet, 1 key written, 2 value written
    while (this.p < end) {
      const t = this.tag(end);
      const field = Math.floor(t / 8);
      if (field === 1) {
        if (slot !== 0) throw NOT_HANDLED;
        this.expect(t % 8, WIRE_LEN);
        const e = this.lenEnd(end);
        out.literal(K_KEY);
        out.utf8String(this.b, this.p, e);
        isEventName = this.equals(this.p, e, EVENT_NAME_KEY);
        this.p = e;
        slot = 1;
      } else if (field === 2) {
        if (slot === 2) throw NOT_HANDLED;
        this.expect(t % 8, WIRE_LEN);
        if (slot === 0) out.literal(K_EMPTY_KEY);
        const e = this.lenEnd(end);
        out.literal(K_VALUE);
        this.anyValue(e, depth);
        out.byte(CLOSE_BRACE);
        this.p = e;
        slot = 2;
      } else this.skip(t % 8, end);
    }
    if (slot === 0) out.literal(K_EMPTY_KEY);
    if (slot !== 2) out.literal(K_EMPTY_VALUE);
    return isEventName;
  }

  /**
   * One attribute of a repeated `attributes` field: opens the list on the first. Returns
   * whether its key is `event.name` (for ML event routing).
   */
  private attribute(wire: number, end: number, first: boolean, comma: boolean): boolean {
    this.expect(wire, WIRE_LEN);
    const e = this.lenEnd(end);
    const out = this.out;
    if (first) {
      if (comma) out.byte(COMMA);
      out.literal(K_ATTRIBUTES);
    } else out.byte(COMMA);
    const isEventName = this.keyValue(e, 0);
    this.p = e;
    return isEventName;
  }

  /** Resource / InstrumentationScope: optional name, version, attributes, dropped count. */
  private scopeLike(end: number, isScope: boolean): void {
    const out = this.out;
    out.byte(0x7b);
    let slot = -1;
    let wrote = false;
    while (this.p < end) {
      const t = this.tag(end);
      const wire = t % 8;
      // Resource: 1 attributes, 2 dropped. Scope: 1 name, 2 version, 3 attributes, 4 dropped.
      const field = Math.floor(t / 8);
      const s = isScope ? field - 1 : field === 1 ? 2 : field === 2 ? 3 : 9;
      if (s < 0 || s > 3) {
        this.skip(wire, end);
        continue;
      }
      if (s === 2 ? slot > 2 : slot >= s) throw NOT_HANDLED;
      if (slot === 2 && s !== 2) out.byte(CLOSE_BRACKET);
      if (s === 0) {
        this.expect(wire, WIRE_LEN);
        wrote = this.stringField(K_NAME, end, wrote) || wrote;
      } else if (s === 1) {
        this.expect(wire, WIRE_LEN);
        wrote = this.stringField(K_VERSION, end, wrote) || wrote;
      } else if (s === 2) {
        this.attribute(wire, end, slot !== 2, wrote);
        wrote = true;
      } else {
        this.expect(wire, WIRE_VARINT);
        wrote = this.countField(K_DROPPED_ATTRIBUTES, end, wrote, false) || wrote;
      }
      slot = s;
    }
    if (slot === 2) out.byte(CLOSE_BRACKET);
    out.byte(CLOSE_BRACE);
  }

  /** Slot (canonical position) of each LogRecord field number; -1 unknown (or 11, the observed time, handled apart). */
  private static readonly RECORD_SLOT = [-1, 0, 2, 3, -1, 4, 5, 6, 7, 8, 9, -1, 10];

  /**
   * Finds the record's observed time (field 11): encoders write it after field 10, but its
   * JSON key comes second. Returns its offset, or -1 when absent.
   */
  private observedTimeAt(end: number): number {
    const start = this.p;
    let at = -1;
    while (this.p < end) {
      const t = this.tag(end);
      if (t === OBSERVED_TIME_TAG) {
        if (at >= 0) throw NOT_HANDLED;
        at = this.p;
        this.need(8, end);
      } else if (Math.floor(t / 8) === 11) throw NOT_HANDLED;
      else this.skip(t % 8, end);
    }
    this.p = start;
    return at;
  }

  private logRecord(end: number): void {
    const out = this.out;
    out.byte(0x7b);
    let slot = -1;
    let wrote = false;
    let ml = false;
    let observedAt = this.observedTimeAt(end);
    while (this.p < end) {
      const t = this.tag(end);
      const wire = t % 8;
      const field = Math.floor(t / 8);
      if (t === OBSERVED_TIME_TAG) {
        // Written in its place, before the first field after it (or at the end).
        this.need(8, end);
        continue;
      }
      const s = field <= 12 ? (Converter.RECORD_SLOT[field] as number) : -1;
      if (s < 0) {
        this.skip(wire, end);
        continue;
      }
      if (s === 5 ? slot > 5 : slot >= s) throw NOT_HANDLED;
      if (slot === 5 && s !== 5) out.byte(CLOSE_BRACKET);
      if (observedAt >= 0 && s > 1) {
        wrote = this.observedTime(observedAt, wrote) || wrote;
        observedAt = -1;
      }
      switch (s) {
        case 0:
          this.expect(wire, WIRE_FIXED64);
          wrote = this.timeField(K_TIME, end, wrote) || wrote;
          break;
        case 2:
          this.expect(wire, WIRE_VARINT);
          wrote = this.countField(K_SEVERITY_NUMBER, end, wrote, true) || wrote;
          break;
        case 3:
          this.expect(wire, WIRE_LEN);
          wrote = this.stringField(K_SEVERITY_TEXT, end, wrote) || wrote;
          break;
        case 4: {
          this.expect(wire, WIRE_LEN);
          const e = this.lenEnd(end);
          const mark = out.pos;
          if (wrote) out.byte(COMMA);
          out.literal(K_BODY);
          // An empty body is no body: take back what was written.
          if (this.anyValue(e, 0)) wrote = true;
          else out.pos = mark;
          this.p = e;
          break;
        }
        case 5:
          if (this.attribute(wire, end, slot !== 5, wrote)) ml = true;
          wrote = true;
          break;
        case 6:
          this.expect(wire, WIRE_VARINT);
          wrote = this.countField(K_DROPPED_ATTRIBUTES, end, wrote, false) || wrote;
          break;
        case 7: {
          this.expect(wire, WIRE_FIXED32);
          this.need(4, end);
          const flags = this.b.readUInt32LE(this.p - 4);
          if (flags !== 0) {
            if (wrote) out.byte(COMMA);
            out.literal(K_FLAGS);
            out.number(flags);
            wrote = true;
          }
          break;
        }
        case 8:
          this.expect(wire, WIRE_LEN);
          wrote = this.idField(K_TRACE_ID, 16, end, wrote) || wrote;
          break;
        case 9:
          this.expect(wire, WIRE_LEN);
          wrote = this.idField(K_SPAN_ID, 8, end, wrote) || wrote;
          break;
        default: {
          this.expect(wire, WIRE_LEN);
          const prefix = this.p;
          const e = this.lenEnd(end);
          for (const name of ML_EVENT_NAMES) if (this.equals(this.p, e, name)) ml = true;
          this.p = prefix; // stringField reads the length again
          wrote = this.stringField(K_EVENT_NAME, end, wrote) || wrote;
        }
      }
      slot = s;
    }
    if (slot === 5) out.byte(CLOSE_BRACKET);
    if (observedAt >= 0) this.observedTime(observedAt, wrote);
    out.byte(CLOSE_BRACE);
    if (ml) this.ml = true;
    this.records++;
  }

  /** ScopeLogs: `{"scope":{...},"logRecords":[...],"schemaUrl":...}`; scope always present. */
  private scopeLogs(end: number): void {
    this.container(end, true);
  }

  /** ResourceLogs: `{"resource":{...},"scopeLogs":[...],"schemaUrl":...}`; resource always present. */
  private resourceLogs(end: number): void {
    this.container(end, false);
  }

  /**
   * The shape shared by ResourceLogs and ScopeLogs: 1 head message, 2 repeated items, 3 schema
   * URL. A flag, not callbacks: V8 inlines a closure call with a check against that very
   * closure, so closures made per batch would throw the optimised code away at every GC
   * ("weak objects" deoptimisation), and the receiver would spend a core recompiling it.
   */
  private container(end: number, isScopeLogs: boolean): void {
    const out = this.out;
    const headKey = isScopeLogs ? K_SCOPE : K_RESOURCE;
    const listKey = isScopeLogs ? K_LOG_RECORDS : K_SCOPE_LOGS;
    let slot = -1;
    while (this.p < end) {
      const t = this.tag(end);
      const wire = t % 8;
      const field = Math.floor(t / 8);
      if (field < 1 || field > 3) {
        this.skip(wire, end);
        continue;
      }
      const s = field - 1;
      if (s === 1 ? slot > 1 : slot >= s) throw NOT_HANDLED;
      this.expect(wire, WIRE_LEN);
      if (slot < 0) {
        out.literal(headKey);
        if (s !== 0) out.literal(K_EMPTY_OBJECT);
      }
      if (slot === 1 && s !== 1) out.byte(CLOSE_BRACKET);
      if (s === 0) {
        const e = this.lenEnd(end);
        this.scopeLike(e, isScopeLogs);
        this.p = e;
      } else if (s === 1) {
        out.literal(slot === 1 ? COMMA_BYTES : listKey);
        const e = this.lenEnd(end);
        if (isScopeLogs) this.logRecord(e);
        else this.scopeLogs(e);
        this.p = e;
      } else this.stringField(K_SCHEMA_URL, end, true);
      slot = s;
    }
    if (slot < 0) {
      out.literal(headKey);
      out.literal(K_EMPTY_OBJECT);
    }
    if (slot === 1) out.byte(CLOSE_BRACKET);
    out.byte(CLOSE_BRACE);
  }

  /** The whole request. */
  private request(): void {
    const out = this.out;
    const end = this.b.length;
    let n = 0;
    while (this.p < end) {
      const t = this.tag(end);
      if (t === 10) {
        out.literal(n === 0 ? K_RESOURCE_LOGS : COMMA_BYTES);
        n++;
        const e = this.lenEnd(end);
        this.resourceLogs(e);
        this.p = e;
      } else if (Math.floor(t / 8) === 1) throw NOT_HANDLED;
      else this.skip(t % 8, end);
    }
    out.literal(n === 0 ? K_EMPTY_OBJECT : K_CLOSE_LIST_OBJECT);
    out.byte(0x0a);
  }
}

const COMMA_BYTES = L(',');

/**
 * The one converter, reused: conversions are synchronous, so they never overlap. A converter
 * per body would make the optimised code of its methods, which V8 specialises on the objects
 * it saw, depend on objects that die at the next GC; V8 then throws that code away ("weak
 * objects" deoptimisation) and recompiles it, batch after batch, on the receiver's spare core.
 */
const CONVERTER = new Converter();

/**
 * The JSON line of an OTLP/HTTP protobuf logs body, identical to
 * `JSON.stringify(decodeLogsProtobuf(body)) + '\n'`, or `undefined` when the body is
 * malformed or laid out in a way only the reference decoder handles: then decode it with
 * {@link decodeLogsProtobuf} (which also gives the error for the 400). Also `undefined` past
 * {@link MAX_ELEMENTS} elements (the decoder gives the 413) or a line of {@link MAX_LINE_BYTES}
 * (the decoder decides). Never throws.
 * @example
 * const fast = protobufLogsLine(body);
 * const line = fast ? fast.line : Buffer.from(`${JSON.stringify(decodeLogsProtobuf(body))}\n`);
 */
export function protobufLogsLine(body: Buffer): LogsLine | undefined {
  try {
    // Over the element limit, stop before a million elements' worth of line is written.
    checkProtobufElements(body, 'logs');
    // Sized for the usual line (about 2.8x the body on the SDK's records), so it rarely grows
    // and is handed over as is, without a copy.
    const out = new JsonBytes(Math.ceil(body.length * LINE_FACTOR) + 1024, MAX_LINE_BYTES);
    CONVERTER.run(body, out);
    return { line: out.take(), records: CONVERTER.records, mayHaveMlEvents: CONVERTER.ml };
  } catch {
    // NOT_HANDLED, a RangeError (stack overflow, line too large) or the element limit's 413: the reference decoder decides.
    return undefined;
  }
}
