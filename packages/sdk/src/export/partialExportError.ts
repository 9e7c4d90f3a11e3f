/**
 * The error of an export whose records went out in several requests (a batch split by the
 * {@link SplittingExporter}) of which some were accepted and some failed: the export as a
 * whole failed, and this says how many records of it did each, so `stats()` counts them
 * apart ({@link CountingExporter}). `exported + failed` is the batch's length.
 * @example
 * new PartialExportError(2040, 8, new Error('Payload Too Large'))
 * // message: "8 of 2048 records were not exported: Payload Too Large"
 * @internal
 */
export class PartialExportError extends Error {
  override readonly name = 'PartialExportError';
  /** Records of the batch the receiver accepted. */
  readonly exported: number;
  /** Records of the batch that failed. */
  readonly failed: number;

  constructor(exported: number, failed: number, cause: Error | undefined) {
    super(`${failed} of ${exported + failed} records were not exported${cause !== undefined ? `: ${cause.message}` : ''}`, cause !== undefined ? { cause } : undefined);
    this.exported = exported;
    this.failed = failed;
  }
}
