/**
 * The automatic task rule: is the model a classifier or a regressor? Decided once for the
 * whole evaluation from the labelled successful predictions (select one model with `--model`
 * when a file mixes tasks), unless the `task` option says. The labels decide, the outputs
 * only refine the numeric case, and a majority decides, so a stray value cannot flip the task:
 *
 * - Most labels are not numbers (strings, booleans, objects...): classification.
 * - Otherwise, over the numeric labels and the numeric outputs of their rows: classification
 *   when every one is an integer and there are at most `maxClasses` (50) distinct values among
 *   them (class ids such as 0/1 or 0..9); regression as soon as one is fractional or there are
 *   more distinct values (prices, scores, counts over a wide range). A label or output that is
 *   not a number is then no evidence: regression skips its row (counted as `skipped`),
 *   classification counts it as a class of its own.
 * - Nothing labelled: no task.
 *
 * Small integer targets that are quantities (a count of 0..20 items) read as classes: give
 * `task: 'regression'` (`--task regression`) for them. Memory is bounded: at most
 * `maxClasses + 1` distinct integers are remembered.
 */
import type { EvalTask } from './evalOptions.js';

/** The decided task and why, in words. */
export interface TaskDecision {
  readonly task: EvalTask | null;
  readonly reason: string;
}

/**
 * Collects the evidence for the automatic task rule, one labelled successful prediction at a time.
 * @example
 * const e = new TaskEvidence(50);
 * e.observe(1, 0); e.observe(0, 0);
 * e.decide().task // 'classification'
 */
export class TaskEvidence {
  private pairs = 0;
  private numberLabels = 0;
  private nonNumberLabels = 0;
  private fractional = false;
  private readonly integers = new Set<number>();

  constructor(private readonly maxClasses: number) {}

  /** Notes the output and the label of a labelled successful prediction. */
  observe(output: unknown, actual: unknown): void {
    this.pairs++;
    if (typeof actual !== 'number' || !Number.isFinite(actual)) {
      this.nonNumberLabels++;
      return;
    }
    this.numberLabels++;
    this.noteNumber(actual);
    if (typeof output === 'number' && Number.isFinite(output)) this.noteNumber(output);
  }

  private noteNumber(value: number): void {
    if (!Number.isInteger(value)) this.fractional = true;
    else if (this.integers.size <= this.maxClasses) this.integers.add(value);
  }

  /** The task the evidence so far points to. */
  decide(): TaskDecision {
    if (this.pairs === 0) return { task: null, reason: 'no labelled successful prediction to decide the task from' };
    if (this.nonNumberLabels > this.numberLabels) return { task: 'classification', reason: 'labels are not numbers' };
    if (this.fractional) return { task: 'regression', reason: 'numeric labels, some labels or outputs fractional' };
    if (this.integers.size > this.maxClasses) {
      return { task: 'regression', reason: `integer labels and outputs with more than ${this.maxClasses} distinct values` };
    }
    return { task: 'classification', reason: `integer labels and outputs with at most ${this.maxClasses} distinct values: class ids` };
  }
}
