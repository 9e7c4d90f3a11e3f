/**
 * OTLP/HTTP response bodies: the export response on success and a `google.rpc.Status` on
 * failure, encoded like the request (protobuf for protobuf requests, JSON otherwise).
 */

/** The two body encodings OTLP/HTTP defines. */
export type BodyEncoding = 'json' | 'protobuf';

/** gRPC status codes used in error bodies. */
export const RPC_INVALID_ARGUMENT = 3;
export const RPC_DEADLINE_EXCEEDED = 4;
export const RPC_NOT_FOUND = 5;
export const RPC_RESOURCE_EXHAUSTED = 8;
export const RPC_UNIMPLEMENTED = 12;
export const RPC_INTERNAL = 13;
export const RPC_UNAVAILABLE = 14;

/** Content-Type header value of an encoding. */
export function contentTypeOf(encoding: BodyEncoding): string {
  return encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json';
}

/**
 * The body of a successful export: an empty `Export*ServiceResponse` (all records accepted).
 * @example exportResponse('json') // '{"partialSuccess":{}}'
 */
export function exportResponse(encoding: BodyEncoding): Buffer {
  return encoding === 'protobuf' ? Buffer.alloc(0) : Buffer.from('{"partialSuccess":{}}');
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/**
 * A `google.rpc.Status { code = 1; message = 2 }` body.
 * @example statusBody('json', 3, 'resourceLogs: expected an array')
 */
export function statusBody(encoding: BodyEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  const msg = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08, ...varint(code), 0x12, ...varint(msg.length)]), msg]);
}
