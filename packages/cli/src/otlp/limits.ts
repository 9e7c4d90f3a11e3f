/**
 * Bounds on what one export request may make the receiver build, beyond its size in bytes.
 * Bytes alone do not bound memory: an empty attribute is 2 bytes of protobuf but a
 * `{"key":"","value":{}}` in the line and two objects in the decoder, so an 8 MB body of 4
 * million of them once became an 88 MB line and about 1 GB of memory. Every decode path (the
 * JSON and protobuf decoders, the protobuf fast path, the validating walk) counts the same
 * elements, and a request over a limit is refused with 413.
 */
import { BodyError } from '../collect/requestBody.js';

/** Deepest nesting of AnyValue arrays/maps accepted; deeper bodies are rejected, not recursed. */
export const MAX_DEPTH = 64;

/**
 * Elements of repeated message fields in one request: resource and scope lists, log records,
 * spans, span events and links, attributes, `kvlistValue` entries and `arrayValue` items.
 * 2^20 = 1,048,576: a full batch of mlotel's SDK (2,048 records) with OTel's default 128
 * attributes per record and a 128-item payload each is about 530,000; OTel JS sends 512
 * records per batch by default. At this count the decoded objects stay near 100 MB, and the
 * structure the line adds stays under about 40 MiB.
 */
export const MAX_ELEMENTS = 1 << 20;

/**
 * Objects and arrays in one JSON body, checked before `JSON.parse` builds them: a parsed
 * empty object weighs about 90 bytes, more than a decoded element, so the JSON text gets its
 * own bound, also 2^20. An OTLP JSON attribute is 2 of them in about 40 bytes at least, so a
 * legitimate body under the default 8 MiB `--max-body` holds about 500,000 at most.
 */
export const MAX_JSON_CONTAINERS = 1 << 20;

/**
 * Bytes of the JSON line the protobuf fast path builds (it hands anything longer to the
 * reference decoder, which refuses it on {@link MAX_ELEMENTS} or writes it). 64 MiB, the
 * receiver's bound on queued lines; the SDK's lines are about 3x their 8 MiB-or-less body.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * The 413 for a request with more than {@link MAX_ELEMENTS} elements.
 * @example if (++count > MAX_ELEMENTS) throw tooManyElements();
 */
export function tooManyElements(): BodyError {
  return new BodyError(
    413,
    `request has more than ${MAX_ELEMENTS} elements (attributes, map entries, array items, records, spans, events, links): split it into smaller batches`,
  );
}

/**
 * The 413 for a JSON body with more than {@link MAX_JSON_CONTAINERS} objects and arrays.
 * @example if (containers > MAX_JSON_CONTAINERS) throw tooManyJsonContainers();
 */
export function tooManyJsonContainers(): BodyError {
  return new BodyError(413, `JSON body has more than ${MAX_JSON_CONTAINERS} objects and arrays: split it into smaller batches`);
}
