/**
 * One dataset row per `ml.prediction` record, schema version 2 (docs/schema.md, "Dataset
 * rows"): the columns a training job needs, in a fixed order around the dynamic groups.
 */
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_TYPE,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_PREDICTION_ID,
  ATTR_ML_PREDICTION_LATENCY_MS,
  ATTR_ML_MODEL_STAGE,
  ATTR_ML_SAMPLING_RATE,
  RES_HOST_NAME,
  RES_SERVICE_NAME,
} from '../semconv.js';
import { findAttribute, modelOf, plainText, stringAttribute, timeMsOf, toPlain, type LogEntry } from '../read/otlpValues.js';
import { effectiveSeverity, LEVEL_THRESHOLDS } from '../format/severity.js';
import { copiedAttributes } from './datasetAttributes.js';
import type { IndexedFeedback } from './feedbackIndex.js';
import { shapedPathsOf } from './shapedPaths.js';

/** Version of the row schema this module writes: in the report and in Parquet metadata. */
export const SCHEMA_VERSION = 2;

/** Columns before the flattened `input.*` ones. */
export const LEADING_COLUMNS = [
  'prediction_id',
  'prediction_time',
  'feedback_time',
  'label_delay_ms',
  'model_name',
  'model_version',
  'model_stage',
  'server',
  'service',
  'trace_id',
  'sample_rate',
  'weight',
] as const;
/** Columns after the `input.*` ones and before the `feedback.*` and `attr.*` ones. */
export const MIDDLE_COLUMNS = ['output', 'confidence', 'latency_ms', 'actual', 'error', 'shaped'] as const;

/** Prefix of the flattened input columns. */
export const INPUT_PREFIX = 'input';
/** Prefix of the winning feedback's attribute columns. */
export const FEEDBACK_PREFIX = 'feedback.';
/** Prefix of the prediction record's attribute columns. */
export const ATTR_PREFIX = 'attr.';

/**
 * The `error` value of a failed prediction at ERROR severity that names no error type: the
 * OpenTelemetry semantic conventions' fallback for `error.type`.
 */
export const UNKNOWN_ERROR_TYPE = '_OTHER';

/**
 * A row: column name to value. In the output every column is present, `null` when the record
 * lacks it; while building, a row holds only what its records gave, and `shaped` is the list
 * of paths (joined by `,` when written).
 */
export type DatasetRow = Record<string, unknown>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Flattens a model input into `input.*` columns: nested maps by dotted path, a top-level
 * array (a feature vector) by index, anything deeper as its JSON text, a scalar as `input`.
 * @example flattenInput({ petal: { length: 1.4 } }) // { 'input.petal.length': 1.4 }
 */
export function flattenInput(input: unknown, into: DatasetRow = {}, prefix = INPUT_PREFIX, depth = 0): DatasetRow {
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
 * The time of a row in ms (what de-duplication compares: the `prediction_time` column, so
 * the rule is visible in the output), -Infinity when the record had none.
 * @example rowTimeMs({ prediction_time: '2024-05-01T12:00:00.000Z' }) // 1714564800000
 */
export function rowTimeMs(row: DatasetRow): number {
  const ms = typeof row.prediction_time === 'string' ? Date.parse(row.prediction_time) : NaN;
  return Number.isFinite(ms) ? ms : -Infinity;
}

/** The prediction id of a record (prediction or feedback), or undefined. */
export function predictionIdOf(entry: LogEntry): string | undefined {
  const v = toPlain(findAttribute(entry.record.attributes, ATTR_ML_PREDICTION_ID));
  return v === undefined || v === null || v === '' ? undefined : plainText(v);
}

/** A body field of a record whose body is a map (`input`, `output`, `actual`). */
export function bodyField(entry: LogEntry, key: string): { present: boolean; value: unknown } {
  const body = toPlain(entry.record.body);
  if (!isPlainObject(body) || !Object.hasOwn(body, key)) return { present: false, value: undefined };
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
  if (type !== undefined && type !== null && type !== '') return plainText(type);
  const severity = effectiveSeverity(entry.record.severityNumber, entry.record.severityText);
  return severity >= (LEVEL_THRESHOLDS.ERROR ?? 17) ? UNKNOWN_ERROR_TYPE : null;
}

/**
 * The sampling rate a prediction record was written under: its `ml.sampling.rate` (a number
 * in (0, 1]); 1 when it has none or an unusable one (older SDKs, other producers).
 * @example samplingRateOf(entry) // 0.1
 */
export function samplingRateOf(entry: LogEntry): number {
  const rate = numberOrNull(toPlain(findAttribute(entry.record.attributes, ATTR_ML_SAMPLING_RATE)));
  return rate !== null && rate > 0 && rate <= 1 ? rate : 1;
}

/**
 * Builds the row of a prediction record, without feedback (see {@link addFeedback}).
 * `body` is the record's plain body when the caller has it already; `shaped` its shaped paths
 * (null: none), found from the record when left out. `sample_rate` is the record's sampling
 * rate for a successful prediction and 1 for a failed one (the SDK keeps every failure);
 * `weight` is its inverse. Missing fields become null; never throws on a parsed record.
 * @example predictionRow(entry)['input.sepal_length']
 */
export function predictionRow(entry: LogEntry, body: unknown = toPlain(entry.record.body), shaped: readonly string[] | null = shapedPathsOf(entry, body, true) ?? null): DatasetRow {
  const ms = timeMsOf(entry.record);
  const { name, version } = modelOf(entry);
  const error = failureOf(entry);
  const sampleRate = error === null ? samplingRateOf(entry) : 1;
  const fields = isPlainObject(body) ? body : {};
  const row: DatasetRow = {
    prediction_id: predictionIdOf(entry) ?? null,
    prediction_time: ms === undefined ? null : new Date(ms).toISOString(),
    feedback_time: null,
    label_delay_ms: null,
    model_name: name ?? null,
    model_version: version ?? null,
    model_stage: stringAttribute(entry, ATTR_ML_MODEL_STAGE) ?? null,
    server: stringAttribute(entry, RES_HOST_NAME) ?? null,
    service: stringAttribute(entry, RES_SERVICE_NAME) ?? null,
    trace_id: entry.record.traceId || null,
    sample_rate: sampleRate,
    weight: 1 / sampleRate,
  };
  flattenInput(fields.input, row);
  row.output = fields.output ?? null;
  row.confidence = numberOrNull(toPlain(findAttribute(entry.record.attributes, ATTR_ML_PREDICTION_CONFIDENCE)));
  row.latency_ms = numberOrNull(toPlain(findAttribute(entry.record.attributes, ATTR_ML_PREDICTION_LATENCY_MS)));
  row.actual = null;
  row.error = error;
  row.shaped = shaped && shaped.length > 0 ? [...shaped] : null;
  addPrefixed(row, ATTR_PREFIX, copiedAttributes(entry));
  return row;
}

/**
 * Joins the winning feedback into a prediction's row: `actual`, `feedback_time`,
 * `label_delay_ms` (feedback time minus prediction time, in whole ms as the two columns show
 * them; null when either is unknown), the `feedback.*` columns, and the feedback's shaped
 * paths added to `shaped`.
 * @example addFeedback(row, index.get('p1')!)
 */
export function addFeedback(row: DatasetRow, fb: IndexedFeedback): void {
  row.actual = JSON.parse(fb.actual) as unknown;
  if (Number.isFinite(fb.time)) {
    const fbTime = new Date(fb.time).toISOString();
    row.feedback_time = fbTime;
    const predictionMs = rowTimeMs(row);
    row.label_delay_ms = Number.isFinite(predictionMs) ? Date.parse(fbTime) - predictionMs : null;
  }
  if (fb.attributes !== undefined) addPrefixed(row, FEEDBACK_PREFIX, JSON.parse(fb.attributes) as Record<string, unknown>);
  if (fb.shaped !== undefined) {
    const paths = JSON.parse(fb.shaped) as string[];
    row.shaped = Array.isArray(row.shaped) ? [...(row.shaped as string[]), ...paths] : paths;
  }
}

function addPrefixed(row: DatasetRow, prefix: string, values: Record<string, unknown> | undefined): void {
  if (values === undefined) return;
  for (const [k, v] of Object.entries(values)) row[prefix + k] = v;
}
