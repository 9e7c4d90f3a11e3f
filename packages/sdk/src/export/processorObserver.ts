import {
  createNoopMeter,
  type Attributes,
  type Counter,
  type Meter,
  type MeterProvider,
  type ObservableCallback,
  type ObservableResult,
  type ObservableUpDownCounter,
  type UpDownCounter,
} from '@opentelemetry/api';

/** The self-observability counter the BatchLogRecordProcessor adds its outcomes to. */
const PROCESSED_METRIC = 'otel.sdk.processor.log.processed';
/** The error.type it uses for records dropped because the queue was full. */
const QUEUE_FULL = 'queue_full';
/** Its queue's capacity (one add, at construction). */
const CAPACITY_METRIC = 'otel.sdk.processor.log.queue.capacity';
/** Its queue's current length (an observable read on demand). */
const SIZE_METRIC = 'otel.sdk.processor.log.queue.size';

/** What a {@link processorObserver} learns from the processor. */
export interface ProcessorObservation {
  /** The queue's capacity, once the processor reported it. */
  capacity: number | undefined;
  /** Reads the queue's length now; `undefined` until the processor registered its gauge. */
  queueSize: (() => number) | undefined;
}

/**
 * A MeterProvider that listens to a BatchLogRecordProcessor's own self-observability
 * metrics (its `selfObsMeterProvider` option, named by OTel's semantic conventions): it
 * counts the records the processor drops because its queue is full (the one outcome it does
 * not otherwise expose), and it keeps the processor's queue capacity and its queue-length
 * gauge, so mlotel can tell a full queue before it builds a record ({@link QueueGate}).
 * Everything else the processor records goes to no-op instruments.
 * @example
 * const seen = processorObserver((n) => { dropped += n });
 * new BatchLogRecordProcessor({ exporter, selfObsMeterProvider: seen.meterProvider });
 * seen.observation.queueSize?.(); // records queued now
 * @internal
 */
export function processorObserver(onDropped: (count: number) => void): { meterProvider: MeterProvider; observation: ProcessorObservation } {
  const observation: ProcessorObservation = { capacity: undefined, queueSize: undefined };
  const meterProvider: MeterProvider = {
    getMeter(): Meter {
      // A meter of our own over the no-op one: createNoopMeter() returns one shared instance,
      // and overriding its methods in place would hand every other user of it (a span
      // processor, the app's own batch processors) our counters and gauge.
      const meter = Object.create(createNoopMeter()) as Meter;
      const noopCounter = meter.createCounter.bind(meter);
      const noopUpDown = meter.createUpDownCounter.bind(meter);
      const noopObservable = meter.createObservableUpDownCounter.bind(meter);
      meter.createCounter = (name, options) => {
        if (name !== PROCESSED_METRIC) return noopCounter(name, options);
        const counter: Counter = {
          add(value: number, attributes?: Attributes): void {
            if (attributes !== undefined && attributes['error.type'] === QUEUE_FULL) onDropped(value);
          },
        };
        return counter;
      };
      meter.createUpDownCounter = (name, options) => {
        if (name !== CAPACITY_METRIC) return noopUpDown(name, options);
        const counter: UpDownCounter = {
          add(value: number): void {
            observation.capacity = (observation.capacity ?? 0) + value;
          },
        };
        return counter;
      };
      meter.createObservableUpDownCounter = (name, options) => {
        if (name !== SIZE_METRIC) return noopObservable(name, options);
        // An object of our own: the no-op meter hands out one shared instrument to everyone
        // (span processors too), so patching it would capture their callbacks as well.
        const observable: ObservableUpDownCounter = {
          addCallback(callback: ObservableCallback): void {
            observation.queueSize = reader(callback);
          },
          removeCallback(): void {
            observation.queueSize = undefined;
          },
        };
        return observable;
      };
      return meter;
    },
  };
  return { meterProvider, observation };
}

/** A function that runs the processor's queue-size callback and returns what it observed (0 when it observed nothing). Never throws. */
function reader(callback: ObservableCallback): () => number {
  let last = 0;
  const result: ObservableResult = {
    observe(value: number): void {
      last = value;
    },
  };
  return () => {
    last = 0;
    try {
      const pending = callback(result) as unknown;
      // sdk-logs' callback is synchronous; an asynchronous one would observe too late (0
      // admits) and must not leave an unhandled rejection behind.
      if (pending !== undefined && pending !== null && typeof (pending as PromiseLike<void>).then === 'function') {
        (pending as PromiseLike<void>).then(undefined, () => undefined);
      }
    } catch {
      // A reading that fails says nothing: 0 admits, and the processor decides.
    }
    return last;
  };
}
