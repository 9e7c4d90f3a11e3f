/**
 * The shape of an evaluation's result, as `mlotel eval --json` prints it: versioned
 * ({@link EVAL_VERSION}), every field always present (`null` when it cannot be computed, e.g. a
 * share of nothing), groups and classes in a fixed order, so the same rows give the same
 * JSON text. Fields are added in a compatible way; a change of meaning bumps `evalVersion`.
 *
 * Sampling: a row stands for `weight` predictions (1 / `sample_rate`; failed predictions are
 * always kept, so they weigh 1). Shares, rates, quantiles, accuracy, precision, recall, support,
 * confusion counts, MAE and RMSE are weighted, so they estimate what all predictions would give
 * (they are plain row counts and ratios when nothing was sampled); `rows`, `labelled`, `failed`
 * and the `evaluated`/`count` fields count dataset rows.
 */
import type { EvalTask } from './evalOptions.js';

/** Version of the {@link EvalReport} shape. */
export const EVAL_VERSION = 1;

/** The name of the group that holds every row, and of the text report's last line. */
export const ALL_GROUP = 'all';
/** The name of the group that holds the model versions, or servers, past the cap. */
export const OTHER_GROUP = '(other)';
/** The group of rows without a model name, or without a server. */
export const UNKNOWN_GROUP = '(unknown)';

/**
 * Quantiles of a duration in ms over the rows that have it, e.g. `{ count, exact, p50, p95 }`
 * (each quantile null without rows).
 */
export type DurationQuantiles<P extends string> = {
  /** Rows with a value. */
  readonly count: number;
  /** Whether the quantiles are exact (few rows) or from the 1 %-relative-error sketch. */
  readonly exact: boolean;
} & { readonly [K in P]: number | null };

/** One class of a classification (or the `(other)` slot, `other: true`). */
export interface ClassReport {
  /** The class as tables show it: a string as is, other values as JSON text; `(other)` for the slot. */
  readonly label: string;
  /** The class as a JSON value (`null` for the `(other)` slot). */
  readonly value: unknown;
  /** True for the slot of the classes past the cap. */
  readonly other: boolean;
  /** Weighted labelled predictions whose label is this class (the confusion row's sum). */
  readonly support: number;
  /** Weighted labelled predictions that predicted this class (the confusion column's sum). */
  readonly predicted: number;
  /** Right among those predicted as this class; null when none was (and always for `(other)`). */
  readonly precision: number | null;
  /** Right among those labelled this class; null when none was (and always for `(other)`). */
  readonly recall: number | null;
}

/** Classification metrics of a group, over its labelled successful predictions. */
export interface ClassificationReport {
  /** Labelled successful predictions (rows). Failed ones count in the error rate only. */
  readonly evaluated: number;
  /** Weighted count of predictions whose output is JSON-equal to the label. */
  readonly correct: number;
  readonly accuracy: number | null;
  /** Classes seen in this group, in class order, `(other)` last when present. */
  readonly classes: readonly ClassReport[];
  /**
   * Weighted counts, `counts[actual][predicted]`, rows and columns in the order of `labels`
   * (the `label` of each entry of `classes`).
   */
  readonly confusion: { readonly labels: readonly string[]; readonly counts: readonly (readonly number[])[] };
}

/** Regression metrics of a group, over its labelled successful predictions. */
export interface RegressionReport {
  /** Labelled successful predictions (rows) whose output and label are both numbers. */
  readonly evaluated: number;
  /** Labelled successful predictions (rows) left out because the output or the label is not a number. */
  readonly skipped: number;
  /** Mean absolute error. */
  readonly mae: number | null;
  /** Root mean squared error. */
  readonly rmse: number | null;
}

/** Everything reported for one group of rows: a model version, a server, or all. */
export interface GroupReport {
  /** `name@version` (just `name` without a version), a server name, `all`, `(other)` or `(unknown)`. */
  readonly group: string;
  /** Dataset rows (one per prediction). */
  readonly rows: number;
  /** Predictions the rows stand for (sum of weights); equals `rows` when nothing was sampled. */
  readonly predictions: number;
  /** Rows with a label. */
  readonly labelled: number;
  /** Weighted share of predictions with a label. */
  readonly labelledShare: number | null;
  /** Rows of failed predictions (`error` set). */
  readonly failed: number;
  /** Weighted share of failed predictions. */
  readonly errorRate: number | null;
  /** Time from prediction to label, over labelled rows that have it (`label_delay_ms`). */
  readonly labelDelayMs: DurationQuantiles<'p50' | 'p95'>;
  /** Prediction latency, over rows that have it (`latency_ms`, failed predictions included). */
  readonly latencyMs: DurationQuantiles<'p50' | 'p99'>;
  /** Set when the task is classification. */
  readonly classification: ClassificationReport | null;
  /** Set when the task is regression. */
  readonly regression: RegressionReport | null;
}

/** The result of an evaluation. */
export interface EvalReport {
  readonly evalVersion: typeof EVAL_VERSION;
  /** The task evaluated; null when no row was labelled and no task was given. */
  readonly task: EvalTask | null;
  /** `option` when the task was given, `auto` when it was decided from the labels. */
  readonly taskSource: 'option' | 'auto';
  /** Why this task, in words (for the text report). */
  readonly taskReason: string;
  /** Largest relative error of a quantile that is not exact. */
  readonly quantileRelativeError: number;
  /** True when some row weighs other than 1 (sampled predictions): figures are weighted. */
  readonly weighted: boolean;
  /** Earliest and latest prediction time (ISO-8601 UTC), null without any. */
  readonly firstPredictionTime: string | null;
  readonly lastPredictionTime: string | null;
  /** Every row together (`group: 'all'`). */
  readonly overall: GroupReport;
  /** One group per model version, in natural order of `name@version`, `(other)` and `(unknown)` last. */
  readonly models: readonly GroupReport[];
  /** One group per server, in natural order, `(other)` and `(unknown)` last. */
  readonly servers: readonly GroupReport[];
}
