/**
 * The protobuf and JSON decoders against the serializers the official exporters use: the
 * same records must decode to the same canonical object from either encoding, and garbage
 * must only ever raise InvalidRequestError.
 */
import fc from 'fast-check';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { decodeLogsJson } from '../src/otlp/decodeJson';
import { decodeLogsProtobuf, decodeTracesProtobuf } from '../src/otlp/decodeProtobuf';
import { InvalidRequestError } from '../src/otlp/types';

function records(bodies: unknown[]) {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc', 'host.name': 'h1' }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger('scope', '1');
  const context = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: 1 });
  bodies.forEach((body, i) =>
    logger.emit({
      body: body as never,
      severityNumber: SeverityNumber.INFO,
      attributes: { i, neg: -i - 1, f: i + 0.5, s: `v${i}` },
      context,
    }),
  );
  return memory.getFinishedLogRecords();
}

function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** Wire bytes of a length-delimited field. */
function field(num: number, payload: number[]): number[] {
  return [(num << 3) | 2, ...varint(BigInt(payload.length)), ...payload];
}

/** An ExportLogsServiceRequest holding one record with the attribute `n` = int_value `value`. */
function logsRequestWithIntAttribute(value: bigint): Buffer {
  const anyValue = [3 << 3, ...varint(value)];
  const keyValue = [...field(1, [...Buffer.from('n')]), ...field(2, anyValue)];
  const record = field(6, keyValue);
  return Buffer.from(field(1, field(2, field(2, record))));
}

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ minLength: 1 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('OTLP decoders', () => {
  it('decode protobuf and JSON exports of the same records to the same object', () => {
    fc.assert(
      fc.property(fc.array(jsonValue, { minLength: 1, maxLength: 5 }), (bodies) => {
        const recs = records(bodies);
        const proto = Buffer.from(ProtobufLogsSerializer.serializeRequest(recs) as Uint8Array);
        const json = JSON.parse(Buffer.from(JsonLogsSerializer.serializeRequest(recs) as Uint8Array).toString());
        expect(decodeLogsProtobuf(proto)).toEqual(decodeLogsJson(json));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps 64-bit integers exact as decimal strings', () => {
    const recs = records(['x']);
    const decoded = decodeLogsProtobuf(Buffer.from(ProtobufLogsSerializer.serializeRequest(recs) as Uint8Array));
    const rec = decoded.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!;
    expect(rec.attributes).toContainEqual({ key: 'neg', value: { intValue: '-1' } });
    expect(rec.timeUnixNano).toMatch(/^\d{19}$/);
    expect(rec.traceId).toBe('ab'.repeat(16));
  });

  it.each(['0', '127', '128', String(2 ** 49 - 1), String(2 ** 49), '9007199254740993', '9223372036854775807', '-1', '-9223372036854775808'])(
    'decodes the protobuf int64 %s exactly',
    (value) => {
      const decoded = decodeLogsProtobuf(logsRequestWithIntAttribute(BigInt(value)));
      expect(decoded.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.attributes).toEqual([{ key: 'n', value: { intValue: value } }]);
    },
  );

  it.each([
    ['base64 trace ids', { traceId: Buffer.from('ab'.repeat(16), 'hex').toString('base64') }, { traceId: 'ab'.repeat(16) }],
    ['upper-case hex ids', { spanId: 'CD'.repeat(8) }, { spanId: 'cd'.repeat(8) }],
    ['numeric timestamps', { timeUnixNano: 1714560000000000000 }, { timeUnixNano: '1714560000000000000' }],
    ['enum names', { severityNumber: 'SEVERITY_NUMBER_WARN' }, { severityNumber: 13 }],
    ['snake_case fields', { severity_text: 'INFO', event_name: 'ml.prediction' }, { severityText: 'INFO', eventName: 'ml.prediction' }],
    ['zero defaults', { severityNumber: 0, droppedAttributesCount: 0, flags: 0, body: {} }, {}],
  ])('normalises %s in JSON', (_name, record, expected) => {
    const decoded = decodeLogsJson({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] });
    expect(decoded.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]).toEqual(expected);
  });

  // The JSON decoder takes canonical decimal strings as they are and sends the rest through
  // BigInt: both must give the same text and the same range errors.
  it.each([
    ['0', '0'], ['7', '7'], ['-7', '-7'], ['007', '7'], ['-0', '0'],
    ['9223372036854775807', '9223372036854775807'], ['-9223372036854775808', '-9223372036854775808'],
    ['9223372036854775808', 'error'], ['-9223372036854775809', 'error'], ['99999999999999999999', 'error'],
    ['00000000000000000000001', '1'], ['1.5', 'error'], ['', 'error'], ['+1', 'error'],
  ])('reads the JSON intValue "%s" as %s', (text, expected) => {
    const body = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: [{ key: 'n', value: { intValue: text } }] }] }] }] };
    if (expected === 'error') expect(() => decodeLogsJson(body)).toThrow(InvalidRequestError);
    else expect(decodeLogsJson(body).resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.attributes).toEqual([{ key: 'n', value: { intValue: expected } }]);
  });

  it.each([
    ['18446744073709551615', '18446744073709551615'], ['18446744073709551616', 'error'], ['99999999999999999999', 'error'],
    ['-1', 'error'], ['1714560000000000000', '1714560000000000000'], ['01714560000000000000', '1714560000000000000'],
  ])('reads the JSON timeUnixNano "%s" (unsigned 64-bit) as %s', (text, expected) => {
    const body = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: text }] }] }] };
    if (expected === 'error') expect(() => decodeLogsJson(body)).toThrow(InvalidRequestError);
    else expect(decodeLogsJson(body).resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.timeUnixNano).toBe(expected);
  });

  it('raises only InvalidRequestError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const decode of [decodeLogsProtobuf, decodeTracesProtobuf]) {
          try {
            decode(Buffer.from(bytes));
          } catch (err) {
            expect(err).toBeInstanceOf(InvalidRequestError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('raises only InvalidRequestError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          decodeLogsJson(value);
          decodeLogsJson({ resourceLogs: [value] });
          decodeLogsJson({ resourceLogs: [{ scopeLogs: [{ logRecords: [value] }] }] });
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidRequestError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects values nested deeper than the limit instead of overflowing the stack', () => {
    let v: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 100_000; i++) v = { arrayValue: { values: [v] } };
    expect(() => decodeLogsJson({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: v }] }] }] })).toThrow(InvalidRequestError);
  });
});
