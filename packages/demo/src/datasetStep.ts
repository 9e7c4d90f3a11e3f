import { buildDataset } from 'mlotel';
import { readJsonLines } from './otlpJsonLines.js';

/** Accuracy of one model version against the feedback joined in the dataset. */
export interface VersionAccuracy {
  readonly labelled: number;
  readonly correct: number;
}

/** What the built dataset holds. */
export interface DatasetSummary {
  readonly rows: number;
  readonly labelled: number;
  readonly byVersion: Record<string, VersionAccuracy>;
}

/** The dataset summary plus what the builder reported about feedback it could not join. */
export interface BuiltDataset extends DatasetSummary {
  readonly orphanFeedback: number;
  readonly malformedLines: number;
}

function field(row: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) if (row[key] !== undefined && row[key] !== null && row[key] !== '') return row[key];
  return undefined;
}

/**
 * Reads a dataset written by `mlotel dataset --out file.jsonl` (columns `model_version`,
 * `output`, `actual`, ...) and counts rows, labelled rows,
 * and per model version how many labelled predictions were right.
 * Missing file -> zeros. Never throws on content.
 * @example const d = await summariseDataset('mlotel-data/dataset.jsonl'); d.byVersion.v1?.correct
 */
export async function summariseDataset(file: string): Promise<DatasetSummary> {
  let rows = 0;
  let labelled = 0;
  const byVersion: Record<string, { labelled: number; correct: number }> = {};
  for await (const value of readJsonLines(file)) {
    if (typeof value !== 'object' || value === null) continue;
    const row = value as Record<string, unknown>;
    rows++;
    const actual = field(row, 'actual');
    if (actual === undefined) continue;
    labelled++;
    const version = String(field(row, 'model_version') ?? '?');
    const entry = (byVersion[version] ??= { labelled: 0, correct: 0 });
    entry.labelled++;
    if (field(row, 'output') === actual) entry.correct++;
  }
  return { rows, labelled, byVersion };
}

/**
 * Builds the run's training set with the CLI's dataset builder (`mlotel dataset`, in-process):
 * one row per prediction from `eventsFile`, joined with its feedback, written to `outFile`
 * (.jsonl). Rejects with the builder's error (e.g. an unreadable input) for the caller to report.
 * @example const d = await buildRunDataset('mlotel-data/ml-events.jsonl', 'mlotel-data/dataset.jsonl');
 */
export async function buildRunDataset(eventsFile: string, outFile: string): Promise<BuiltDataset> {
  const report = await buildDataset({ inputs: [eventsFile], out: outFile, progress: false });
  const summary = await summariseDataset(outFile);
  return { ...summary, orphanFeedback: report.orphanFeedback, malformedLines: report.malformed.length };
}
