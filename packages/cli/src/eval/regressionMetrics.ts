/**
 * Mean absolute error and root mean squared error of one group, from running sums: constant
 * memory whatever the number of rows.
 */
import type { RegressionReport } from './evalReport.js';

/**
 * Sums the errors of numeric outputs against numeric labels; a pair where either is not a
 * finite number is counted as skipped.
 * @example
 * const m = new RegressionMetrics();
 * m.add(3, 1); m.add(1, 2);
 * m.report() // { evaluated: 2, skipped: 0, mae: 1.5, rmse: 1.5811... }
 */
export class RegressionMetrics {
  private evaluated = 0;
  private skipped = 0;
  private weight = 0;
  private absolute = 0;
  private squared = 0;

  /** Counts one labelled successful prediction. */
  add(output: unknown, actual: unknown, weight = 1): void {
    if (typeof output !== 'number' || typeof actual !== 'number' || !Number.isFinite(output) || !Number.isFinite(actual)) {
      this.skipped++;
      return;
    }
    const error = output - actual;
    this.evaluated++;
    this.weight += weight;
    this.absolute += weight * Math.abs(error);
    this.squared += weight * error * error;
  }

  /** The metrics so far. */
  report(): RegressionReport {
    const w = this.weight;
    return {
      evaluated: this.evaluated,
      skipped: this.skipped,
      mae: w > 0 ? this.absolute / w : null,
      rmse: w > 0 ? Math.sqrt(this.squared / w) : null,
    };
  }
}
