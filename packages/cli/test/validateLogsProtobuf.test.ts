/**
 * The validating walk against the reference decoder: the receiver answers a large protobuf
 * logs batch 200 on the walk's word and converts it afterwards, so the walk must accept
 * exactly the bodies `decodeLogsProtobuf` accepts. Held to that on the shared differential
 * corpus (generated, shuffled, mutated, truncated and random bodies, and the official
 * serializer's output) and on each semantic rule the decoder applies.
 */
import fc from 'fast-check';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeLogsProtobuf } from '../src/otlp/decodeProtobuf';
import { protobufLogsLine } from '../src/otlp/protobufLogsLine';
import { isValidLogsProtobuf } from '../src/otlp/validateLogsProtobuf';
import { lenField, request, sdkRecords, sdkValue, tag, type Bytes } from './support/protobufLogsCorpus';

function referenceAccepts(body: Buffer): boolean {
  try {
    decodeLogsProtobuf(body);
    return true;
  } catch {
    return false;
  }
}

/** Holds the walk to the reference on one body; returns the shared verdict. */
function sameVerdict(body: Buffer): boolean {
  const reference = referenceAccepts(body);
  if (isValidLogsProtobuf(body) !== reference) {
    throw new Error(`walk says ${!reference}, decoder says ${reference}: ${body.toString('hex')}`);
  }
  return reference;
}

/** A request holding one record with the given LogRecord fields. */
const oneRecord = (record: Bytes): Buffer => Buffer.from(lenField(1, lenField(2, lenField(2, record))));

describe('isValidLogsProtobuf (the walk that vouches for an early 200)', () => {
  it('agrees with the decoder on generated messages, and accepts most of them', () => {
    let accepted = 0;
    const runs = 1500;
    fc.assert(
      fc.property(request, (body) => {
        if (sameVerdict(body)) accepted++;
      }),
      { numRuns: runs },
    );
    // The corpus must exercise acceptance, not only rejection.
    expect(accepted).toBeGreaterThan(runs * 0.3);
  });

  it('agrees with the decoder on mutated and truncated messages', () => {
    let rejected = 0;
    fc.assert(
      fc.property(request, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }), fc.nat(), (body, flips, cut) => {
        const mutated = Buffer.from(body);
        for (const [at, value] of flips) if (mutated.length > 0) mutated[at % mutated.length] = value;
        if (!sameVerdict(mutated)) rejected++;
        if (!sameVerdict(body.subarray(0, body.length === 0 ? 0 : cut % body.length))) rejected++;
      }),
      { numRuns: 1500 },
    );
    expect(rejected).toBeGreaterThan(0);
  });

  it('agrees with the decoder on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        sameVerdict(Buffer.from(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every body the official serializer produces, which the fast path then converts', () => {
    fc.assert(
      fc.property(
        fc.array(sdkValue, { minLength: 1, maxLength: 6 }),
        fc.array(fc.dictionary(fc.string(), sdkValue, { maxKeys: 5 }), { minLength: 1, maxLength: 3 }),
        (bodies, attributes) => {
          const body = Buffer.from(ProtobufLogsSerializer.serializeRequest(sdkRecords(bodies, attributes, [undefined])) as Uint8Array);
          expect(isValidLogsProtobuf(body)).toBe(true);
          expect(protobufLogsLine(body)).toBeDefined();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('applies the decoder semantic rules: id lengths, wire types, field 0, nesting depth', () => {
    const traceId = (n: number) => lenField(9, new Array<number>(n).fill(1));
    const spanId = (n: number) => lenField(10, new Array<number>(n).fill(2));
    expect(sameVerdict(oneRecord([...traceId(16), ...spanId(8)]))).toBe(true);
    expect(sameVerdict(oneRecord([...traceId(0), ...spanId(0)]))).toBe(true);
    expect(sameVerdict(oneRecord(traceId(15)))).toBe(false);
    expect(sameVerdict(oneRecord(spanId(16)))).toBe(false);
    // severity_number (field 2) as a length-delimited field: wrong wire type for a known field.
    expect(sameVerdict(oneRecord(lenField(2, [1])))).toBe(false);
    // An unknown field with a group wire type (3), which the decoder cannot skip.
    expect(sameVerdict(oneRecord([...tag(20, 3)]))).toBe(false);
    expect(sameVerdict(oneRecord([0x00, 0x00]))).toBe(false);
    const nested = (levels: number): Buffer => {
      let v: Bytes = lenField(1, [...Buffer.from('leaf')]);
      for (let i = 0; i < levels; i++) v = lenField(5, lenField(1, v));
      return oneRecord(lenField(5, v));
    };
    expect(sameVerdict(nested(64))).toBe(true);
    expect(sameVerdict(nested(65))).toBe(false);
  });
});
