/**
 * The columns of a dataset row that an evaluation reads, whatever schema wrote the row.
 *
 * Schema 2 (docs/schema.md) names them `prediction_time`, `model_name`, `model_version`,
 * `server`, `output`, `actual`, `error`, `label_delay_ms`, `latency_ms`, `sample_rate` and
 * `weight`; schema 1 rows (JSON lines written before it) have `time` and `model` instead and no
 * delay or weight, so they read as unsampled rows without a label delay.
 */
import type { DatasetRow } from '../dataset/datasetRow.js';

/** One row as the evaluation sees it. */
export interface EvalRow {
  readonly modelName: string | undefined;
  readonly modelVersion: string | undefined;
  readonly server: string | undefined;
  /** Prediction time in ms since the epoch, when the row has a readable one. */
  readonly predictionTimeMs: number | undefined;
  readonly output: unknown;
  /** The label; undefined when the row has none (`null` in the dataset means no label). */
  readonly actual: unknown;
  readonly labelled: boolean;
  /** The prediction failed (the `error` column is set). */
  readonly failed: boolean;
  readonly labelDelayMs: number | undefined;
  readonly latencyMs: number | undefined;
  /** How many predictions the row stands for: `weight`, else 1 / `sample_rate`, else 1. */
  readonly weight: number;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

function text(v: unknown): string | undefined {
  return present(v) ? String(v) : undefined;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

// The range of a JavaScript Date: beyond it a time cannot be shown as ISO-8601.
const MAX_TIME_MS = 8.64e15;

function timeMs(v: unknown): number | undefined {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS ? ms : undefined;
}

function weightOf(row: DatasetRow): number {
  const weight = finite(row['weight']);
  if (weight !== undefined && weight > 0) return weight;
  const rate = finite(row['sample_rate']);
  return rate !== undefined && rate > 0 && rate <= 1 ? 1 / rate : 1;
}

/**
 * Reads the evaluated columns of a dataset row (schema 2, or schema 1 names). Never throws:
 * a column of the wrong type reads as absent, a missing or unusable weight as 1.
 * @example readEvalRow({ model_name: 'iris', model_version: 'v2', output: 'setosa', actual: 'setosa' }).labelled // true
 */
export function readEvalRow(row: DatasetRow): EvalRow {
  const actual = row['actual'];
  const labelled = actual !== undefined && actual !== null;
  return {
    modelName: text(row['model_name'] ?? row['model']),
    modelVersion: text(row['model_version']),
    server: text(row['server']),
    predictionTimeMs: timeMs(row['prediction_time'] ?? row['time']),
    output: row['output'] ?? null,
    actual: labelled ? actual : undefined,
    labelled,
    failed: present(row['error']) && row['error'] !== false,
    labelDelayMs: finite(row['label_delay_ms']),
    latencyMs: finite(row['latency_ms']),
    weight: weightOf(row),
  };
}
