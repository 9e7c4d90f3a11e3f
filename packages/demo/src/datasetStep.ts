import { buildDataset, Evaluation, type EvalReport } from 'mlotel';
import { readJsonLines } from './otlpJsonLines.js';

/** What the built dataset holds, evaluated by the CLI's Evaluation (`mlotel eval`). */
export interface DatasetSummary {
  readonly rows: number;
  readonly labelled: number;
  /** Per model version, per server and overall: labels, delays, latency, errors, accuracy. */
  readonly evaluation: EvalReport;
}

/** The dataset summary plus what the builder reported about feedback it could not join. */
export interface BuiltDataset extends DatasetSummary {
  readonly orphanFeedback: number;
  readonly malformedLines: number;
}

/**
 * Reads a dataset written by `mlotel dataset --out file.jsonl` and evaluates its rows with
 * the CLI's {@link Evaluation}: the same figures as `mlotel eval`. Rows of either schema
 * (`prediction_time`/`model_name`, or the older `time`/`model`) are read.
 * Missing file -> an empty evaluation. Never throws on content: a line that is not JSON is skipped.
 * @example const d = await summariseDataset('mlotel-data/dataset.jsonl'); d.evaluation.models[0]?.classification?.accuracy
 */
export async function summariseDataset(file: string): Promise<DatasetSummary> {
  const evaluation = new Evaluation();
  for await (const value of readJsonLines(file)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) evaluation.add(value as Record<string, unknown>);
  }
  const report = evaluation.result();
  return { rows: report.overall.rows, labelled: report.overall.labelled, evaluation: report };
}

/**
 * Builds the run's training set with the CLI's dataset builder (`mlotel dataset`, in-process):
 * one row per prediction from `eventsFile`, joined with its feedback, written to `outFile`
 * (.jsonl), then evaluates it. Rejects with the builder's error (e.g. an unreadable input) for
 * the caller to report.
 * @example const d = await buildRunDataset('mlotel-data/ml-events.jsonl', 'mlotel-data/dataset.jsonl');
 */
export async function buildRunDataset(eventsFile: string, outFile: string): Promise<BuiltDataset> {
  const report = await buildDataset({ inputs: [eventsFile], out: outFile, progress: false });
  const summary = await summariseDataset(outFile);
  return { ...summary, orphanFeedback: report.orphanFeedback, malformedLines: report.malformed.length };
}
