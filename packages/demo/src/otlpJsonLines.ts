import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** An OTLP JSON attribute value, as the collector's file exporter writes it. */
export interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  kvlistValue?: { values?: Array<{ key: string; value?: OtlpValue }> };
  arrayValue?: { values?: OtlpValue[] };
}

/** A key/value attribute. */
export interface OtlpAttribute {
  key: string;
  value?: OtlpValue;
}

/** The parts of a log record the summary reads, with its resource's attributes. */
export interface FileLogRecord {
  resource: OtlpAttribute[];
  attributes: OtlpAttribute[];
  severityNumber?: number;
  eventName?: string;
  traceId?: string;
  body?: OtlpValue;
}

/** The parts of a span the summary reads. */
export interface FileSpan {
  traceId?: string;
  spanId?: string;
  name?: string;
}

/**
 * Streams the JSON objects of a JSON-lines file (one OTLP batch per line). A missing file
 * yields nothing; a line that is not JSON is skipped and counted in `skipped`.
 * @example for await (const batch of readJsonLines('mlotel-data/logs.jsonl', counters)) { ... }
 */
export async function* readJsonLines(file: string, counters?: { skipped: number }): AsyncGenerator<unknown> {
  const stream = createReadStream(file);
  const opened = await new Promise<boolean>((resolve) => {
    stream.once('open', () => resolve(true));
    stream.once('error', () => resolve(false));
  });
  if (!opened) return;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as unknown;
      } catch {
        if (counters) counters.skipped++;
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/**
 * The log records of one OTLP JSON logs batch, each with its resource attributes.
 * Tolerates missing fields (they read as empty).
 * @example logRecordsOf(JSON.parse(line)).length
 */
export function logRecordsOf(batch: unknown): FileLogRecord[] {
  const out: FileLogRecord[] = [];
  for (const rl of list<Record<string, unknown>>((batch as Record<string, unknown> | null)?.['resourceLogs'])) {
    const resource = list<OtlpAttribute>((rl?.['resource'] as Record<string, unknown> | undefined)?.['attributes']);
    for (const sl of list<Record<string, unknown>>(rl?.['scopeLogs'])) {
      for (const r of list<Record<string, unknown>>(sl?.['logRecords'])) {
        out.push({
          resource,
          attributes: list<OtlpAttribute>(r['attributes']),
          severityNumber: typeof r['severityNumber'] === 'number' ? r['severityNumber'] : undefined,
          eventName: typeof r['eventName'] === 'string' ? r['eventName'] : undefined,
          traceId: typeof r['traceId'] === 'string' && r['traceId'] !== '' ? r['traceId'] : undefined,
          body: r['body'] as OtlpValue | undefined,
        });
      }
    }
  }
  return out;
}

/**
 * The spans of one OTLP JSON traces batch.
 * @example spansOf(JSON.parse(line)).map((s) => s.traceId)
 */
export function spansOf(batch: unknown): FileSpan[] {
  const out: FileSpan[] = [];
  for (const rs of list<Record<string, unknown>>((batch as Record<string, unknown> | null)?.['resourceSpans'])) {
    for (const ss of list<Record<string, unknown>>(rs?.['scopeSpans'])) {
      for (const s of list<Record<string, unknown>>(ss?.['spans'])) {
        out.push({
          traceId: typeof s['traceId'] === 'string' ? s['traceId'] : undefined,
          spanId: typeof s['spanId'] === 'string' ? s['spanId'] : undefined,
          name: typeof s['name'] === 'string' ? s['name'] : undefined,
        });
      }
    }
  }
  return out;
}

/**
 * A string-ish attribute by key (last wins); numbers and booleans are stringified.
 * @example attributeString(record.resource, 'host.name') // 'server-a'
 */
export function attributeString(attributes: readonly OtlpAttribute[], key: string): string | undefined {
  let found: string | undefined;
  for (const kv of attributes) {
    if (kv?.key !== key || !kv.value) continue;
    const v = kv.value;
    const plain = v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue;
    if (plain !== undefined) found = String(plain);
  }
  return found;
}

/**
 * Python level name of an OTel severity number (DEBUG 5-8, INFO 9-12, WARNING 13-16,
 * ERROR 17-20, CRITICAL 21-24); TRACE below, UNSPECIFIED for anything else.
 * @example levelNameOf(13) // 'WARNING'
 */
export function levelNameOf(severityNumber: number | undefined): string {
  if (severityNumber === undefined || !Number.isFinite(severityNumber) || severityNumber < 1 || severityNumber > 24) return 'UNSPECIFIED';
  return ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'][Math.floor((severityNumber - 1) / 4)] as string;
}
