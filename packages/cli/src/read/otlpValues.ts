/**
 * Reading helpers over canonical OTLP JSON log batches: flattening a batch into records with
 * their resource and scope, turning AnyValues into plain values, and the few derived fields
 * (event name, time, model) the tools filter on. All tolerate missing or odd fields: they
 * read what is there and return `undefined` for the rest, never throw on a parsed object.
 */
import { ATTR_EVENT_NAME, ATTR_ML_MODEL_NAME, ATTR_ML_MODEL_VERSION } from '../semconv.js';
import type { AnyValue, InstrumentationScope, KeyValue, LogRecord, LogsData, Resource } from '../otlp/types.js';

const MAX_DATE_MS = 8.64e15;

/** A log record with the resource and scope of its batch. */
export interface LogEntry {
  resource: Resource;
  scope: InstrumentationScope;
  record: LogRecord;
}

/**
 * Calls `fn` for every log record of a batch, in order.
 * @example forEachLogRecord(JSON.parse(line), (e) => console.log(e.record.body))
 */
export function forEachLogRecord(batch: LogsData, fn: (entry: LogEntry) => void): void {
  const rls = Array.isArray(batch?.resourceLogs) ? batch.resourceLogs : [];
  for (const rl of rls) {
    const resource = rl?.resource ?? {};
    for (const sl of Array.isArray(rl?.scopeLogs) ? rl.scopeLogs : []) {
      const scope = sl?.scope ?? {};
      for (const record of Array.isArray(sl?.logRecords) ? sl.logRecords : []) {
        if (record && typeof record === 'object') fn({ resource, scope, record });
      }
    }
  }
}

/** Finds an attribute's value by key (last one wins, as in OTel SDKs). */
export function findAttribute(list: KeyValue[] | undefined, key: string): AnyValue | undefined {
  if (!Array.isArray(list)) return undefined;
  let found: AnyValue | undefined;
  for (const kv of list) if (kv && kv.key === key) found = kv.value;
  return found;
}

/**
 * Converts an AnyValue into a plain JS value: maps to objects, arrays to arrays, int64 to a
 * number when it is exactly representable (else its decimal string), bytes to base64.
 * @example toPlain({ kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }] } }) // { a: 1 }
 */
export function toPlain(v: AnyValue | undefined): unknown {
  if (!v || typeof v !== 'object') return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return typeof v.doubleValue === 'number' ? v.doubleValue : Number(v.doubleValue);
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(toPlain);
  if (v.kvlistValue !== undefined) {
    const o: Record<string, unknown> = {};
    for (const kv of v.kvlistValue.values ?? []) {
      if (!kv) continue;
      // A key named `__proto__` is data (a feature), not a prototype change.
      if (kv.key === '__proto__') Object.defineProperty(o, kv.key, { value: toPlain(kv.value), enumerable: true, writable: true, configurable: true });
      else o[kv.key] = toPlain(kv.value);
    }
    return o;
  }
  if (v.bytesValue !== undefined) return v.bytesValue;
  return undefined;
}

/**
 * A plain value (from {@link toPlain}) as text: a string as it is, a map or an array as its
 * JSON text, another scalar by String(). Never throws: a map with a `toString` key is data,
 * not a method.
 * @example plainText({ toString: [] }) // '{"toString":[]}'
 */
export function plainText(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** A string attribute of the record, falling back to the resource (the collector may lift it there). */
export function stringAttribute(entry: LogEntry, key: string): string | undefined {
  const v = toPlain(findAttribute(entry.record.attributes, key) ?? findAttribute(entry.resource.attributes, key));
  return v === undefined || v === null ? undefined : plainText(v);
}

/** The record's event name: the LogRecord field, else the `event.name` attribute. */
export function eventNameOf(record: LogRecord): string | undefined {
  if (record.eventName) return record.eventName;
  const v = findAttribute(record.attributes, ATTR_EVENT_NAME);
  return v?.stringValue;
}

/** The record's time in ms since the epoch: its timestamp, else when it was observed, else undefined. */
export function timeMsOf(record: LogRecord): number | undefined {
  const t = record.timeUnixNano && record.timeUnixNano !== '0' ? record.timeUnixNano : record.observedTimeUnixNano;
  if (t === undefined || t === '0') return undefined;
  // Split off the nanoseconds: dividing the whole 19-digit number as a double rounds 586 ms to 585.99...
  const ms = t.length > 6 ? Number(t.slice(0, -6)) + Number(t.slice(-6)) / 1e6 : Number(t) / 1e6;
  // A Date holds +-8.64e15 ms: beyond that toISOString() throws, so such a time is no time.
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : undefined;
}

/** Model name and version of a record, from its attributes or its resource. */
export function modelOf(entry: LogEntry): { name?: string; version?: string } {
  return { name: stringAttribute(entry, ATTR_ML_MODEL_NAME), version: stringAttribute(entry, ATTR_ML_MODEL_VERSION) };
}

/** A resource attribute as a string. */
export function resourceAttribute(resource: Resource, key: string): string | undefined {
  const v = toPlain(findAttribute(resource.attributes, key));
  return v === undefined || v === null ? undefined : plainText(v);
}
