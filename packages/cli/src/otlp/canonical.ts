/**
 * Builders for the canonical OTLP JSON objects. Both decoders (protobuf and JSON) end here,
 * so a batch writes the same line whatever encoding it arrived in: keys in the order of the
 * proto declaration, default values (0, "", empty lists, unset ids) left out, as the
 * Collector's JSON marshaller does.
 */
import type {
  AnyValue,
  InstrumentationScope,
  KeyValue,
  LogRecord,
  LogsData,
  Resource,
  ResourceLogs,
  ResourceSpans,
  ScopeLogs,
  ScopeSpans,
  Span,
  SpanEvent,
  SpanLink,
  SpanStatus,
  TracesData,
} from './types.js';

/** Fields of a record before canonicalisation; `undefined` or a default means "not set". */
export type Fields<T> = { [K in keyof T]?: T[K] | undefined };

function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined || value === null) return;
  if (value === '' || value === 0 || value === '0') return;
  if (Array.isArray(value) && value.length === 0) return;
  target[key] = value;
}

/** A resource; always an object, possibly empty. */
export function makeResource(f: Fields<Resource>): Resource {
  const r: Resource = {};
  put(r, 'attributes', f.attributes);
  put(r, 'droppedAttributesCount', f.droppedAttributesCount);
  return r;
}

/** An instrumentation scope; always an object, possibly empty. */
export function makeScope(f: Fields<InstrumentationScope>): InstrumentationScope {
  const s: InstrumentationScope = {};
  put(s, 'name', f.name);
  put(s, 'version', f.version);
  put(s, 'attributes', f.attributes);
  put(s, 'droppedAttributesCount', f.droppedAttributesCount);
  return s;
}

/** A log record in the Collector's key order. */
export function makeLogRecord(f: Fields<LogRecord>): LogRecord {
  const r: LogRecord = {};
  put(r, 'timeUnixNano', f.timeUnixNano);
  put(r, 'observedTimeUnixNano', f.observedTimeUnixNano);
  put(r, 'severityNumber', f.severityNumber);
  put(r, 'severityText', f.severityText);
  // An empty body is no body (the JSON exporter sends `{}` where protobuf sends nothing).
  if (f.body !== undefined && Object.keys(f.body).length > 0) r.body = f.body;
  put(r, 'attributes', f.attributes);
  put(r, 'droppedAttributesCount', f.droppedAttributesCount);
  put(r, 'flags', f.flags);
  put(r, 'traceId', f.traceId);
  put(r, 'spanId', f.spanId);
  put(r, 'eventName', f.eventName);
  return r;
}

/** A span status; always an object, possibly empty. */
export function makeStatus(f: Fields<SpanStatus>): SpanStatus {
  const s: SpanStatus = {};
  put(s, 'message', f.message);
  put(s, 'code', f.code);
  return s;
}

/** A span event. */
export function makeEvent(f: Fields<SpanEvent>): SpanEvent {
  const e: SpanEvent = {};
  put(e, 'timeUnixNano', f.timeUnixNano);
  put(e, 'name', f.name);
  put(e, 'attributes', f.attributes);
  put(e, 'droppedAttributesCount', f.droppedAttributesCount);
  return e;
}

/** A span link. */
export function makeLink(f: Fields<SpanLink>): SpanLink {
  const l: SpanLink = {};
  put(l, 'traceId', f.traceId);
  put(l, 'spanId', f.spanId);
  put(l, 'traceState', f.traceState);
  put(l, 'attributes', f.attributes);
  put(l, 'droppedAttributesCount', f.droppedAttributesCount);
  put(l, 'flags', f.flags);
  return l;
}

/** A span in proto field order; `status` is always present, as the Collector writes it. */
export function makeSpan(f: Fields<Omit<Span, 'status'>> & { status: SpanStatus | undefined }): Span {
  const s = {} as Span;
  put(s, 'traceId', f.traceId);
  put(s, 'spanId', f.spanId);
  put(s, 'traceState', f.traceState);
  put(s, 'parentSpanId', f.parentSpanId);
  put(s, 'name', f.name);
  put(s, 'kind', f.kind);
  put(s, 'startTimeUnixNano', f.startTimeUnixNano);
  put(s, 'endTimeUnixNano', f.endTimeUnixNano);
  put(s, 'attributes', f.attributes);
  put(s, 'droppedAttributesCount', f.droppedAttributesCount);
  put(s, 'events', f.events);
  put(s, 'droppedEventsCount', f.droppedEventsCount);
  put(s, 'links', f.links);
  put(s, 'droppedLinksCount', f.droppedLinksCount);
  s.status = f.status ?? {};
  put(s, 'flags', f.flags);
  return s;
}

/** An attribute. */
export function makeKeyValue(key: string, value: AnyValue | undefined): KeyValue {
  return { key, value: value ?? {} };
}

/** The log records of one scope; `scope` always present, empty lists and schema URL left out. */
export function makeScopeLogs(scope: InstrumentationScope, logRecords: LogRecord[], schemaUrl: string | undefined): ScopeLogs {
  const s: ScopeLogs = { scope };
  put(s, 'logRecords', logRecords);
  put(s, 'schemaUrl', schemaUrl);
  return s;
}

/** The scopes of one resource's logs; `resource` always present. */
export function makeResourceLogs(resource: Resource, scopeLogs: ScopeLogs[], schemaUrl: string | undefined): ResourceLogs {
  const r: ResourceLogs = { resource };
  put(r, 'scopeLogs', scopeLogs);
  put(r, 'schemaUrl', schemaUrl);
  return r;
}

/** A logs batch; `{}` when it holds no resource. */
export function makeLogsData(resourceLogs: ResourceLogs[]): LogsData {
  const d: LogsData = {};
  put(d, 'resourceLogs', resourceLogs);
  return d;
}

/** The spans of one scope; `scope` always present, empty lists and schema URL left out. */
export function makeScopeSpans(scope: InstrumentationScope, spans: Span[], schemaUrl: string | undefined): ScopeSpans {
  const s: ScopeSpans = { scope };
  put(s, 'spans', spans);
  put(s, 'schemaUrl', schemaUrl);
  return s;
}

/** The scopes of one resource's spans; `resource` always present. */
export function makeResourceSpans(resource: Resource, scopeSpans: ScopeSpans[], schemaUrl: string | undefined): ResourceSpans {
  const r: ResourceSpans = { resource };
  put(r, 'scopeSpans', scopeSpans);
  put(r, 'schemaUrl', schemaUrl);
  return r;
}

/** A traces batch; `{}` when it holds no resource. */
export function makeTracesData(resourceSpans: ResourceSpans[]): TracesData {
  const d: TracesData = {};
  put(d, 'resourceSpans', resourceSpans);
  return d;
}
