/**
 * OTLP JSON bodies with 64-bit integers written as JSON numbers: `JSON.parse` rounds every
 * integer beyond 2^53 (every present-day nanosecond timestamp), so the receiver parses with
 * `parseOtlpJson`, which keeps their digits; and a `doubleValue` beyond the double range is
 * refused, never written as `null`.
 */
import { decodeLogsJson, decodeTracesJson } from '../src/otlp/decodeJson';
import { parseOtlpJson } from '../src/otlp/parseOtlpJson';
import { InvalidRequestError } from '../src/otlp/types';

function logs(record: string, resource = ''): string {
  return `{"resourceLogs":[{${resource}"scopeLogs":[{"logRecords":[${record}]}]}]}`;
}

function decodedRecord(json: string): Record<string, unknown> {
  const data = decodeLogsJson(parseOtlpJson(Buffer.from(json)));
  return data.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0] as Record<string, unknown>;
}

describe('parseOtlpJson + decodeLogsJson', () => {
  it.each([
    ['timeUnixNano', '{"timeUnixNano":1714560000123456789}', { timeUnixNano: '1714560000123456789' }],
    ['observedTimeUnixNano', '{"observedTimeUnixNano":1714560000123456789}', { observedTimeUnixNano: '1714560000123456789' }],
    ['snake_case time_unix_nano', '{"time_unix_nano":  18446744073709551615}', { timeUnixNano: '18446744073709551615' }],
    ['the largest safe integer, as before', '{"timeUnixNano":9007199254740993}', { timeUnixNano: '9007199254740993' }],
    ['intValue', '{"body":{"intValue":9223372036854775807}}', { body: { intValue: '9223372036854775807' } }],
    ['a negative intValue', '{"body":{"intValue":-9223372036854775808}}', { body: { intValue: '-9223372036854775808' } }],
    ['intValue in an array', '{"body":{"arrayValue":{"values":[{"intValue":1234567890123456789},{"intValue":7}]}}}', { body: { arrayValue: { values: [{ intValue: '1234567890123456789' }, { intValue: '7' }] } } }],
  ])('keeps %s exact', (_name, record, expected) => {
    expect(decodedRecord(logs(record))).toEqual(expected);
  });

  it('keeps span start and end times exact', () => {
    const body = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s","startTimeUnixNano":1714560000123456789,"endTimeUnixNano":1714560000987654321,"events":[{"timeUnixNano":1714560000555555555}]}]}]}]}';
    const span = decodeTracesJson(parseOtlpJson(body)).resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0];
    expect(span).toMatchObject({ startTimeUnixNano: '1714560000123456789', endTimeUnixNano: '1714560000987654321', events: [{ timeUnixNano: '1714560000555555555' }] });
  });

  it('leaves digits inside strings, fractions and exponents to JSON.parse', () => {
    const record = decodedRecord(logs('{"severityText":"at:12345678901234567890","body":{"doubleValue":12345678901234567890.5}}'));
    expect(record).toEqual({ severityText: 'at:12345678901234567890', body: { doubleValue: 12345678901234567000 } });
    expect(decodedRecord(logs('{"body":{"doubleValue":12345678901234567890}}'))).toEqual({ body: { doubleValue: 12345678901234567000 } });
  });

  it.each([
    ['an int64 out of range', '{"body":{"intValue":9223372036854775808}}', /intValue: expected an integer in range/],
    ['a negative timestamp', '{"timeUnixNano":-12345678901234567890}', /timeUnixNano: expected an integer in range/],
    ['a large integer where a string goes', '{"severityText":12345678901234567890}', /severityText: expected a string/],
    ['a large integer where an object goes', '{"body":12345678901234567890}', /body: expected an object/],
    ['a doubleValue beyond the double range', '{"body":{"doubleValue":1e400}}', /doubleValue: expected a number within the double range/],
    ['a negative doubleValue beyond the double range', '{"body":{"doubleValue":-1e400}}', /doubleValue: expected a number within the double range/],
  ])('refuses %s with a 400', (_name, record, message) => {
    expect(() => decodedRecord(logs(record))).toThrow(InvalidRequestError);
    expect(() => decodedRecord(logs(record))).toThrow(message);
  });

  it('still takes the proto3 JSON strings for non-finite doubles', () => {
    expect(decodedRecord(logs('{"body":{"doubleValue":"-Infinity"}}'))).toEqual({ body: { doubleValue: '-Infinity' } });
  });

  it('refuses a doubleValue beyond the double range even from JSON.parse', () => {
    expect(() => decodeLogsJson(JSON.parse(logs('{"body":{"doubleValue":1e400}}')))).toThrow(/within the double range/);
  });

  it('reports malformed JSON as a 400, leading zeros included', () => {
    expect(() => parseOtlpJson('{"resourceLogs":[')).toThrow(/malformed JSON/);
    expect(() => parseOtlpJson('{"a":012345678901234567890}')).toThrow(/malformed JSON/);
  });
});
