import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/**
 * Wraps an exporter so that `shutdown()` can walk away from it: after {@link abandon}, every
 * export still waiting for its result and every later one fails at once, and `forceFlush()`
 * and `shutdown()` return at once. Why: when `shutdown()` gives up waiting (its
 * `flushTimeoutMillis`), the batch processor goes on exporting what it holds, batch after
 * batch, each under a timer that keeps the process alive until the export ends; those records
 * are already counted as dropped, so nothing is lost by failing them now, and the process can
 * exit. `cancel`, given, is called once at `abandon()` to stop the work under the exporter
 * (its retries and sockets: `CancellableRetryingTransport`). Until then it passes
 * everything through.
 * @example
 * const otlp = new AbandonableExporter(exporter, () => transport.cancel());
 * await withTimeout(provider.shutdown(), 5000, 'shutdown');
 * otlp.abandon();
 * @internal
 */
export class AbandonableExporter implements LogRecordExporter {
  private readonly inner: LogRecordExporter;
  private readonly cancel: (() => void) | undefined;
  /** Result callbacks of the exports still running, each called at most once. */
  private readonly pending = new Set<(result: ExportResult) => void>();
  private abandoned = false;
  private wake: () => void = () => undefined;
  private readonly whenAbandoned: Promise<void>;

  constructor(inner: LogRecordExporter, cancel?: () => void) {
    this.inner = inner;
    this.cancel = cancel;
    this.whenAbandoned = new Promise((resolve) => { this.wake = resolve; });
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    if (this.abandoned) {
      resultCallback(abandonedResult());
      return;
    }
    let called = false;
    const once = (result: ExportResult): void => {
      if (called) return;
      called = true;
      this.pending.delete(once);
      resultCallback(result);
    };
    this.pending.add(once);
    try {
      this.inner.export(logs, once);
    } catch (error) {
      once({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  forceFlush(): Promise<void> {
    return this.abandoned ? Promise.resolve() : Promise.race([this.inner.forceFlush(), this.whenAbandoned]);
  }

  shutdown(): Promise<void> {
    return this.abandoned ? Promise.resolve() : Promise.race([this.inner.shutdown(), this.whenAbandoned]);
  }

  /** Fails what is pending, refuses what comes, and cancels the work underneath. Idempotent, never throws. */
  abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    try {
      this.cancel?.();
    } catch {
      // What could not be cancelled still ends by itself; the process just waits for it.
    }
    for (const fail of [...this.pending]) fail(abandonedResult());
    this.wake();
  }
}

function abandonedResult(): ExportResult {
  return { code: ExportResultCode.FAILED, error: new Error('mlotel has shut down: export abandoned') };
}
