import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import { isRequestTooLarge } from '../../src/export/requestTooLarge';

/** An rpc.Status as protobuf (code = field 1, message = field 2), as the Collector answers a protobuf request. */
function protobufStatus(code: number, message: string): string {
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08, code, 0x12, text.length]), text]).toString();
}

describe('isRequestTooLarge()', () => {
  it.each<[string, boolean, unknown]>([
    ['413 from mlotel collect', true, new OTLPExporterError('Payload Too Large', 413, '{"code":8,"message":"body of 15000000 bytes exceeds the limit of 8388608 bytes"}')],
    ['413 with no body (a proxy)', true, new OTLPExporterError('Request Entity Too Large', 413)],
    ["the Collector's 400, JSON", true, new OTLPExporterError('Bad Request', 400, '{"code":3,"message":"http: request body too large"}')],
    ["the Collector's 400, protobuf", true, new OTLPExporterError('Bad Request', 400, protobufStatus(3, 'http: request body too large'))],
    ['another 400', false, new OTLPExporterError('Bad Request', 400, '{"code":3,"message":"proto: cannot parse invalid wire-format data"}')],
    ['a 400 with no body', false, new OTLPExporterError('Bad Request', 400)],
    ['429', false, new OTLPExporterError('Too Many Requests', 429)],
    ['503', false, new OTLPExporterError('Service Unavailable', 503, 'request body too large')],
    ['a network error', false, Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a plain object of the same shape (another copy of the package)', true, { code: 413, data: '' }],
    ['undefined', false, undefined],
    ['a string', false, 'Payload Too Large'],
    ['an object whose getter throws', false, Object.defineProperty({}, 'code', { get() { throw new Error('no'); } })],
  ])('%s: %p', (_name, expected, error) => {
    expect(isRequestTooLarge(error)).toBe(expected);
  });
});
