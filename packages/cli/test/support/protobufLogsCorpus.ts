/**
 * The differential corpus for the protobuf logs decoders: generated `ExportLogsServiceRequest`
 * bodies (mostly in the encoders' field order, sometimes shuffled, with duplicates, stray
 * fields, wrong wire types, odd ids and text) and bodies from the official serializer. Shared
 * by the tests that hold the fast path and the validating walk to the reference decoder.
 */
import fc from 'fast-check';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';

export type Bytes = number[];

function varint(n: bigint): Bytes {
  let v = BigInt.asUintN(64, n);
  const out: Bytes = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
export const tag = (f: number, wire: number): Bytes => varint(BigInt(f * 8 + wire));
export const lenField = (f: number, payload: readonly number[]): Bytes => [...tag(f, 2), ...varint(BigInt(payload.length)), ...payload];
const varintField = (f: number, v: bigint): Bytes => [...tag(f, 0), ...varint(v)];
const fixedField = (f: number, wire: 1 | 5, bytes: readonly number[]): Bytes => [...tag(f, wire), ...bytes];

/** One field of a message: its number (for ordering) and its wire bytes. */
interface Field {
  f: number;
  bytes: Bytes;
}
const F = (f: number, bytes: Bytes): Field => ({ f, bytes });

const text: fc.Arbitrary<Bytes> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('', '0', 'ml.prediction', 'ml.feedback', 'event.name', 'a"b\\c\n\r\t\b\f\u0001\u001f\u007f/', 'é€😀', '\u2028\u2029') },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
).map((s) => [...Buffer.from(s, 'utf8')]);
const rawBytes = fc.uint8Array({ maxLength: 12 }).map((a) => [...a]);
/** Mostly text, sometimes any bytes (invalid UTF-8 included). */
const stringBytes = fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: rawBytes });
const fixed64 = fc.oneof(
  fc.constant([0, 0, 0, 0, 0, 0, 0, 0]),
  fc.bigInt(0n, 2n ** 64n - 1n).map((v) => [...Buffer.from(new BigUint64Array([v]).buffer)]),
  fc.bigInt(1_600_000_000_000_000_000n, 1_900_000_000_000_000_000n).map((v) => [...Buffer.from(new BigUint64Array([v]).buffer)]),
);
const doubleBytes = fc.oneof(fc.double(), fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 1e21, 5e-324, 0.1)).map((d) => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(d);
  return [...b];
});
const int64 = fc.oneof(
  fc.bigInt(0n, 300n),
  fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n),
  fc.constantFrom(2n ** 49n - 1n, 2n ** 49n, 2n ** 53n + 1n, -1n, 2n ** 31n, 2n ** 32n - 1n),
);
const id = (n: number) =>
  fc.oneof({ weight: 8, arbitrary: fc.uint8Array({ minLength: n, maxLength: n }).map((a) => [...a]) }, { weight: 1, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: rawBytes });
/** A field of any number and wire type with a well-formed payload (unknown fields, and known ones with the wrong wire type). */
const stray = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom(0, 1, 2, 5)).chain(([f, w]) =>
  (w === 0 ? int64.map((v) => varintField(f, v)) : w === 2 ? rawBytes.map((b) => lenField(f, b)) : fc.constant(fixedField(f, w as 1 | 5, w === 1 ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 0, 0, 0]))).map((bytes) => F(f, bytes)),
);

/**
 * A message from field arbitraries: most of the time in field-number order (as the
 * serializers write), sometimes shuffled; duplicates and stray fields now and then.
 */
function message(fields: fc.Arbitrary<Field>, maxLength: number): fc.Arbitrary<Bytes> {
  return fc
    .tuple(fc.array(fc.oneof({ weight: 12, arbitrary: fields }, { weight: 1, arbitrary: stray }), { maxLength }), fc.integer({ min: 0, max: 9 }))
    .map(([list, order]) => {
      const sorted = order < 7 ? [...list].sort((a, b) => a.f - b.f) : list;
      return sorted.flatMap((x) => x.bytes);
    });
}

const { anyValue, keyValue } = fc.letrec<{ anyValue: Bytes; keyValue: Bytes }>((tie) => ({
  anyValue: message(
    fc.oneof(
      { maxDepth: 3, depthIdentifier: 'value' },
      stringBytes.map((b) => F(1, lenField(1, b))),
      fc.integer({ min: 0, max: 3 }).map((v) => F(2, varintField(2, BigInt(v)))),
      int64.map((v) => F(3, varintField(3, v))),
      doubleBytes.map((b) => F(4, fixedField(4, 1, b))),
      fc.array(tie('anyValue'), { maxLength: 3 }).map((vs) => F(5, lenField(5, vs.flatMap((v) => lenField(1, v))))),
      fc.array(tie('keyValue'), { maxLength: 3 }).map((kvs) => F(6, lenField(6, kvs.flatMap((kv) => lenField(1, kv))))),
      rawBytes.map((b) => F(7, lenField(7, b))),
    ),
    2,
  ),
  keyValue: message(fc.oneof(stringBytes.map((b) => F(1, lenField(1, b))), tie('anyValue').map((v) => F(2, lenField(2, v)))), 3),
}));

const attributes = (f: number) => keyValue.map((kv) => F(f, lenField(f, kv)));
const count = (f: number) => fc.oneof(fc.bigInt(0n, 5n), int64).map((v) => F(f, varintField(f, v)));

const logRecord = message(
  fc.oneof(
    fixed64.map((b) => F(1, fixedField(1, 1, b))),
    fixed64.map((b) => F(11, fixedField(11, 1, b))),
    fc.oneof(fc.bigInt(0n, 24n), int64).map((v) => F(2, varintField(2, v))),
    stringBytes.map((b) => F(3, lenField(3, b))),
    anyValue.map((v) => F(5, lenField(5, v))),
    attributes(6),
    attributes(6),
    attributes(6),
    count(7),
    fc.constantFrom([0, 0, 0, 0], [1, 0, 0, 0], [255, 255, 255, 255]).map((b) => F(8, fixedField(8, 5, b))),
    id(16).map((b) => F(9, lenField(9, b))),
    id(8).map((b) => F(10, lenField(10, b))),
    stringBytes.map((b) => F(12, lenField(12, b))),
  ),
  14,
);
const scope = message(
  fc.oneof(stringBytes.map((b) => F(1, lenField(1, b))), stringBytes.map((b) => F(2, lenField(2, b))), attributes(3), count(4)),
  4,
);
const resource = message(fc.oneof(attributes(1), attributes(1), count(2)), 4);
const scopeLogs = message(
  fc.oneof(scope.map((s) => F(1, lenField(1, s))), logRecord.map((r) => F(2, lenField(2, r))), logRecord.map((r) => F(2, lenField(2, r))), stringBytes.map((b) => F(3, lenField(3, b)))),
  5,
);
const resourceLogs = message(
  fc.oneof(resource.map((r) => F(1, lenField(1, r))), scopeLogs.map((s) => F(2, lenField(2, s))), scopeLogs.map((s) => F(2, lenField(2, s))), stringBytes.map((b) => F(3, lenField(3, b)))),
  4,
);
/** A generated `ExportLogsServiceRequest` body. */
export const request = message(resourceLogs.map((r) => F(1, lenField(1, r))), 3).map((b) => Buffer.from(b));

/** The SDK's log records (as the exporters receive them) for the given bodies, attributes and event names, cycled. */
export function sdkRecords(bodies: unknown[], attributes: Array<Record<string, unknown>>, eventNames: Array<string | undefined>) {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc', 'host.name': 'h1', pid: 42 }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger('scope', '1.0.0');
  const context = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 });
  bodies.forEach((body, i) =>
    logger.emit({
      body: body as never,
      severityNumber: SeverityNumber.INFO,
      severityText: i % 2 ? 'INFO' : undefined,
      attributes: attributes[i % attributes.length] as never,
      eventName: eventNames[i % eventNames.length],
      context: i % 3 ? context : ROOT_CONTEXT,
    }),
  );
  return memory.getFinishedLogRecords();
}

/** Any value an application may log as a body or attribute. */
export const sdkValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 8 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  ),
})).value;

