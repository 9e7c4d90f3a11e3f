/**
 * One dataset row per `ml.prediction` record: the columns the feedback loop trains on.
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_TYPE,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_PREDICTION_ID,
  ATTR_ML_PREDICTION_LATENCY_MS,
  RES_HOST_NAME,
} from '../semconv.js';
import { findAttribute, modelOf, stringAttribute, timeMsOf, toPlain, type LogEntry } from '../read/otlpValues.js';
import { effectiveSeverity, LEVEL_THRESHOLDS } from '../format/severity.js';

/** Columns before the flattened `input.*` ones. */
export const LEADING_COLUMNS = ['prediction_id', 'time', 'model', 'model_version', 'server', 'trace_id'] as const;
/**
 * Columns after the flattened `input.*` ones. `error` comes last, after `actual`, because it
 * was added later: readers that pick columns by position keep working.
 */
export const TRAILING_COLUMNS = ['output', 'confidence', 'latency_ms', 'actual', 'error'] as const;

/**
 * The `error` value of a failed prediction at ERROR severity that names no error type: the
 * OpenTelemetry semantic conventions' fallback for `error.type`.
 */
export const UNKNOWN_ERROR_TYPE = '_OTHER';

/** A row: column name to value (`null` when the record lacks it). */
export type DatasetRow = Record<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Flattens a model input into `input.*` columns: nested maps by dotted path, a top-level
 * array (a feature vector) by index, anything deeper as its JSON text, a scalar as `input`.
 * @example flattenInput({ petal: { length: 1.4 } }) // { 'input.petal.length': 1.4 }
 */
export function flattenInput(input: unknown, into: DatasetRow = {}, prefix = 'input', depth = 0): DatasetRow {
  if (isPlainObject(input)) {
    for (const [k, v] of Object.entries(input)) flattenInput(v, into, `${prefix}.${k}`, depth + 1);
  } else if (Array.isArray(input) && depth === 0) {
    input.forEach((v, i) => flattenInput(v, into, `${prefix}.${i}`, depth + 1));
  } else if (Array.isArray(input)) {
    into[prefix] = JSON.stringify(input);
  } else if (input !== undefined) {
    into[prefix] = input;
  }
  return into;
}

function numberOrNull(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/**
 * The time of a row in ms (what de-duplication compares: the `time` column, so the rule is
 * visible in the output), -Infinity when the record had none.
 * @example rowTimeMs({ time: '2024-05-01T12:00:00.000Z' }) // 1714564800000
 */
export function rowTimeMs(row: DatasetRow): number {
  const ms = typeof row.time === 'string' ? Date.parse(row.time) : NaN;
  return Number.isFinite(ms) ? ms : -Infinity;
}

/** The prediction id of a record (prediction or feedback), or undefined. */
export function predictionIdOf(entry: LogEntry): string | undefined {
  const v = toPlain(findAttribute(entry.record.attributes, ATTR_ML_PREDICTION_ID));
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

/** A body field of a record whose body is a map (`input`, `output`, `actual`). */
export function bodyField(entry: LogEntry, key: string): { present: boolean; value: unknown } {
  const body = toPlain(entry.record.body);
  if (!isPlainObject(body) || !(key in body)) return { present: false, value: undefined };
  return { present: true, value: body[key] };
}

/**
 * The error type of a failed prediction record, or null for a successful one. A prediction
 * failed when it has an `error.type` (or `exception.type`) attribute, as `handle.fail(err)`
 * writes, or a severity of ERROR or above (then {@link UNKNOWN_ERROR_TYPE} when no type is named).
 * @example failureOf(entry) // 'TypeError'
 */
export function failureOf(entry: LogEntry): string | null {
  const attrs = entry.record.attributes;
  const type = toPlain(findAttribute(attrs, ATTR_ERROR_TYPE) ?? findAttribute(attrs, ATTR_EXCEPTION_TYPE));
  if (type !== undefined && type !== null && type !== '') return String(type);
  const severity = effectiveSeverity(entry.record.severityNumber, entry.record.severityText);
  return severity >= (LEVEL_THRESHOLDS.ERROR ?? 17) ? UNKNOWN_ERROR_TYPE : null;
}

/**
 * Builds the row of a prediction record, `actual` left null. Missing fields become null;
 * never throws on a parsed record.
 * @example predictionRow(entry)['input.sepal_length']
 */
export function predictionRow(entry: LogEntry): DatasetRow {
  const ms = timeMsOf(entry.record);
  const { name, version } = modelOf(entry);
  const row: DatasetRow = {
    prediction_id: predictionIdOf(entry) ?? null,
    time: ms === undefined ? null : new Date(ms).toISOString(),
    model: name ?? null,
    model_version: version ?? null,
    server: stringAttribute(entry, RES_HOST_NAME) ?? null,
    trace_id: entry.record.traceId ?? null,
  };
  flattenInput(bodyField(entry, 'input').value, row);
  row.output = bodyField(entry, 'output').value ?? null;
  row.confidence = numberOrNull(toPlain(findAttribute(entry.record.attributes, ATTR_ML_PREDICTION_CONFIDENCE)));
  row.latency_ms = numberOrNull(toPlain(findAttribute(entry.record.attributes, ATTR_ML_PREDICTION_LATENCY_MS)));
  row.actual = null;
  row.error = failureOf(entry);
  return row;
}
