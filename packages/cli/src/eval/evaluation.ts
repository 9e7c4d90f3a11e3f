/**
 * Model evaluation over dataset rows (`mlotel eval`, `mlotel dataset --report`): per model
 * version, per server and overall, how many predictions, how many labelled and how soon,
 * how fast, how many failed, and how good (classification or regression metrics).
 *
 * Rows are added one at a time (from `buildDataset`'s `onRow`, or read back from a JSON-lines
 * dataset) and nothing is kept per row: memory is bounded by the caps on groups
 * ({@link DEFAULT_MAX_GROUPS}) and classes ({@link DEFAULT_MAX_CLASSES}) and by the quantile
 * sketches' size, whatever the number of rows.
 */
import type { DatasetRow } from '../dataset/datasetRow.js';
import { CappedGroups, modelGroupOf, serverGroupOf } from './cappedGroups.js';
import { ClassSlots } from './classSlots.js';
import { resolveEvalOptions, type EvalOptions, type EvalTask, type ResolvedEvalOptions } from './evalOptions.js';
import { ALL_GROUP, EVAL_VERSION, type EvalReport } from './evalReport.js';
import { readEvalRow } from './evalRow.js';
import { GroupStats } from './groupStats.js';
import { QUANTILE_RELATIVE_ERROR } from './quantileSketch.js';
import { TaskEvidence, type TaskDecision } from './taskDetection.js';

/**
 * Evaluates dataset rows (schema 2; schema 1 names `time`/`model` are read too).
 * `add` never throws: a row with unusable columns counts with what it has.
 * @throws RangeError from the constructor for bad options (see {@link resolveEvalOptions}).
 * @example
 * const evaluation = new Evaluation();
 * await buildDataset({ inputs: ['mlotel-data'], onRow: (row) => evaluation.add(row) });
 * process.stdout.write(formatEvalReport(evaluation.result()));
 */
export class Evaluation {
  private readonly options: ResolvedEvalOptions;
  private readonly slots: ClassSlots;
  private readonly evidence: TaskEvidence;
  private readonly overall: GroupStats;
  private readonly models: CappedGroups<GroupStats>;
  private readonly servers: CappedGroups<GroupStats>;
  private weighted = false;
  private firstTimeMs = Infinity;
  private lastTimeMs = -Infinity;

  constructor(options: EvalOptions = {}) {
    this.options = resolveEvalOptions(options);
    this.slots = new ClassSlots(this.options.maxClasses);
    this.evidence = new TaskEvidence(this.options.maxClasses);
    const group = (): GroupStats => new GroupStats(this.slots, this.options.task);
    this.overall = group();
    this.models = new CappedGroups(this.options.maxGroups, group);
    this.servers = new CappedGroups(this.options.maxGroups, group);
  }

  /** Counts one dataset row; anything that is not an object is ignored. */
  add(datasetRow: DatasetRow): void {
    if (typeof datasetRow !== 'object' || datasetRow === null) return;
    const row = readEvalRow(datasetRow);
    if (row.weight !== 1) this.weighted = true;
    if (row.predictionTimeMs !== undefined) {
      this.firstTimeMs = Math.min(this.firstTimeMs, row.predictionTimeMs);
      this.lastTimeMs = Math.max(this.lastTimeMs, row.predictionTimeMs);
    }
    if (row.labelled && !row.failed && this.options.task === undefined) this.evidence.observe(row.output, row.actual);
    this.overall.add(row);
    this.models.get(modelGroupOf(row)).add(row);
    this.servers.get(serverGroupOf(row)).add(row);
  }

  /** The report of the rows added so far (the evaluation can go on after it). */
  result(): EvalReport {
    const decision: TaskDecision = this.options.task
      ? { task: this.options.task, reason: 'given as an option' }
      : this.evidence.decide();
    const task: EvalTask | null = decision.task;
    const iso = (ms: number): string | null => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);
    return {
      evalVersion: EVAL_VERSION,
      task,
      taskSource: this.options.task ? 'option' : 'auto',
      taskReason: decision.reason,
      quantileRelativeError: QUANTILE_RELATIVE_ERROR,
      weighted: this.weighted,
      firstPredictionTime: iso(this.firstTimeMs),
      lastPredictionTime: iso(this.lastTimeMs),
      overall: this.overall.report(ALL_GROUP, task),
      models: this.models.entries().map(([key, stats]) => stats.report(key, task)),
      servers: this.servers.entries().map(([key, stats]) => stats.report(key, task)),
    };
  }
}
