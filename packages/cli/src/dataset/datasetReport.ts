/**
 * What `mlotel dataset` did: counts of the rows written and of what was left out, and how
 * the rows look (columns, their types, shaped values), for the CLI's report and for callers.
 */
import type { ColumnType } from './columnTypes.js';
import { SCHEMA_VERSION, type DatasetRow } from './datasetRow.js';
import { shapedColumnsOf } from './shapedPaths.js';

/** A line that was skipped. */
export interface MalformedLine {
  file: string;
  /** 1-based line number. */
  line: number;
  reason: string;
}

/** Rows with shaped values (see shapedPaths.ts). */
export interface ShapedReport {
  /** Rows whose `shaped` column is set. */
  rows: number;
  /**
   * Per column (or body path when no column holds it whole, e.g. `input` when input keys were
   * cut, `input.embedding` when summarised): how many rows had it shaped.
   */
  columns: Record<string, number>;
}

/** What `buildDataset()` did. */
export interface DatasetReport {
  /** Version of the row schema (docs/schema.md, "Dataset rows"). */
  schemaVersion: typeof SCHEMA_VERSION;
  /** Rows written (and given to `onRow`). */
  rows: number;
  /** Rows with an `actual` from feedback. */
  labelled: number;
  /** Rows without feedback. */
  unlabelled: number;
  /**
   * Failed predictions (`error` set): the rows written for them, or with `skipFailed` the
   * prediction records left out.
   */
  failed: number;
  /** Prediction records left out because another record of the same prediction id won (the latest). */
  duplicates: number;
  /** Rows holding values the SDK shaped, and which columns. */
  shaped: ShapedReport;
  /**
   * Distinct prediction ids with feedback but no prediction in the inputs, whose id hash says
   * the prediction was sampled out (at the lowest `ml.sampling.rate` seen on predictions of
   * the model the feedback names, else of any model): an expected loss of sampling.
   */
  sampledOutFeedback: number;
  /** Distinct prediction ids with feedback but no prediction in the inputs, not explained by sampling. */
  orphanFeedback: number;
  /** Lines skipped because they are not JSON, or JSON of another shape than an OTLP logs batch. */
  malformed: MalformedLine[];
  /** Columns of the output, in order. */
  columns: string[];
  /** The type of every column (what a Parquet output declares). */
  columnTypes: Record<string, ColumnType>;
}

/**
 * An empty report.
 * @example emptyReport().rows // 0
 */
export function emptyReport(): DatasetReport {
  return {
    schemaVersion: SCHEMA_VERSION,
    rows: 0,
    labelled: 0,
    unlabelled: 0,
    failed: 0,
    duplicates: 0,
    shaped: { rows: 0, columns: {} },
    sampledOutFeedback: 0,
    orphanFeedback: 0,
    malformed: [],
    columns: [],
    columnTypes: {},
  };
}

/**
 * Counts one output row (complete: every column) in the report, with its shaped `paths`.
 * @example countRow(report, row, ['input.text'])
 */
export function countRow(report: DatasetReport, row: Readonly<DatasetRow>, paths: readonly string[] | undefined): void {
  report.rows++;
  if (row.actual !== null) report.labelled++;
  else report.unlabelled++;
  if (row.error !== null) report.failed++;
  if (paths === undefined || paths.length === 0) return;
  report.shaped.rows++;
  const counts = report.shaped.columns;
  for (const column of shapedColumnsOf(paths, row)) counts[column] = (Object.hasOwn(counts, column) ? counts[column]! : 0) + 1;
}
