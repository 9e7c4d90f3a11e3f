import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/**
 * Wraps a LogRecordProcessor so that its `forceFlush()` and `shutdown()` never overlap: a
 * flush asked for while one runs waits for it and then runs once for every caller that asked
 * meanwhile; `shutdown()` waits for the flushes before it. Why: sdk-logs' (0.223)
 * BatchLogRecordProcessor ignores a flush or shutdown that arrives while one of its flushes is
 * running (it returns at once, flushing nothing), and it starts no export until that flush
 * ends; a `shutdown()` in that window abandons every record queued since, uncounted
 * (docs/reliability.md, F1). Records pass through `onEmit` untouched, so the hot path pays one
 * call. Rejections of the inner calls reach the caller; they never stop later flushes.
 * @example new LoggerProvider({ processors: [new SerialFlushProcessor(new BatchLogRecordProcessor({ exporter }))] })
 * @internal
 */
export class SerialFlushProcessor implements LogRecordProcessor {
  private readonly inner: LogRecordProcessor;
  /** Settles when the last flush started or queued has ended: what the next one waits for. */
  private tail: Promise<unknown> = Promise.resolve();
  /** The flush queued behind the running one, shared by everyone who asks before it starts. */
  private queued: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(inner: LogRecordProcessor) {
    this.inner = inner;
  }

  onEmit(logRecord: ReadWriteLogRecord, context?: Context): void {
    this.inner.onEmit(logRecord, context);
  }

  forceFlush(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    // A flush that has not started yet takes its snapshot of the queue when it starts, so it
    // covers this caller's records too: one flush for a whole burst of calls.
    if (this.queued !== undefined) return this.queued;
    const flush: Promise<void> = this.tail.then(() => {
      if (this.queued === flush) this.queued = undefined;
      return this.inner.forceFlush();
    });
    this.queued = flush;
    this.tail = flush.catch(() => undefined);
    return flush;
  }

  shutdown(): Promise<void> {
    if (this.closing === undefined) this.closing = this.tail.then(() => this.inner.shutdown());
    return this.closing;
  }
}
