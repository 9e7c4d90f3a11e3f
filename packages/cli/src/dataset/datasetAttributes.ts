/**
 * Which attributes become `feedback.*` and `attr.*` columns: all but those
 * that already are a column or are SDK bookkeeping. The strings are the record contract of schema
 * version 2 (docs/schema.md, "Dataset rows").
 */
import { toPlain, type LogEntry } from '../read/otlpValues.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_EVENT_NAME,
  ATTR_ML_MODEL_NAME,
  ATTR_ML_MODEL_VERSION,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_PREDICTION_ID,
  ATTR_ML_PREDICTION_LATENCY_MS,
  ATTR_ML_MODEL_STAGE,
  ATTR_ML_PAYLOAD_SHAPED,
  ATTR_ML_SAMPLING_RATE,
  RES_HOST_NAME,
  RES_SERVICE_NAME,
} from '../semconv.js';

/**
 * Attributes never copied to `feedback.<key>` or `attr.<key>` columns: each is a column of its
 * own already (model, stage, latency, confidence, error, server, service) or bookkeeping.
 */
export const ATTRIBUTES_NOT_COPIED: ReadonlySet<string> = new Set([
  ATTR_EVENT_NAME,
  ATTR_ML_PREDICTION_ID,
  ATTR_ML_MODEL_NAME,
  ATTR_ML_MODEL_VERSION,
  ATTR_ML_MODEL_STAGE,
  ATTR_ML_PREDICTION_LATENCY_MS,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_SAMPLING_RATE,
  ATTR_ML_PAYLOAD_SHAPED,
  ATTR_ERROR_TYPE,
  RES_HOST_NAME,
  RES_SERVICE_NAME,
]);

/**
 * A record's attributes as a plain object, without {@link ATTRIBUTES_NOT_COPIED}; undefined
 * when none is left. For the `feedback.*` and `attr.*` columns.
 * @example copiedAttributes(entry) // { source: 'human-review' }
 */
export function copiedAttributes(entry: LogEntry): Record<string, unknown> | undefined {
  const list = entry.record.attributes;
  if (!Array.isArray(list)) return undefined;
  let copied: Record<string, unknown> | undefined;
  for (const kv of list) {
    if (!kv || typeof kv.key !== 'string' || ATTRIBUTES_NOT_COPIED.has(kv.key)) continue;
    copied ??= {};
    // defineProperty: a key named `__proto__` must be a column, not a prototype change.
    Object.defineProperty(copied, kv.key, { value: toPlain(kv.value) ?? null, enumerable: true, writable: true, configurable: true });
  }
  return copied;
}
