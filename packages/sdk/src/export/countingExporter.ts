import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { PartialExportError } from './partialExportError.js';

/**
 * Wraps an exporter to count the records of successful and failed exports (for `stats()`),
 * passing everything else through. A failure that says part of the batch went out (a
 * {@link PartialExportError}, from a batch sent in several requests) counts each part apart.
 * Never throws from export(): an exporter that throws is reported as a failed export.
 * @example new CountingExporter(otlpExporter, (ok, n) => { ok ? exported += n : failed += n })
 * @internal
 */
export class CountingExporter implements LogRecordExporter {
  private readonly inner: LogRecordExporter;
  private readonly onResult: (success: boolean, count: number) => void;

  constructor(inner: LogRecordExporter, onResult: (success: boolean, count: number) => void) {
    this.inner = inner;
    this.onResult = onResult;
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    const count = logs.length;
    try {
      this.inner.export(logs, (result) => {
        if (result.error instanceof PartialExportError) {
          this.onResult(true, result.error.exported);
          this.onResult(false, result.error.failed);
        } else {
          this.onResult(result.code === ExportResultCode.SUCCESS, count);
        }
        resultCallback(result);
      });
    } catch (error) {
      this.onResult(false, count);
      resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
