import type { LoggerProviderLike } from './otelLogs.js';
import { ConfigError } from './errors.js';
import { describeValue as describe, readSetupValue } from './internal/describe.js';
import type { LevelInput } from './levels.js';
import { parseLevelSpec, type LevelSpec } from './levelSpec.js';
import type { ModelContext } from './modelContext.js';
import type { SeverityTextMode } from './severity.js';
import { resolveMlSettings, type MlSettings, type SamplingOptions } from './ml/mlSettings.js';
import type { PayloadSettings } from './ml/payloadOptions.js';
import type { RedactOption } from './ml/redaction.js';

/** OTLP/HTTP encodings. `http/protobuf` is the default (as the OTel spec says): 2.6x fewer bytes, ~2x throughput. */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** Where records go: OTLP/HTTP, one human-readable line per record on stdout, or nowhere. */
export type ExporterName = 'otlp' | 'console' | 'none';

/** BatchLogRecordProcessor settings (else `OTEL_BLRP_*`, else mlotel's defaults). */
export interface BatchOptions {
  /** Records held while waiting for export; more are dropped (and counted). Default 32768. */
  maxQueueSize?: number;
  /** Records per export request. Default 2048. */
  maxExportBatchSize?: number;
  /** Longest wait before a partial batch is sent, ms. Default 1000. */
  scheduledDelayMillis?: number;
  /** Time one export request may take, ms (also the OTLP exporter's timeout). Default 10000. */
  exportTimeoutMillis?: number;
}

/**
 * Options of {@link init}. Each falls back to the standard OTel environment variable where
 * there is one, then to a default; see `docs/sdk.md` for the full table.
 */
export interface InitOptions {
  /** `service.name`; else `OTEL_SERVICE_NAME`, else `unknown_service:node`. */
  serviceName?: string;
  /** `service.version`. */
  serviceVersion?: string;
  /** `service.instance.id`; else a random id, stable for the life of the process. */
  serviceInstanceId?: string;
  /** The server: resource `host.name`; else the hostname. */
  server?: string;
  /** `deployment.environment.name`. */
  environment?: string;
  /** More resource attributes (after `OTEL_RESOURCE_ATTRIBUTES`, which they override). */
  resourceAttributes?: Record<string, string | number | boolean>;
  /** Root level and per-logger overrides, e.g. `'INFO,demo.scoring=DEBUG'`; else `MLOTEL_LEVEL`. */
  level?: LevelInput;
  /** `'level'` (default): severityText is the level name (WARNING, CRITICAL); `'otel'`: WARN, FATAL. */
  severityText?: SeverityTextMode;
  /** Default model context for loggers not bound with `withModel()`. */
  model?: ModelContext;
  /** `otlp` (default), `console`, `none`, or a comma list / array; else `OTEL_LOGS_EXPORTER`. */
  exporter?: string | readonly string[];
  /** OTLP base URL (`/v1/logs` and `/v1/traces` are appended); else the `OTEL_EXPORTER_OTLP_*ENDPOINT` variables. */
  endpoint?: string;
  /** `http/protobuf` (default) or `http/json`; else `OTEL_EXPORTER_OTLP_PROTOCOL`. */
  protocol?: OtlpProtocol;
  /** Extra HTTP headers for OTLP requests, merged over `OTEL_EXPORTER_OTLP_HEADERS`. */
  headers?: Record<string, string>;
  /** Batch processor settings. */
  batch?: BatchOptions;
  /** Longest time `forceFlush()` and `shutdown()` wait, ms. Default 5000. */
  flushTimeoutMillis?: number;
  /** Also set up a global tracer provider (ALS context manager, OTLP trace exporter). */
  tracing?: boolean;
  /** Log through this provider (e.g. the one of `@opentelemetry/sdk-node`) instead of building one. */
  loggerProvider?: LoggerProviderLike;
  /**
   * ML events: the payload budgets of event bodies. Top-level limits: `ml.intermediate`/`ml.input`
   * (defaults 6144 bytes, 128 items, 1024 chars); `dataset`: `ml.prediction`/`ml.feedback`
   * (defaults 65536 bytes, 1024 items, 16384 chars); `mode` (default `full`) for both.
   */
  payload?: PayloadSettings;
  /**
   * ML events: `{ predictions: 0.1 }` keeps one prediction in ten, with its intermediates (failed
   * predictions and feedback are always kept); else `MLOTEL_SAMPLING_PREDICTIONS`, else all.
   */
  sampling?: SamplingOptions;
  /** ML events: paths to redact (`['input.email']`), `{ paths, hashKey, defaults }`, or `false`; the default key list applies unless turned off. */
  redact?: RedactOption;
}

/** Environment variables as read by {@link resolveConfig} (defaults to `process.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Everything {@link init} needs, validated. @internal */
export interface ResolvedConfig {
  disabled: boolean;
  serviceName: string | undefined;
  serviceVersion: string | undefined;
  serviceInstanceId: string | undefined;
  server: string | undefined;
  environment: string | undefined;
  resourceAttributes: Record<string, string | number | boolean>;
  levels: LevelSpec | undefined;
  severityText: SeverityTextMode;
  model: ModelContext | undefined;
  exporters: ExporterName[];
  protocol: OtlpProtocol;
  tracesProtocol: OtlpProtocol;
  logsUrl: string;
  tracesUrl: string;
  headers: Record<string, string> | undefined;
  batch: Required<BatchOptions>;
  flushTimeoutMillis: number;
  tracing: boolean;
  loggerProvider: LoggerProviderLike | undefined;
  ml: MlSettings;
  /** The options the app passed (not undefined), to tell it which have no effect on its own provider. */
  given: ReadonlySet<string>;
}

/** mlotel's batch defaults: 2048/32768 lost nothing in bursts where OTel's 512/2048 lost 8-75%; the queue bounds memory (~0.8 KB/record) when the collector is down. */
export const DEFAULT_BATCH: Readonly<Required<BatchOptions>> = Object.freeze({
  maxQueueSize: 32768,
  maxExportBatchSize: 2048,
  scheduledDelayMillis: 1000,
  exportTimeoutMillis: 10000,
});

const DEFAULT_FLUSH_TIMEOUT_MS = 5000;
const DEFAULT_OTLP_BASE = 'http://localhost:4318';

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  'serviceName', 'serviceVersion', 'serviceInstanceId', 'server', 'environment', 'resourceAttributes',
  'level', 'severityText', 'model', 'exporter', 'endpoint', 'protocol', 'headers', 'batch',
  'flushTimeoutMillis', 'tracing', 'loggerProvider', 'payload', 'sampling', 'redact',
]);

/**
 * Validates `init()` options against the environment and fills in defaults. Throws
 * {@link ConfigError} naming the option (or variable) and how to fix it.
 * @example resolveConfig({ protocol: 'http/json' }, process.env).logsUrl // 'http://localhost:4318/v1/logs'
 * @internal
 */
export function resolveConfig(options: InitOptions = {}, env: Env = process.env): ResolvedConfig {
  // A Proxy, a throwing getter or a revoked object among the options is a ConfigError too.
  return readSetupValue('init', 'pass plain values (strings, numbers, plain objects) as options.', () => resolveFrom(options, env));
}

function resolveFrom(options: InitOptions, env: Env): ResolvedConfig {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('init', `options must be an object, got ${typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new ConfigError(key, `unknown option; known options are ${[...KNOWN_OPTIONS].join(', ')}`);
    }
  }
  const protocol = protocolFrom(options.protocol, 'protocol') ??
    protocolFrom(env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL, 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL') ??
    protocolFrom(env.OTEL_EXPORTER_OTLP_PROTOCOL, 'OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
  const tracesProtocol = protocolFrom(options.protocol, 'protocol') ??
    protocolFrom(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ??
    protocolFrom(env.OTEL_EXPORTER_OTLP_PROTOCOL, 'OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
  const levelInput = options.level ?? nonEmpty(env.MLOTEL_LEVEL);
  return {
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    serviceName: optionalString(options.serviceName, 'serviceName') ?? nonEmpty(env.OTEL_SERVICE_NAME),
    serviceVersion: optionalString(options.serviceVersion, 'serviceVersion'),
    serviceInstanceId: optionalString(options.serviceInstanceId, 'serviceInstanceId'),
    server: optionalString(options.server, 'server'),
    environment: optionalString(options.environment, 'environment'),
    resourceAttributes: resourceAttributesFrom(options.resourceAttributes),
    levels: levelInput === undefined ? undefined : parseLevelSpec(levelInput, options.level !== undefined ? 'level' : 'MLOTEL_LEVEL'),
    severityText: severityTextFrom(options.severityText),
    model: modelFrom(options.model),
    exporters: exportersFrom(options.exporter, env),
    protocol,
    tracesProtocol,
    logsUrl: endpointFor('logs', options.endpoint, env),
    tracesUrl: endpointFor('traces', options.endpoint, env),
    headers: headersFrom(options.headers),
    batch: batchFrom(options.batch, env),
    flushTimeoutMillis: positiveInteger(options.flushTimeoutMillis, 'flushTimeoutMillis') ?? DEFAULT_FLUSH_TIMEOUT_MS,
    tracing: booleanFrom(options.tracing, 'tracing') ?? false,
    loggerProvider: providerFrom(options.loggerProvider),
    ml: resolveMlSettings(options.payload, options.sampling, options.redact, env.MLOTEL_SAMPLING_PREDICTIONS),
    given: new Set(Object.keys(options).filter((key) => (options as Record<string, unknown>)[key] !== undefined)),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function optionalString(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(option, `must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

function booleanFrom(value: unknown, option: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new ConfigError(option, `must be true or false, got ${describe(value)}`);
  return value;
}

function protocolFrom(value: unknown, option: string): OtlpProtocol | undefined {
  if (value === undefined || value === '') return undefined;
  const text = typeof value === 'string' ? value.trim() : value;
  if (text === 'http/protobuf' || text === 'http/json') return text;
  const hint = text === 'grpc' ? ' (gRPC is not supported: use http/protobuf against port 4318)' : '';
  throw new ConfigError(option, `unsupported OTLP protocol ${describe(value)}${hint}; use "http/protobuf" (default) or "http/json"`);
}

function severityTextFrom(value: unknown): SeverityTextMode {
  if (value === undefined || value === 'level' || value === 'otel') return value ?? 'level';
  throw new ConfigError('severityText', `must be "level" (WARNING, CRITICAL) or "otel" (WARN, FATAL), got ${describe(value)}`);
}

function modelFrom(value: unknown): ModelContext | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || typeof (value as ModelContext).name !== 'string' || (value as ModelContext).name === '') {
    throw new ConfigError('model', `must be an object with a non-empty string name, e.g. { name: 'iris', version: 'v1' }; got ${describe(value)}`);
  }
  const version = (value as ModelContext).version;
  if (version !== undefined && typeof version !== 'string') {
    throw new ConfigError('model', `version must be a string, got ${describe(version)}`);
  }
  return value as ModelContext;
}

function exportersFrom(value: unknown, env: Env): ExporterName[] {
  const option = value !== undefined ? 'exporter' : 'OTEL_LOGS_EXPORTER';
  const raw = value ?? nonEmpty(env.OTEL_LOGS_EXPORTER) ?? 'otlp';
  let parts: unknown[];
  if (typeof raw === 'string') parts = raw.split(',');
  else if (Array.isArray(raw)) parts = raw;
  else throw new ConfigError(option, `must be a string like "otlp,console" or an array, got ${describe(raw)}`);
  const names: ExporterName[] = [];
  for (const part of parts) {
    const name = typeof part === 'string' ? part.trim().toLowerCase() : part;
    if (name === '') continue;
    if (name !== 'otlp' && name !== 'console' && name !== 'none') {
      throw new ConfigError(option, `unknown exporter ${describe(part)}; use otlp, console or none (comma-separated for several)`);
    }
    if (!names.includes(name)) names.push(name);
  }
  if (names.length === 0) throw new ConfigError(option, 'no exporter given; use otlp, console or none');
  if (names.includes('none') && names.length > 1) {
    throw new ConfigError(option, `"none" cannot be combined with other exporters (got ${names.join(',')})`);
  }
  return names[0] === 'none' ? [] : names;
}

function endpointFor(signal: 'logs' | 'traces', endpoint: unknown, env: Env): string {
  const path = `/v1/${signal}`;
  if (endpoint !== undefined) return validUrl(joinPath(String(optionalString(endpoint, 'endpoint')), path), 'endpoint');
  const specificVar = signal === 'logs' ? 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT' : 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT';
  const specific = nonEmpty(env[specificVar]);
  if (specific !== undefined) return validUrl(specific, specificVar);
  const base = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (base !== undefined) return validUrl(joinPath(base, path), 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return DEFAULT_OTLP_BASE + path;
}

function joinPath(base: string, path: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith(path) ? trimmed : trimmed + path;
}

function validUrl(url: string, option: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(option, `${describe(url)} is not a URL; use e.g. http://127.0.0.1:4318`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(option, `${describe(url)} must be http:// or https:// (OTLP/HTTP)`);
  }
  return parsed.href;
}

function headersFrom(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('headers', `must be an object of header names to string values, got ${describe(value)}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new ConfigError('headers', `header ${describe(key)} must be a string, got ${describe(item)}`);
  }
  return value as Record<string, string>;
}

function resourceAttributesFrom(value: unknown): Record<string, string | number | boolean> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError('resourceAttributes', `must be an object of string/number/boolean values, got ${describe(value)}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      throw new ConfigError('resourceAttributes', `${describe(key)} must be a string, number or boolean, got ${describe(item)}`);
    }
  }
  return value as Record<string, string | number | boolean>;
}

function batchFrom(value: unknown, env: Env): Required<BatchOptions> {
  if (value !== undefined && (value === null || typeof value !== 'object')) {
    throw new ConfigError('batch', `must be an object like { maxQueueSize: 32768 }, got ${describe(value)}`);
  }
  const given = (value ?? {}) as BatchOptions;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(DEFAULT_BATCH, key)) throw new ConfigError(`batch.${key}`, `unknown batch option; known: ${Object.keys(DEFAULT_BATCH).join(', ')}`);
  }
  const pick = (key: keyof BatchOptions, variable: string): number =>
    positiveInteger(given[key], `batch.${key}`) ?? positiveInteger(envNumber(env, variable), variable) ?? DEFAULT_BATCH[key];
  const batch = {
    maxQueueSize: pick('maxQueueSize', 'OTEL_BLRP_MAX_QUEUE_SIZE'),
    maxExportBatchSize: pick('maxExportBatchSize', 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE'),
    scheduledDelayMillis: pick('scheduledDelayMillis', 'OTEL_BLRP_SCHEDULE_DELAY'),
    exportTimeoutMillis: pick('exportTimeoutMillis', 'OTEL_BLRP_EXPORT_TIMEOUT'),
  };
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    throw new ConfigError('batch.maxExportBatchSize', `${batch.maxExportBatchSize} is larger than maxQueueSize ${batch.maxQueueSize}; make it smaller or equal`);
  }
  return batch;
}

function envNumber(env: Env, variable: string): number | undefined {
  const text = nonEmpty(env[variable]);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text)) throw new ConfigError(variable, `must be a positive integer, got ${describe(text)}`);
  return value;
}

function positiveInteger(value: unknown, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(option, `must be a positive integer, got ${describe(value)}`);
  }
  return value;
}

function providerFrom(value: unknown): LoggerProviderLike | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || typeof (value as LoggerProviderLike).getLogger !== 'function') {
    throw new ConfigError('loggerProvider', `must be an OTel LoggerProvider (an object with getLogger()), got ${describe(value)}`);
  }
  return value as LoggerProviderLike;
}

