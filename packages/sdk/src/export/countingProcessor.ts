import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/**
 * Wraps mlotel's primary processor to count every record that enters the pipeline, for
 * `stats().emitted`. mlotel registers its provider globally, so other code logs through it
 * too (an OTel winston or pino transport, the logs API): their records are exported, failed or
 * dropped like mlotel's own, and counting them here, rather than in mlotel's loggers, keeps
 * `emitted == exported + failedExports + dropped`. Everything else passes through.
 * @example new CountingProcessor(new SerialFlushProcessor(batch), () => { counters.emitted++ })
 * @internal
 */
export class CountingProcessor implements LogRecordProcessor {
  private readonly inner: LogRecordProcessor;
  private readonly onRecord: () => void;

  constructor(inner: LogRecordProcessor, onRecord: () => void) {
    this.inner = inner;
    this.onRecord = onRecord;
  }

  onEmit(logRecord: ReadWriteLogRecord, context?: Context): void {
    this.onRecord();
    this.inner.onEmit(logRecord, context);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
