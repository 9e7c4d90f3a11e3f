/**
 * One-call evaluation of rows already at hand (an array, a generator, the parsed lines of a
 * JSON-lines dataset).
 */
import type { DatasetRow } from '../dataset/datasetRow.js';
import type { EvalOptions } from './evalOptions.js';
import type { EvalReport } from './evalReport.js';
import { Evaluation } from './evaluation.js';

/**
 * Evaluates every row of `rows` (sync or async iterable) and returns the report. Rows are
 * consumed one at a time, never held.
 * @throws RangeError for bad options; rejects with whatever the iterable itself throws.
 * @example
 * const report = await evaluateRows(rows, { task: 'classification' });
 * report.overall.classification?.accuracy
 */
export async function evaluateRows(rows: AsyncIterable<DatasetRow> | Iterable<DatasetRow>, options: EvalOptions = {}): Promise<EvalReport> {
  const evaluation = new Evaluation(options);
  for await (const row of rows) evaluation.add(row);
  return evaluation.result();
}
