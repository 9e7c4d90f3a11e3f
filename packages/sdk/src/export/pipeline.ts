import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import type { Resource } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
  type LogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { ResolvedConfig } from '../config.js';
import type { Counters } from '../internal/runtime.js';
import { AbandonableExporter } from './abandonableExporter.js';
import { takeOverOtlpRetries } from './cancellableRetryingTransport.js';
import { HumanConsoleExporter, type ConsoleDestination } from './consoleExporter.js';
import { CountingExporter } from './countingExporter.js';
import { CountingProcessor } from './countingProcessor.js';
import { processorObserver, type ProcessorObservation } from './processorObserver.js';
import { QueueGate } from './queueGate.js';
import { SerialFlushProcessor } from './serialFlushProcessor.js';
import { SplittingExporter } from './splittingExporter.js';

/** Test and embedding hooks for {@link buildLoggerProvider}. @internal */
export interface PipelineHooks {
  consoleDestination?: ConsoleDestination;
  /** Called after each export of the primary exporter (off the log path: once per batch). */
  onExportResult?: () => void;
}

/** What {@link buildLoggerProvider} builds. @internal */
export interface BuiltPipeline {
  provider: LoggerProvider;
  /**
   * Whether the provider counts `emitted` itself (every record that enters its primary
   * processor); false when it has no processor (`exporter: 'none'`) and the loggers count.
   */
  countsEmitted: boolean;
  /**
   * Whether the batch queue has room, for the loggers to check before they build a record;
   * `undefined` when records also go elsewhere (the console) or the processor does not
   * report its queue.
   */
  gate: QueueGate | undefined;
  /**
   * Makes the OTLP exporter fail what it still has in flight and everything later, and cancels
   * its pending retries and sockets, so nothing of the pipeline keeps the process alive. For
   * when `shutdown()` has returned (done or timed out). Idempotent, never throws.
   */
  abandon(): void;
}

/**
 * The LoggerProvider mlotel builds when the app has none: one processor per exporter in
 * `config.exporters`. OTLP goes through a BatchLogRecordProcessor with mlotel's batch
 * settings; the console through a SimpleLogRecordProcessor, so lines appear as they are
 * logged. The primary exporter (OTLP if listed, else the first) feeds `stats()`: records
 * entering its processor (from any logger of the provider) through a {@link CountingProcessor},
 * exported and failed through a counting wrapper, queue-full drops through the processor's
 * own self-observability counter. The batch processor sits behind a {@link SerialFlushProcessor}:
 * sdk-logs' own loses its queue when flushes overlap (docs/reliability.md, F1). When the
 * batch processor is the only one, its queue gauge also gives the {@link QueueGate}. The OTLP
 * exporter can be abandoned once `shutdown()` has returned ({@link AbandonableExporter}, with
 * its retries on a `CancellableRetryingTransport`), so late exports and retries of records
 * already counted as dropped never keep the process alive. A batch the receiver refuses as
 * too large is sent again in smaller requests ({@link SplittingExporter}).
 * @internal
 */
export function buildLoggerProvider(config: ResolvedConfig, resource: Resource, counters: Counters, hooks: PipelineHooks = {}): BuiltPipeline {
  const primaryIndex = Math.max(0, config.exporters.indexOf('otlp'));
  let observation: ProcessorObservation | undefined;
  const abandonable: AbandonableExporter[] = [];
  const processors: LogRecordProcessor[] = config.exporters.map((name, index) => {
    const primary = index === primaryIndex;
    let exporter: LogRecordExporter;
    if (name === 'otlp') {
      const otlp = createOtlpLogExporter(config);
      const transport = takeOverOtlpRetries(otlp);
      const wrapped = new AbandonableExporter(otlp, transport !== undefined ? () => transport.cancel() : undefined);
      abandonable.push(wrapped);
      // Above the abandonable one, so an abandoned part fails the rest of its batch at once;
      // below the counting one, which counts a split batch's parts apart.
      exporter = new SplittingExporter(wrapped, { deadlineMillis: config.batch.exportTimeoutMillis });
    } else {
      exporter = new HumanConsoleExporter(hooks.consoleDestination !== undefined ? { destination: hooks.consoleDestination } : {});
    }
    if (primary) {
      const onExportResult = hooks.onExportResult;
      exporter = new CountingExporter(exporter, (success, count) => {
        if (success) counters.exported += count;
        else counters.failedExports += count;
        onExportResult?.();
      });
    }
    let processor: LogRecordProcessor;
    if (name === 'console') processor = new SimpleLogRecordProcessor({ exporter });
    else {
      const observer = primary ? processorObserver((count) => { counters.dropped += count; }) : undefined;
      if (observer !== undefined) observation = observer.observation;
      processor = new SerialFlushProcessor(new BatchLogRecordProcessor({
        exporter,
        maxQueueSize: config.batch.maxQueueSize,
        maxExportBatchSize: config.batch.maxExportBatchSize,
        scheduledDelayMillis: config.batch.scheduledDelayMillis,
        exportTimeoutMillis: config.batch.exportTimeoutMillis,
        ...(observer !== undefined ? { selfObsMeterProvider: observer.meterProvider } : {}),
      }));
    }
    return primary ? new CountingProcessor(processor, () => { counters.emitted++; }) : processor;
  });
  const queueSize = observation?.queueSize;
  const gate = processors.length === 1 && queueSize !== undefined
    ? new QueueGate(observation?.capacity ?? config.batch.maxQueueSize, queueSize)
    : undefined;
  return {
    provider: new LoggerProvider({ resource, processors }),
    gate,
    countsEmitted: processors.length > 0,
    abandon: () => { for (const exporter of abandonable) exporter.abandon(); },
  };
}

/** The OTLP/HTTP log exporter for the configured protocol, URL, headers and timeout. @internal */
export function createOtlpLogExporter(config: ResolvedConfig): LogRecordExporter {
  const options = {
    url: config.logsUrl,
    timeoutMillis: config.batch.exportTimeoutMillis,
    ...(config.headers !== undefined ? { headers: config.headers } : {}),
  };
  return config.protocol === 'http/json' ? new JsonLogExporter(options) : new ProtobufLogExporter(options);
}
