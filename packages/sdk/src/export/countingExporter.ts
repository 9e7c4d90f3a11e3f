import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/**
 * Wraps an exporter to count the records of successful and failed exports (for `stats()`),
 * passing everything else through. Never throws from export(): an exporter that throws is
 * reported as a failed export.
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
        this.onResult(result.code === ExportResultCode.SUCCESS, count);
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
