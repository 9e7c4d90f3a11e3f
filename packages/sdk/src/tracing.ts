import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ResolvedConfig } from './config.js';
import { warnSetupOnce } from './internal/setupWarning.js';
import { takeOverOtlpRetries } from './export/cancellableRetryingTransport.js';

/** What `init({ tracing: true })` set up, to flush and undo at shutdown. @internal */
export interface TracingSetup {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
  /** Cancels the trace exporter's pending retries and sockets, once shutdown() has returned. */
  abandon(): void;
}

/**
 * Sets up tracing so spans reach the same collector as the logs: a TracerProvider with
 * a batch processor and the OTLP/HTTP trace exporter (same protocol choice, `/v1/traces`),
 * an AsyncLocalStorage context manager (so the active span follows async calls and log
 * records pick up its ids) and W3C propagation, all registered globally. Parts the app has
 * already registered are kept, with a warning (stderr and diag).
 * @internal
 */
export function startTracing(config: ResolvedConfig, resource: Resource): TracingSetup {
  const exporterOptions = {
    url: config.tracesUrl,
    timeoutMillis: config.batch.exportTimeoutMillis,
    ...(config.headers !== undefined ? { headers: config.headers } : {}),
  };
  const exporter = config.tracesProtocol === 'http/json' ? new JsonTraceExporter(exporterOptions) : new ProtobufTraceExporter(exporterOptions);
  // As for logs: retries of spans a timed-out shutdown() gave up on must not hold the process.
  const transport = takeOverOtlpRetries(exporter);
  const provider = new TracerProvider({ resource, spanProcessors: [new BatchSpanProcessor({ exporter })] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const ownsContext = context.setGlobalContextManager(contextManager);
  if (!ownsContext) {
    contextManager.disable();
    warnSetupOnce('tracing-context', 'init({ tracing: true }): a context manager is already registered (e.g. by NodeSDK); keeping it');
  }
  const ownsTracer = trace.setGlobalTracerProvider(provider);
  if (!ownsTracer) warnSetupOnce('tracing-provider', 'init({ tracing: true }) had no effect: a tracer provider is already registered (e.g. by NodeSDK); keeping it, and spans go where it sends them');
  const ownsPropagator = propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown(): Promise<void> {
      // Unregister first (synchronously) so nothing new reaches a provider that is closing,
      // even if its final export is still waiting on a collector that is down.
      if (ownsTracer) trace.disable();
      if (ownsContext) context.disable();
      if (ownsPropagator) propagation.disable();
      return provider.shutdown();
    },
    abandon(): void {
      transport?.cancel();
    },
  };
}
