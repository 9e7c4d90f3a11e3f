/**
 * A minimal reader of the protobuf wire format (varint, 64-bit, length-delimited, 32-bit),
 * enough to decode OTLP requests. Every read is bounds-checked against the end of the
 * enclosing message, so truncated or garbage input raises {@link InvalidRequestError}
 * instead of reading past the buffer.
 */
import { InvalidRequestError } from './types.js';

/** Wire type numbers of the protobuf encoding. */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const TWO_32 = 4294967296;

/** Cursor over one message (or sub-message) of a protobuf buffer. */
export class ProtobufReader {
  private pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** True while bytes of this message remain. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** Reads a field tag; returns field number and wire type. */
  tag(): { field: number; wire: number } {
    const t = this.varint();
    const field = Math.floor(t / 8);
    const wire = t % 8;
    if (field === 0) throw new InvalidRequestError('protobuf: field number 0');
    return { field, wire };
  }

  /** Reads a varint up to 2^53 exactly (enough for tags, lengths, enums, uint32). */
  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new InvalidRequestError('protobuf: truncated varint');
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 128;
    }
    throw new InvalidRequestError('protobuf: varint longer than 10 bytes');
  }

  /**
   * Reads an int64 varint as a decimal string. Values below 2^49 (7 bytes, nearly every
   * count, id or size) take a Number path; longer or negative ones use BigInt.
   */
  int64String(): string {
    let result = 0;
    let mul = 1;
    const start = this.pos;
    for (let i = 0; i < 7 && this.pos < this.end; i++) {
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return String(result);
      mul *= 128;
    }
    this.pos = start;
    return this.int64().toString();
  }

  /** Reads a varint as a signed 64-bit integer (int64 two's complement). */
  int64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new InvalidRequestError('protobuf: truncated varint');
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asIntN(64, result);
      shift += 7n;
    }
    throw new InvalidRequestError('protobuf: varint longer than 10 bytes');
  }

  /** Reads an unsigned fixed64 as a decimal string (timestamps). */
  fixed64String(): string {
    this.need(8);
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    // Most timestamps fit in 2^53; only fall back to BigInt when they do not.
    if (hi < 0x200000) return String(hi * TWO_32 + lo);
    return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** Reads a fixed32 as an unsigned number. */
  fixed32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Reads a little-endian IEEE double. */
  double(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Reads a length prefix and returns the [start, end) of the payload, skipping over it. */
  span(): [number, number] {
    const len = this.varint();
    this.need(len);
    const start = this.pos;
    this.pos += len;
    return [start, this.pos];
  }

  /** Reads a length prefix, checks the payload fits, and returns where it starts. */
  private payload(): number {
    const len = this.varint();
    this.need(len);
    const start = this.pos;
    this.pos += len;
    return start;
  }

  /** Reads a length-delimited UTF-8 string. */
  string(): string {
    const start = this.payload();
    return this.buf.toString('utf8', start, this.pos);
  }

  /** Reads length-delimited bytes as lowercase hex (`''` when empty), requiring `bytes` bytes. */
  hexId(bytes: number, what: string): string {
    const start = this.payload();
    const len = this.pos - start;
    if (len === 0) return '';
    if (len !== bytes) throw new InvalidRequestError(`protobuf: ${what} must be ${bytes} bytes, got ${len}`);
    return this.buf.toString('hex', start, this.pos);
  }

  /** Reader over a length-delimited sub-message. */
  message(): ProtobufReader {
    const start = this.payload();
    return new ProtobufReader(this.buf, start, this.pos);
  }

  /** Skips a field of the given wire type (unknown fields are ignored, as protobuf requires). */
  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.span();
        return;
      case WIRE_FIXED32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new InvalidRequestError(`protobuf: unsupported wire type ${wire}`);
    }
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new InvalidRequestError('protobuf: field runs past the end of its message');
  }
}

