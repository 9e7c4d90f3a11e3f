/**
 * The flat JSON view of a record printed by `mlotel tail --json`: one object per record,
 * plain values instead of OTLP AnyValues, ready for `jq`.
 */
import { RES_HOST_NAME, RES_SERVICE_NAME } from '../semconv.js';
import { effectiveSeverity, levelNameOf } from '../format/severity.js';
import { eventNameOf, modelOf, stringAttribute, timeMsOf, toPlain, type LogEntry } from '../read/otlpValues.js';

/** One record as `tail --json` prints it. */
export interface FlatRecord {
  time?: string;
  severityNumber?: number;
  level?: string;
  service?: string;
  server?: string;
  model?: string;
  modelVersion?: string;
  logger?: string;
  eventName?: string;
  body?: unknown;
  attributes: Record<string, unknown>;
  traceId?: string;
  spanId?: string;
}

/**
 * Flattens a record.
 * @example toFlatRecord(entry).attributes['ml.prediction.id']
 */
export function toFlatRecord(entry: LogEntry): FlatRecord {
  const r = entry.record;
  const ms = timeMsOf(r);
  const attributes: Record<string, unknown> = {};
  for (const kv of Array.isArray(r.attributes) ? r.attributes : []) if (kv) attributes[kv.key] = toPlain(kv.value);
  const { name, version } = modelOf(entry);
  return {
    time: ms === undefined ? undefined : new Date(ms).toISOString(),
    severityNumber: r.severityNumber,
    level: r.severityText || levelNameOf(effectiveSeverity(r.severityNumber, r.severityText)),
    service: stringAttribute(entry, RES_SERVICE_NAME),
    server: stringAttribute(entry, RES_HOST_NAME),
    model: name,
    modelVersion: version,
    logger: entry.scope.name,
    eventName: eventNameOf(r),
    body: toPlain(r.body),
    attributes,
    traceId: r.traceId,
    spanId: r.spanId,
  };
}
