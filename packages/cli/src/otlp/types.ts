/**
 * OTLP data in its JSON mapping, as the Collector's `file` exporter writes it: camelCase
 * keys, trace/span ids as lowercase hex, 64-bit integers as decimal strings, enums as
 * numbers, bytes as base64, default values left out.
 */

/** One value of an attribute or body; exactly one key is set (none for an empty value). */
export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  /** int64 as a decimal string. */
  intValue?: string;
  /** A number, or `"NaN"`, `"Infinity"`, `"-Infinity"` (the proto3 JSON mapping). */
  doubleValue?: number | string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  /** base64. */
  bytesValue?: string;
}

/** An attribute. */
export interface KeyValue {
  key: string;
  value: AnyValue;
}

/** The entity that produced the telemetry (service, host...). */
export interface Resource {
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

/** The logger or tracer that produced the records. */
export interface InstrumentationScope {
  name?: string;
  version?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

/** One log record. */
export interface LogRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
}

/** Log records of one scope. */
export interface ScopeLogs {
  scope: InstrumentationScope;
  logRecords?: LogRecord[];
  schemaUrl?: string;
}

/** Log records of one resource. */
export interface ResourceLogs {
  resource: Resource;
  scopeLogs?: ScopeLogs[];
  schemaUrl?: string;
}

/** One logs batch: a line of `logs.jsonl` / `ml-events.jsonl`. */
export interface LogsData {
  resourceLogs?: ResourceLogs[];
}

/** A span event. */
export interface SpanEvent {
  timeUnixNano?: string;
  name?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

/** A span link. */
export interface SpanLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

/** A span status; `code` 0 unset, 1 ok, 2 error. */
export interface SpanStatus {
  message?: string;
  code?: number;
}

/** One span. */
export interface Span {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  parentSpanId?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  events?: SpanEvent[];
  droppedEventsCount?: number;
  links?: SpanLink[];
  droppedLinksCount?: number;
  status: SpanStatus;
  flags?: number;
}

/** Spans of one scope. */
export interface ScopeSpans {
  scope: InstrumentationScope;
  spans?: Span[];
  schemaUrl?: string;
}

/** Spans of one resource. */
export interface ResourceSpans {
  resource: Resource;
  scopeSpans?: ScopeSpans[];
  schemaUrl?: string;
}

/** One traces batch: a line of `traces.jsonl`. */
export interface TracesData {
  resourceSpans?: ResourceSpans[];
}

/** The two signals the receiver accepts. */
export type Signal = 'logs' | 'traces';

/**
 * Thrown by the decoders when a body is not a valid export request; the receiver answers
 * 400 with its message. `path` locates the offending field.
 */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}
