/**
 * A single validating walk over an OTLP/HTTP protobuf logs body (`ExportLogsServiceRequest`)
 * that builds nothing: it answers whether {@link decodeLogsProtobuf} would accept the body.
 * The receiver uses it to answer a large batch 200 before converting it: once the walk has
 * vouched for a body, the conversion that follows the answer (fast path or reference
 * decoder) cannot reject it.
 *
 * It applies exactly the reference decoder's rules, including its semantic ones: well-formed
 * varints (at most 10 bytes), field number 0 refused, known fields with their expected wire
 * type, lengths and fixed-size fields within their enclosing message, only wire types 0, 1,
 * 2 and 5 for unknown fields, trace ids of 0 or 16 bytes and span ids of 0 or 8, and AnyValue
 * nesting no deeper than {@link MAX_DEPTH}, and at most {@link MAX_ELEMENTS} elements (counted
 * by `checkProtobufElements`, as the decoder counts them: it refuses more with a 413, so such a
 * body is not vouched for). Text is not checked: the decoder replaces invalid UTF-8 rather
 * than refusing it. The differential test (`validateLogsProtobuf.test.ts`)
 * holds the walk and the decoder to the same verdict.
 */
import { MAX_DEPTH } from './decodeProtobuf.js';
import { MAX_ELEMENTS } from './limits.js';
import { checkProtobufElements } from './protobufElements.js';

const EMPTY = Buffer.alloc(0);

/** Thrown inside this module only: the reference decoder would reject the body. */
const INVALID = new Error('invalid protobuf logs body');

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

/** Kinds of sub-message, for {@link Walk.message}. */
const ANY_VALUE = 0;
const KEY_VALUE = 1;
const ARRAY_VALUE = 2;
const KVLIST_VALUE = 3;
const RESOURCE = 4;
const SCOPE = 5;
const LOG_RECORD = 6;
const SCOPE_LOGS = 7;
const RESOURCE_LOGS = 8;

/** One walk: a cursor over the body. Every method throws {@link INVALID} where the decoder throws. */
class Walk {
  private p = 0;
  private b: Buffer = EMPTY;

  /** Walks `body` whole; throws {@link INVALID} where the decoder throws. */
  run(body: Buffer): void {
    this.b = body;
    this.p = 0;
    try {
      this.request();
    } finally {
      this.b = EMPTY; // hold no body between walks
    }
  }

  /** Same arithmetic as `ProtobufReader.varint`, so the same tags and lengths come out. */
  private varint(end: number): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.p >= end) throw INVALID;
      const byte = this.b[this.p++] as number;
      result += (byte & 0x7f) * mul;
      if (byte < 0x80) return result;
      mul *= 128;
    }
    throw INVALID;
  }

  /** A tag as the decoder reads it; returns it whole (field = floor(t / 8), wire = t % 8). */
  private tag(end: number): number {
    const t = this.varint(end);
    if (Math.floor(t / 8) === 0) throw INVALID;
    return t;
  }

  private need(n: number, end: number): void {
    if (this.p + n > end) throw INVALID;
    this.p += n;
  }

  /** Reads a length prefix; returns the payload's end (the cursor is at its start). */
  private lenEnd(end: number): number {
    const len = this.varint(end);
    if (this.p + len > end) throw INVALID;
    return this.p + len;
  }

  private skip(wire: number, end: number): void {
    if (wire === WIRE_VARINT) this.varint(end);
    else if (wire === WIRE_FIXED64) this.need(8, end);
    else if (wire === WIRE_LEN) this.p = this.lenEnd(end);
    else if (wire === WIRE_FIXED32) this.need(4, end);
    else throw INVALID;
  }

  /** Checks a known field's wire type, then steps over its payload. */
  private field(wire: number, expected: number, end: number): void {
    if (wire !== expected) throw INVALID;
    this.skip(wire, end);
  }

  /** A length-delimited id: empty, or exactly `bytes` long. */
  private id(wire: number, bytes: number, end: number): void {
    if (wire !== WIRE_LEN) throw INVALID;
    const e = this.lenEnd(end);
    if (e !== this.p && e - this.p !== bytes) throw INVALID;
    this.p = e;
  }

  /**
   * A length-delimited sub-message of the given kind; the cursor ends after it. A kind code,
   * not a callback: no closure per field on the answer path.
   */
  private message(wire: number, end: number, kind: number, depth: number): void {
    if (wire !== WIRE_LEN) throw INVALID;
    const e = this.lenEnd(end);
    switch (kind) {
      case ANY_VALUE:
        this.anyValue(e, depth);
        break;
      case KEY_VALUE:
        this.keyValue(e, depth);
        break;
      case ARRAY_VALUE:
        this.list(e, ANY_VALUE, depth + 1);
        break;
      case KVLIST_VALUE:
        this.list(e, KEY_VALUE, depth + 1);
        break;
      case RESOURCE:
        this.scopeLike(e, false);
        break;
      case SCOPE:
        this.scopeLike(e, true);
        break;
      case LOG_RECORD:
        this.logRecord(e);
        break;
      case SCOPE_LOGS:
        this.container(e, SCOPE, LOG_RECORD);
        break;
      default:
        this.container(e, RESOURCE, SCOPE_LOGS);
    }
    this.p = e;
  }

  private anyValue(end: number, depth: number): void {
    // Checked on entry, as the decoder does, even for an empty value.
    if (depth > MAX_DEPTH) throw INVALID;
    while (this.p < end) {
      const t = this.tag(end);
      const field = Math.floor(t / 8);
      const wire = t % 8;
      switch (field) {
        case 1:
        case 7:
          this.field(wire, WIRE_LEN, end);
          break;
        case 2:
        case 3:
          this.field(wire, WIRE_VARINT, end);
          break;
        case 4:
          this.field(wire, WIRE_FIXED64, end);
          break;
        case 5:
          this.message(wire, end, ARRAY_VALUE, depth);
          break;
        case 6:
          this.message(wire, end, KVLIST_VALUE, depth);
          break;
        default:
          this.skip(wire, end);
      }
    }
  }

  /** ArrayValue / KeyValueList: repeated field 1, each an `item` at `depth`. */
  private list(end: number, item: number, depth: number): void {
    while (this.p < end) {
      const t = this.tag(end);
      if (Math.floor(t / 8) === 1) this.message(t % 8, end, item, depth);
      else this.skip(t % 8, end);
    }
  }

  private keyValue(end: number, depth: number): void {
    while (this.p < end) {
      const t = this.tag(end);
      const field = Math.floor(t / 8);
      if (field === 1) this.field(t % 8, WIRE_LEN, end);
      else if (field === 2) this.message(t % 8, end, ANY_VALUE, depth);
      else this.skip(t % 8, end);
    }
  }

  private attribute(wire: number, end: number): void {
    this.message(wire, end, KEY_VALUE, 0);
  }

  /** Resource (1 attributes, 2 dropped count) or InstrumentationScope (1 name, 2 version, 3 attributes, 4 dropped count). */
  private scopeLike(end: number, isScope: boolean): void {
    while (this.p < end) {
      const t = this.tag(end);
      const field = Math.floor(t / 8);
      const wire = t % 8;
      const attributes = isScope ? 3 : 1;
      const dropped = isScope ? 4 : 2;
      if (field === attributes) this.attribute(wire, end);
      else if (field === dropped) this.field(wire, WIRE_VARINT, end);
      else if (isScope && (field === 1 || field === 2)) this.field(wire, WIRE_LEN, end);
      else this.skip(wire, end);
    }
  }

  private logRecord(end: number): void {
    while (this.p < end) {
      const t = this.tag(end);
      const wire = t % 8;
      switch (Math.floor(t / 8)) {
        case 1:
        case 11:
          this.field(wire, WIRE_FIXED64, end);
          break;
        case 2:
        case 7:
          this.field(wire, WIRE_VARINT, end);
          break;
        case 3:
        case 12:
          this.field(wire, WIRE_LEN, end);
          break;
        case 5:
          this.message(wire, end, ANY_VALUE, 0);
          break;
        case 6:
          this.attribute(wire, end);
          break;
        case 8:
          this.field(wire, WIRE_FIXED32, end);
          break;
        case 9:
          this.id(wire, 16, end);
          break;
        case 10:
          this.id(wire, 8, end);
          break;
        default:
          this.skip(wire, end);
      }
    }
  }

  /** ResourceLogs / ScopeLogs: 1 head message, 2 repeated items, 3 schema URL. */
  private container(end: number, head: number, item: number): void {
    while (this.p < end) {
      const t = this.tag(end);
      const field = Math.floor(t / 8);
      const wire = t % 8;
      if (field === 1) this.message(wire, end, head, 0);
      else if (field === 2) this.message(wire, end, item, 0);
      else if (field === 3) this.field(wire, WIRE_LEN, end);
      else this.skip(wire, end);
    }
  }

  request(): void {
    const end = this.b.length;
    while (this.p < end) {
      const t = this.tag(end);
      if (Math.floor(t / 8) === 1) this.message(t % 8, end, RESOURCE_LOGS, 0);
      else this.skip(t % 8, end);
    }
  }
}

/**
 * The one walker, reused: walks are synchronous, so they never overlap. A walker per body
 * would make the optimised code of its methods, which V8 specialises on the objects it saw,
 * depend on objects that die at the next GC; V8 then throws that code away ("weak objects"
 * deoptimisation) and recompiles it, batch after batch, on the receiver's spare core.
 */
const WALK = new Walk();

/**
 * Whether {@link decodeLogsProtobuf} accepts `body`: one walk over it, nothing decoded or
 * allocated per field. `false` for any body the decoder rejects (call the decoder for the
 * error message). Never throws.
 * @example
 * if (isValidLogsProtobuf(body)) answer200ThenConvert(body); else decodeLogsProtobuf(body); // throws the 400's error
 */
export function isValidLogsProtobuf(body: Buffer): boolean {
  try {
    checkProtobufElements(body, 'logs');
    WALK.run(body);
    return true;
  } catch {
    // INVALID, the element limit's 413 (the decoder gives it), or a RangeError (cannot
    // happen within MAX_DEPTH, but the walk must not throw).
    return false;
  }
}
