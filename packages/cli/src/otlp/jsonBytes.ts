/**
 * A growable byte buffer that JSON text is written into directly, piece by piece: literals,
 * integers, 64-bit unsigned decimals, lowercase hex, and strings escaped exactly as
 * `JSON.stringify` escapes them. It lets the protobuf receiver build a batch's JSON line
 * without building objects, strings or a `JSON.stringify` result first (see
 * `protobufLogsLine.ts`).
 */

const HEX = '0123456789abcdef';
/** Two ASCII hex digits per byte value. */
const HEX_PAIRS = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  HEX_PAIRS[i * 2] = HEX.charCodeAt(i >> 4);
  HEX_PAIRS[i * 2 + 1] = HEX.charCodeAt(i & 15);
}

/** Two ASCII decimal digits per value 0..99. */
const DIGIT_PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  DIGIT_PAIRS[i * 2] = 0x30 + Math.floor(i / 10);
  DIGIT_PAIRS[i * 2 + 1] = 0x30 + (i % 10);
}

/**
 * `hi * 2^32` as `cachedHead * 1e10 + cachedLow` for the last `hi` split
 * ({@link JsonBytes.uint64}'s cache, shared by all batches: a timestamp's high word changes
 * about every 4.3 s). Module state, not fields of the per-batch JsonBytes: fields that take
 * numbers beyond the small-integer range change the instances' field representation, and
 * V8 then threw the converter's optimised code away at every GC (measured with --trace-deopt).
 */
let cachedHi = -1;
let cachedHead = 0;
let cachedLow = 0;

/** Splits `hi * 2^32` into two base-1e10 limbs, fed 16 bits at a time: every intermediate stays below 2^53. */
function splitHigh(hi: number): void {
  let a0 = 0;
  let a1 = 0;
  for (let i = 0; i < 4; i++) {
    const chunk = i === 0 ? hi >>> 16 : i === 1 ? hi & 0xffff : 0;
    a0 = a0 * 65536 + chunk;
    const c = Math.floor(a0 / 1e10);
    a0 -= c * 1e10;
    a1 = a1 * 65536 + c;
  }
  cachedHi = hi;
  cachedHead = a1;
  cachedLow = a0;
}

/**
 * Per ASCII byte: 0 copies as is, 1 needs a two-character escape (`\"`, `\\`, `\b`...),
 * 2 needs `\u00XX`. Bytes >= 0x80 are handled apart (UTF-8 must be decoded first).
 */
const ESCAPE = new Uint8Array(128);
const SHORT_ESCAPE = new Uint8Array(128);
for (let i = 0; i < 0x20; i++) ESCAPE[i] = 2;
for (const [c, e] of [
  [0x22, 0x22],
  [0x5c, 0x5c],
  [0x08, 0x62],
  [0x0c, 0x66],
  [0x0a, 0x6e],
  [0x0d, 0x72],
  [0x09, 0x74],
] as const) {
  ESCAPE[c] = 1;
  SHORT_ESCAPE[c] = e;
}

/** Encodes an ASCII literal once, for {@link JsonBytes.literal}. */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/**
 * Bytes of JSON text under construction; `pos` is where the next byte goes. Never grows past
 * `maxSize`: a write that would throws a RangeError.
 */
export class JsonBytes {
  buf: Buffer;
  pos = 0;

  constructor(
    initialSize: number,
    readonly maxSize = 0x7fffffff,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(Math.max(64, initialSize), maxSize));
  }

  /** Makes room for `n` more bytes; throws a RangeError past `maxSize`. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos + n > this.maxSize) throw new RangeError(`JSON text would exceed ${this.maxSize} bytes`);
    const next = Buffer.allocUnsafe(Math.min(Math.max(this.buf.length * 2, this.pos + n), this.maxSize));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** One ASCII byte. */
  byte(b: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Pre-encoded ASCII bytes (keys, punctuation). */
  literal(bytes: Uint8Array): void {
    const n = bytes.length;
    this.ensure(n);
    const buf = this.buf;
    let o = this.pos;
    for (let i = 0; i < n; i++) buf[o++] = bytes[i] as number;
    this.pos = o;
  }

  /** A string of ASCII characters, e.g. `String(number)`; no escaping. */
  ascii(text: string): void {
    const n = text.length;
    this.ensure(n);
    const buf = this.buf;
    let o = this.pos;
    for (let i = 0; i < n; i++) buf[o++] = text.charCodeAt(i);
    this.pos = o;
  }

  /** A number as `JSON.stringify` writes it (`null` for non-finite ones, never used here). */
  number(n: number): void {
    if (n >= 0 && n <= 0xffffffff && n === Math.floor(n)) this.uint32(n);
    else this.ascii(String(n)); // same text as JSON.stringify for finite numbers
  }

  /** A non-negative integer below 2^32 in decimal. */
  uint32(n: number): void {
    let digits = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
    this.ensure(digits);
    const buf = this.buf;
    let o = this.pos + digits;
    this.pos = o;
    let v = n;
    do {
      const q = Math.floor(v / 10);
      buf[--o] = 0x30 + v - q * 10;
      v = q;
    } while (v > 0);
  }

  /**
   * The unsigned 64-bit integer `hi * 2^32 + lo` in decimal, exactly (no BigInt). Values of
   * 2^53 and more (every nanosecond timestamp) are written as a head and ten low digits;
   * `hi * 2^32` is split once per distinct `hi`, and consecutive timestamps share it.
   */
  uint64(hi: number, lo: number): void {
    if (hi < 0x200000) {
      const v = hi * 4294967296 + lo;
      if (v <= 0xffffffff) this.uint32(v);
      else this.ascii(String(v));
      return;
    }
    if (hi !== cachedHi) splitHigh(hi);
    // low < 1e10 + 2^32 < 2^53: exact.
    let low = cachedLow + lo;
    let head = cachedHead;
    if (low >= 1e10) {
      low -= 1e10;
      head++;
    }
    // hi >= 2^21 makes the value >= 2^53 > 1e10, so head > 0 (and head < 2^64 / 1e10 < 2^31).
    this.uint32(head);
    this.ensure(10);
    const buf = this.buf;
    let o = this.pos + 10;
    this.pos = o;
    let v = low;
    for (let i = 0; i < 5; i++) {
      const q = Math.floor(v / 100);
      const pair = (v - q * 100) * 2;
      buf[--o] = DIGIT_PAIRS[pair + 1] as number;
      buf[--o] = DIGIT_PAIRS[pair] as number;
      v = q;
    }
  }

  /** `src[start, end)` as lowercase hex, unquoted. */
  hex(src: Buffer, start: number, end: number): void {
    this.ensure((end - start) * 2);
    const buf = this.buf;
    let o = this.pos;
    for (let i = start; i < end; i++) {
      const b = (src[i] as number) * 2;
      buf[o++] = HEX_PAIRS[b] as number;
      buf[o++] = HEX_PAIRS[b + 1] as number;
    }
    this.pos = o;
  }

  /**
   * The UTF-8 bytes `src[start, end)` as a quoted JSON string, byte-identical to
   * `JSON.stringify(src.toString('utf8', start, end))` (invalid UTF-8 becomes U+FFFD, as
   * there). ASCII is escaped and copied in place; any byte >= 0x80 sends the string through
   * `toString` and `JSON.stringify`.
   */
  utf8String(src: Buffer, start: number, end: number): void {
    this.ensure(end - start + 2);
    let buf = this.buf;
    const mark = this.pos;
    let o = mark;
    buf[o++] = 0x22;
    for (let i = start; i < end; i++) {
      const b = src[i] as number;
      if (b >= 0x80) {
        this.pos = mark;
        this.ascii8(JSON.stringify(src.toString('utf8', start, end)));
        return;
      }
      const kind = ESCAPE[b] as number;
      if (kind === 0) {
        buf[o++] = b;
        continue;
      }
      this.pos = o;
      this.ensure(6 + end - i + 1);
      buf = this.buf;
      buf[o++] = 0x5c;
      if (kind === 1) buf[o++] = SHORT_ESCAPE[b] as number;
      else {
        buf[o++] = 0x75;
        buf[o++] = 0x30;
        buf[o++] = 0x30;
        buf[o++] = HEX_PAIRS[b * 2] as number;
        buf[o++] = HEX_PAIRS[b * 2 + 1] as number;
      }
    }
    buf[o++] = 0x22;
    this.pos = o;
  }

  /** Any JS string as UTF-8. */
  private ascii8(text: string): void {
    this.ensure(text.length * 3);
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /**
   * The bytes written so far. A view of the buffer when it is mostly used, else a copy, so
   * a line never holds on to much more memory than its length.
   */
  take(): Buffer {
    if (this.pos * 4 >= this.buf.length * 3) return this.buf.subarray(0, this.pos);
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }
}
