/**
 * The options of an evaluation ({@link Evaluation}, {@link evaluateRows}) and their checks.
 */
import { quoteArg, UsageError } from '../usageError.js';

/** What the model predicts: classes (accuracy, precision, recall) or numbers (MAE, RMSE). */
export type EvalTask = 'classification' | 'regression';

/** The tasks, in the order usage and errors list them. */
export const EVAL_TASKS: readonly EvalTask[] = ['classification', 'regression'];

/**
 * Distinct classes with their own row and column in the confusion matrix and their own
 * precision and recall; classes seen after these many are counted together as `(other)`.
 * Also the largest number of distinct integers that the automatic task rule still reads as
 * classes (see taskDetection.ts), so an automatically detected classification never needs `(other)`.
 */
export const DEFAULT_MAX_CLASSES = 50;

/** Distinct model versions (and, separately, servers) reported one by one; the rest are `(other)`. */
export const DEFAULT_MAX_GROUPS = 100;

/** Options of an evaluation. */
export interface EvalOptions {
  /** The task, instead of the automatic rule (see taskDetection.ts). */
  task?: EvalTask;
  /** Classes kept apart before `(other)`; default {@link DEFAULT_MAX_CLASSES}, at least 1. */
  maxClasses?: number;
  /** Model versions, and servers, kept apart before `(other)`; default {@link DEFAULT_MAX_GROUPS}, at least 1. */
  maxGroups?: number;
}

/** {@link EvalOptions} with every default filled in, as an {@link Evaluation} uses them. */
export interface ResolvedEvalOptions {
  readonly task: EvalTask | undefined;
  readonly maxClasses: number;
  readonly maxGroups: number;
}

/**
 * Parses the value of `--task`.
 * @throws UsageError naming the accepted values when `value` is not one of them.
 * @example parseEvalTask('regression') // 'regression'
 */
export function parseEvalTask(value: string): EvalTask {
  const task = value.trim().toLowerCase();
  if ((EVAL_TASKS as readonly string[]).includes(task)) return task as EvalTask;
  throw new UsageError(`--task must be ${EVAL_TASKS.join(' or ')}, got ${quoteArg(value)} (leave it out to decide from the labels)`);
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1, got ${String(value)}`);
  return value;
}

/**
 * Checks `options` and fills in the defaults.
 * @throws RangeError for a `maxClasses` or `maxGroups` that is not a whole number ≥ 1, or a
 *   `task` that is not one of {@link EVAL_TASKS} (the message names the option).
 * @example resolveEvalOptions({ task: 'regression' }).maxClasses // 50
 */
export function resolveEvalOptions(options: EvalOptions = {}): ResolvedEvalOptions {
  if (options.task !== undefined && !EVAL_TASKS.includes(options.task)) {
    throw new RangeError(`task must be ${EVAL_TASKS.map((t) => `'${t}'`).join(' or ')}, got ${JSON.stringify(options.task)}; leave it out to decide from the labels`);
  }
  return {
    task: options.task,
    maxClasses: positiveInteger('maxClasses', options.maxClasses, DEFAULT_MAX_CLASSES),
    maxGroups: positiveInteger('maxGroups', options.maxGroups, DEFAULT_MAX_GROUPS),
  };
}
