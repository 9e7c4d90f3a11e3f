/**
 * The protobuf logs fast path against its reference, `JSON.stringify(decodeLogsProtobuf(body))`:
 * over bodies from the official serializer and over generated and mutated messages, whenever
 * the fast path answers, its line is byte-identical to the reference's and the reference
 * accepts the body; it never answers for a body the reference rejects (so every 400 keeps its
 * message); it flags every batch that has ML events to route.
 */
import fc from 'fast-check';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeLogsProtobuf } from '../src/otlp/decodeProtobuf';
import { protobufLogsLine } from '../src/otlp/protobufLogsLine';
import { selectMlEvents } from '../src/collect/mlEvents';
import type { LogsData } from '../src/otlp/types';

type Bytes = number[];

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
const tag = (f: number, wire: number): Bytes => varint(BigInt(f * 8 + wire));
const lenField = (f: number, payload: Bytes): Bytes => [...tag(f, 2), ...varint(BigInt(payload.length)), ...payload];
const varintField = (f: number, v: bigint): Bytes => [...tag(f, 0), ...varint(v)];
const fixedField = (f: number, wire: 1 | 5, bytes: Bytes): Bytes => [...tag(f, wire), ...bytes];

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
const request = message(resourceLogs.map((r) => F(1, lenField(1, r))), 3).map((b) => Buffer.from(b));

function countRecords(data: LogsData): number {
  let n = 0;
  for (const rl of data.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) n += sl.logRecords?.length ?? 0;
  return n;
}

/** Holds the fast path to the reference on one body; returns whether the fast path answered. */
function agreesWithReference(body: Buffer): boolean {
  let reference: LogsData | Error;
  try {
    reference = decodeLogsProtobuf(body);
  } catch (err) {
    reference = err as Error;
  }
  const fast = protobufLogsLine(body);
  if (fast === undefined) return false;
  if (reference instanceof Error) throw new Error(`the fast path accepted a body the reference rejects (${reference.message}): ${body.toString('hex')}`);
  // latin1: compares bytes, and shows a readable diff when they differ.
  expect(fast.line.toString('latin1')).toBe(Buffer.from(`${JSON.stringify(reference)}\n`).toString('latin1'));
  expect(fast.records).toBe(countRecords(reference));
  if (!fast.mayHaveMlEvents) expect(selectMlEvents(reference)).toBeUndefined();
  return true;
}

function sdkRecords(bodies: unknown[], attributes: Array<Record<string, unknown>>, eventNames: Array<string | undefined>) {
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

const sdkValue = fc.letrec((tie) => ({
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

describe('protobufLogsLine (the receiver fast path)', () => {
  it('writes the reference line for every body the official serializer produces', () => {
    fc.assert(
      fc.property(
        fc.array(sdkValue, { minLength: 1, maxLength: 6 }),
        fc.array(fc.dictionary(fc.string(), sdkValue, { maxKeys: 5 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.option(fc.constantFrom('ml.prediction', 'ml.feedback', 'other', '0', '')), { minLength: 1, maxLength: 3 }),
        (bodies, attributes, eventNames) => {
          const body = Buffer.from(ProtobufLogsSerializer.serializeRequest(sdkRecords(bodies, attributes, eventNames.map((e) => e ?? undefined))) as Uint8Array);
          // The serializer's layout is the one the fast path exists for: it must not fall back.
          expect(agreesWithReference(body)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('flags batches with ML events, by event name or by event.name attribute', () => {
    for (const [eventName, attributes, expected] of [
      ['ml.prediction', {}, true],
      ['ml.feedback', {}, true],
      [undefined, { 'event.name': 'ml.prediction' }, true],
      ['other', {}, false],
      [undefined, { 'event.names': 'ml.prediction' }, false],
    ] as const) {
      const fast = protobufLogsLine(Buffer.from(ProtobufLogsSerializer.serializeRequest(sdkRecords(['x'], [attributes], [eventName])) as Uint8Array));
      expect(fast?.mayHaveMlEvents).toBe(expected);
    }
  });

  it('agrees with the reference on generated messages, and takes most encoder-ordered ones', () => {
    let answered = 0;
    let accepted = 0;
    fc.assert(
      fc.property(request, (body) => {
        let ok = true;
        try {
          decodeLogsProtobuf(body);
        } catch {
          ok = false;
        }
        if (ok) accepted++;
        if (agreesWithReference(body)) answered++;
      }),
      { numRuns: 1500 },
    );
    // Shuffled and duplicated fields fall back by design; the rest must not.
    expect(answered).toBeGreaterThan(accepted * 0.3);
  });

  it('never answers for a body the reference rejects: mutated and truncated messages', () => {
    fc.assert(
      fc.property(request, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }), fc.nat(), (body, flips, cut) => {
        const mutated = Buffer.from(body);
        for (const [at, value] of flips) if (mutated.length > 0) mutated[at % mutated.length] = value;
        agreesWithReference(mutated);
        agreesWithReference(body.subarray(0, body.length === 0 ? 0 : cut % body.length));
      }),
      { numRuns: 1500 },
    );
  });

  it('matches the reference on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        agreesWithReference(Buffer.from(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls back instead of recursing past the nesting limit', () => {
    let v: Bytes = lenField(1, [...Buffer.from('leaf')]);
    for (let i = 0; i < 100; i++) v = lenField(5, lenField(1, v));
    const body = Buffer.from(lenField(1, lenField(2, lenField(2, lenField(5, v)))));
    expect(() => decodeLogsProtobuf(body)).toThrow(/nested deeper/);
    expect(protobufLogsLine(body)).toBeUndefined();
  });

  it('writes large batches whose line outgrows the first buffer', () => {
    // Escaped control characters make the line ~6x the body, past the initial 3x buffer.
    const records = sdkRecords(Array.from({ length: 200 }, () => '\u0001'.repeat(500)), [{}], [undefined]);
    const body = Buffer.from(ProtobufLogsSerializer.serializeRequest(records) as Uint8Array);
    expect(agreesWithReference(body)).toBe(true);
  });
});
