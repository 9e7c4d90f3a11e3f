/**
 * Counts the elements (see {@link MAX_ELEMENTS}) of a protobuf export request in one walk that
 * builds nothing, before any decode path runs: the reference decoder, the fast path and the
 * validating walk all call it, so they agree on the limit by construction, and a request over
 * it is refused before a million objects or a line are built. Only bodies long enough to hold
 * that many elements (2 bytes each at least) are walked: an SDK batch of 2,048 records is a
 * few hundred KB, so the receiver's usual path pays one length comparison.
 */
import { MAX_DEPTH, MAX_ELEMENTS, tooManyElements } from './limits.js';

/** Kinds of message, and per kind the sub-messages walked: [field, kind, isElement] triples. */
const LOGS_REQUEST = 0;
const RESOURCE_LOGS = 1;
const RESOURCE = 2;
const SCOPE_LOGS = 3;
const SCOPE = 4;
const LOG_RECORD = 5;
const KEY_VALUE = 6;
const ANY_VALUE = 7;
const ARRAY_VALUE = 8;
const KVLIST_VALUE = 9;
const TRACES_REQUEST = 10;
const RESOURCE_SPANS = 11;
const SCOPE_SPANS = 12;
const SPAN = 13;
const SPAN_EVENT = 14;
const SPAN_LINK = 15;

/** Field numbers from opentelemetry-proto, as the decoders read them. */
const CHILDREN: ReadonlyArray<ReadonlyArray<readonly [number, number, boolean]>> = [
  [[1, RESOURCE_LOGS, true]],
  [[1, RESOURCE, false], [2, SCOPE_LOGS, true]],
  [[1, KEY_VALUE, true]],
  [[1, SCOPE, false], [2, LOG_RECORD, true]],
  [[3, KEY_VALUE, true]],
  [[5, ANY_VALUE, false], [6, KEY_VALUE, true]],
  [[2, ANY_VALUE, false]],
  [[5, ARRAY_VALUE, false], [6, KVLIST_VALUE, false]],
  [[1, ANY_VALUE, true]],
  [[1, KEY_VALUE, true]],
  [[1, RESOURCE_SPANS, true]],
  [[1, RESOURCE, false], [2, SCOPE_SPANS, true]],
  [[1, SCOPE, false], [2, SPAN, true]],
  [[9, KEY_VALUE, true], [11, SPAN_EVENT, true], [13, SPAN_LINK, true]],
  [[3, KEY_VALUE, true]],
  [[4, KEY_VALUE, true]],
];

/** Thrown inside this module only: the body is malformed, the decoder will say how. */
const MALFORMED = new Error('malformed');

let buf: Buffer = Buffer.alloc(0);
let pos = 0;
let count = 0;

function varint(end: number): number {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw MALFORMED;
    const b = buf[pos++] as number;
    result += (b & 0x7f) * mul;
    if (b < 0x80) return result;
    mul *= 128;
  }
  throw MALFORMED;
}

function walk(kind: number, end: number, depth: number): void {
  // ArrayValue / KeyValueList nest one level deeper, as in the decoders.
  if (depth > MAX_DEPTH + 1) throw MALFORMED;
  const children = CHILDREN[kind] as ReadonlyArray<readonly [number, number, boolean]>;
  while (pos < end) {
    const t = varint(end);
    const field = Math.floor(t / 8);
    const wire = t % 8;
    if (wire === 0) varint(end);
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const length = varint(end);
      const e = pos + length;
      if (e > end) throw MALFORMED;
      let child: readonly [number, number, boolean] | undefined;
      for (const c of children) if (c[0] === field) child = c;
      if (child) {
        if (child[2] && ++count > MAX_ELEMENTS) throw tooManyElements();
        walk(child[1], e, child[1] === ARRAY_VALUE || child[1] === KVLIST_VALUE ? depth + 1 : depth);
      }
      pos = e;
    } else throw MALFORMED;
    if (pos > end) throw MALFORMED;
  }
}

/**
 * Throws the 413 when the logs or traces request `body` holds more than {@link MAX_ELEMENTS}
 * elements before any malformed part (the decoder reports that one). Bodies too short to hold
 * that many return at once.
 * @example checkProtobufElements(body, 'logs'); const data = decodeLogsProtobuf(body);
 */
export function checkProtobufElements(body: Buffer, signal: 'logs' | 'traces'): void {
  if (body.length < 2 * MAX_ELEMENTS) return;
  buf = body;
  pos = 0;
  count = 0;
  try {
    walk(signal === 'logs' ? LOGS_REQUEST : TRACES_REQUEST, body.length, 0);
  } catch (err) {
    if (err !== MALFORMED) throw err;
  } finally {
    buf = Buffer.alloc(0);
  }
}
