/**
 * The protobuf logs fast path against its reference, `JSON.stringify(decodeLogsProtobuf(body))`:
 * over bodies from the official serializer and over generated and mutated messages, whenever
 * the fast path answers, its line is byte-identical to the reference's and the reference
 * accepts the body; it never answers for a body the reference rejects (so every 400 keeps its
 * message); it flags every batch that has ML events to route.
 */
import fc from 'fast-check';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeLogsProtobuf } from '../src/otlp/decodeProtobuf';
import { protobufLogsLine } from '../src/otlp/protobufLogsLine';
import { selectMlEvents } from '../src/collect/mlEvents';
import type { LogsData } from '../src/otlp/types';
import { lenField, request, sdkRecords, sdkValue, type Bytes } from './support/protobufLogsCorpus';

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
