/**
 * The element limit (attributes, map entries, array items, records, spans...) in every decode
 * path: at the limit a body is accepted by all of them, one element more and the decoders
 * refuse it with a 413 BodyError, the validating walk does not vouch for it (so the receiver
 * lets the decoder answer), and the fast path hands it over. JSON bodies are also bounded in
 * objects and arrays before `JSON.parse` builds them.
 */
import { BodyError } from '../src/collect/requestBody';
import { decodeLogsJson, decodeTracesJson } from '../src/otlp/decodeJson';
import { decodeLogsProtobuf, decodeTracesProtobuf } from '../src/otlp/decodeProtobuf';
import { JsonBytes } from '../src/otlp/jsonBytes';
import { MAX_ELEMENTS, MAX_JSON_CONTAINERS } from '../src/otlp/limits';
import { parseOtlpJson } from '../src/otlp/parseOtlpJson';
import { protobufLogsLine } from '../src/otlp/protobufLogsLine';
import { isValidLogsProtobuf } from '../src/otlp/validateLogsProtobuf';
import { lenField, varint } from './support/protobufWriter';


/** `count` empty length-delimited fields `f` (2 bytes each). */
function emptyFields(f: number, count: number): Buffer {
  const b = Buffer.alloc(count * 2);
  for (let i = 0; i < b.length; i += 2) b[i] = (f << 3) | 2;
  return b;
}

/** A logs request of one record with `attributes` empty attributes: 3 + attributes elements. */
function logsWithAttributes(attributes: number): Buffer {
  return lenField(1, lenField(2, lenField(2, emptyFields(6, attributes))));
}

/** A logs request of one record whose body is an array of `items` empty values. */
function logsWithArrayItems(items: number): Buffer {
  return lenField(1, lenField(2, lenField(2, lenField(5, lenField(5, emptyFields(1, items))))));
}

/** A traces request of one span with `events` empty events. */
function tracesWithEvents(events: number): Buffer {
  return lenField(1, lenField(2, lenField(2, emptyFields(11, events))));
}

function refusal(decode: () => unknown): unknown {
  try {
    decode();
  } catch (err) {
    return err;
  }
  return undefined;
}

function expect413(decode: () => unknown): void {
  const err = refusal(decode);
  expect(err).toBeInstanceOf(BodyError);
  expect((err as BodyError).status).toBe(413);
  expect((err as BodyError).message).toMatch(/more than 1048576/);
}

describe('the element limit', () => {
  // The request, resource and scope lists hold 3 elements; the rest are attributes or items.
  const atLimit = MAX_ELEMENTS - 3;

  it('is 2^20 elements and 2^20 JSON objects and arrays', () => {
    expect(MAX_ELEMENTS).toBe(1_048_576);
    expect(MAX_JSON_CONTAINERS).toBe(1_048_576);
  });

  it.each([
    ['attributes', logsWithAttributes],
    ['array items', logsWithArrayItems],
  ])('accepts protobuf logs with exactly the limit of %s in every path', (_what, build) => {
    const body = build(atLimit);
    expect(isValidLogsProtobuf(body)).toBe(true);
    expect(protobufLogsLine(body)?.records).toBe(1);
    expect(() => decodeLogsProtobuf(body)).not.toThrow();
  });

  it.each([
    ['attributes', logsWithAttributes],
    ['array items', logsWithArrayItems],
  ])('refuses protobuf logs with one of %s over the limit: 413 from the decoder, no vouching walk, no fast line', (_what, build) => {
    const body = build(atLimit + 1);
    expect(isValidLogsProtobuf(body)).toBe(false);
    expect(protobufLogsLine(body)).toBeUndefined();
    expect413(() => decodeLogsProtobuf(body));
  });

  it('refuses 4 million empty protobuf attributes in 8 MB in every path', () => {
    const body = logsWithAttributes(4_000_000);
    expect(isValidLogsProtobuf(body)).toBe(false);
    expect(protobufLogsLine(body)).toBeUndefined();
    expect413(() => decodeLogsProtobuf(body));
  });

  it('counts span events against the limit of protobuf traces', () => {
    expect(() => decodeTracesProtobuf(tracesWithEvents(atLimit))).not.toThrow();
    expect413(() => decodeTracesProtobuf(tracesWithEvents(atLimit + 1)));
  });

  it('still gives the 400 of a body that is malformed before the limit', () => {
    const malformed = Buffer.concat([lenField(1, Buffer.from([0x0f])), logsWithAttributes(MAX_ELEMENTS)]);
    const err = refusal(() => decodeLogsProtobuf(malformed));
    expect((err as Error).name).toBe('InvalidRequestError');
  });

  it('refuses JSON logs and traces lists over the limit with 413 in the decoder', () => {
    const attributes = new Array<unknown>(MAX_ELEMENTS).fill({});
    expect413(() => decodeLogsJson({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes }] }] }] }));
    expect413(() => decodeTracesJson({ resourceSpans: [{ scopeSpans: [{ spans: [{ events: attributes }] }] }] }));
    expect(() => decodeLogsJson({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: attributes.slice(3) }] }] }] })).not.toThrow();
  });

  it('refuses a JSON body of more than 2^20 objects and arrays before parsing it, not counting brackets in strings', () => {
    const body = (n: number): string => `{"resourceLogs":[${'{},'.repeat(n - 3)}{}]}`;
    expect(() => parseOtlpJson(body(MAX_JSON_CONTAINERS))).not.toThrow();
    expect413(() => parseOtlpJson(body(MAX_JSON_CONTAINERS + 1)));
    const brackets = `{"resourceLogs":[],"note":"${'{['.repeat(MAX_JSON_CONTAINERS)}"}`;
    expect(parseOtlpJson(brackets)).toMatchObject({ resourceLogs: [] });
  });
});

describe('JsonBytes', () => {
  it('never grows past its maximum size', () => {
    const out = new JsonBytes(16, 100);
    out.ascii('x'.repeat(100));
    expect(out.buf.length).toBe(100);
    expect(() => out.byte(0x78)).toThrow(RangeError);
  });
});
