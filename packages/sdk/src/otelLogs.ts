import type { Context } from '@opentelemetry/api';

/**
 * The OpenTelemetry logs types mlotel works with, written structurally so that the LoggerProvider
 * of either OTel JS line fits: `@opentelemetry/sdk-logs` 0.2xx (Node 20, `@opentelemetry/api-logs`)
 * and 3.x (Node >= 22.15, the logs API inside `@opentelemetry/api` 1.10). The two lines declare
 * `SeverityNumber` as two distinct enums, which TypeScript will not assign to each other, so the
 * public API names neither.
 */

/** A log record as mlotel hands it to an OTel logger. */
export interface OtelLogRecord {
  eventName?: string;
  timestamp?: number | Date | [number, number];
  observedTimestamp?: number | Date | [number, number];
  /** An OTel SeverityNumber, 1 (TRACE) to 24 (FATAL4). */
  severityNumber?: number;
  severityText?: string;
  body?: unknown;
  attributes?: Record<string, unknown>;
  exception?: unknown;
  context?: Context;
}

/** An OTel logger of either line: what `LoggerProvider.getLogger()` returns. */
export interface OtelLogger {
  emit(record: OtelLogRecord): void;
}

/**
 * An OTel LoggerProvider of either line, e.g. `@opentelemetry/sdk-node`'s or a `LoggerProvider`
 * of `@opentelemetry/sdk-logs`. What {@link InitOptions.loggerProvider} takes.
 * @example init({ loggerProvider: new LoggerProvider({ processors: [processor] }) })
 */
export interface LoggerProviderLike {
  getLogger(name: string, version?: string, options?: { schemaUrl?: string }): OtelLogger;
}
