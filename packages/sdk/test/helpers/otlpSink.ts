import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bytesOf, firstBytes, firstNumber, hex, readFields, text, type Fields } from './protobufWire';

/** One log record as it arrived, decoded the same way from OTLP/JSON and OTLP/protobuf. */
export interface ReceivedRecord {
  resource: Record<string, unknown>;
  scope: string;
  severityNumber: number;
  severityText: string | undefined;
  body: unknown;
  attributes: Record<string, unknown>;
  traceId: string | undefined;
  spanId: string | undefined;
  eventName: string | undefined;
}

/** One span as it arrived (only what the tests look at). */
export interface ReceivedSpan {
  name: string;
  traceId: string | undefined;
  spanId: string | undefined;
}

/**
 * A real OTLP/HTTP receiver on 127.0.0.1 (random port) that decodes what the exporters send.
 * `down()` closes the listener so the next exports get ECONNREFUSED.
 */
export interface OtlpSink {
  url: string;
  records: ReceivedRecord[];
  spans: ReceivedSpan[];
  contentTypes: string[];
  /** Body size in bytes of each /v1/logs request, in arrival order. */
  logRequestBytes: number[];
  waitForRecords(count: number, timeoutMs?: number): Promise<void>;
  waitForSpans(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startOtlpSink(): Promise<OtlpSink> {
  const records: ReceivedRecord[] = [];
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const logRequestBytes: number[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const type = String(req.headers['content-type'] ?? '');
      contentTypes.push(type);
      try {
        const json = type.includes('json');
        if (req.url === '/v1/logs') logRequestBytes.push(body.length);
        if (req.url === '/v1/logs') records.push(...(json ? decodeJsonLogs(body) : decodeProtoLogs(body)));
        else if (req.url === '/v1/traces') spans.push(...(json ? decodeJsonSpans(body) : decodeProtoSpans(body)));
        res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        res.end(json ? '{}' : '');
      } catch (error) {
        res.writeHead(400);
        res.end(String(error));
      }
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const waitFor = (done: () => boolean, what: string, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      const check = (): void => {
        if (done()) {
          clearTimeout(deadline);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    records,
    spans,
    contentTypes,
    logRequestBytes,
    waitForRecords: (count, timeoutMs = 15000) => waitFor(() => records.length >= count, `${count} records (have ${records.length})`, timeoutMs),
    waitForSpans: (count, timeoutMs = 15000) => waitFor(() => spans.length >= count, `${count} spans`, timeoutMs),
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

// --- OTLP/JSON ---

type JsonAnyValue = Record<string, unknown>;
type JsonKeyValue = { key: string; value: JsonAnyValue };

function jsonValue(value: JsonAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('bytesValue' in value) return Buffer.from(String(value.bytesValue), 'base64');
  if ('arrayValue' in value) return ((value.arrayValue as { values?: JsonAnyValue[] }).values ?? []).map(jsonValue);
  if ('kvlistValue' in value) return jsonAttributes((value.kvlistValue as { values?: JsonKeyValue[] }).values);
  return undefined;
}

function jsonAttributes(list: JsonKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) out[key] = jsonValue(value);
  return out;
}

function decodeJsonLogs(body: Buffer): ReceivedRecord[] {
  const request = JSON.parse(body.toString('utf8')) as { resourceLogs?: any[] };
  const out: ReceivedRecord[] = [];
  for (const resourceLogs of request.resourceLogs ?? []) {
    const resource = jsonAttributes(resourceLogs.resource?.attributes);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      for (const record of scopeLogs.logRecords ?? []) {
        out.push({
          resource,
          scope: scopeLogs.scope?.name,
          severityNumber: record.severityNumber ?? 0,
          severityText: record.severityText,
          body: jsonValue(record.body),
          attributes: jsonAttributes(record.attributes),
          traceId: record.traceId || undefined,
          spanId: record.spanId || undefined,
          eventName: record.eventName || undefined,
        });
      }
    }
  }
  return out;
}

function decodeJsonSpans(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8')) as { resourceSpans?: any[] };
  const out: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) out.push({ name: span.name, traceId: span.traceId, spanId: span.spanId });
    }
  }
  return out;
}

// --- OTLP/protobuf (opentelemetry-proto field numbers) ---

function protoValue(bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) return undefined;
  const f = readFields(bytes);
  if (f.has(1)) return text(firstBytes(f, 1));
  if (f.has(2)) return firstNumber(f, 2) === 1n;
  if (f.has(3)) return Number(BigInt.asIntN(64, firstNumber(f, 3) ?? 0n));
  if (f.has(4)) {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, firstNumber(f, 4) ?? 0n);
    return view.getFloat64(0);
  }
  if (f.has(5)) return bytesOf(readFields(firstBytes(f, 5) ?? new Uint8Array()), 1).map(protoValue);
  if (f.has(6)) return protoAttributes(readFields(firstBytes(f, 6) ?? new Uint8Array()), 1);
  if (f.has(7)) return Buffer.from(firstBytes(f, 7) ?? new Uint8Array());
  return undefined;
}

function protoAttributes(fields: Fields, field: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of bytesOf(fields, field)) {
    const f = readFields(kv);
    out[text(firstBytes(f, 1)) ?? ''] = protoValue(firstBytes(f, 2));
  }
  return out;
}

function decodeProtoLogs(body: Buffer): ReceivedRecord[] {
  const out: ReceivedRecord[] = [];
  for (const resourceLogsBytes of bytesOf(readFields(body), 1)) {
    const resourceLogs = readFields(resourceLogsBytes);
    const resource = protoAttributes(readFields(firstBytes(resourceLogs, 1) ?? new Uint8Array()), 1);
    for (const scopeLogsBytes of bytesOf(resourceLogs, 2)) {
      const scopeLogs = readFields(scopeLogsBytes);
      const scope = text(firstBytes(readFields(firstBytes(scopeLogs, 1) ?? new Uint8Array()), 1)) ?? '';
      for (const recordBytes of bytesOf(scopeLogs, 2)) {
        const r = readFields(recordBytes);
        out.push({
          resource,
          scope,
          severityNumber: Number(firstNumber(r, 2) ?? 0n),
          severityText: text(firstBytes(r, 3)),
          body: protoValue(firstBytes(r, 5)),
          attributes: protoAttributes(r, 6),
          traceId: hex(firstBytes(r, 9)),
          spanId: hex(firstBytes(r, 10)),
          eventName: text(firstBytes(r, 12)),
        });
      }
    }
  }
  return out;
}

function decodeProtoSpans(body: Buffer): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const resourceSpans of bytesOf(readFields(body), 1)) {
    for (const scopeSpans of bytesOf(readFields(resourceSpans), 2)) {
      for (const spanBytes of bytesOf(readFields(scopeSpans), 2)) {
        const s = readFields(spanBytes);
        out.push({ name: text(firstBytes(s, 5)) ?? '', traceId: hex(firstBytes(s, 1)), spanId: hex(firstBytes(s, 2)) });
      }
    }
  }
  return out;
}
