import { createNoopMeter, type Attributes, type Counter, type Meter, type MeterProvider } from '@opentelemetry/api';

/** The self-observability counter the BatchLogRecordProcessor adds its outcomes to. */
const PROCESSED_METRIC = 'otel.sdk.processor.log.processed';
/** The error.type it uses for records dropped because the queue was full. */
const QUEUE_FULL = 'queue_full';

/**
 * A MeterProvider that listens to the BatchLogRecordProcessor's own self-observability
 * counter (`selfObsMeterProvider` option) and counts the records it drops because its queue
 * is full: the one outcome the processor does not otherwise expose. Everything else it
 * records goes to no-op instruments.
 * @example new BatchLogRecordProcessor({ exporter, selfObsMeterProvider: dropCounter(n => { dropped += n }) })
 * @internal
 */
export function dropCounter(onDropped: (count: number) => void): MeterProvider {
  return {
    getMeter(): Meter {
      const meter = createNoopMeter();
      const createNoopCounter = meter.createCounter.bind(meter);
      meter.createCounter = (name: string, options) => {
        if (name !== PROCESSED_METRIC) return createNoopCounter(name, options);
        const counter: Counter = {
          add(value: number, attributes?: Attributes): void {
            if (attributes !== undefined && attributes['error.type'] === QUEUE_FULL) onDropped(value);
          },
        };
        return counter;
      };
      return meter;
    },
  };
}
