/**
 * A tiny protobuf wire-format reader, enough to decode the OTLP requests the real exporters
 * send (so tests do not depend on a transitive protobuf library or .proto files).
 */

/** Field number -> raw values in order: numbers/bigints for varint and fixed, Uint8Array for length-delimited. */
export type Fields = Map<number, Array<bigint | Uint8Array>>;

export function readFields(bytes: Uint8Array): Fields {
  const fields: Fields = new Map();
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  const fixed = (size: number): bigint => {
    let result = 0n;
    for (let i = size - 1; i >= 0; i--) result = (result << 8n) | BigInt(bytes[pos + i] ?? 0);
    pos += size;
    return result;
  };
  while (pos < bytes.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    const wire = tag & 7;
    let value: bigint | Uint8Array;
    if (wire === 0) value = varint();
    else if (wire === 1) value = fixed(8);
    else if (wire === 5) value = fixed(4);
    else if (wire === 2) {
      const length = Number(varint());
      value = bytes.subarray(pos, pos + length);
      pos += length;
    } else throw new Error(`unsupported wire type ${wire}`);
    const list = fields.get(field);
    if (list === undefined) fields.set(field, [value]);
    else list.push(value);
  }
  return fields;
}

export function bytesOf(fields: Fields, field: number): Uint8Array[] {
  return (fields.get(field) ?? []).filter((v): v is Uint8Array => v instanceof Uint8Array);
}

export function firstBytes(fields: Fields, field: number): Uint8Array | undefined {
  return bytesOf(fields, field)[0];
}

export function firstNumber(fields: Fields, field: number): bigint | undefined {
  const value = fields.get(field)?.[0];
  return typeof value === 'bigint' ? value : undefined;
}

export function text(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

export function hex(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined || bytes.length === 0 ? undefined : Buffer.from(bytes).toString('hex');
}
