/**
 * Decodes OTLP/HTTP protobuf bodies (`ExportLogsServiceRequest`, `ExportTraceServiceRequest`)
 * into the canonical OTLP JSON objects, with a schema written from the field numbers of
 * opentelemetry-proto (collector/logs/v1, collector/trace/v1, logs/v1, trace/v1, common/v1,
 * resource/v1). Unknown fields are skipped; a known field with the wrong wire type, a
 * truncated field, an id of the wrong length or nesting deeper than {@link MAX_DEPTH}
 * throws {@link InvalidRequestError}; more than {@link MAX_ELEMENTS} elements (attributes,
 * map entries, array items, records, spans...) throws a 413 `BodyError`.
 */
import {
  makeEvent,
  makeKeyValue,
  makeLink,
  makeLogRecord,
  makeLogsData,
  makeResource,
  makeResourceLogs,
  makeResourceSpans,
  makeScope,
  makeScopeLogs,
  makeScopeSpans,
  makeSpan,
  makeStatus,
  makeTracesData,
} from './canonical.js';
import { MAX_DEPTH, MAX_ELEMENTS } from './limits.js';
import { checkProtobufElements } from './protobufElements.js';
import { ProtobufReader, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './protobufReader.js';
import {
  InvalidRequestError,
  type AnyValue,
  type InstrumentationScope,
  type KeyValue,
  type LogRecord,
  type LogsData,
  type Resource,
  type ResourceLogs,
  type ResourceSpans,
  type ScopeLogs,
  type ScopeSpans,
  type Span,
  type SpanEvent,
  type SpanLink,
  type SpanStatus,
  type TracesData,
} from './types.js';

export { MAX_DEPTH };

function expectWire(actual: number, expected: number, what: string): void {
  if (actual !== expected) throw new InvalidRequestError(`protobuf: ${what} has wire type ${actual}, expected ${expected}`);
}

function id(r: ProtobufReader, bytes: number, what: string): string {
  return r.hexId(bytes, what);
}

function int32Enum(v: number): number {
  // Negative int32 enums arrive as 10-byte varints; keep their sign.
  return v > 0x7fffffff ? Number(BigInt.asIntN(32, BigInt(v))) : v;
}

function anyValue(r: ProtobufReader, depth: number): AnyValue {
  if (depth > MAX_DEPTH) throw new InvalidRequestError(`protobuf: value nested deeper than ${MAX_DEPTH}`);
  // Allocated only when set: most values have exactly one field.
  let v: AnyValue | undefined;
  while (r.more()) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        expectWire(wire, WIRE_LEN, 'AnyValue.string_value');
        v = { stringValue: r.string() };
        break;
      case 2:
        expectWire(wire, WIRE_VARINT, 'AnyValue.bool_value');
        v = { boolValue: r.varint() !== 0 };
        break;
      case 3:
        expectWire(wire, WIRE_VARINT, 'AnyValue.int_value');
        v = { intValue: r.int64String() };
        break;
      case 4: {
        expectWire(wire, WIRE_FIXED64, 'AnyValue.double_value');
        const d = r.double();
        v = { doubleValue: Number.isFinite(d) ? d : String(d) };
        break;
      }
      case 5: {
        expectWire(wire, WIRE_LEN, 'AnyValue.array_value');
        const m = r.message();
        const values: AnyValue[] = [];
        while (m.more()) {
          const t = m.tag();
          if (t.field === 1) {
            expectWire(t.wire, WIRE_LEN, 'ArrayValue.values');
            values.push(anyValue(m.message(), depth + 1));
          } else m.skip(t.wire);
        }
        v = { arrayValue: values.length > 0 ? { values } : {} };
        break;
      }
      case 6: {
        expectWire(wire, WIRE_LEN, 'AnyValue.kvlist_value');
        const m = r.message();
        const values: KeyValue[] = [];
        while (m.more()) {
          const t = m.tag();
          if (t.field === 1) {
            expectWire(t.wire, WIRE_LEN, 'KeyValueList.values');
            values.push(keyValue(m.message(), depth + 1));
          } else m.skip(t.wire);
        }
        v = { kvlistValue: values.length > 0 ? { values } : {} };
        break;
      }
      case 7: {
        expectWire(wire, WIRE_LEN, 'AnyValue.bytes_value');
        const [s, e] = r.span();
        v = { bytesValue: r.buf.toString('base64', s, e) };
        break;
      }
      default:
        r.skip(wire);
    }
  }
  return v ?? {};
}

function keyValue(r: ProtobufReader, depth: number): KeyValue {
  let key = '';
  let value: AnyValue | undefined;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'KeyValue.key');
      key = r.string();
    } else if (field === 2) {
      expectWire(wire, WIRE_LEN, 'KeyValue.value');
      value = anyValue(r.message(), depth);
    } else r.skip(wire);
  }
  return makeKeyValue(key, value);
}

function attribute(r: ProtobufReader, wire: number, into: KeyValue[]): void {
  expectWire(wire, WIRE_LEN, 'attributes');
  into.push(keyValue(r.message(), 0));
}

function resource(r: ProtobufReader): Resource {
  const attributes: KeyValue[] = [];
  let dropped: number | undefined;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) attribute(r, wire, attributes);
    else if (field === 2) {
      expectWire(wire, WIRE_VARINT, 'Resource.dropped_attributes_count');
      dropped = r.varint();
    } else r.skip(wire);
  }
  return makeResource({ attributes, droppedAttributesCount: dropped });
}

function scope(r: ProtobufReader): InstrumentationScope {
  let name: string | undefined;
  let version: string | undefined;
  const attributes: KeyValue[] = [];
  let dropped: number | undefined;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'InstrumentationScope.name');
      name = r.string();
    } else if (field === 2) {
      expectWire(wire, WIRE_LEN, 'InstrumentationScope.version');
      version = r.string();
    } else if (field === 3) attribute(r, wire, attributes);
    else if (field === 4) {
      expectWire(wire, WIRE_VARINT, 'InstrumentationScope.dropped_attributes_count');
      dropped = r.varint();
    } else r.skip(wire);
  }
  return makeScope({ name, version, attributes, droppedAttributesCount: dropped });
}

function logRecord(r: ProtobufReader): LogRecord {
  const f: Parameters<typeof makeLogRecord>[0] = {
    timeUnixNano: undefined,
    observedTimeUnixNano: undefined,
    severityNumber: undefined,
    severityText: undefined,
    body: undefined,
    attributes: [],
    droppedAttributesCount: undefined,
    flags: undefined,
    traceId: undefined,
    spanId: undefined,
    eventName: undefined,
  };
  while (r.more()) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        expectWire(wire, WIRE_FIXED64, 'LogRecord.time_unix_nano');
        f.timeUnixNano = r.fixed64String();
        break;
      case 11:
        expectWire(wire, WIRE_FIXED64, 'LogRecord.observed_time_unix_nano');
        f.observedTimeUnixNano = r.fixed64String();
        break;
      case 2:
        expectWire(wire, WIRE_VARINT, 'LogRecord.severity_number');
        f.severityNumber = int32Enum(r.varint());
        break;
      case 3:
        expectWire(wire, WIRE_LEN, 'LogRecord.severity_text');
        f.severityText = r.string();
        break;
      case 5:
        expectWire(wire, WIRE_LEN, 'LogRecord.body');
        f.body = anyValue(r.message(), 0);
        break;
      case 6:
        attribute(r, wire, f.attributes as KeyValue[]);
        break;
      case 7:
        expectWire(wire, WIRE_VARINT, 'LogRecord.dropped_attributes_count');
        f.droppedAttributesCount = r.varint();
        break;
      case 8:
        expectWire(wire, WIRE_FIXED32, 'LogRecord.flags');
        f.flags = r.fixed32();
        break;
      case 9:
        expectWire(wire, WIRE_LEN, 'LogRecord.trace_id');
        f.traceId = id(r, 16, 'LogRecord.trace_id');
        break;
      case 10:
        expectWire(wire, WIRE_LEN, 'LogRecord.span_id');
        f.spanId = id(r, 8, 'LogRecord.span_id');
        break;
      case 12:
        expectWire(wire, WIRE_LEN, 'LogRecord.event_name');
        f.eventName = r.string();
        break;
      default:
        r.skip(wire);
    }
  }
  return makeLogRecord(f);
}

function scopeLogs(r: ProtobufReader): ScopeLogs {
  let sc: InstrumentationScope = {};
  const records: LogRecord[] = [];
  let schemaUrl = '';
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'ScopeLogs.scope');
      sc = scope(r.message());
    } else if (field === 2) {
      expectWire(wire, WIRE_LEN, 'ScopeLogs.log_records');
      records.push(logRecord(r.message()));
    } else if (field === 3) {
      expectWire(wire, WIRE_LEN, 'ScopeLogs.schema_url');
      schemaUrl = r.string();
    } else r.skip(wire);
  }
  return makeScopeLogs(sc, records, schemaUrl);
}

function resourceLogs(r: ProtobufReader): ResourceLogs {
  let res: Resource = {};
  const scopes: ScopeLogs[] = [];
  let schemaUrl = '';
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'ResourceLogs.resource');
      res = resource(r.message());
    } else if (field === 2) {
      expectWire(wire, WIRE_LEN, 'ResourceLogs.scope_logs');
      scopes.push(scopeLogs(r.message()));
    } else if (field === 3) {
      expectWire(wire, WIRE_LEN, 'ResourceLogs.schema_url');
      schemaUrl = r.string();
    } else r.skip(wire);
  }
  return makeResourceLogs(res, scopes, schemaUrl);
}

/**
 * Decodes an `ExportLogsServiceRequest`.
 * @throws InvalidRequestError on malformed input; a 413 BodyError over {@link MAX_ELEMENTS} elements.
 * @example decodeLogsProtobuf(body).resourceLogs?.length
 */
export function decodeLogsProtobuf(buf: Buffer): LogsData {
  checkProtobufElements(buf, 'logs');
  const r = new ProtobufReader(buf);
  const list: ResourceLogs[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'ExportLogsServiceRequest.resource_logs');
      list.push(resourceLogs(r.message()));
    } else r.skip(wire);
  }
  return makeLogsData(list);
}

function status(r: ProtobufReader): SpanStatus {
  let message: string | undefined;
  let code: number | undefined;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 2) {
      expectWire(wire, WIRE_LEN, 'Status.message');
      message = r.string();
    } else if (field === 3) {
      expectWire(wire, WIRE_VARINT, 'Status.code');
      code = int32Enum(r.varint());
    } else r.skip(wire);
  }
  return makeStatus({ message, code });
}

function spanEvent(r: ProtobufReader): SpanEvent {
  let time: string | undefined;
  let name: string | undefined;
  const attributes: KeyValue[] = [];
  let dropped: number | undefined;
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_FIXED64, 'Event.time_unix_nano');
      time = r.fixed64String();
    } else if (field === 2) {
      expectWire(wire, WIRE_LEN, 'Event.name');
      name = r.string();
    } else if (field === 3) attribute(r, wire, attributes);
    else if (field === 4) {
      expectWire(wire, WIRE_VARINT, 'Event.dropped_attributes_count');
      dropped = r.varint();
    } else r.skip(wire);
  }
  return makeEvent({ timeUnixNano: time, name, attributes, droppedAttributesCount: dropped });
}

function spanLink(r: ProtobufReader): SpanLink {
  const f: Parameters<typeof makeLink>[0] = {
    traceId: undefined,
    spanId: undefined,
    traceState: undefined,
    attributes: [],
    droppedAttributesCount: undefined,
    flags: undefined,
  };
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'Link.trace_id');
      f.traceId = id(r, 16, 'Link.trace_id');
    } else if (field === 2) {
      expectWire(wire, WIRE_LEN, 'Link.span_id');
      f.spanId = id(r, 8, 'Link.span_id');
    } else if (field === 3) {
      expectWire(wire, WIRE_LEN, 'Link.trace_state');
      f.traceState = r.string();
    } else if (field === 4) attribute(r, wire, f.attributes as KeyValue[]);
    else if (field === 5) {
      expectWire(wire, WIRE_VARINT, 'Link.dropped_attributes_count');
      f.droppedAttributesCount = r.varint();
    } else if (field === 6) {
      expectWire(wire, WIRE_FIXED32, 'Link.flags');
      f.flags = r.fixed32();
    } else r.skip(wire);
  }
  return makeLink(f);
}

function span(r: ProtobufReader): Span {
  const f: Parameters<typeof makeSpan>[0] = {
    traceId: undefined,
    spanId: undefined,
    traceState: undefined,
    parentSpanId: undefined,
    name: undefined,
    kind: undefined,
    startTimeUnixNano: undefined,
    endTimeUnixNano: undefined,
    attributes: [],
    droppedAttributesCount: undefined,
    events: [],
    droppedEventsCount: undefined,
    links: [],
    droppedLinksCount: undefined,
    status: undefined,
    flags: undefined,
  };
  while (r.more()) {
    const { field, wire } = r.tag();
    switch (field) {
      case 1:
        expectWire(wire, WIRE_LEN, 'Span.trace_id');
        f.traceId = id(r, 16, 'Span.trace_id');
        break;
      case 2:
        expectWire(wire, WIRE_LEN, 'Span.span_id');
        f.spanId = id(r, 8, 'Span.span_id');
        break;
      case 3:
        expectWire(wire, WIRE_LEN, 'Span.trace_state');
        f.traceState = r.string();
        break;
      case 4:
        expectWire(wire, WIRE_LEN, 'Span.parent_span_id');
        f.parentSpanId = id(r, 8, 'Span.parent_span_id');
        break;
      case 5:
        expectWire(wire, WIRE_LEN, 'Span.name');
        f.name = r.string();
        break;
      case 6:
        expectWire(wire, WIRE_VARINT, 'Span.kind');
        f.kind = int32Enum(r.varint());
        break;
      case 7:
        expectWire(wire, WIRE_FIXED64, 'Span.start_time_unix_nano');
        f.startTimeUnixNano = r.fixed64String();
        break;
      case 8:
        expectWire(wire, WIRE_FIXED64, 'Span.end_time_unix_nano');
        f.endTimeUnixNano = r.fixed64String();
        break;
      case 9:
        attribute(r, wire, f.attributes as KeyValue[]);
        break;
      case 10:
        expectWire(wire, WIRE_VARINT, 'Span.dropped_attributes_count');
        f.droppedAttributesCount = r.varint();
        break;
      case 11:
        expectWire(wire, WIRE_LEN, 'Span.events');
        (f.events as SpanEvent[]).push(spanEvent(r.message()));
        break;
      case 12:
        expectWire(wire, WIRE_VARINT, 'Span.dropped_events_count');
        f.droppedEventsCount = r.varint();
        break;
      case 13:
        expectWire(wire, WIRE_LEN, 'Span.links');
        (f.links as SpanLink[]).push(spanLink(r.message()));
        break;
      case 14:
        expectWire(wire, WIRE_VARINT, 'Span.dropped_links_count');
        f.droppedLinksCount = r.varint();
        break;
      case 15:
        expectWire(wire, WIRE_LEN, 'Span.status');
        f.status = status(r.message());
        break;
      case 16:
        expectWire(wire, WIRE_FIXED32, 'Span.flags');
        f.flags = r.fixed32();
        break;
      default:
        r.skip(wire);
    }
  }
  return makeSpan(f);
}

function scopeSpans(r: ProtobufReader): ScopeSpans {
  let sc: InstrumentationScope = {};
  const spans: Span[] = [];
  let schemaUrl = '';
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'ScopeSpans.scope');
      sc = scope(r.message());
    } else if (field === 2) {
      expectWire(wire, WIRE_LEN, 'ScopeSpans.spans');
      spans.push(span(r.message()));
    } else if (field === 3) {
      expectWire(wire, WIRE_LEN, 'ScopeSpans.schema_url');
      schemaUrl = r.string();
    } else r.skip(wire);
  }
  return makeScopeSpans(sc, spans, schemaUrl);
}

function resourceSpans(r: ProtobufReader): ResourceSpans {
  let res: Resource = {};
  const scopes: ScopeSpans[] = [];
  let schemaUrl = '';
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'ResourceSpans.resource');
      res = resource(r.message());
    } else if (field === 2) {
      expectWire(wire, WIRE_LEN, 'ResourceSpans.scope_spans');
      scopes.push(scopeSpans(r.message()));
    } else if (field === 3) {
      expectWire(wire, WIRE_LEN, 'ResourceSpans.schema_url');
      schemaUrl = r.string();
    } else r.skip(wire);
  }
  return makeResourceSpans(res, scopes, schemaUrl);
}

/**
 * Decodes an `ExportTraceServiceRequest`.
 * @throws InvalidRequestError on malformed input; a 413 BodyError over {@link MAX_ELEMENTS} elements.
 * @example decodeTracesProtobuf(body).resourceSpans?.length
 */
export function decodeTracesProtobuf(buf: Buffer): TracesData {
  checkProtobufElements(buf, 'traces');
  const r = new ProtobufReader(buf);
  const list: ResourceSpans[] = [];
  while (r.more()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      expectWire(wire, WIRE_LEN, 'ExportTraceServiceRequest.resource_spans');
      list.push(resourceSpans(r.message()));
    } else r.skip(wire);
  }
  return makeTracesData(list);
}
