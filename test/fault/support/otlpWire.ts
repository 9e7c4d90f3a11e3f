/**
 * Just enough of the OTLP logs wire formats for the fault suite: count the records of a
 * request and read each record's integer `seq` attribute (JSON or protobuf), and write a
 * small valid request (for the receiver fuzzer). Written here, not borrowed from the SDK or
 * the CLI, so a bug in their codecs cannot hide itself from these tests.
 */

/** The `seq` attribute of every record in an OTLP logs request (NaN for a record without one). */
export function seqsOf(body: Buffer, json: boolean): number[] {
  return json ? seqsOfJson(body) : seqsOfProtobuf(body);
}

function seqsOfJson(body: Buffer): number[] {
  const request = JSON.parse(body.toString('utf8')) as { resourceLogs?: any[] };
  const out: number[] = [];
  for (const rl of request.resourceLogs ?? []) {
    for (const sl of rl.scopeLogs ?? []) {
      for (const record of sl.logRecords ?? []) {
        const kv = (record.attributes ?? []).find((a: { key: string }) => a.key === 'seq');
        out.push(kv === undefined ? Number.NaN : Number(kv.value?.intValue ?? kv.value?.doubleValue ?? Number.NaN));
      }
    }
  }
  return out;
}

/** Calls `onField(field, wire, start, end, value)` for each field of a message in `bytes[start, end)`. */
function eachField(bytes: Uint8Array, start: number, end: number, onField: (field: number, wire: number, from: number, to: number, value: number) => void): void {
  let pos = start;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[pos++];
      if (byte === undefined || pos > end) throw new Error('truncated varint');
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  };
  while (pos < end) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) onField(field, wire, pos, pos, varint());
    else if (wire === 1) { pos += 8; onField(field, wire, pos - 8, pos, 0); }
    else if (wire === 5) { pos += 4; onField(field, wire, pos - 4, pos, 0); }
    else if (wire === 2) {
      const length = varint();
      const from = pos;
      pos += length;
      if (pos > end) throw new Error('truncated field');
      onField(field, wire, from, pos, 0);
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

// opentelemetry-proto: ExportLogsServiceRequest.resource_logs = 1; ResourceLogs.scope_logs = 2;
// ScopeLogs.log_records = 2; LogRecord.attributes = 6; KeyValue { key = 1; value = 2 };
// AnyValue.int_value = 3.
function seqsOfProtobuf(body: Buffer): number[] {
  const out: number[] = [];
  eachField(body, 0, body.length, (f1, w1, a1, b1) => {
    if (f1 !== 1 || w1 !== 2) return;
    eachField(body, a1, b1, (f2, w2, a2, b2) => {
      if (f2 !== 2 || w2 !== 2) return;
      eachField(body, a2, b2, (f3, w3, a3, b3) => {
        if (f3 !== 2 || w3 !== 2) return;
        let seq = Number.NaN;
        eachField(body, a3, b3, (f4, w4, a4, b4) => {
          if (f4 !== 6 || w4 !== 2) return;
          let key = '';
          let valueFrom = -1;
          let valueTo = -1;
          eachField(body, a4, b4, (f5, w5, a5, b5) => {
            if (f5 === 1 && w5 === 2) key = body.toString('utf8', a5, b5);
            else if (f5 === 2 && w5 === 2) { valueFrom = a5; valueTo = b5; }
          });
          if (key !== 'seq' || valueFrom < 0) return;
          eachField(body, valueFrom, valueTo, (f6, w6, _a6, _b6, value) => {
            if (f6 === 3 && w6 === 0) seq = value;
          });
        });
        out.push(seq);
      });
    });
  });
  return out;
}

// --- writing a small valid request ---

function varintBytes(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function lengthDelimited(field: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varintBytes(field * 8 + 2), ...varintBytes(payload.length)]), payload]);
}

function stringField(field: number, text: string): Buffer {
  return lengthDelimited(field, Buffer.from(text, 'utf8'));
}

function keyValue(key: string, value: Buffer): Buffer {
  return lengthDelimited(6, Buffer.concat([stringField(1, key), lengthDelimited(2, value)]));
}

/**
 * A valid OTLP logs request with `count` INFO records (body `message i`, attributes `seq` and
 * `fuzz.case`), in either encoding.
 */
export function validLogsRequest(count: number, json: boolean, tag = 'fault'): Buffer {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  if (json) {
    const logRecords = Array.from({ length: count }, (_, i) => ({
      timeUnixNano: String(nowNs),
      severityNumber: 9,
      severityText: 'INFO',
      body: { stringValue: `message ${i}` },
      attributes: [{ key: 'seq', value: { intValue: String(i) } }, { key: 'fuzz.case', value: { stringValue: tag } }],
    }));
    return Buffer.from(JSON.stringify({
      resourceLogs: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fault-suite' } }] },
        scopeLogs: [{ scope: { name: 'fault' }, logRecords }],
      }],
    }));
  }
  const time = Buffer.alloc(9);
  time[0] = 1 * 8 + 1; // time_unix_nano, fixed64
  time.writeBigUInt64LE(nowNs, 1);
  const records = Array.from({ length: count }, (_, i) => lengthDelimited(2, Buffer.concat([
    time,
    Buffer.from([2 * 8, 9]), // severity_number INFO
    stringField(3, 'INFO'),
    lengthDelimited(5, stringField(1, `message ${i}`)),
    keyValue('seq', Buffer.from([3 * 8, ...varintBytes(i)])),
    keyValue('fuzz.case', stringField(1, tag)),
  ])));
  const resource = lengthDelimited(1, Buffer.concat([
    lengthDelimited(1, Buffer.concat([stringField(1, 'service.name'), lengthDelimited(2, stringField(1, 'fault-suite'))])),
  ]));
  const scopeLogs = lengthDelimited(2, Buffer.concat([lengthDelimited(1, stringField(1, 'fault')), ...records]));
  return lengthDelimited(1, Buffer.concat([resource, scopeLogs]));
}
