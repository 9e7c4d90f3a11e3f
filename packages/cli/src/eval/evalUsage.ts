/**
 * The usage text of `mlotel eval`, in the shape of a command's entry in cli/usage.ts
 * (synopsis, summary, details, examples), for `mlotel --help` and `mlotel eval --help`.
 */
import { DEFAULT_MAX_CLASSES, DEFAULT_MAX_GROUPS } from './evalOptions.js';
import { EXACT_VALUES, QUANTILE_RELATIVE_ERROR } from './quantileSketch.js';

/** The parts of the usage of `mlotel eval`, the same fields as the other commands' usage. */
export const EVAL_COMMAND_USAGE = {
  synopsis: `mlotel eval --in FILE|DIR [--in ...] [--model name[@version]] [--since 1d] [--until TIME]
            [--task classification|regression] [--json]`,
  summary: `Evaluate the models on their labelled predictions: accuracy or MAE/RMSE, label
delay, latency and error rate per model version and per server.`,
  details: `Joins ml.prediction records with their latest ml.feedback as \`mlotel dataset\` does (a
directory means its ml-events.jsonl) and prints, per model version, per server and for all
rows: predictions, labelled share, label delay p50/p95, latency p50/p99 and error rate, then
for classification the accuracy, each class's precision and recall and the confusion matrix
(rows: label, columns: output), for regression the MAE and RMSE. Failed predictions count in
the error rate, not in the metrics. Outputs and labels are compared as JSON values.

The task is classification when most labels are not numbers, or when the numeric labels and
outputs are all integers with at most ${DEFAULT_MAX_CLASSES} distinct values; otherwise regression.
--task overrides it.
Classes past the first ${DEFAULT_MAX_CLASSES}, and model versions or servers past the first ${DEFAULT_MAX_GROUPS}, are
counted under "(other)". Quantiles are exact up to ${EXACT_VALUES} values, then within ${QUANTILE_RELATIVE_ERROR * 100}%.
Sampled rows count 1/sample_rate times each.

Options:
  --in FILE|DIR            an input file or directory; repeat for more (at least one)
  --model name[@version]   only the predictions of that model (and version)
  --since 1d               predictions not older than a duration (30s, 10m, 2h, 1d) or from an ISO time
  --until TIME             predictions before an ISO time (or a duration ago)
  --task T                 classification or regression, instead of deciding from the labels
  --json                   print the report as JSON (its evalVersion field names the layout)
  -h, --help               print this help

Examples:
  mlotel eval --in mlotel-data
  mlotel eval --in mlotel-data --model iris@v2 --since 1d
  mlotel eval --in mlotel-data --json | jq '.models[] | {group, accuracy: .classification.accuracy}'`,
  examples: {
    in: 'mlotel-data',
    model: 'iris@v2',
    since: '1d',
    until: '2024-05-01T00:00:00Z',
    task: 'classification',
  },
} as const;

/** The full usage of `mlotel eval`, as `mlotel eval --help` prints it: the same layout as `commandUsage()`. */
export const EVAL_USAGE = `Usage:
${EVAL_COMMAND_USAGE.synopsis
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}

${EVAL_COMMAND_USAGE.details}
`;

/**
 * The full usage of `mlotel eval` (ends with a newline).
 * @example evalUsage().startsWith('Usage:\n  mlotel eval') // true
 */
export function evalUsage(): string {
  return EVAL_USAGE;
}
