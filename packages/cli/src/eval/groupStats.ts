/**
 * Everything counted for one group of rows (a model version, a server, or all of them):
 * counts, weighted shares, duration sketches and the task's metrics. Bounded memory per group.
 */
import type { ClassSlots } from './classSlots.js';
import { ClassificationMetrics } from './classificationMetrics.js';
import type { EvalTask } from './evalOptions.js';
import type { GroupReport } from './evalReport.js';
import type { EvalRow } from './evalRow.js';
import { QuantileSketch } from './quantileSketch.js';
import { RegressionMetrics } from './regressionMetrics.js';

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * Accumulates the rows of one group.
 * @example
 * const g = new GroupStats(new ClassSlots(50), undefined);
 * g.add(readEvalRow(row));
 * g.report('iris@v1', 'classification').errorRate
 */
export class GroupStats {
  private rows = 0;
  private weight = 0;
  private labelled = 0;
  private labelledWeight = 0;
  private failed = 0;
  private failedWeight = 0;
  private readonly labelDelay = new QuantileSketch();
  private readonly latency = new QuantileSketch();
  private readonly classification: ClassificationMetrics | undefined;
  private readonly regression: RegressionMetrics | undefined;

  /** `task` given: only its metrics are kept; undefined (automatic): both, until the report picks one. */
  constructor(slots: ClassSlots, task: EvalTask | undefined) {
    this.classification = task === 'regression' ? undefined : new ClassificationMetrics(slots);
    this.regression = task === 'classification' ? undefined : new RegressionMetrics();
  }

  /** Counts one row. */
  add(row: EvalRow): void {
    const w = row.weight;
    this.rows++;
    this.weight += w;
    if (row.failed) {
      this.failed++;
      this.failedWeight += w;
    }
    if (row.latencyMs !== undefined) this.latency.add(row.latencyMs, w);
    if (!row.labelled) return;
    this.labelled++;
    this.labelledWeight += w;
    if (row.labelDelayMs !== undefined) this.labelDelay.add(row.labelDelayMs, w);
    if (row.failed) return;
    this.classification?.add(row.output, row.actual, w);
    this.regression?.add(row.output, row.actual, w);
  }

  /** The group's report, with the metrics of `task` (none when null). */
  report(group: string, task: EvalTask | null): GroupReport {
    return {
      group,
      rows: this.rows,
      predictions: this.weight,
      labelled: this.labelled,
      labelledShare: share(this.labelledWeight, this.weight),
      failed: this.failed,
      errorRate: share(this.failedWeight, this.weight),
      labelDelayMs: {
        count: this.labelDelay.count,
        exact: this.labelDelay.isExact,
        p50: this.labelDelay.quantile(0.5),
        p95: this.labelDelay.quantile(0.95),
      },
      latencyMs: {
        count: this.latency.count,
        exact: this.latency.isExact,
        p50: this.latency.quantile(0.5),
        p99: this.latency.quantile(0.99),
      },
      classification: task === 'classification' && this.classification ? this.classification.report() : null,
      regression: task === 'regression' && this.regression ? this.regression.report() : null,
    };
  }
}
