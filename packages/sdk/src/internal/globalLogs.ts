import * as api from '@opentelemetry/api';
import { logs as apiLogs } from '@opentelemetry/api-logs';
import type { LoggerProvider as ApiLogsLoggerProvider } from '@opentelemetry/api-logs';
import type { LoggerProviderLike, OtelLogger, OtelLogRecord } from '../otelLogs.js';

/**
 * The global LoggerProvider of both OpenTelemetry JS lines. The 2.x line (Node 20,
 * `@opentelemetry/api` 1.9) keeps it in `@opentelemetry/api-logs`, under its own global
 * symbol; the current line (`@opentelemetry/api` >= 1.10) keeps it in the API's global
 * registry, beside the tracer and meter providers. An app registers through one of them
 * (NodeSDK 0.223 through api-logs, NodeSDK 0.30x through the API), so mlotel looks in both
 * and registers its own provider in both.
 */

/** The API's global registry (one per major version): `{ version, trace, context, logs, ... }`. */
const API_REGISTRY = Symbol.for('opentelemetry.js.api.1');
/** api-logs' slot: a getter that returns the provider when called with its compatibility version. */
const API_LOGS_SLOT = Symbol.for('io.opentelemetry.js.api.logs');
const API_LOGS_COMPATIBILITY_VERSION = 1;

/** The part of a logs API (either line's `logs`) mlotel uses. */
interface LogsApi {
  setGlobalLoggerProvider(provider: ApiLogsLoggerProvider): unknown;
  getLoggerProvider(): unknown;
  disable(): void;
}

/** The global registry's entries mlotel reads; everything in it may be absent. */
export interface ApiRegistry {
  version?: unknown;
  logs?: unknown;
  trace?: unknown;
  context?: unknown;
  metrics?: unknown;
}

/** `@opentelemetry/api`'s own logs API where the installed API has one (>= 1.10). */
const currentLineLogs: LogsApi | undefined = (api as unknown as { logs?: LogsApi }).logs;

/**
 * The logs APIs this copy of mlotel can reach, the current line's first. api-logs is always
 * installed (a dependency of mlotel), so this is never empty.
 */
const logsApis: readonly LogsApi[] = currentLineLogs !== undefined ? [currentLineLogs, apiLogs] : [apiLogs];

/** The API's global registry, if any OpenTelemetry API has created it. @internal */
export function apiRegistry(): ApiRegistry | undefined {
  const registry = (globalThis as Record<symbol, unknown>)[API_REGISTRY];
  return typeof registry === 'object' && registry !== null ? (registry as ApiRegistry) : undefined;
}

/**
 * The LoggerProvider registered globally through either API line (the current line's first),
 * or `undefined` when none is. Never throws.
 * @internal
 */
export function registeredLoggerProvider(): LoggerProviderLike | undefined {
  const fromApi = apiRegistry()?.logs;
  if (isLoggerProvider(fromApi)) return fromApi;
  const getter = (globalThis as Record<symbol, unknown>)[API_LOGS_SLOT];
  if (typeof getter !== 'function') return undefined;
  try {
    const fromApiLogs: unknown = getter(API_LOGS_COMPATIBILITY_VERSION);
    return isLoggerProvider(fromApiLogs) ? fromApiLogs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers `provider` as the global LoggerProvider through every logs API present, so OTel
 * log bridges of either line (the winston or pino transports, LogTape's sink) share it.
 * Returns the undo: it unregisters only the slots that still hold `provider`.
 * @internal
 */
export function registerGlobalLoggerProvider(provider: LoggerProviderLike): () => void {
  for (const logsApi of logsApis) logsApi.setGlobalLoggerProvider(provider as unknown as ApiLogsLoggerProvider);
  return () => {
    for (const logsApi of logsApis) {
      if (logsApi.getLoggerProvider() === provider) logsApi.disable();
    }
  };
}

/**
 * The OTel logger of a scope for code that logs without `init()`: it emits through whatever
 * provider is registered globally at the time of the record (through either API line), and
 * drops the record while none is, as the OTel API's own proxies do.
 * @internal
 */
export class GlobalProviderLogger implements OtelLogger {
  private readonly name: string;
  private provider: LoggerProviderLike | undefined;
  private delegate: OtelLogger | undefined;

  constructor(name: string) {
    this.name = name;
  }

  emit(record: OtelLogRecord): void {
    this.current()?.emit(record);
  }

  private current(): OtelLogger | undefined {
    const provider = registeredLoggerProvider();
    if (provider !== this.provider) {
      this.provider = provider;
      this.delegate = provider?.getLogger(this.name);
    }
    return this.delegate;
  }
}

function isLoggerProvider(value: unknown): value is LoggerProviderLike {
  return typeof value === 'object' && value !== null && typeof (value as { getLogger?: unknown }).getLogger === 'function';
}
