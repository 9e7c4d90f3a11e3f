/**
 * One dataset row per `ml.prediction` record: the columns the feedback loop trains on.
 */
import {
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_PREDICTION_ID,
  ATTR_ML_PREDICTION_LATENCY_MS,
  RES_HOST_NAME,
} from '../semconv.js';
import { findAttribute, modelOf, resourceAttribute, timeMsOf, toPlain, type LogEntry } from '../read/otlpValues.js';

/** Columns before the flattened `input.*` ones. */
export const LEADING_COLUMNS = ['prediction_id', 'time', 'model', 'model_version', 'server', 'trace_id'] as const;
/** Columns after the flattened `input.*` ones. */
export const TRAILING_COLUMNS = ['output', 'confidence', 'latency_ms', 'actual'] as const;

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
    server: resourceAttribute(entry.resource, RES_HOST_NAME) ?? null,
    trace_id: entry.record.traceId ?? null,
  };
  flattenInput(bodyField(entry, 'input').value, row);
  row.output = bodyField(entry, 'output').value ?? null;
  row.confidence = numberOrNull(toPlain(findAttribute(entry.record.attributes, ATTR_ML_PREDICTION_CONFIDENCE)));
  row.latency_ms = numberOrNull(toPlain(findAttribute(entry.record.attributes, ATTR_ML_PREDICTION_LATENCY_MS)));
  row.actual = null;
  return row;
}
