import { diag } from '@opentelemetry/api';
import type { LoggerProviderLike, OtelLogger } from '../otelLogs.js';
import type { SeverityTextMode } from '../severity.js';
import type { Stats } from '../stats.js';
import { DEFAULT_ML_SETTINGS, type MlSettings } from '../ml/mlSettings.js';
import type { QueueGate } from '../export/queueGate.js';
import { GlobalProviderLogger } from './globalLogs.js';
import { processState } from './processState.js';

/**
 * The counters behind `stats()`: the very object `stats()` copies.
 * @internal
 */
export type Counters = Stats;

/**
 * Process-wide state shared by `init()` and the loggers. `generation` changes whenever
 * `init()` or `shutdown()` changes where records go or what every record carries; loggers
 * compare it on their enabled path and refresh their caches when it moved.
 * @internal
 */
export interface Runtime {
  generation: number;
  /** The provider records go to; `undefined` means the global OTel LoggerProvider. */
  provider: LoggerProviderLike | undefined;
  /** OTEL_SDK_DISABLED=true: every logger is off. */
  disabled: boolean;
  severityTextMode: SeverityTextMode;
  /** `ml.model.*` attributes of `init({ model })`, put on records of loggers bound to no model. */
  defaultModelAttributes: Record<string, unknown> | undefined;
  /**
   * The identity `init()` was given (service, server, environment, resource attributes) as
   * record attributes, when records go to the app's provider, whose resource is not mlotel's.
   */
  identityAttributes: Record<string, unknown> | undefined;
  /** `init({ payload, sampling, redact })` resolved at setup; the defaults before init(). */
  ml: MlSettings;
  counters: Counters;
  /** mlotel's own batch queue, checked before a record is built; `undefined` with any other pipeline. */
  gate: QueueGate | undefined;
  /**
   * True with mlotel's own pipeline, which counts `emitted` as records enter it (from any
   * logger of the provider); false when the loggers count their own records.
   */
  pipelineCountsEmitted: boolean;
}

/** One per process, shared by every copy of mlotel loaded (ESM and CJS). @internal */
export const runtime: Runtime = processState('runtime', (): Runtime => ({
  generation: 0,
  provider: undefined,
  disabled: false,
  severityTextMode: 'level',
  defaultModelAttributes: undefined,
  identityAttributes: undefined,
  ml: DEFAULT_ML_SETTINGS,
  counters: newCounters(),
  gate: undefined,
  pipelineCountsEmitted: false,
}));

/** @internal */
export function newCounters(): Counters {
  return { emitted: 0, exported: 0, dropped: 0, failedExports: 0, sampledOut: 0, internalErrors: 0 };
}

/**
 * The OTel logger for a scope name: from the provider `init()` chose, else from whatever
 * global LoggerProvider is registered through either OTel API line at the time of each record.
 * @internal
 */
export function resolveOtelLogger(name: string): OtelLogger {
  return runtime.provider !== undefined ? runtime.provider.getLogger(name) : new GlobalProviderLogger(name);
}

/**
 * Whether a record may be built now: false when mlotel's batch queue is full, having counted
 * the record as emitted and dropped (as the processor would have), so the caller returns
 * without building it. True when there is no gate. Never throws.
 * @internal
 */
export function admitRecord(): boolean {
  const gate = runtime.gate;
  if (gate === undefined || gate.admit()) return true;
  runtime.counters.emitted++;
  runtime.counters.dropped++;
  return false;
}

const reportedKinds = processState('reportedErrorKinds', () => new Set<string>());

/**
 * Counts an internal error and tells the OTel diag logger about the first one of each kind.
 * Never throws; the application never sees these.
 * @internal
 */
export function reportInternalError(kind: string, error: unknown): void {
  runtime.counters.internalErrors++;
  if (reportedKinds.has(kind)) return;
  reportedKinds.add(kind);
  try {
    diag.warn(`mlotel: ${kind} failed (reported once per kind): ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  } catch {
    // diag itself is user-configurable; a broken diag logger must not reach the app either.
  }
}
