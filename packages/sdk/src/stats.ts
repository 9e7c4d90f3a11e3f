/**
 * Counts since `init()`, from `stats()`. mlotel keeps them as plain numbers on one object, so a
 * log call pays an increment and nothing more.
 * @example
 * const { emitted, dropped } = mlotel.stats();
 * if (dropped > 0) console.warn(`mlotel dropped ${dropped} of ${emitted} records`);
 */
export interface Stats {
  /**
   * Records that entered mlotel's own pipeline (from its loggers, or from other code logging
   * through the same provider, such as an OTel winston transport), plus those refused before
   * they were built because its batch queue was full (also counted in `dropped`). With an
   * app-provided or global provider, or no exporter: the records mlotel's loggers handed to OTel.
   */
  emitted: number;
  /** Records the collector accepted (primary exporter). */
  exported: number;
  /**
   * Records dropped because the batch queue was full (collector too slow or down; mlotel
   * refuses them before building them, so a full queue costs a log call almost nothing), plus, once
   * `shutdown()` has returned, those it could not send within `flushTimeoutMillis` (so that
   * `emitted === exported + failedExports + dropped` for mlotel's own pipeline).
   */
  dropped: number;
  /** Records in failed exports (collector down, rejected, timed out). */
  failedExports: number;
  /** ML event records (predictions, their intermediates and inputs) left out by sampling; ERROR records and feedback never are. */
  sampledOut: number;
  /** Log calls that hit an internal error (reported once per kind to the OTel diag logger). */
  internalErrors: number;
}
