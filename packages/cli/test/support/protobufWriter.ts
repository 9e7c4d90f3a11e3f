/** A protobuf varint, for tests that hand-build OTLP bodies. */
export function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

/** A length-delimited field `f` around `payload`. */
export function lenField(f: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(f << 3) | 2, ...varint(payload.length)]), payload]);
}
